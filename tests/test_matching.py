"""Strong and partial matches: the rule on small cases, on a real tantivy index and as query shapes.

A strong match holds at least 80% of the query's distinct words (accented ones as typed,
unaccented ones accent-insensitively) and, from three words on, two of them side by side as
typed; quoted phrases as written. Totals, date-sorted pages and facets describe strong matches;
relevance order lists partial ones too, labelled.
"""

from __future__ import annotations

import math

import pytest

from indexer.models import Filters, SearchRequest, SearchResult, Sort
from indexer.query.tree import Bool, Phrase, Term
from indexer.query.analysed import analyse_query
from indexer.query.ranking import STRONG_SHARE, match_queries
from indexer.search.service import SearchService

REFORM = "doi moi phuong thuc lanh dao"  # six distinct syllables: five must be there, two side by side


@pytest.fixture()
def archive(make_service) -> SearchService:
    return make_service([
        {"id": "all", "title": "Đổi mới phương thức lãnh đạo", "text": "Bài viết về đổi mới phương thức lãnh đạo của Đảng.",
         "published": "2021-01-01", "source": "a"},
        {"id": "five", "title": "Đổi mới phương thức chỉ đạo", "text": "Đổi mới phương thức chỉ đạo sản xuất.",
         "published": "2022-01-01", "source": "b"},
        # Every word, none beside another as typed: commas end the runs bigrams are taken from.
        {"id": "scattered", "title": "Ghi chép", "text": "Thức khuya, đạo lý, lãnh thổ, phương án, mới, đổi.",
         "published": "2023-01-01", "source": "c"},
        {"id": "four", "title": "Quản lý", "text": "Đổi mới phương thức quản lý doanh nghiệp.",
         "published": "2024-01-01", "source": "c"},
        {"id": "unrelated", "title": "Thời tiết", "text": "Trời mưa to ở miền Bắc.", "published": "2025-01-01"},
        {"id": "dời", "title": "Dời mới kho", "text": "Chuyện dời mới kho hàng.", "published": "2020-01-01"},
        {"id": "drunk", "title": "Điều tra vụ án", "text": "Một thanh niên bị đâm tử vong sau cuộc nhậu, bị nhiều men "
         "rượu ma quái làm mờ mắt, công an điều tra.", "published": "2019-01-01"},
    ])


def search(service: SearchService, text: str, sort: Sort = Sort.RELEVANCE) -> SearchResult:
    return service.search(SearchRequest(text=text, sort=sort, size=20))


def labels(result: SearchResult) -> dict[str, bool]:
    return {h.article.id: h.partial for h in result.hits}


def test_strong_needs_most_words_and_two_side_by_side(archive: SearchService) -> None:
    by_relevance = search(archive, REFORM)
    assert (by_relevance.total, by_relevance.partial_total, by_relevance.relaxed) == (2, 2, False)
    assert labels(by_relevance) == {"all": False, "five": False, "scattered": True, "four": True}
    assert [h.article.id for h in by_relevance.hits][:2] == ["all", "five"]  # strong ones rank first here


def test_date_order_and_facets_describe_strong_matches_only(archive: SearchService) -> None:
    newest = search(archive, REFORM, Sort.NEWEST)
    assert [h.article.id for h in newest.hits] == ["five", "all"]
    assert (newest.total, newest.partial_total) == (2, 2)
    assert {v.value: v.count for v in newest.facets["source"]} == {"a": 1, "b": 1}
    assert {v.value: v.count for v in search(archive, REFORM).facets["source"]} == {"a": 1, "b": 1}


def test_accented_words_match_strongly_only_as_typed(archive: SearchService) -> None:
    accented = search(archive, "đổi mới")
    assert not labels(accented)["all"] and labels(accented)["dời"]
    assert not labels(search(archive, "doi moi"))["dời"]  # without accents both spellings are strong


def test_quoted_phrase_narrows_strong_matches_but_hides_nothing(archive: SearchService) -> None:
    quoted = search(archive, '"phương thức lãnh đạo"')
    assert labels(quoted) == {"all": False, "five": True, "scattered": True}
    # A pasted headline whose quoted words the article has apart: found, as a partial match.
    pasted = search(archive, "Điều tra vụ một thanh niên bị nhiều “ma men” đâm tử vong")
    assert pasted.relaxed and pasted.hits[0].article.id == "drunk" and pasted.hits[0].partial
    assert pasted.total == len(pasted.hits)


