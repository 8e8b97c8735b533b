"""Index and search end to end on a real tantivy index: seeds and small hand-made archives."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.models import Filters, SearchRequest, Sort
from indexer.documents import build_document
from indexer.search.service import SearchService

SEED_000 = "000_bf4495a8d93b5c4c.txt"
SEED_002 = "002_dec426784ccdbed7.txt"


def ids(service: SearchService, text: str, **kwargs) -> list[str]:
    result = service.search(SearchRequest(text=text, size=kwargs.pop("size", 20), **kwargs))
    return [h.article.id for h in result.hits]


def test_accent_free_query_ranks_the_two_reform_articles_first(seed_service: SearchService) -> None:
    assert set(ids(seed_service, "doi moi phuong thuc lanh dao")[:2]) == {SEED_000, SEED_002}
    assert set(ids(seed_service, "đổi mới phương thức lãnh đạo")[:2]) == {SEED_000, SEED_002}


def test_both_tone_placements_find_the_same_articles(seed_service: SearchService) -> None:
    new, old = ids(seed_service, "uỷ"), ids(seed_service, "ủy")
    assert new and sorted(new) == sorted(old)
    khoa = ids(seed_service, "khóa X")
    assert khoa and sorted(khoa) == sorted(ids(seed_service, "khoá X"))


def test_every_seed_is_indexed_and_browsable(seed_service: SearchService) -> None:
    result = seed_service.search(SearchRequest(text="", size=10))
    assert result.total == 5 and len(result.hits) == 5


def test_snippet_shows_original_text_with_marks(seed_service: SearchService) -> None:
    hit = seed_service.search(SearchRequest(text="doi moi phuong thuc", size=1)).hits[0]
    assert "<mark>" in hit.snippet and "_" not in hit.snippet
    assert "ổ" in hit.snippet or "ớ" in hit.snippet  # diacritics intact


@pytest.fixture()
def archive(make_service) -> SearchService:
    return make_service(
        [
            {"id": "hcm", "text": "Hội nghị tại Thành phố Hồ Chí Minh\nLãnh đạo Thành phố Hồ Chí Minh họp bàn.",
             "published": "2022-01-19", "locality": {"province": "Thành phố Hồ Chí Minh", "district": "Quận 12"},
             "speakers": [{"name": "Trần Văn Út", "role": "Phó Bí thư"}], "source": "thanhuytphcm.vn"},
            {"id": "exact", "text": "Đổi mới kinh tế\nBài viết về đổi mới kinh tế địa phương.",
             "published": "2021-11-30", "locality": "Đồng Tháp", "speakers": ["Lê Quốc Phong"]},
            {"id": "folded", "text": "Dời mới kho\nChuyện dời mới kho hàng.", "published": "2020-08-08",
             "speakers": ["Lê Quốc Phong", "Trần Văn Út"]},
            {"id": "hdnd", "text": "Kỳ họp HĐND tỉnh\nHĐND tỉnh khai mạc kỳ họp thứ 3.", "published": "2022-06-01",
             "locality": {"province": "Đồng Tháp", "district": "Thành phố Sa Đéc"}},
            {"id": "nodate", "text": "Tin không ngày\nTin tức không có ngày đăng về kinh tế."},
            {"id": "xss", "text": "Tiêu đề <script>alert(1)</script>\nNội dung <img src=x onerror=alert(1)> kinh tế."},
        ]
    )


def test_abbreviation_finds_full_form_and_back(archive: SearchService) -> None:
    assert "hcm" in ids(archive, "TP.HCM")
    assert "hcm" in ids(archive, "tphcm")
    assert "hdnd" in ids(archive, "Hội đồng nhân dân")
    assert "hdnd" in ids(archive, "hdnd")


def test_exact_accents_rank_above_folded_matches(archive: SearchService) -> None:
    ranked = ids(archive, "đổi mới")
    assert ranked.index("exact") < ranked.index("folded")
    # Without accents, both spellings are found.
    assert {"exact", "folded"} <= set(ids(archive, "doi moi"))


def test_phrase_exclusion_or(archive: SearchService) -> None:
    assert ids(archive, '"kinh tế địa phương"') == ["exact"]
    assert "exact" not in ids(archive, "kinh tế -đổi")
    assert "exact" not in ids(archive, 'kinh tế -"đổi mới"')
    assert {"hcm", "hdnd"} <= set(ids(archive, "khai OR hồ"))


# Malformed syntax and the plain reading it must fall back to.
MALFORMED_EQUIVALENTS = [
    ('"đổi mới', "đổi mới"),  # unclosed quote: plain words
    ("đổi -", "đổi"),  # a lone minus is dropped
    ("-", ""),  # nothing searchable: everything
    ("((", ""),
    ('"', ""),
    ("kinh tế OR", "kinh tế or"),  # a dangling OR is a word
]


@pytest.mark.parametrize("text, plain", MALFORMED_EQUIVALENTS)
def test_malformed_queries_fall_back_to_plain_words(archive: SearchService, text: str, plain: str) -> None:
    assert ids(archive, text) == ids(archive, plain)


def test_only_exclusions_list_everything_else(archive: SearchService) -> None:
    everything = set(ids(archive, ""))
    assert set(ids(archive, "-kinh -tế")) == everything - set(ids(archive, "kinh OR tế"))
    assert len(ids(archive, "-kinh -tế")) < len(everything)


def test_filters_narrow_and_facets_count(archive: SearchService) -> None:
    assert ids(archive, "", filters=Filters(provinces=("Đồng Tháp",))) == ["hdnd", "exact"]
    assert ids(archive, "", filters=Filters(districts=("Quận 12",))) == ["hcm"]
    assert sorted(ids(archive, "", filters=Filters(speakers=("Trần Văn Út",)))) == ["folded", "hcm"]
    assert ids(archive, "", filters=Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31))) == ["exact"]
    assert ids(archive, "", filters=Filters(date_to=dt.date(2020, 12, 31))) == ["folded"]
    assert ids(archive, "", filters=Filters(periods=("2022-06",))) == ["hdnd"]
    facets = archive.search(SearchRequest(text="")).facets
    assert {v.value: v.count for v in facets["speaker"]} == {"Lê Quốc Phong": 2, "Trần Văn Út": 2}
    assert {v.value: v.count for v in facets["date"]} == {"2022": 2, "2021": 1, "2020": 1}


def test_speaker_facet_is_disjunctive_other_facets_narrow(archive: SearchService) -> None:
    result = archive.search(SearchRequest(text="", filters=Filters(speakers=("Trần Văn Út",))))
    speakers = {v.value: (v.count, v.selected) for v in result.facets["speaker"]}
    assert speakers == {"Lê Quốc Phong": (2, False), "Trần Văn Út": (2, True)}
    provinces = {v.value: v.count for v in result.facets["province"]}
    assert provinces == {"Thành phố Hồ Chí Minh": 1}  # narrowed by the speaker filter
    years = [v for v in result.facets["date"] if len(v.value) == 4]
    assert {v.value: v.count for v in years} == {"2022": 1, "2020": 1}


def test_sort_orders_and_undated_last(archive: SearchService) -> None:
    newest = ids(archive, "", sort=Sort.NEWEST)
    oldest = ids(archive, "", sort=Sort.OLDEST)
    assert newest[:4] == ["hdnd", "hcm", "exact", "folded"]
    assert oldest[:4] == ["folded", "exact", "hcm", "hdnd"]
    assert set(newest[-2:]) == set(oldest[-2:]) == {"nodate", "xss"}  # undated: last both ways


def test_pagination(archive: SearchService) -> None:
    first = ids(archive, "", size=2, page=1)
    second = ids(archive, "", size=2, page=2)
    assert len(first) == 2 and len(second) == 2 and not set(first) & set(second)


def test_document_html_is_escaped_in_snippets(archive: SearchService) -> None:
    hit = archive.search(SearchRequest(text="kinh tế nội dung")).hits[0]
    assert hit.article.id == "xss"
    assert "<img" not in hit.snippet and "&lt;img" in hit.snippet


def test_reindexing_the_same_input_does_not_duplicate(make_service) -> None:
    records = [{"id": "a", "text": "Tiêu đề\nNội dung một"}, {"id": "b", "text": "Tiêu đề hai\nNội dung hai"}]
    make_service(records)
    service = make_service(records)
    assert service.search(SearchRequest(text="")).total == 2


def test_suggestions_titles_speakers_localities(archive: SearchService) -> None:
    titles = [s for s in archive.suggest("doi mo") if s.kind == "title"]
    assert {(s.id, s.text) for s in titles} == {("exact", "Đổi mới kinh tế"), ("folded", "Dời mới kho")}
    speakers = [s.text for s in archive.suggest("tran van") if s.kind == "speaker"]
    assert speakers == ["Trần Văn Út"]
    localities = {(s.kind, s.text) for s in archive.suggest("dong th")}
    assert ("province", "Đồng Tháp") in localities
    assert archive.suggest("  ,, ") == []


def test_related_articles(seed_service: SearchService) -> None:
    # Seeds 000 and 002 both report on reviewing Resolution 5 (10th term) on the Party's leadership.
    related = [a.id for a in seed_service.related(SEED_000, 4)]
    assert related[0] == SEED_002 and SEED_000 not in related
    assert seed_service.related("missing-id") == []


def test_an_abbreviation_typed_as_two_words_highlights_what_it_matched(archive: SearchService) -> None:
    # "tp hcm" matches "Thành phố Hồ Chí Minh" as one abbreviation across two typed words;
    # the snippet must mark that, not only the literal "tp" and "hcm".
    hits = {h.article.id: h for h in archive.search(SearchRequest(text="tp hcm")).hits}
    assert "hcm" in hits
    assert "<mark>Hồ</mark> <mark>Chí</mark> <mark>Minh</mark>" in hits["hcm"].snippet


def test_a_derived_title_is_marked_shown_and_not_boosted(make_service) -> None:
    lead = ("Sáng nay, lãnh đạo tỉnh đã đến thăm hỏi bà con vùng lũ và trao quà cho các hộ gia đình gặp "
            "nhiều khó khăn sau đợt mưa lớn kéo dài suốt tuần qua.")
    service = make_service([
        {"id": "derived", "text": f"{lead}\nCác đoàn công tác tiếp tục hỗ trợ người dân khắc phục hậu quả."},
        {"id": "given", "title": "Thăm hỏi bà con vùng lũ", "text": "Đoàn công tác trao quà cho người dân."},
    ])
    derived, given = service.article("derived"), service.article("given")
    assert derived is not None and given is not None
    assert derived.title_derived and derived.title and lead.startswith(derived.title.rstrip(".… "))
    assert not given.title_derived
    fields = build_document(derived).text
    assert fields["title_syl"] == "" and fields["body_syl"].count("thăm") == 1  # no boost, lead not doubled
    assert build_document(given).text["title_syl"] == "thăm hỏi bà con vùng lũ"
    hit = service.search(SearchRequest(text="thăm hỏi bà con vùng lũ", size=5)).to_json()["hits"]
    assert {h["id"]: h["title_derived"] for h in hit} == {"given": False, "derived": True}


LEAD = "Sáng 31/7, lãnh đạo tỉnh đến thăm bà con vùng lũ và trao quà cho các hộ gia đình khó khăn sau đợt mưa lớn."


@pytest.mark.parametrize(("record", "body"), [
    # The first line is not the given title: it is text, and stays (as its own paragraph).
    ({"title": "Quản lý", "text": "Đổi mới phương thức quản lý doanh nghiệp."}, "Đổi mới phương thức quản lý doanh nghiệp."),
    ({"title": "Quản lý", "text": "Đổi mới quản lý\nBài viết."}, "Đổi mới quản lý\n\nBài viết."),
    # The first line is the given title (punctuation and quotes aside): shown once, as the title.
    ({"title": "Bão số 7 đổ bộ", "text": "Bão số 7 đổ bộ.\nNội dung bài."}, "Nội dung bài."),
    ({"title": 'Lý do "trùm" bị bắt', "text": "Lý do “trùm” bị bắt\nNội dung bài."}, "Nội dung bài."),
    # A lead sentence given as the title, and first in the text too: not repeated under it.
    ({"title": LEAD, "text": f"{LEAD}\nĐoàn đã trao 100 suất quà."}, "Đoàn đã trao 100 suất quà."),
])
def test_a_given_title_and_the_first_line_of_the_text(make_service, record: dict, body: str) -> None:
    service = make_service([{"id": "one", **record}])
    article = service.article("one")
    assert article is not None and (article.title, article.body, article.title_derived) == (record["title"], body, False)


def test_a_one_line_text_whose_line_becomes_the_derived_title_keeps_it_as_its_body(make_service) -> None:
    # Ending on a date, the whole line is its first sentence: the derived title equals the line.
    line = "Giá vàng thế giới đã giảm mạnh từ mức cao nhất xuống mức thấp nhất trong tuần tại các sàn giao dịch, tối 17/2."
    service = make_service([{"id": "one", "text": line}, {"id": "two", "text": "Trời mưa to ở miền Bắc suốt cả tuần qua."}])
    article = service.article("one")
    assert article is not None and article.title_derived and article.title == article.body == line
    assert [h.article.id for h in service.search(SearchRequest(text="sàn giao dịch", size=5)).hits] == ["one"]


def test_highlights_read_accents_as_ranking_does() -> None:
    from indexer.query.analysed import analyse_query
    from indexer.query.highlight import highlight_terms, snippet

    # Typed with accents, "Nam" is the syllable nam, as ranking scores it: "năm" is another word.
    marked = snippet("Việt Nam năm 2024 đón khách", highlight_terms(analyse_query("Việt Nam")))
    assert marked == "<mark>Việt</mark> <mark>Nam</mark> năm 2024 đón khách"
    # Typed without accents, every spelling is the word.
    assert snippet("Việt Nam năm 2024", highlight_terms(analyse_query("viet nam"))).count("<mark>") == 3
