"""The vocabulary file of each index version (indexer.search.vocabularies): built by ingestion,
built in the background when missing or unreadable, never in the way of a search or an ingest."""

from __future__ import annotations

import io
import os
import sqlite3
import time
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend
from indexer.ingest import Progress, index_paths, reindex
from indexer.models import SearchRequest
from indexer.query.vocabulary import Vocabulary, counted_from, texts_digest
from indexer.search.service import SearchService
from indexer.search import vocabularies
from indexer.search.vocabularies import VOCABULARY_DIR, ArchiveVocabulary
from webui import create_app

from .conftest import SEEDS, quiet_progress, write_jsonl


def indexed(root: Path) -> TantivyBackend:
    backend = TantivyBackend(Settings(data_dir=root / "data"))
    assert index_paths(backend, [SEEDS], quiet_progress()).ok
    return backend


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def restored(service: SearchService, text: str) -> list[dict]:
    result = service.search(SearchRequest(text=text, size=1))
    assert result.interpretation is not None
    return result.interpretation.to_json()["accents_restored"]


def test_ingestion_builds_the_vocabulary_of_the_version_it_writes(tmp_path: Path) -> None:
    backend = indexed(tmp_path)
    vocabulary = ArchiveVocabulary(backend)
    path = vocabulary.path(backend.live_version() or "")
    assert path.is_file() and vocabulary.current() is not None
    assert restored(SearchService(backend), "doi moi")  # read at once: no build while searching
    # An incremental run that changes nothing leaves it as it is.
    before = path.stat().st_mtime_ns
    assert index_paths(backend, [SEEDS], quiet_progress()).ok
    assert path.stat().st_mtime_ns == before


def test_a_missing_vocabulary_is_built_in_the_background(tmp_path: Path) -> None:
    backend = indexed(tmp_path)
    vocabulary_dir = tmp_path / "data" / VOCABULARY_DIR
    for file in vocabulary_dir.iterdir():
        file.unlink()
    service = SearchService(backend)
    first = service.search(SearchRequest(text="vieetj nam"))  # answered at once, read without it
    assert first.interpretation is not None and first.interpretation.reading == "việt nam"
    assert wait_for(lambda: service.vocabulary.current() is not None)
    assert restored(service, "doi moi") == [{"typed": "doi", "read": "đổi"}, {"typed": "moi", "read": "mới"}]


def test_an_unreadable_vocabulary_is_built_again(tmp_path: Path) -> None:
    backend = indexed(tmp_path)
    service = SearchService(backend)
    path = service.vocabulary.path(backend.live_version() or "")
    path.write_bytes(b"not a vocabulary")
    assert service.vocabulary.current() is None  # logged once; searches go on without it
    assert service.search(SearchRequest(text="doi moi")).total > 0
    assert wait_for(lambda: service.vocabulary.current() is not None)


def test_a_vocabulary_that_cannot_be_written_fails_nothing(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / VOCABULARY_DIR).write_text("a file where the directory should be")
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    said = io.StringIO()
    report = index_paths(backend, [SEEDS], Progress(stream=said, every=10**9))
    assert report.ok and report.added == 5  # the index is written and live
    assert "the vocabulary of the index (accents, corrections, completions) could not be built" in said.getvalue()
    service = SearchService(backend)
    client = create_app(service=service).test_client()
    for url in ("/?q=doi+moi", "/api/search?q=vieetj+nam", "/api/suggest?q=doi"):
        assert client.get(url).status_code == 200, url
    assert wait_for(lambda: not service.vocabulary._building)  # the background attempt gave up
    assert client.get("/?q=doi+moi").status_code == 200


def test_leftovers_of_dead_builds_and_old_versions_are_deleted(tmp_path: Path) -> None:
    backend = indexed(tmp_path)
    vocabulary = ArchiveVocabulary(backend)
    live = backend.live_version() or ""
    directory = vocabulary.directory
    old = [directory / "tantivy-v1.sqlite", directory / ".tantivy-v1.sqlite.12.34.tmp", directory / ".tantivy-v1.lock"]
    dead_build = directory / f".tantivy-{live}.sqlite.56.78.tmp"
    for file in old + [dead_build]:
        file.write_bytes(b"x")
    os.utime(dead_build, (time.time() - 2 * 3600,) * 2)
    fresh_build = directory / f".tantivy-{live}.sqlite.90.12.tmp"  # maybe building right now
    fresh_build.write_bytes(b"x")
    other_engine = directory / "elasticsearch-v1.sqlite"
    other_engine.write_bytes(b"x")
    vocabulary.keep_only({live})
    assert not any(f.exists() for f in old + [dead_build])
    assert vocabulary.path(live).exists() and fresh_build.exists() and other_engine.exists()


