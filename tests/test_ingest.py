"""Incremental indexing, rebuilds with an atomic switch, the writer lock and the analysis cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend
from indexer.ingest.cache import AnalysisCache, encode_analysis
from indexer.ingest import IngestOptions, index_paths, reindex
from indexer.ingest.locking import LockedError, WriterLock
from indexer.models import SearchRequest
from indexer.search.service import SearchService

from .conftest import quiet_progress, write_jsonl


def _article(n: int, extra: str = "") -> str:
    return f"Bài số {n} về kinh tế\n\nNội dung bài {n} nói về phát triển kinh tế địa phương {extra}."


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "txt").mkdir(parents=True)
    for n in range(3):
        (root / "txt" / f"a{n}.txt").write_text(_article(n), encoding="utf-8")
    write_jsonl(root / "feed.jsonl", [{"id": f"j{n}", "text": _article(10 + n)} for n in range(3)])
    return root


def _run(backend: TantivyBackend, paths: list[Path], **options) -> object:
    return index_paths(backend, paths, quiet_progress(), IngestOptions(data_dir=backend.settings.data_dir, **options))


def _ids(backend: TantivyBackend) -> list[str]:
    return sorted(s["id"] for s in backend.iter_stored())


def test_incremental_add_modify_delete_unchanged(tmp_path: Path, corpus: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    first = _run(backend, [corpus])
    assert (first.added, first.updated, first.deleted, first.unchanged) == (6, 0, 0, 0)
    after_first = _ids(backend)

    again = _run(backend, [corpus])
    assert (again.added, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 6)
    # Nothing analysed, nothing doubled, the same documents.
    assert again.analysed_sections == 0 and again.cached_documents == 0
    assert _ids(backend) == after_first and backend.count() == 6

    (corpus / "txt" / "a1.txt").write_text(_article(1, "sửa đổi"), encoding="utf-8")  # modified
    (corpus / "txt" / "a2.txt").unlink()  # withdrawn
    (corpus / "txt" / "a3.txt").write_text(_article(3), encoding="utf-8")  # new
    write_jsonl(corpus / "feed.jsonl", [{"id": "j0", "text": _article(10)}, {"id": "j1", "text": _article(11, "mới")}])
    third = _run(backend, [corpus])
    assert (third.added, third.updated, third.deleted, third.unchanged) == (1, 2, 2, 2)
    assert _ids(backend) == ["j0", "j1", "txt/a0.txt", "txt/a1.txt", "txt/a3.txt"]
    hit = SearchService(backend).search(SearchRequest(text="sửa đổi")).hits[0]
    assert hit.article.id == "txt/a1.txt"


def test_indexing_another_path_deletes_nothing_elsewhere(tmp_path: Path, corpus: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    _run(backend, [corpus / "txt"])
    other = write_jsonl(tmp_path / "other.jsonl", [{"id": "o1", "text": _article(99)}])
    report = _run(backend, [other])
    assert (report.added, report.deleted) == (1, 0) and backend.count() == 4


def test_a_file_that_turns_bad_keeps_its_documents(tmp_path: Path, corpus: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    _run(backend, [corpus])
    (corpus / "txt" / "a0.txt").write_bytes(b"\x00\x01 now binary")
    report = _run(backend, [corpus])
    assert report.deleted == 0 and len(report.skipped) == 1 and "a0.txt" in report.skipped[0].origin
    assert "txt/a0.txt" in _ids(backend)


def test_dry_run_reports_without_writing(tmp_path: Path, corpus: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    dry = _run(backend, [corpus], dry_run=True)
    assert dry.added == 6 and backend.live_version() is None
    _run(backend, [corpus])
    (corpus / "txt" / "a0.txt").unlink()
    dry = _run(backend, [corpus], dry_run=True)
    assert (dry.added, dry.deleted, dry.unchanged) == (0, 1, 5) and backend.count() == 6
    rebuild = reindex(backend, [corpus], quiet_progress(), IngestOptions(data_dir=backend.settings.data_dir, dry_run=True))
    assert (rebuild.unchanged, rebuild.deleted) == (5, 1) and len(backend.versions()) == 1


def test_duplicate_ids_are_reported_once_and_first_wins(tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "dup.jsonl", [{"id": "x", "text": _article(1)}, {"id": "x", "text": _article(2)}])
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    report = _run(backend, [feed])
    assert report.added == 1 and len(report.skipped) == 1 and "duplicate id 'x'" in report.skipped[0].reason
    assert f"{feed}:1" in report.skipped[0].reason and backend.count() == 1


def test_reindex_switches_atomically_and_reuses_the_cache(tmp_path: Path, corpus: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    _run(backend, [corpus])
    before = backend.live_version()
    report = reindex(backend, [corpus], quiet_progress(), IngestOptions(data_dir=backend.settings.data_dir))
    # Same code, same sources: every finished document comes from the cache.
    assert report.unchanged == 6 and report.cached_documents == 6 and report.analysed_sections == 0
    assert backend.live_version() != before and backend.versions() == [backend.live_version()]
    assert backend.count() == 6
    # Extraction or index fields changed (a new document cache): texts are not segmented again.
    for stale in (backend.settings.data_dir / "cache").glob("documents-*"):
        stale.unlink()
    report = reindex(backend, [corpus], quiet_progress(), IngestOptions(data_dir=backend.settings.data_dir))
    assert report.cached_documents == 0 and report.cached_sections == 12 and report.analysed_sections == 0
    assert backend.count() == 6


def test_reindex_refuses_to_replace_an_archive_with_nothing(tmp_path: Path, corpus: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    _run(backend, [corpus])
    live = backend.live_version()
    (tmp_path / "empty").mkdir()
    with pytest.raises(Exception, match="found no documents"):
        reindex(backend, [tmp_path / "empty"], quiet_progress(), IngestOptions(data_dir=backend.settings.data_dir))
    assert backend.live_version() == live and backend.versions() == [live] and backend.count() == 6


def test_second_writer_stops_at_once_naming_the_first(tmp_path: Path, corpus: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    with WriterLock(backend.settings.data_dir, "reindex seeds"):
        with pytest.raises(LockedError) as exc:
            _run(backend, [corpus])
    assert "vnsearch reindex seeds" in str(exc.value) and f"pid {os.getpid()}" in str(exc.value)
    assert backend.live_version() is None


def test_lock_left_by_a_dead_process_is_cleared(tmp_path: Path, corpus: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    backend.settings.data_dir.mkdir(parents=True)
    # What a writer killed with SIGKILL leaves: the file names it, but nobody holds the lock.
    (backend.settings.data_dir / "writer.lock").write_text(json.dumps({"pid": 999999, "command": "reindex"}))
    report = _run(backend, [corpus])
    assert report.added == 6


def test_cache_is_invalidated_by_a_new_analysis_version(tmp_path: Path) -> None:
    from indexer.analysis import analyze

    key, analysis = b"k" * 20, analyze("Đổi mới phương thức lãnh đạo")
    old = AnalysisCache(tmp_path, version="old")
    old.put_blobs([(key, encode_analysis(analysis))])
    assert old.get_many([key])[key].words == analysis.words
    old.close()
    new = AnalysisCache(tmp_path, version="new")
    assert new.get_many([key]) == {}
    assert not list(tmp_path.glob("analysis-old*"))  # stale cache files are removed
    new.close()


def test_a_damaged_cache_entry_is_rebuilt_not_fatal(tmp_path: Path, corpus: Path, caplog) -> None:
    import sqlite3

    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    _run(backend, [corpus])
    expected = {s["id"]: s for s in backend.iter_stored()}
    for path in (backend.settings.data_dir / "cache").glob("*.sqlite"):
        with sqlite3.connect(path) as db:  # a torn write, a bad sector: bytes that do not decode
            db.execute("UPDATE blobs SET value = substr(value, 1, 9)")
    report = reindex(backend, [corpus], quiet_progress(), IngestOptions(data_dir=backend.settings.data_dir))
    assert report.ok and report.cached_documents == 0 and report.analysed_sections == 12
    damaged = [r.getMessage() for r in caplog.records if "unreadable entries" in r.getMessage()]
    assert len(damaged) == 2 and any("documents-" in m for m in damaged)  # once per file, not per entry
    assert {s["id"]: s for s in backend.iter_stored()} == expected
    again = reindex(backend, [corpus], quiet_progress(), IngestOptions(data_dir=backend.settings.data_dir))
    assert again.cached_documents == 6  # rewritten good


def test_document_cache_entries_round_trip_even_with_a_nul_in_the_text() -> None:
    import dataclasses

    from indexer.ingest.cache import _decode_document, encode_document
    from indexer.extraction import extract_article
    from indexer.documents import build_document

    doc = build_document(extract_article(_article(1, "https://x.vn/a\x00b"), doc_id="nul"), content_hash="h")
    assert _decode_document(encode_document(doc)) == doc
    odd = dataclasses.replace(doc, text={**doc.text, "body_words": "a\x00b c"}, stored='{"id": "nul"}')
    assert _decode_document(encode_document(odd)) == odd  # NUL cannot separate fields here: the JSON form

