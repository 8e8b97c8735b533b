"""One contract for both engines: the same archive, the same questions, the same answers.

The embedded engine (tantivy) and Elasticsearch receive the same analysed token streams
(the analysis is done in Python), so they must agree on what matches, on every filter and
facet count, on sort orders, snippets, suggestions, fetching, deleting and switching the
live index; rankings must agree at the top (the scorers differ in detail, see
docs/elasticsearch.md).

Everything here runs on both engines; what only one engine does lives in test_search.py
(tantivy and the search service) and test_elasticsearch.py. The Elasticsearch side runs
against a real OpenSearch 2.19 node started for the session (tests/es_server.py,
tests/opensearch_node.py), osmem-server with VNSEARCH_TEST_SERVER=osmem, or the cluster
named by ELASTICSEARCH_URL when that is set. Without ../shared the archive lacks the VNTC
articles: the comparisons that need them skip, saying so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.documents import build_document
from indexer.ingest import IngestOptions, reindex
from indexer.ingest.sources import Skipped, read_sources
from indexer.models import Filters, SearchRequest, Sort
from indexer.query.tree import Bool, DateRange, MatchAll, Term
from indexer.schema import copy_group_of
from indexer.search.engine import BackendError
from indexer.search.plan import FacetSpec, SearchPlan
from indexer.search.service import SearchService

from .conftest import (ENGINES, SEED_000, SEED_001, SEED_002, SEED_003, SEED_004, SEEDS, STORY, both_engines,
                       ingest, needs_vntc, quiet_progress, shared_absent, vntc_sample, write_jsonl)

# Hand-made records with given speakers, localities and dates (facets, filters, sorting).
ARCHIVE: list[dict[str, Any]] = [
    {"id": "hcm", "text": "Hội nghị tại Thành phố Hồ Chí Minh\nLãnh đạo Thành phố Hồ Chí Minh họp bàn.",
     "published": "2022-01-18", "locality": {"province": "Thành phố Hồ Chí Minh", "district": "Quận 12"},
     "speakers": [{"name": "Trần Văn Út", "role": "Phó Bí thư"}], "source": "thanhuytphcm.vn", "category": "Xây dựng Đảng"},
    {"id": "exact", "text": "Đổi mới kinh tế\nBài viết về đổi mới kinh tế địa phương.",
     "published": "2021-11-29", "locality": "Đồng Tháp", "speakers": ["Lê Quốc Phong"], "source": "dongthap.gov.vn"},
    {"id": "folded", "text": "Dời mới kho\nChuyện dời mới kho hàng.", "published": "2020-08-07",
     "speakers": ["Lê Quốc Phong", "Trần Văn Út"], "source": "dongthap.gov.vn"},
    {"id": "hdnd", "text": "Kỳ họp HĐND tỉnh\nHĐND tỉnh khai mạc kỳ họp thứ 3.", "published": "2022-06-01",
     "locality": {"province": "Đồng Tháp", "district": "Thành phố Sa Đéc"}, "source": "dongthap.gov.vn",
     "category": "Chính quyền"},
    {"id": "nodate", "text": "Tin không ngày\nTin tức không có ngày đăng về kinh tế."},
    {"id": "xss", "text": "Tiêu đề <script>alert(1)</script>\nNội dung <img src=x onerror=alert(1)> kinh tế.",
     "published": "2019-03-02"},
    {"id": "tphcm-econ", "text": "TP.HCM thu hút đầu tư\nKinh tế TP.HCM tăng trưởng, Thành phố Hồ Chí Minh thu hút "
     "vốn đầu tư nước ngoài.", "published": "2023-05-10", "locality": "Thành phố Hồ Chí Minh",
     "speakers": ["Phan Văn Mãi"], "source": "thanhuytphcm.vn", "category": "Kinh tế"},
    # Statements are extracted: Nguyễn Thiện Nhân reports and is quoted, Trần Thị Hoa reports;
    # "đầu tư" is in the article and in Nhân's words, never in Hoa's.
    {"id": "said", "text": "Giáo dục là quốc sách\nÔng Nguyễn Thiện Nhân cho biết giáo dục phải được đổi mới toàn "
     "diện trong năm tới.\n“Chúng tôi sẽ tăng đầu tư cho giáo dục ở vùng sâu, vùng xa”, ông Nhân nói.\nBà Trần Thị "
     "Hoa, hiệu trưởng một trường ở Hà Giang, cho biết trường còn thiếu giáo viên dạy môn giáo dục công dân.\n"
     "Nhiều phụ huynh mong ngân sách đầu tư cho trường sẽ tăng.", "published": "2008-09-05"},
]


# Malformed syntax and the plain reading it must fall back to.
MALFORMED_EQUIVALENTS = [
    ('"đổi mới', "đổi mới"),  # unclosed quote: plain words
    ("đổi -", "đổi"),  # a lone minus is dropped
    ("-", ""),  # nothing searchable: everything
    ("((", ""),
    ('"', ""),
    ("kinh tế OR", "kinh tế or"),  # a dangling OR is a word
]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    base = tmp_path_factory.mktemp("corpus")
    paths = [SEEDS, write_jsonl(base / "archive.jsonl", ARCHIVE)]
    if shared_absent("corpus", "vntc.jsonl.gz") is None:
        paths.append(write_jsonl(base / "vntc.jsonl", vntc_sample()))
    return paths


@pytest.fixture(scope="module")
def engines(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            corpus_paths: list[Path]) -> Iterator[dict[str, SearchService]]:
    """The same archive in both engines."""
    yield from both_engines(request, tmp_path_factory, corpus_paths)


@pytest.fixture(params=ENGINES)
def service(request: pytest.FixtureRequest, engines: dict[str, SearchService]) -> SearchService:
    return engines[request.param]


def search(service: SearchService, text: str = "", **kwargs: Any):
    return service.search(SearchRequest(text=text, size=kwargs.pop("size", 10), **kwargs))


def ids(service: SearchService, text: str = "", **kwargs: Any) -> list[str]:
    return [h.article.id for h in search(service, text, **kwargs).hits]


def facet_counts(result) -> dict[str, dict[str, tuple[int, bool]]]:
    return {name: {v.value: (v.count, v.selected) for v in values} for name, values in result.facets.items()}


# --- the same top hits ------------------------------------------------------------------------

# (query, the article both engines must rank first, or None when only the tops are compared loosely)
RANKED_QUERIES: list[tuple[str, str | None]] = [
    ("doi moi phuong thuc lanh dao", None),
    ("đổi mới phương thức lãnh đạo", None),
    ("nghi quyet trung uong 5 khoa X", None),
    ('"Nghị quyết Trung ương 5"', None),
    ("Đảng ủy Khối Dân Chính Đảng", SEED_001),
    ("xay dung dang bo he thong chinh tri vung manh", SEED_003),
    ("Ngô Văn Luận", SEED_003),
    ("ngo van luan", SEED_003),
    ("TP.HCM thu hút đầu tư", "tphcm-econ"),
    ("tphcm dau tu", "tphcm-econ"),
    ("hdnd tinh khai mac ky hop", "hdnd"),
    ("Hội đồng nhân dân tỉnh", "hdnd"),
    ("kinh tế -đổi", None),
    ("hội nghị OR kỳ họp", None),
    ("đội tuyển bóng đá", None),
    ("máy bay hành khách", None),
    ("giá vàng tăng", None),
    ("bệnh viện bác sĩ", None),
]


@pytest.mark.parametrize(("text", "first"), RANKED_QUERIES, ids=[q for q, _ in RANKED_QUERIES])
def test_same_top_hits(engines: dict[str, SearchService], text: str, first: str | None) -> None:
    needs_vntc("the ranking comparison needs the VNTC articles")
    tv, es = (ids(engines[e], text, size=10) for e in ENGINES)
    assert tv and es, (tv, es)
    if first is not None:
        assert tv[0] == first and es[0] == first, (tv[:3], es[:3])
    # Half of the top 10 shared, and each engine's first among the other's top 10. Generic
    # queries (no article clearly first) are many near ties on osmem-server, whose scorer is
    # tf-idf with a 1/sqrt(length) norm, not BM25 (docs/elasticsearch.md): its top 3 among
    # them follows article length more than tantivy's does.
    assert tv[0] in es[:10] and es[0] in tv[:10], (tv[:10], es[:10])
    assert len(set(tv[:10]) & set(es[:10])) >= min(len(tv), len(es), 10) / 2, (tv, es)


def test_same_totals_for_every_query(engines: dict[str, SearchService]) -> None:
    for text, _ in RANKED_QUERIES + [("", None), ("kinh te", None), ('"kinh tế địa phương"', None)]:
        totals = {e: search(engines[e], text, with_facets=False).total for e in ENGINES}
        assert totals["tantivy"] == totals["elasticsearch"], (text, totals)


STRONG_AND_PARTIAL_QUERIES = [
    "doi moi phuong thuc lanh dao", "đổi mới phương thức lãnh đạo", "kinh tế địa phương tăng trưởng",
    '"kinh tế địa phương"', '"xây dựng Đảng" trong sạch vững mạnh', "Điều tra vụ “ma men” đâm tử vong",
    '"tăng trưởng kinh tế" -đầu', "tphcm thu hut von dau tu",
]
# Queries that find nothing in the seeds and the hand-made archive: only the VNTC articles hold them.
ONLY_IN_VNTC = {'"tăng trưởng kinh tế" -đầu'}


@pytest.mark.parametrize("text", STRONG_AND_PARTIAL_QUERIES)
def test_same_strong_and_partial_matches(engines: dict[str, SearchService], text: str) -> None:
    """Both engines draw the line between strong and partial matches in the same place."""
    if text in ONLY_IN_VNTC:
        needs_vntc(f"only the VNTC articles match {text!r}")
    for sort in (Sort.RELEVANCE, Sort.NEWEST):
        results = {e: search(engines[e], text, sort=sort, size=100) for e in ENGINES}
        said = {e: (r.total, r.partial_total, r.relaxed) for e, r in results.items()}
        assert said["tantivy"] == said["elasticsearch"], (text, sort, said)
        # The scorers differ in detail and undated articles tie on dates, so the lists may differ
        # in their tail: compare the labels of the articles both listed.
        labels = {e: {h.article.id: h.partial for h in r.hits} for e, r in results.items()}
        both = labels["tantivy"].keys() & labels["elasticsearch"].keys()
        assert both, (text, sort)
        assert {i: labels["tantivy"][i] for i in both} == {i: labels["elasticsearch"][i] for i in both}, (text, sort)
        assert facet_counts(results["tantivy"]) == facet_counts(results["elasticsearch"]), (text, sort)
    assert said["tantivy"][0] + said["tantivy"][1] > 0, text  # every query here finds something


def test_the_reform_articles_come_first_without_diacritics(service: SearchService) -> None:
    assert set(ids(service, "doi moi phuong thuc lanh dao")[:2]) == {SEED_000, SEED_002}
    assert set(ids(service, "đổi mới phương thức lãnh đạo")[:2]) == {SEED_000, SEED_002}


# --- filters, facets, sorting -----------------------------------------------------------------

FACET_REQUESTS: list[dict[str, Any]] = [
    {},
    {"text": "kinh tế"},
    {"text": "hoi nghi"},
    {"filters": Filters(speakers=("Trần Văn Út",))},
    {"filters": Filters(speakers=("Trần Văn Út", "Lê Quốc Phong"))},
    {"filters": Filters(provinces=("Đồng Tháp",))},
    {"filters": Filters(sources=("dongthap.gov.vn",), speakers=("Lê Quốc Phong",))},
    {"filters": Filters(categories=("Kinh tế", "The thao"))},
    {"filters": Filters(periods=("2022",))},
    {"filters": Filters(periods=("2022-06", "2021"))},
    {"filters": Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2022, 12, 31))},
    {"filters": Filters(date_to=dt.date(2020, 12, 31))},
    {"text": "đảng", "filters": Filters(districts=("Quận 12",), sources=("thanhuytphcm.vn", "tuoitre"))},
]


@pytest.mark.parametrize("params", FACET_REQUESTS, ids=[str(i) for i in range(len(FACET_REQUESTS))])
def test_same_totals_and_facet_counts(engines: dict[str, SearchService], params: dict[str, Any]) -> None:
    results = {e: search(engines[e], size=5, **params) for e in ENGINES}
    tv, es = results["tantivy"], results["elasticsearch"]
    assert tv.total == es.total
    assert facet_counts(tv) == facet_counts(es)
    assert tv.timeline == es.timeline and tv.timeline is not None
    if params.get("filters") and not params.get("text"):
        # Browsing: newest first (undated articles tie, in no particular order).
        dated = {e: [h.article.id for h in results[e].hits if h.article.published] for e in ENGINES}
        assert dated["tantivy"] == dated["elasticsearch"]


def test_filters_narrow_and_facets_count(service: SearchService) -> None:
    assert ids(service, "", filters=Filters(provinces=("Đồng Tháp",))) == ["hdnd", SEED_002, "exact"]
    assert ids(service, "", filters=Filters(districts=("Quận 12",))) == [SEED_000, "hcm", SEED_004]
    assert sorted(ids(service, "", filters=Filters(speakers=("Trần Văn Út",)))) == sorted(["folded", "hcm", SEED_000])
    assert ids(service, "", filters=Filters(periods=("2022-06",))) == ["hdnd"]
    in_2021 = ids(service, "kinh tế", filters=Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31)))
    assert sorted(in_2021) == sorted(["exact", SEED_001])
    speakers = facet_counts(search(service, "", filters=Filters(speakers=("Trần Văn Út",))))["speaker"]
    # Disjunctive: the other speakers keep the counts they have without the speaker filter.
    unfiltered = facet_counts(search(service, ""))["speaker"]
    assert speakers["Lê Quốc Phong"] == (unfiltered["Lê Quốc Phong"][0], False)
    assert speakers["Trần Văn Út"][1] is True
    provinces = facet_counts(search(service, "", filters=Filters(speakers=("Trần Văn Út",))))["province"]
    assert provinces == {"Thành phố Hồ Chí Minh": (2, False)}  # narrowed by the speaker filter


def test_a_chosen_value_keeps_its_true_count_wherever_it_ranks(service: SearchService) -> None:
    every = search(service, "", facet_size=200).facets["speaker"]
    low = every[len(every) - 1]  # far outside a top of 1
    assert len(every) > 3 and low.count >= 1
    shown = search(service, "", facet_size=1, filters=Filters(speakers=(low.value,))).facets["speaker"]
    assert [(v.value, v.count, v.selected) for v in shown][-1] == (low.value, low.count, True)
    assert len(shown) == 2 and shown.more


def test_two_provinces_at_once(service: SearchService) -> None:
    one = set(ids(service, "", size=100, filters=Filters(provinces=("Đồng Tháp",))))
    other = set(ids(service, "", size=100, filters=Filters(provinces=("Thành phố Hồ Chí Minh",))))
    both = search(service, "", size=100, filters=Filters(provinces=("Đồng Tháp", "Thành phố Hồ Chí Minh")))
    assert {h.article.id for h in both.hits} == one | other and one and other
    # Disjunctive: each chosen province keeps its own count, the others theirs.
    provinces = facet_counts(both)["province"]
    assert provinces["Đồng Tháp"] == (len(one), True)
    assert provinces["Thành phố Hồ Chí Minh"] == (len(other), True)
    alone = facet_counts(search(service, ""))["province"]
    assert {k: c for k, (c, _) in provinces.items()} == {k: c for k, (c, _) in alone.items() if k in provinces}


def test_the_timeline_years_and_undated_agree(service: SearchService) -> None:
    for filters in (Filters(), Filters(sources=("dongthap.gov.vn",)), Filters(periods=("2022",))):
        result = search(service, "", filters=filters)
        timeline, years = result.timeline, result.facets["date"]
        assert timeline is not None and years.missing == timeline.undated
        by_year: dict[str, int] = {}
        for bar in timeline.bars:
            by_year[bar.period[:4]] = by_year.get(bar.period[:4], 0) + bar.count
        assert {v.value: v.count for v in years if len(v.value) == 4} == {y: c for y, c in by_year.items() if c}
        unfiltered = search(service, "", filters=replace(filters, periods=()))
        # Counted without the date filter: bars and the undated add up to the search without it.
        assert sum(b.count for b in timeline.bars) + timeline.undated == unfiltered.total
    chosen = search(service, "", filters=Filters(periods=("2022",))).timeline
    assert chosen is not None and {b.period[:4] for b in chosen.bars if b.selected} == {"2022"}


def test_facet_values_look_through_every_value(service: SearchService) -> None:
    request = SearchRequest(facet_size=1)
    assert "Trần Văn Út" not in [v.value for v in search(service, "", facet_size=1).facets["speaker"]]
    for typed in ("tran van ut", "Trần Văn Út", "van u", "TRAN VAN"):
        found = service.facet_values(request, "speaker", typed)
        assert ("Trần Văn Út", 3) in [(v.value, v.count) for v in found], typed
    assert [v.value for v in service.facet_values(request, "speaker", "tran van ut ")] == ["Trần Văn Út"]
    assert service.facet_values(request, "speaker", "Trân Văn Út").values == ()  # accents typed are kept
    in_dong_thap = Filters(provinces=("Đồng Tháp",))
    narrowed = service.facet_values(SearchRequest(filters=in_dong_thap), "speaker", "phong")
    both = search(service, "", filters=replace(in_dong_thap, speakers=("Lê Quốc Phong",))).total
    assert [(v.value, v.count) for v in narrowed] == [("Lê Quốc Phong", both)] and both < 3
    with pytest.raises(ValueError):
        service.facet_values(request, "date", "2022")


def test_proximity_title_and_province_operators(engines: dict[str, SearchService]) -> None:
    # "giáo dục phải được đổi mới": two words between "dục" and "đổi".
    cases = {
        '"giáo dục đổi mới"~2': ("said", True),
        '"giao duc doi moi"~2': ("said", True),  # accent-free, the same
        '"giáo dục" NEAR/2 "đổi mới"': ("said", True),
        '"giáo dục đổi mới"~1': ("said", False),  # not near enough: no strong match
        # Each word within the slop of the next, however common each word is (tantivy alone
        # reorders a sloppy phrase's terms by frequency; pair by pair both engines agree).
        '"giáo dục đổi mới toàn diện năm"~2': ("said", True),
        '"giao duc doi moi toan dien"~1': ("said", False),
        'title:"đổi mới kinh tế"': ("exact", True),
        'title:"doi moi" kinh': ("exact", True),
    }
    for text, (doc, strong) in cases.items():
        results = {e: search(engines[e], text, size=50) for e in ENGINES}
        tv, es = results["tantivy"], results["elasticsearch"]
        assert (tv.total, tv.relaxed) == (es.total, es.relaxed), text
        # The same strong matches (scores of partial ones differ a little between engines).
        found = {e: {h.article.id for h in r.hits if not h.partial and not r.relaxed} for e, r in results.items()}
        assert found["tantivy"] == found["elasticsearch"], text
        assert (doc in found["tantivy"]) == strong, (text, found)
    # title: is required in the title, with its accents when typed with them: "Dời mới kho" is
    # not "Đổi mới", though both fold to "doi moi".
    titled = {h.article.id for h in search(engines["tantivy"], 'title:"đổi mới"', size=50).hits}
    assert "exact" in titled and "folded" not in titled
    folded = {h.article.id for h in search(engines["tantivy"], 'title:"doi moi"', size=50).hits}
    assert {"exact", "folded"} <= folded
    # province: is the province filter, by the name's words, accent-insensitively.
    for engine in ENGINES:
        typed = search(engines[engine], 'province:"dong thap" kinh tế', size=50)
        faceted = search(engines[engine], "kinh tế", size=50, filters=Filters(provinces=("Đồng Tháp",)))
        assert [h.article.id for h in typed.hits] == [h.article.id for h in faceted.hits] and typed.total >= 1
        assert search(engines[engine], "province:atlantis kinh tế").total == 0
        # The ranked-ids path (relevance runs, `vnsearch run`) filters the same way.
        ranked = [i for i, _ in engines[engine].ids('province:"dong thap" kinh tế', 50)]
        assert ranked and all(engines[engine].article(i).locality.province == "Đồng Tháp" for i in ranked)
        # A field value with nothing searchable finds nothing, like any such query.
        assert search(engines[engine], "title:😀").total == 0


def test_speaker_profiles_agree(engines: dict[str, SearchService]) -> None:
    from indexer.search.people import speaker_profile

    profiles = {e: speaker_profile(engines[e], "Trần Văn Út") for e in ENGINES}
    assert profiles["tantivy"] == profiles["elasticsearch"] and profiles["tantivy"] is not None
    out = profiles["tantivy"]
    assert out.articles == 3 and ("Lê Quốc Phong", 1) in out.companions
    assert "Thành phố Hồ Chí Minh" in dict(out.places)
    assert "Phó Bí thư" in {r.title for r in out.roles} and out.roles[0].last is not None
    assert speaker_profile(engines["tantivy"], "Không Ai Cả") is None


def test_sort_newest_oldest_undated_last(engines: dict[str, SearchService]) -> None:
    orders = {}
    for engine, service in engines.items():
        # The whole archive (about 315 articles): the undated ones tie, in an order neither
        # engine fixes, so a shorter page may or may not reach "nodate".
        newest = ids(service, "", sort=Sort.NEWEST, size=1000)
        oldest = ids(service, "", sort=Sort.OLDEST, size=1000)
        dated = {h.article.id for h in search(service, "", size=1000, with_facets=False).hits if h.article.published}
        assert newest[: len(dated)] == list(reversed(oldest[: len(dated)])) or len(dated) == 0
        assert set(newest[: len(dated)]) == dated and set(oldest[: len(dated)]) == dated
        assert "nodate" in newest[len(dated):] and "nodate" in oldest[len(dated):]
        orders[engine] = (newest[: len(dated)], oldest[: len(dated)])
    assert orders["tantivy"] == orders["elasticsearch"]
    newest = orders["tantivy"][0]
    assert newest[:4] == ["tphcm-econ", "hdnd", SEED_000, "hcm"]
    matching = {e: ids(engines[e], "kinh tế", sort=Sort.NEWEST, size=300) for e in ENGINES}
    assert set(matching["tantivy"]) == set(matching["elasticsearch"])
    dated = [i for i in matching["tantivy"] if engines["tantivy"].article(i).published]
    assert dated[0] == "tphcm-econ" and matching["elasticsearch"][: len(dated)] == dated


def test_pagination_is_the_same(engines: dict[str, SearchService]) -> None:
    pages = {e: [ids(engines[e], "", size=3, page=p, filters=Filters(sources=("dongthap.gov.vn", "thanhuytphcm.vn")))
                 for p in (1, 2, 3)] for e in ENGINES}
    assert pages["tantivy"] == pages["elasticsearch"]
    flat = [i for page in pages["tantivy"] for i in page]
    assert len(flat) == len(set(flat)) > 3


# --- snippets, suggestions, related, get ----------------------------------------------------


@pytest.mark.parametrize("text", ["doi moi phuong thuc", "Ngô Văn Luận", "kinh tế nội dung", "TP.HCM"])
def test_snippets_are_identical(engines: dict[str, SearchService], text: str) -> None:
    snippets = {e: {h.article.id: h.snippet for h in search(engines[e], text, size=10).hits} for e in ENGINES}
    common = set(snippets["tantivy"]) & set(snippets["elasticsearch"])
    assert common
    for doc_id in common:
        assert snippets["tantivy"][doc_id] == snippets["elasticsearch"][doc_id]
        assert "<mark>" in snippets["tantivy"][doc_id]


def test_snippets_escape_html(service: SearchService) -> None:
    hit = search(service, "kinh tế nội dung").hits[0]
    assert hit.article.id == "xss" and "<img" not in hit.snippet and "&lt;img" in hit.snippet


@pytest.mark.parametrize("prefix", ["doi mo", "tran van", "dong th", "hoi ngh", "Quận 1", "ky hop hd"])
def test_same_suggestions(engines: dict[str, SearchService], prefix: str) -> None:
    found = {e: engines[e].suggest(prefix) for e in ENGINES}
    non_titles = {e: [(s.kind, s.text) for s in found[e] if s.kind != "title"] for e in ENGINES}
    assert non_titles["tantivy"] == non_titles["elasticsearch"]
    titles = {e: {(s.id, s.text) for s in found[e] if s.kind == "title"} for e in ENGINES}
    assert len(titles["tantivy"]) == len(titles["elasticsearch"])
    if len(titles["tantivy"]) < 8:  # all matching titles: the same ones
        assert titles["tantivy"] == titles["elasticsearch"]
    else:  # more than fit: ranked by each engine's scores, mostly the same
        assert len(titles["tantivy"] & titles["elasticsearch"]) >= 4


def test_suggestions_titles_speakers_localities(service: SearchService) -> None:
    titles = {(s.id, s.text) for s in service.suggest("doi mo") if s.kind == "title"}
    assert {("exact", "Đổi mới kinh tế"), ("folded", "Dời mới kho")} <= titles
    assert "Trần Văn Út" in [s.text for s in service.suggest("tran van") if s.kind == "speaker"]
    assert ("province", "Đồng Tháp") in {(s.kind, s.text) for s in service.suggest("dong th")}
    assert service.suggest("  ,, ") == []


def test_related_articles(engines: dict[str, SearchService]) -> None:
    # Seeds 000 and 002 both report on reviewing Resolution 5 (10th term) on the Party's leadership.
    related = {e: [a.id for a in engines[e].related(SEED_000, 4)] for e in ENGINES}
    for found in related.values():
        assert found[0] == SEED_002 and SEED_000 not in found
    for service in engines.values():
        assert service.related("missing-id") == []


def test_related_articles_across_the_archive(engines: dict[str, SearchService]) -> None:
    # More-like-this keeps terms found in two articles or more: in the small archive alone, the
    # hand-made "hdnd" shares none (both engines find nothing related).
    needs_vntc("related articles of the hand-made records need the VNTC articles around them")
    for doc_id in ("hdnd", "tphcm-econ", SEED_003):
        found = {e: [a.id for a in engines[e].related(doc_id, 5)] for e in ENGINES}
        assert found["tantivy"] and found["elasticsearch"]
        assert doc_id not in found["tantivy"] and doc_id not in found["elasticsearch"]
        assert found["tantivy"][:1] == found["elasticsearch"][:1] or set(found["tantivy"]) & set(found["elasticsearch"])


def test_get_returns_the_same_stored_article(engines: dict[str, SearchService]) -> None:
    sample = [SEED_000, "hcm", "nodate", "xss"] + ids(engines["tantivy"], "kinh doanh", size=5)
    for doc_id in sample:
        stored = {e: engines[e].backend.get(doc_id) for e in ENGINES}
        assert stored["tantivy"] is not None and stored["tantivy"] == stored["elasticsearch"]
        assert engines["tantivy"].article(doc_id) == engines["elasticsearch"].article(doc_id)
    for service in engines.values():
        assert service.backend.get("missing-id") is None


def test_count_and_iter_stored_agree(engines: dict[str, SearchService]) -> None:
    counts = {e: engines[e].backend.count() for e in ENGINES}
    assert counts["tantivy"] == counts["elasticsearch"] > 0
    stored = {e: {s["id"]: s for s in engines[e].backend.iter_stored()} for e in ENGINES}
    assert stored["tantivy"] == stored["elasticsearch"] and len(stored["tantivy"]) == counts["tantivy"]


# --- writing: delete, versions, switching the live index ------------------------------------


def test_empty_backend(backend_factory) -> None:
    backend = backend_factory()
    assert backend.live_version() is None and backend.versions() == []
    assert backend.count() == 0 and backend.get("x") is None and backend.related("x", 3) == []
    assert list(backend.iter_stored()) == []
    result = backend.search(SearchPlan(query=MatchAll(), facets={"speaker": FacetSpec("speaker", 5)}))
    assert result.total == 0 and result.hits == []
    with pytest.raises(BackendError):
        backend.writer()


def test_index_delete_and_reindex_same_input(backend_factory, tmp_path: Path) -> None:
    backend = backend_factory()
    records = ARCHIVE[:4]
    source = write_jsonl(tmp_path / "docs.jsonl", records)
    ingest(backend, [source], backend_factory.data_dir)
    ingest(backend, [source], backend_factory.data_dir)  # incremental: nothing duplicated
    service = SearchService(backend)
    assert backend.count() == 4 and search(service).total == 4
    with backend.writer() as writer:
        writer.delete(["exact", "does-not-exist"])
        writer.commit()
    assert backend.get("exact") is None and backend.count() == 3
    assert "exact" not in ids(service, "đổi mới kinh tế")
    assert facet_counts(search(service))["speaker"] == {"Lê Quốc Phong": (1, False), "Trần Văn Út": (2, False)}
    # A changed record replaces the old one (upsert by id).
    write_jsonl(source, [dict(records[0], text="Tiêu đề mới\nNội dung hoàn toàn mới.")] + records[1:])
    ingest(backend, [source], backend_factory.data_dir)
    assert backend.get("hcm")["title"] == "Tiêu đề mới" and backend.count() == 4
    assert ids(service, "hoàn toàn mới") == ["hcm"]


def test_switching_the_live_version(backend_factory, tmp_path: Path) -> None:
    backend = backend_factory()
    ingest(backend, [write_jsonl(tmp_path / "one.jsonl", ARCHIVE[:2])], backend_factory.data_dir)
    first = backend.live_version()
    assert first is not None and backend.versions() == [first]
    service = SearchService(backend)
    assert sorted(ids(service)) == ["exact", "hcm"]
    docs = [build_document(item.article) for item in read_sources([write_jsonl(tmp_path / "two.jsonl", ARCHIVE[2:5])])
            if not isinstance(item, Skipped)]
    backend.create_version("second")
    with backend.writer("second") as writer:
        writer.upsert(docs)
        writer.commit()
    assert sorted(ids(service)) == ["exact", "hcm"]  # not live yet
    assert sorted(s["id"] for s in backend.iter_stored("second")) == ["folded", "hdnd", "nodate"]
    backend.switch_live("second")
    assert backend.live_version() == "second" and sorted(backend.versions()) == sorted([first, "second"])
    assert sorted(ids(service)) == ["folded", "hdnd", "nodate"]
    assert backend.get("hcm") is None and backend.get("hdnd")["id"] == "hdnd"
    backend.switch_live(first)
    assert sorted(ids(service)) == ["exact", "hcm"]
    backend.switch_live("second")
    backend.drop_version(first)
    assert backend.versions() == ["second"] and backend.count() == 3
    with pytest.raises(BackendError):
        backend.switch_live("missing")
    assert backend.live_version() == "second"


def test_reindex_builds_a_new_version_and_switches(backend_factory, tmp_path: Path) -> None:
    backend = backend_factory()
    source = write_jsonl(tmp_path / "docs.jsonl", ARCHIVE[:3])
    ingest(backend, [source], backend_factory.data_dir)
    before = backend.live_version()
    write_jsonl(source, ARCHIVE[1:4])
    report = reindex(backend, [source], quiet_progress(), IngestOptions(data_dir=backend_factory.data_dir, workers=1))
    assert report.ok and backend.live_version() != before and backend.versions() == [backend.live_version()]
    assert sorted(ids(SearchService(backend))) == ["exact", "folded", "hdnd"]


def test_upsert_replaces_within_one_session_of_a_new_version(backend_factory, tmp_path: Path) -> None:
    # A new version skips deletes on tantivy (nothing older to replace); an id repeated within
    # the session must still replace, before and after a commit.
    backend = backend_factory()
    first, second = (build_document(item.article) for item in read_sources([write_jsonl(
        tmp_path / "same.jsonl", [dict(ARCHIVE[0], text="Tiêu đề cũ\nNội dung cũ."),
                                  dict(ARCHIVE[0], text="Tiêu đề mới\nNội dung mới.")])]))
    backend.create_version("fresh")
    with backend.writer("fresh") as writer:
        writer.upsert([first])
        writer.upsert([second])
        writer.commit()
        writer.upsert([first])
        writer.commit()
    backend.switch_live("fresh")
    assert backend.count() == 1 and backend.get(first.id)["title"] == "Tiêu đề cũ"


# --- small archives: exact expectations, query-tree corners ----------------------------------


def test_archive_behaviour(backend_factory, tmp_path: Path) -> None:
    """The hand-made archive alone: exact expectations that hold for every engine."""
    backend = backend_factory()
    ingest(backend, [write_jsonl(tmp_path / "docs.jsonl", ARCHIVE)], backend_factory.data_dir)
    service = SearchService(backend)
    assert "hcm" in ids(service, "TP.HCM") and "hcm" in ids(service, "tphcm")
    assert "hdnd" in ids(service, "Hội đồng nhân dân") and "hdnd" in ids(service, "hdnd")
    ranked = ids(service, "đổi mới")
    assert ranked.index("exact") < ranked.index("folded")
    assert {"exact", "folded"} <= set(ids(service, "doi moi"))
    assert ids(service, '"kinh tế địa phương"') == ["exact"]
    assert "exact" not in ids(service, "kinh tế -đổi") and "exact" not in ids(service, 'kinh tế -"đổi mới"')
    assert {"hcm", "hdnd"} <= set(ids(service, "khai OR hồ"))
    for text, plain in MALFORMED_EQUIVALENTS:
        assert ids(service, text) == ids(service, plain), text
    result = search(service, "", filters=Filters(speakers=("Trần Văn Út",)))
    assert facet_counts(result)["speaker"] == {"Lê Quốc Phong": (2, False), "Trần Văn Út": (2, True),
                                               "Phan Văn Mãi": (1, False), "Nguyễn Thiện Nhân": (1, False),
                                               "Trần Thị Hoa": (1, False)}
    assert facet_counts(result)["province"] == {"Thành phố Hồ Chí Minh": (1, False)}
    assert {k: v for k, v in facet_counts(result)["date"].items()} == {"2022": (1, False), "2020": (1, False)}
    newest = ids(service, "", sort=Sort.NEWEST)
    oldest = ids(service, "", sort=Sort.OLDEST)
    assert newest == ["tphcm-econ", "hdnd", "hcm", "exact", "folded", "xss", "said", "nodate"]
    assert oldest == ["said", "xss", "folded", "exact", "hcm", "hdnd", "tphcm-econ", "nodate"]
    assert ids(service, "", filters=Filters(date_to=dt.date(2020, 12, 31))) == ["folded", "xss", "said"]
    first, second = ids(service, "", size=4, page=1), ids(service, "", size=4, page=2)
    assert len(first) == 4 and len(second) == 4 and not set(first) & set(second)


def test_engine_plan_level_contract(backend_factory, tmp_path: Path) -> None:
    """Query-tree corners the ranking does not produce today, compiled alike."""
    backend = backend_factory()
    ingest(backend, [write_jsonl(tmp_path / "docs.jsonl", ARCHIVE)], backend_factory.data_dir)

    def found(node) -> list[str]:
        return sorted(h.stored["id"] for h in backend.search(SearchPlan(query=node, size=50)).hits)

    assert found(Bool(must_not=(Term("body_fold", "kinh"),))) == []  # only exclusions: nothing
    assert found(Bool()) == []
    assert found(Bool(should=(Term("body_fold", "kinh"),), minimum_should_match=2)) == []
    assert found(Bool(must=(MatchAll(),), filter=(DateRange("published"),))) == sorted(
        r["id"] for r in ARCHIVE if r.get("published"))
    assert found(Bool(must=(MatchAll(),), filter=(DateRange("published", gte=dt.date(2022, 6, 1)),))) == ["hdnd", "tphcm-econ"]
    assert found(Bool(should=(Term("body_fold", "kinh"), Term("body_fold", "kho")), minimum_should_match=1,
                      filter=(DateRange("published", lte=dt.date(2021, 12, 31)),))) == ["exact", "folded", "xss"]


def test_foreign_letters_the_engines_fold_match_as_written_and_folded(backend_factory, tmp_path: Path) -> None:
    # ø, ß, æ do not decompose in Unicode; the engines' ASCII folding folds them anyway, so
    # Python's fold must too, or a name typed as written finds nothing.
    backend = backend_factory()
    source = write_jsonl(tmp_path / "foreign.jsonl", [
        {"id": "kierkegaard", "text": "Triết gia Søren Kierkegaard\nÔng Søren Kierkegaard sống ở Copenhagen."},
        {"id": "strasse", "text": "Phố Friedrichstraße ở Berlin\nTuyến phố Friedrichstraße nổi tiếng Æsir."},
    ])
    ingest(backend, [source], backend_factory.data_dir)
    service = SearchService(backend)
    for query in ("Søren", "soren", "SØREN KIERKEGAARD"):
        assert ids(service, query) == ["kierkegaard"], query
    for query in ("Friedrichstraße", "friedrichstrasse", "æsir", "aesir"):
        assert ids(service, query) == ["strasse"], query


# --- what a speaker said ---------------------------------------------------------------------

# (request, the articles found, the speakers of the passages shown for each) on both engines.
SAID_SEARCHES: list[tuple[dict[str, Any], dict[str, set[str]]]] = [
    ({"text": 'speaker:"Nguyễn Thiện Nhân" giáo dục'}, {"said": {"Nguyễn Thiện Nhân"}}),
    ({"text": 'speaker:"nguyen thien nhan" dau tu'}, {"said": {"Nguyễn Thiện Nhân"}}),
    ({"text": "speaker:\u201cThiện Nhân\u201d"}, {"said": {"Nguyễn Thiện Nhân"}}),
    ({"text": 'speaker:"Trần Thị Hoa" đầu tư'}, {}),  # in her article, not in her words
    ({"text": 'speaker:"Trần Thị Hoa" giáo viên'}, {"said": {"Trần Thị Hoa"}}),
    ({"text": "giáo viên", "filters": Filters(speakers=("Trần Thị Hoa",)), "said": True}, {"said": {"Trần Thị Hoa"}}),
    ({"text": "phụ huynh", "said": True}, {}),  # nobody said it: narration
    ({"text": 'speaker:"Nguyễn Thị Lệ" Đảng ủy Khối'}, {SEED_001: {"Nguyễn Thị Lệ"}}),
    ({"text": 'speaker:"Không Ai Cả" giáo dục'}, {}),
]


@pytest.mark.parametrize(("params", "expected"), SAID_SEARCHES, ids=[str(p) for p, _ in SAID_SEARCHES])
def test_a_search_for_what_someone_said_returns_their_statements(engines: dict[str, SearchService],
                                                                 params: dict[str, Any],
                                                                 expected: dict[str, set[str]]) -> None:
    totals = set()
    for engine in ENGINES:
        result = search(engines[engine], size=50, **params)
        found = {h.article.id: {p.statement.speaker for p in h.statements} for h in result.hits}
        # The VNTC sample (with ../shared) has statements of its own: compared across engines only.
        assert {i: who for i, who in found.items() if not i.startswith("vntc-")} == expected, engine
        assert all(h.statements for h in result.hits), engine
        assert result.said_by is not None, engine
        totals.add(result.total)
        for hit in result.hits:
            for passage in hit.statements:
                body = hit.article.body
                assert body[passage.statement.offset : passage.statement.offset + len(passage.statement.text)] \
                    == passage.statement.text
    assert len(totals) == 1


def test_statement_passages_are_the_same_on_both_engines(engines: dict[str, SearchService]) -> None:
    for text in ('speaker:"Nguyễn Thiện Nhân" giáo dục', 'speaker:"Lê Thị Hồng Nga" covid', "speaker:Lệ"):
        results = {e: search(engines[e], text) for e in ENGINES}
        shown = {e: [(h.article.id, [(p.statement.speaker, p.snippet) for p in h.statements]) for h in r.hits]
                 for e, r in results.items()}
        assert shown["tantivy"] == shown["elasticsearch"], text
        assert results["tantivy"].said_by == results["elasticsearch"].said_by


def test_the_snippet_says_whose_words_it_shows(service: SearchService) -> None:
    [hit] = search(service, "tăng đầu tư cho giáo dục vùng sâu").hits[:1]
    assert hit.article.id == "said"
    assert hit.snippet_speaker == "Nguyễn Thiện Nhân"
    assert hit.snippet.startswith("Chúng tôi sẽ <mark>tăng")
    narration = [h for h in search(service, "phụ huynh ngân sách").hits if h.article.id == "said"]
    assert narration and narration[0].snippet_speaker is None


# --- republished copies -------------------------------------------------------------------------

def _republished() -> list[dict[str, Any]]:
    """One story posted by three sites (a headline changed, a credit added, the accents lost on
    the way), a different story on the same subject, and a seed republished by another site."""
    from indexer.analysis import fold


    [seed] = [item.article for item in read_sources([SEEDS / SEED_000]) if not isinstance(item, Skipped)]
    return [
        {"id": "tuoitre-1", "text": "TP.HCM đẩy mạnh chuyển đổi số\n" + STORY, "published": "2024-03-14",
         "source": "tuoitre.vn", "locality": "Thành phố Hồ Chí Minh"},
        {"id": "dongnai-7", "text": "Quận 1: chuyển đổi số trong xây dựng Đảng\n" + STORY + " (Theo Báo Tuổi Trẻ)",
         "published": "2024-03-15", "source": "dongnai.gov.vn", "locality": "Đồng Nai"},
        {"id": "angiang-3", "text": fold("TP.HCM đẩy mạnh chuyển đổi số\n" + STORY), "published": "2024-03-16",
         "source": "angiang.gov.vn", "locality": "An Giang"},
        # Word for word, the same day: it scores and sorts exactly as the first; ties are broken
        # by id, never by how an engine happens to order them.
        {"id": "vinhlong-5", "text": "TP.HCM đẩy mạnh chuyển đổi số\n" + STORY, "published": "2024-03-14",
         "source": "vinhlong.gov.vn", "locality": "Vĩnh Long"},
        {"id": "dongthap-2", "text": "Đồng Tháp: chuyển đổi số trong nông nghiệp\n"
         + " ".join(reversed(STORY.split(". "))), "published": "2024-03-10", "source": "dongthap.gov.vn",
         "locality": "Đồng Tháp"},
        {"id": "dcs-republished", "text": "Tổng kết Nghị quyết Trung ương 5 khóa X tại Quận 12\n" + seed.body,
         "published": "2022-01-20", "source": "dangcongsan.vn", "locality": "Hà Nội"},
    ]


STORY_GROUP = ["angiang-3", "dongnai-7", "tuoitre-1", "vinhlong-5"]
SEED_GROUP = [SEED_000, "dcs-republished"]


@pytest.fixture(scope="module")
def copies_engines(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SearchService]]:
    base = tmp_path_factory.mktemp("republished")
    yield from both_engines(request, tmp_path_factory, [SEEDS, write_jsonl(base / "copies.jsonl", _republished())])


def stored_groups(backend: Any) -> dict[str, str]:
    return {s["id"]: g for s in backend.iter_stored() if (g := copy_group_of(s)) is not None}


def test_both_engines_store_the_same_copy_groups(copies_engines: dict[str, SearchService]) -> None:
    expected = {i: min(STORY_GROUP) for i in STORY_GROUP} | {i: min(SEED_GROUP) for i in SEED_GROUP}
    for engine, service in copies_engines.items():
        assert stored_groups(service.backend) == expected, engine
        # Related articles leave an article's copies out (the most alike of all), on every engine.
        for doc_id, group in ((SEED_000, SEED_GROUP), ("tuoitre-1", STORY_GROUP)):
            related = {a.id for a in service.related(doc_id, 5)}
            assert not related & set(group), (engine, doc_id, related)


def test_each_story_once_with_its_copies(copies_engines: dict[str, SearchService]) -> None:
    shown: dict[str, list[tuple[str, list[str], int]]] = {}
    for engine, service in copies_engines.items():
        result = search(service, "chuyển đổi số trong công tác xây dựng đảng", size=50)
        ids_shown = [h.article.id for h in result.hits]
        assert len(set(ids_shown) & set(STORY_GROUP)) == 1, (engine, ids_shown)
        [story] = [h for h in result.hits if h.article.id in STORY_GROUP]
        assert sorted([story.article.id, *(c.id for c in story.copies)]) == STORY_GROUP
        assert [c.published for c in story.copies] == sorted(c.published for c in story.copies)  # oldest first
        assert result.copies_in_results and result.copies_left_out == result.listed - len(result.hits) > 0
        shown[engine] = [(h.article.id, [c.id for c in h.copies], h.rank) for h in result.hits]
        # Paged one at a time, and in date order, the same stories, each once.
        paged = [hit for page in range(1, result.listed + 1)
                 for hit in search(service, "chuyển đổi số trong công tác xây dựng đảng", page=page, size=1).hits]
        assert [(h.article.id, h.rank) for h in paged] == [(i, r) for i, _, r in shown[engine]]
        for sort in (Sort.NEWEST, Sort.OLDEST):
            whole = search(service, "chuyển đổi số", sort=sort, size=50)
            one_by_one = [h.article.id for page in range(1, whole.listed + 1)
                          for h in search(service, "chuyển đổi số", sort=sort, page=page, size=1).hits]
            assert one_by_one == [h.article.id for h in whole.hits], (engine, sort)
            assert len(set(one_by_one) & set(STORY_GROUP)) == 1, (engine, sort, one_by_one)
    # The scorers differ in detail (docs/elasticsearch.md), so the order may; the stories do not.
    stories = {e: {frozenset([i, *copies]) for i, copies, _ in listed} for e, listed in shown.items()}
    assert stories["tantivy"] == stories["elasticsearch"]


def test_the_copy_a_filter_keeps_is_the_one_shown(copies_engines: dict[str, SearchService]) -> None:
    for engine, service in copies_engines.items():
        result = search(service, "chuyển đổi số", filters=Filters(sources=("angiang.gov.vn",)))
        assert [h.article.id for h in result.hits] == ["angiang-3"], engine
        assert sorted(c.id for c in result.hits[0].copies) == ["dongnai-7", "tuoitre-1", "vinhlong-5"]
        assert result.hits[0].copies_total == 3
        everything = search(service, "chuyển đổi số trong công tác xây dựng đảng", fold_copies=False, size=50)
        assert set(STORY_GROUP) <= {h.article.id for h in everything.hits} and everything.copies_left_out == 0


def test_a_republished_seed_is_listed_once(copies_engines: dict[str, SearchService]) -> None:
    found = {}
    for engine, service in copies_engines.items():
        result = search(service, "đổi mới phương thức lãnh đạo của Đảng", size=20)
        listed = [h.article.id for h in result.hits]
        assert len(set(listed) & set(SEED_GROUP)) == 1, (engine, listed)
        # Counts and facets count every article, the copies too: the other site's province is there.
        assert facet_counts(result)["province"].get("Hà Nội", (0,))[0] == 1
        found[engine] = {frozenset([h.article.id, *(c.id for c in h.copies)]) for h in result.hits}
    assert found["tantivy"] == found["elasticsearch"]


def test_copies_regrouped_as_articles_come_change_and_go(backend_factory, tmp_path: Path) -> None:
    """Incremental runs keep the groups a rebuild would make, on both engines."""
    backend = backend_factory()
    records = {r["id"]: r for r in _republished()}
    folder = tmp_path / "archive"
    folder.mkdir()

    def put(doc_id: str, record: dict[str, Any] | None = None) -> None:
        write_jsonl(folder / f"{doc_id}.jsonl", [record or records[doc_id]])

    def run() -> dict[str, str]:
        ingest(backend, [folder], backend_factory.data_dir)
        return stored_groups(backend)

    put("tuoitre-1")
    put("dongnai-7")
    assert run() == {"dongnai-7": "dongnai-7", "tuoitre-1": "dongnai-7"}
    put("angiang-3")  # a third copy with a smaller id: the key moves to it, for all three
    assert run() == {i: "angiang-3" for i in ("angiang-3", "dongnai-7", "tuoitre-1")}
    (folder / "angiang-3.jsonl").unlink()  # the article whose id named the group goes
    assert run() == {"dongnai-7": "dongnai-7", "tuoitre-1": "dongnai-7"}
    put("dongnai-7", dict(records["dongnai-7"], text=records["dongthap-2"]["text"]))  # rewritten: no copy now
    assert run() == {}
    put("angiang-3")
    assert run() == {"angiang-3": "angiang-3", "tuoitre-1": "angiang-3"}
    before = stored_groups(backend)
    report = reindex(backend, [folder], quiet_progress(), IngestOptions(data_dir=backend_factory.data_dir, workers=1))
    assert report.ok and report.copy_groups == 1 and report.copies_grouped == 2
    assert stored_groups(backend) == before


def test_a_run_stopped_before_regrouping_is_regrouped_by_the_next(backend_factory, tmp_path: Path) -> None:
    """Writes committed by a run that never regrouped (killed, a failed write) are taken up by
    the next run, though their sources are unchanged: the journal beside the index names them."""
    from indexer.ingest.copies import CopyTracker

    backend = backend_factory()
    records = {r["id"]: r for r in _republished()}
    folder = tmp_path / "archive"
    folder.mkdir()
    write_jsonl(folder / "tuoitre-1.jsonl", [records["tuoitre-1"]])
    ingest(backend, [folder], backend_factory.data_dir)
    # The interrupted run: a copy written and committed as ingestion writes it, then nothing.
    source = write_jsonl(folder / "dongnai-7.jsonl", [records["dongnai-7"]])
    [item] = [i for i in read_sources([source]) if not isinstance(i, Skipped)]
    doc = build_document(item.article, content_hash=item.content_hash, source_path=str(item.path))
    tracker = CopyTracker.for_version(backend_factory.data_dir, backend, backend.live_version())
    with backend.writer() as writer:
        tracker.wrote([doc])
        writer.upsert([doc])
        writer.commit()
    tracker.close()
    assert stored_groups(backend) == {} and tracker.journal is not None and tracker.journal.exists()
    ingest(backend, [folder], backend_factory.data_dir)  # nothing changed in the sources
    assert stored_groups(backend) == {"dongnai-7": "dongnai-7", "tuoitre-1": "dongnai-7"}
    assert not tracker.journal.exists()