def test_the_digest_of_texts_is_of_the_texts_not_their_order() -> None:
    texts = ["Hà Nội đổi mới", "Đà Nẵng mùa mưa", "Hà Nội đổi mới"]
    assert texts_digest(texts) == texts_digest(reversed(texts))
    assert texts_digest(texts)[0] == 3
    assert texts_digest(texts)[1] != texts_digest(texts[:2])[1]  # a repeated text counts
    assert texts_digest(texts)[1] != texts_digest(["Hà Nội đổi mới", "Đà Nẵng mùa mưa", "Hà Nội đổi mớI"])[1]


def test_a_vocabulary_records_the_digest_of_what_it_counted(tmp_path: Path) -> None:
    texts = ["Hà Nội đổi mới", "Đà Nẵng mùa mưa"]
    with Vocabulary.build(texts, tmp_path / "v.sqlite") as vocabulary:
        assert vocabulary.meta["input_digest"] == texts_digest(texts)[1]
        assert Vocabulary.meta_of(vocabulary.path) == vocabulary.meta


NEWS = ["Hội nghị tổng kết công tác năm của Tỉnh ủy", "Các huyện ven biển của tỉnh phòng chống mưa bão"]


def test_a_vocabulary_is_adopted_only_as_a_count_of_the_same_texts_by_the_same_code(tmp_path: Path) -> None:
    source = tmp_path / "a.sqlite"
    Vocabulary.build(NEWS, source).close()
    origin = counted_from(NEWS)
    for other in (counted_from([*NEWS, "Một bài nữa"]), {**origin, "counted_by": "other code"},
                  {**origin, "format": "2"}):
        assert Vocabulary.adopt(source, tmp_path / "b.sqlite", other) is None
    assert Vocabulary.adopt(tmp_path / "gone.sqlite", tmp_path / "b.sqlite", origin) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sqlite"]  # nothing left behind
    with Vocabulary.adopt(source, tmp_path / "b.sqlite", origin) as adopted:  # type: ignore[union-attr]
        assert adopted.path == tmp_path / "b.sqlite" and adopted.meta == Vocabulary.meta_of(source)
        assert adopted.count("tỉnh") == 2
        assert adopted.document_frequency("tỉnh") == 2  # read from the file, opened under its temporary name
    assert (tmp_path / "b.sqlite").stat().st_ino == source.stat().st_ino  # linked, not copied


def test_a_damaged_vocabulary_is_not_adopted_and_the_one_in_place_stays(tmp_path: Path) -> None:
    source = tmp_path / "a.sqlite"
    Vocabulary.build(NEWS, source).close()
    with sqlite3.connect(source) as db:  # its meta still reads, its counts do not
        db.execute("DROP TABLE syllable")
    target = tmp_path / "b.sqlite"
    target.write_bytes(b"the file in place")
    assert Vocabulary.adopt(source, target, counted_from(NEWS)) is None
    assert target.read_bytes() == b"the file in place"


