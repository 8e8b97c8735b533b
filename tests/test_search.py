"""Index and search end to end on a real tantivy index, through the search service: what the
contract suite (test_contract.py, which runs on tantivy too) does not already cover.

Here: both tone placements, the seeds' snippets, exclusions alone, an abbreviation's highlight
through the service, and how titles are given or derived and shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.documents import build_document
from indexer.models import SearchRequest, Sort
from indexer.ingest import index_paths
from indexer.search.service import SearchService

from .conftest import index_records, quiet_progress, write_jsonl


def ids(service: SearchService, text: str, **kwargs) -> list[str]:
    result = service.search(SearchRequest(text=text, size=kwargs.pop("size", 20), **kwargs))
    return [h.article.id for h in result.hits]


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


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    return index_records(
        tmp_path_factory.mktemp("archive"),
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


def test_only_exclusions_list_everything_else(archive: SearchService) -> None:
    everything = set(ids(archive, ""))
    assert set(ids(archive, "-kinh -tế")) == everything - set(ids(archive, "kinh OR tế"))
    assert len(ids(archive, "-kinh -tế")) < len(everything)


def test_an_abbreviation_typed_as_two_words_highlights_what_it_matched(archive: SearchService) -> None:
    # "tp hcm" matches "Thành phố Hồ Chí Minh" as one abbreviation across two typed words;
    # the snippet must mark that, not only the literal "tp" and "hcm".
    hits = {h.article.id: h for h in archive.search(SearchRequest(text="tp hcm")).hits}
    assert "hcm" in hits
    assert "<mark>Thành phố Hồ Chí Minh</mark>" in hits["hcm"].snippet


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


def test_a_speaker_name_stands_for_at_most_fifty_speakers_the_most_written_about_first(make_service) -> None:
    from indexer.search.service import MAX_NAMES_PER_TYPED

    given = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phong", "Quang",
             "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Xuân"]
    middles = ["Văn", "Hữu", "Đức"]
    names = [f"Nguyễn {m} {g}" for m in middles for g in given]  # 60 speakers named Nguyễn
    records = [{"id": f"a{i}", "text": f"Tin số {i}\n{name} cho biết giá lúa năm nay tăng cao.",
                "speakers": [name]} for i, name in enumerate(names)]
    records.append({"id": "often", "text": "Tin thêm\nNguyễn Đức Xuân cho biết giá lúa tăng.",
                    "speakers": ["Nguyễn Đức Xuân"]})
    service = make_service(records)
    result = service.search(SearchRequest(text="speaker:nguyen giá lúa", size=100))
    assert result.said_by is not None and len(result.said_by) == MAX_NAMES_PER_TYPED
    assert result.said_by[0] == "Nguyễn Đức Xuân"  # two articles: listed first, so kept
    assert result.total == MAX_NAMES_PER_TYPED + 1


def test_what_is_remembered_per_index_is_forgotten_when_the_index_changes(tmp_path) -> None:
    from indexer.search.people import speaker_profile

    records = [{"id": "a", "text": "Tin một\nÔng Trần Văn Út cho biết hội nghị thành công.", "published": "2022-01-02",
                "speakers": ["Trần Văn Út"]}]
    service = index_records(tmp_path, records)
    calls: list[int] = []
    assert service.per_index("k", lambda: calls.append(1) or len(calls)) == 1
    assert service.per_index("k", lambda: calls.append(1) or len(calls)) == 1  # remembered
    first = speaker_profile(service, "Trần Văn Út")
    assert first is not None and first.articles == 1 and speaker_profile(service, "Trần Văn Út") is first
    assert [(s.text, s.count) for s in service.suggest("tran van") if s.kind == "speaker"] == [("Trần Văn Út", 1)]
    assert not [s for s in service.suggest("le thi") if s.kind == "speaker"]
    # Another article of the same speaker, and a new speaker: the index changed, nothing stale is
    # answered (the folded forms kept across generations hold the old values, not old counts).
    records.append({"id": "b", "text": "Tin hai\nÔng Trần Văn Út nói về kinh tế.", "published": "2022-03-04",
                    "speakers": ["Trần Văn Út"]})
    records.append({"id": "c", "text": "Tin ba\nBà Lê Thị Hoa nói về giáo dục.", "published": "2022-03-05",
                    "speakers": ["Lê Thị Hoa"]})
    index_paths(service.backend, [write_jsonl(tmp_path / "docs.jsonl", records)], quiet_progress())
    assert [(s.text, s.count) for s in service.suggest("tran van") if s.kind == "speaker"] == [("Trần Văn Út", 2)]
    assert [s.text for s in service.suggest("le thi") if s.kind == "speaker"] == ["Lê Thị Hoa"]
    assert service.per_index("k", lambda: calls.append(1) or len(calls)) == 2
    again = speaker_profile(service, "Trần Văn Út")
    assert again is not None and again.articles == 2
    assert service.names_holding("speaker", "tran van ut") == ["Trần Văn Út"]


def test_a_reader_reuses_its_searcher_until_another_process_commits(tmp_path) -> None:
    """Searchers are reused between searches (no reload each time), yet a commit or a reindex by
    another writer (here a second backend on the same directory, which does not tell this one)
    is seen by the very next search."""
    from indexer.backends.tantivy import TantivyBackend
    from indexer.config import Settings

    records = [{"id": "a", "text": "Tin một\nHội nghị tỉnh ủy bàn về kinh tế."}]
    writer_side = index_records(tmp_path, records)
    reader = SearchService(TantivyBackend(Settings(data_dir=tmp_path / "index")))
    version = reader.backend.live_version()
    assert ids(reader, "kinh tế") == ["a"]
    assert reader.backend._fresh_searcher(version) is reader.backend._fresh_searcher(version)
    records.append({"id": "b", "text": "Tin hai\nBàn về kinh tế biển."})
    index_paths(writer_side.backend, [write_jsonl(tmp_path / "docs.jsonl", records)], quiet_progress())
    assert sorted(ids(reader, "kinh tế")) == ["a", "b"]
    from indexer.ingest import reindex
    records.append({"id": "c", "text": "Tin ba\nKinh tế số."})
    reindex(writer_side.backend, [write_jsonl(tmp_path / "docs.jsonl", records)], quiet_progress())
    assert reader.backend.live_version() != version and sorted(ids(reader, "kinh tế")) == ["a", "b", "c"]
    # The replaced version's searcher is let go: its deleted files are no longer mapped.
    assert set(reader.backend._readers) == {reader.backend.live_version()}


def test_a_snapshot_reads_one_state_of_the_index_on_every_thread_and_checks_files_once(tmp_path) -> None:
    """Inside `snapshot`, a commit by another writer is not seen (a page and its counts agree),
    helper threads read the same state, the segment files are checked on entry only; the next
    snapshot sees the commit, and a file cut meanwhile is caught on entry, never read."""
    from indexer.backends.tantivy import TantivyBackend
    from indexer.config import Settings
    from indexer.search.engine import IndexDamaged

    records = [{"id": "a", "text": "Tin một\nHội nghị tỉnh ủy bàn về kinh tế."}]
    writer_side = index_records(tmp_path, records)
    backend = TantivyBackend(Settings(data_dir=tmp_path / "index"))
    reader = SearchService(backend)
    checks: list[str] = []
    check_files = backend._check_files
    backend._check_files = lambda version: checks.append(version) or check_files(version)  # type: ignore[method-assign]
    with backend.snapshot():
        assert ids(reader, "kinh tế") == ["a"] and len(checks) == 1
        records.append({"id": "b", "text": "Tin hai\nBàn về kinh tế biển."})
        index_paths(writer_side.backend, [write_jsonl(tmp_path / "docs.jsonl", records)], quiet_progress())
        with backend.snapshot():  # nested: the outer one holds
            assert ids(reader, "kinh tế") == ["a"]
        on_helper, here = reader._at_once(lambda: ids(reader, "kinh tế"), lambda: backend.count())
        assert on_helper == ["a"] and here == 1 and len(checks) == 1
        # Another request (a thread of its own) reloads and sees the commit; what this one
        # finds meanwhile is remembered as of its own state, never as of the newer one.
        elsewhere: list[int] = []
        other = threading.Thread(target=lambda: elsewhere.append(backend.count()))
        other.start(), other.join()
        assert elsewhere == [2] and ids(reader, "biển") == [] and backend.count() == 1
    assert ids(reader, "biển") == ["b"] and sorted(ids(reader, "kinh tế")) == ["a", "b"]
    assert len(checks) == 4  # the other thread's search, then each of these two requests
    with backend.snapshot():
        assert backend.count() == 2 and len(checks) == 5
    version = backend.live_version() or ""
    biggest = max((f for f in (tmp_path / "index" / "tantivy" / version).iterdir() if f.suffix == ".store"),
                  key=lambda f: f.stat().st_size)
    with open(biggest, "r+b") as fh:
        fh.truncate(biggest.stat().st_size // 2)
    with pytest.raises(IndexDamaged, match="truncated"):
        with backend.snapshot():
            backend.count()


def test_answers_are_remembered_until_the_index_changes_and_never_after(tmp_path) -> None:
    """A page asked again is answered from memory; after another writer's commit the next page
    counts afresh (never the count the index no longer gives); with no memory, nothing is kept."""
    from indexer.backends.tantivy import TantivyBackend
    from indexer.config import Settings

    records = [{"id": "a", "text": "Tin một\nHội nghị bàn về kinh tế.", "published": "2022-01-02"}]
    writer_side = index_records(tmp_path, records)
    reader = SearchService(TantivyBackend(Settings(data_dir=tmp_path / "index")))
    request = SearchRequest(text="kinh te")
    first = reader.search(request)
    first.facets.clear()  # a caller's own copy: what is remembered keeps its facets
    again = reader.search(request)
    assert again.hits == first.hits and again.facets["date"] and reader.answers.hits == 1
    long_page = SearchRequest(text="kinh te", size=50)
    reader.search(long_page), reader.search(long_page)
    assert reader.answers.hits == 1  # long pages are not remembered
    assert reader.suggest("kinh") == reader.suggest("kinh") and reader.answers.hits == 2
    records.append({"id": "b", "text": "Tin hai\nKinh tế biển.", "published": "2022-02-03"})
    index_paths(writer_side.backend, [write_jsonl(tmp_path / "docs.jsonl", records)], quiet_progress())
    after = reader.search(request)
    assert after.total == 2 and sum(v.count for v in after.facets["date"]) == 2 and reader.answers.hits == 2
    assert reader.count(SearchRequest(text="kinh tế")) == 2
    # Ingestion replaces the vocabulary after its commits: queries read with the new one are new answers.
    from indexer.search.vocabularies import ArchiveVocabulary
    misses = reader.answers.misses
    reader.search(request)
    assert reader.answers.misses == misses
    ArchiveVocabulary(writer_side.backend).build(reader.backend.live_version() or "").close()
    reader.search(request)
    assert reader.answers.misses > misses  # the page and its did-you-mean count, afresh
    forgetful = SearchService(TantivyBackend(Settings(data_dir=tmp_path / "index")), remembered_answers=0)
    forgetful.search(request), forgetful.search(request)
    assert forgetful.answers.hits == 0


def test_a_large_group_of_copies_does_not_crowd_out_the_others_copy_lists(tmp_path) -> None:
    """A directive reposted hundreds of times lists its first copies, and a small story on the
    same page still lists all of its own."""
    from indexer.ingest.sources import Skipped, read_sources
    from indexer.search.copies import LISTED_PER_GROUP, MAX_LISTED

    from .conftest import SEED_000, SEEDS, STORY

    [seed] = [i.article for i in read_sources([SEEDS / SEED_000]) if not isinstance(i, Skipped)]
    reposted = [{"id": f"big-{n:03d}", "text": "Chỉ thị về chuyển đổi số\n" + STORY, "published": "2020-01-01"}
                for n in range(MAX_LISTED + 5)]
    small = [{"id": f"small-{n}", "text": f"Chuyển đổi số ở Quận 12 ({n})\n" + seed.body, "published": "2021-01-01"}
             for n in range(3)]
    service = index_records(tmp_path, reposted + small)
    result = service.search(SearchRequest(text="chuyển đổi số", size=MAX_LISTED + 8, sort=Sort.NEWEST))
    shown = {h.article.id: h for h in result.hits}
    assert set(shown) == {"big-000", "small-0"}, sorted(shown)  # one of each story
    assert shown["big-000"].copies_total == MAX_LISTED + 4
    assert LISTED_PER_GROUP - 1 <= len(shown["big-000"].copies) <= LISTED_PER_GROUP  # itself left out when listed
    assert [c.id for c in shown["small-0"].copies] == ["small-1", "small-2"] and shown["small-0"].copies_total == 2
    assert result.copies_in_results and result.copies_left_out == MAX_LISTED + 4 + 2


def test_a_requests_independent_searches_run_at_once_and_fail_as_one(seed_service: SearchService) -> None:
    import threading

    here = threading.get_ident()
    first, second = seed_service._at_once(lambda: threading.get_ident(), lambda: threading.get_ident())
    assert first != here and second == here  # the first on a helper thread, the second on this one
    # A helper asking for two at once runs both itself: helpers never wait for helpers.
    (inner_first, inner_second), _ = seed_service._at_once(
        lambda: seed_service._at_once(lambda: threading.get_ident(), lambda: threading.get_ident()), lambda: None)
    assert inner_first == inner_second != here
    finished: list[str] = []

    def slow_then(value: str) -> str:
        import time
        time.sleep(0.05)
        finished.append(value)
        return value

    with pytest.raises(ZeroDivisionError):
        seed_service._at_once(lambda: slow_then("helper"), lambda: 1 / 0)
    assert finished == ["helper"]  # its search ended before the error went up
    with pytest.raises(KeyError):
        seed_service._at_once(lambda: {}["missing"], lambda: slow_then("here"))
    # Searched at once or one after the other, the page is the same.
    request = SearchRequest(text="doi moi", with_facets=True)
    at_once = replace(seed_service.results(request), took_ms=0)
    seed_service._at_once = lambda a, b: (a(), b())  # type: ignore[method-assign]
    try:
        assert replace(seed_service.results(request), took_ms=0) == at_once and at_once.total
    finally:
        del seed_service._at_once


@given(st.lists(st.lists(st.sampled_from(["ha", "noi", "hai", "an", "nam", "ha noi", "", "a\U0010ffff", "\U0010ffff"]),
                         min_size=1, max_size=4).map(" ".join), max_size=30),
       st.text(alphabet="hanoi m\U0010ffff", max_size=7))
@settings(max_examples=300, deadline=None)
def test_word_prefixes_find_what_a_scan_of_every_value_finds(texts: list[str], prefix: str) -> None:
    from indexer.search.prefixes import WordPrefixes

    index = WordPrefixes([(n, text) for n, text in enumerate(texts)])
    assert index.matching(prefix) == [n for n, text in enumerate(texts)
                                      if text.startswith(prefix) or f" {prefix}" in text]


def test_a_request_still_reading_a_replaced_generation_does_not_wipe_the_newer_one() -> None:
    from indexer.search.remembered import RETIRED_SECONDS, PerGeneration

    now = [0.0]
    remembered = PerGeneration(8, clock=lambda: now[0])
    computed: list[str] = []

    def compute(what: str) -> Callable[[], str]:
        return lambda: computed.append(what) or what

    assert remembered.get("g1", "page", compute("g1 page")) == "g1 page"
    assert remembered.get("g2", "page", compute("g2 page")) == "g2 page"  # a commit
    # A request whose snapshot began before the commit: answered from g1, remembered nowhere.
    assert remembered.get("g1", "page", compute("g1 page again")) == "g1 page again"
    assert remembered.get("g1", "other", compute("g1 other")) == "g1 other"
    assert remembered.get("g2", "page", compute("not asked")) == "g2 page"  # g2's answers stand
    assert computed == ["g1 page", "g2 page", "g1 page again", "g1 other"]
    # Long after, the same generation again is the index back in that state: remembered anew.
    now[0] += RETIRED_SECONDS
    assert remembered.get("g1", "page", compute("g1 back")) == "g1 back"
    assert remembered.get("g1", "page", compute("not asked")) == "g1 back"