def test_no_match_at_all_is_not_relaxed(archive: SearchService) -> None:
    nothing = search(archive, '"xyzzy plugh"')
    assert (nothing.total, nothing.partial_total, nothing.relaxed, nothing.hits) == (0, 0, False, ())


def test_result_json_says_strong_and_partial_apart(archive: SearchService) -> None:
    out = search(archive, REFORM).to_json()
    assert (out["total"], out["partial_total"], out["relaxed"]) == (2, 2, False)
    assert {h["id"]: h["partial"] for h in out["hits"]}["scattered"] is True


# --- query shapes, no index -------------------------------------------------------------------


def test_strong_rule_shape_for_an_accent_free_query() -> None:
    queries = match_queries(analyse_query(REFORM))
    assert queries.strong is not None
    coverage, adjacency = queries.strong.filter
    assert isinstance(coverage, Bool) and coverage.minimum_should_match == math.ceil(STRONG_SHARE * 6) == 5
    assert {n.field for n in coverage.should} == {"body_fold"}  # type: ignore[union-attr]
    assert isinstance(adjacency, Bool) and adjacency.minimum_should_match == 1
    assert {(n.field, n.value) for n in adjacency.should} >= {("body_fbi", "doi_moi"), ("body_fbi", "lanh_dao")}  # type: ignore[union-attr]


def test_short_queries_need_every_word_and_no_pair() -> None:
    (coverage,) = match_queries(analyse_query("ha noi")).strong.filter  # type: ignore[union-attr]
    assert coverage.minimum_should_match == 2  # type: ignore[union-attr]


def test_quoted_phrase_is_a_boost_when_ranking_and_a_rule_for_strong_matches() -> None:
    queries = match_queries(analyse_query('"phương thức lãnh đạo"'))
    assert Phrase("body_syl", ("phương", "thức", "lãnh", "đạo")) in queries.strong.filter  # type: ignore[union-attr]
    ranked = queries.ranked
    assert isinstance(ranked, Bool) and len(ranked.must) == 1  # the words, not the phrase, are required
    assert Term("body_syl", "phương", 1.0) in _leaves(ranked.must[0])


def _leaves(node) -> list:
    if isinstance(node, Bool):
        return [leaf for child in node.must + node.should for leaf in _leaves(child)]
    return [node]


def test_relevance_pages_go_through_partial_matches_too(archive: SearchService) -> None:
    pages = [archive.search(SearchRequest(text=REFORM, size=1, page=n)) for n in (1, 2, 3, 4, 5)]
    assert [p.listed for p in pages] == [4] * 5
    listed = [(h.article.id, h.partial) for p in pages for h in p.hits]
    assert listed[:2] == [("all", False), ("five", False)]
    assert sorted(listed[2:]) == [("four", True), ("scattered", True)]
    assert pages[4].hits == ()
    assert search(archive, REFORM, Sort.NEWEST).listed == 2  # date order: strong matches only


def test_a_relaxed_query_lists_partial_matches_by_date_too(archive: SearchService) -> None:
    newest = search(archive, '"lãnh đạo phương thức"', Sort.NEWEST)
    assert newest.relaxed and newest.total == newest.listed == len(newest.hits) >= 2
    dates = [h.article.published for h in newest.hits]
    assert all(h.partial for h in newest.hits) and dates == sorted(dates, reverse=True)


def test_filters_that_exclude_every_strong_match_do_not_relax_the_query(archive: SearchService) -> None:
    only_c = Filters(sources=("c",))  # holds "scattered" and "four": partial matches only
    by_relevance = archive.search(SearchRequest(text=REFORM, filters=only_c, size=20))
    assert (by_relevance.total, by_relevance.partial_total, by_relevance.relaxed) == (0, 2, False)
    assert labels(by_relevance) == {"scattered": True, "four": True}
    # The source facet still counts strong matches, as without the filter (it is disjunctive).
    assert {v.value: v.count for v in by_relevance.facets["source"]} == {"a": 1, "b": 1, "c": 0}
    newest = archive.search(SearchRequest(text=REFORM, filters=only_c, sort=Sort.NEWEST, size=20))
    assert (newest.total, newest.partial_total, newest.listed, newest.hits) == (0, 2, 0, ())
    assert archive.count(SearchRequest(text=REFORM, filters=only_c)) == 0
    assert archive.count(SearchRequest(text=REFORM)) == 2
    assert archive.count(SearchRequest(text='"lãnh đạo phương thức"')) == search(archive, '"lãnh đạo phương thức"').total