def test_without_hard_links_a_vocabulary_is_adopted_as_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.sqlite"
    Vocabulary.build(NEWS, source).close()

    def no_links(*args: object) -> None:  # a file system without them (FAT, some network mounts)
        raise PermissionError("operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    with Vocabulary.adopt(source, tmp_path / "b.sqlite", counted_from(NEWS)) as adopted:  # type: ignore[union-attr]
        assert adopted.count("tỉnh") == 2
    copied = tmp_path / "b.sqlite"
    assert copied.stat().st_ino != source.stat().st_ino and copied.read_bytes() == source.read_bytes()


def test_a_rebuild_of_texts_that_leave_an_empty_vocabulary_takes_it_too(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    source = write_jsonl(tmp_path / "src" / "a.jsonl", [
        {"id": "e1", "text": "Annual report\n\nCommittee members met Monday to review plans."},
    ])
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    vocabulary = ArchiveVocabulary(backend)
    assert index_paths(backend, [source], quiet_progress()).ok
    first = vocabulary.path(backend.live_version() or "")
    with Vocabulary.open(first) as counted:
        assert len(counted) == 0  # every word once, none kept: an empty vocabulary, falsy
    inode = first.stat().st_ino
    assert reindex(backend, [source], quiet_progress()).ok
    assert vocabulary.path(backend.live_version() or "").stat().st_ino == inode


def test_a_rebuild_of_the_same_texts_takes_the_vocabulary_already_counted(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    source = write_jsonl(tmp_path / "src" / "a.jsonl", [
        {"id": "a1", "text": "Hội nghị tổng kết\n\nSáng nay, Tỉnh ủy tổ chức hội nghị tổng kết công tác năm."},
        {"id": "a2", "text": "Mùa mưa bão\n\nCác huyện ven biển chủ động phòng chống mưa bão."},
    ])
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    vocabulary = ArchiveVocabulary(backend)
    assert index_paths(backend, [source], quiet_progress()).ok
    first = vocabulary.path(backend.live_version() or "")
    counted = Vocabulary.meta_of(first)
    inode = first.stat().st_ino

    # The same articles again, into a new version: the file is the one counted, not a new count.
    assert reindex(backend, [source], quiet_progress()).ok
    second = vocabulary.path(backend.live_version() or "")
    assert second != first and not first.exists()  # the old version's name is gone with it
    assert second.stat().st_ino == inode and Vocabulary.meta_of(second) == counted

    # One article changed: counted again, and the count holds the new text.
    source.write_text(source.read_text(encoding="utf-8").replace("mưa bão", "nắng nóng kéo dài"), encoding="utf-8")
    assert reindex(backend, [source], quiet_progress()).ok
    third = vocabulary.path(backend.live_version() or "")
    recounted = Vocabulary.meta_of(third)
    assert third.stat().st_ino != inode
    assert recounted["input_digest"] != counted["input_digest"] and recounted["documents"] == counted["documents"]
    with Vocabulary.open(third) as read:
        assert read.count("nắng") > 0 and read.count("bão") == 0


def test_a_vocabulary_of_other_texts_is_never_taken(tmp_path: Path) -> None:
    backend = indexed(tmp_path)
    vocabulary = ArchiveVocabulary(backend)
    live = backend.live_version() or ""
    other = vocabulary.directory / "tantivy-v1.sqlite"
    Vocabulary.build(NEWS, other).close()  # counted by this code, from other texts
    vocabulary.path(live).unlink()
    with vocabulary.build(live) as built:
        assert built.meta["input_digest"] != Vocabulary.meta_of(other)["input_digest"]
        assert built.path.stat().st_ino != other.stat().st_ino and built.count("đổi") > 0


def test_reindex_compares_texts_only_when_it_read_back_the_live_articles(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "src").mkdir()
    records = [{"id": f"a{i}", "text": f"Tin số {i}\n\n{text}"} for i, text in enumerate(NEWS)]
    source = write_jsonl(tmp_path / "src" / "a.jsonl", records)
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    vocabulary = ArchiveVocabulary(backend)
    assert index_paths(backend, [source], quiet_progress()).ok
    compared: list[int] = []
    real_counted_from = vocabularies.counted_from
    monkeypatch.setattr(vocabularies, "counted_from", lambda texts: compared.append(1) or real_counted_from(texts))

    # An article added: counted at once, the texts not read a second time to compare.
    write_jsonl(source, [*records, {"id": "a9", "text": "Tin thêm\n\nCác huyện của tỉnh họp bàn."}])
    assert reindex(backend, [source], quiet_progress()).ok
    assert compared == []
    inode = vocabulary.path(backend.live_version() or "").stat().st_ino

    # Nothing changed: compared, and taken.
    assert reindex(backend, [source], quiet_progress()).ok
    assert compared == [1] and vocabulary.path(backend.live_version() or "").stat().st_ino == inode

    # Sources unchanged but the texts not (as after a change to the extraction): compared, counted.
    real_texts = ArchiveVocabulary._texts
    monkeypatch.setattr(ArchiveVocabulary, "_texts", lambda self, version: (f"{t} thêm" for t in real_texts(self, version)))
    assert reindex(backend, [source], quiet_progress()).ok
    assert compared == [1, 1]
    rebuilt = vocabulary.path(backend.live_version() or "")
    assert rebuilt.stat().st_ino != inode
    with Vocabulary.open(rebuilt) as read:
        assert read.count("thêm") >= 3
