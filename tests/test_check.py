"""`vnsearch check`: one line per finding, "ok" or "PROBLEM … repair: …", exit 0 when healthy
and 1 otherwise; on the embedded engine and on Elasticsearch (osmem-server stands in)."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from indexer.backends.tantivy import TantivyBackend
from indexer.cli import main
from indexer.config import Settings
from indexer.ingest import IngestOptions, index_paths
from indexer.ingest.locking import WriterLock

from .conftest import SEEDS, quiet_progress, write_jsonl


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("check") / "data"
    report = index_paths(TantivyBackend(Settings(data_dir=data)), [SEEDS], quiet_progress(),
                         IngestOptions(data_dir=data, workers=1))
    assert report.added == 5
    return data


@pytest.fixture()
def data_dir(tmp_path: Path, pristine: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of an index of the seeds (the recorded source, seeds/, is shared and present)."""
    shutil.copytree(pristine, tmp_path / "data")
    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("VNSEARCH_BACKEND", raising=False)
    return tmp_path / "data"


def run_check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    capsys.readouterr()
    status = main(["check"])
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert "Traceback" not in out.err and lines, out
    problems = [line for line in lines if line.startswith("PROBLEM")]
    # Every finding is one line; the last says how it went.
    assert all(line.startswith(("ok ", "PROBLEM ")) for line in lines[:-1]), lines
    assert lines[-1] == ("healthy" if not problems else f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found")
    assert status == (1 if problems else 0)
    return status, lines


def problems(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("PROBLEM")]


def live_dir(data_dir: Path) -> Path:
    return data_dir / "tantivy" / (data_dir / "tantivy" / "LIVE").read_text(encoding="utf-8").strip()


def test_a_healthy_installation(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = run_check(capsys)
    assert status == 0, lines
    text = "\n".join(lines)
    assert "5 documents" in text and f"source {SEEDS.resolve()}: present" in text and "writer lock: free" in text
    assert "data directory" in text and "cache analysis-" in text
    assert "vocabulary: readable, for the live index" in text


def test_a_missing_or_damaged_vocabulary_is_named_and_index_repairs_it(data_dir: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (vocabulary,) = (data_dir / "vocabulary").glob("*.sqlite")
    vocabulary.write_bytes(b"not a vocabulary")
    status, lines = run_check(capsys)
    (problem,) = problems(lines)
    assert status == 1 and "vocabulary:" in problem and "cannot be read" in problem and "vnsearch index PATH" in problem
    vocabulary.unlink()
    (problem,) = problems(run_check(capsys)[1])
    assert "is missing" in problem
    assert main(["index", str(SEEDS)]) == 0  # nothing changed in the sources: the vocabulary is made
    assert run_check(capsys)[0] == 0


def test_nothing_indexed_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(tmp_path / "nowhere"))
    status, lines = run_check(capsys)
    assert status == 1
    assert any("data directory" in p and "does not exist" in p for p in problems(lines))
    assert any("live index" in p and "`vnsearch index PATH…`" in p for p in problems(lines))


@pytest.mark.parametrize("damage", ["meta", "LIVE", "truncated"])
def test_a_damaged_live_index_names_reindex(data_dir: Path, damage: str, capsys: pytest.CaptureFixture[str]) -> None:
    if damage == "meta":
        (live_dir(data_dir) / "meta.json").write_text("garbage{", encoding="utf-8")
    elif damage == "LIVE":
        (data_dir / "tantivy" / "LIVE").write_text("v-gone\n", encoding="utf-8")
    else:
        for path in live_dir(data_dir).glob("*.store"):
            os.truncate(path, path.stat().st_size // 2)
    status, lines = run_check(capsys)
    (live,) = [p for p in problems(lines) if p.startswith("PROBLEM  live index:")]
    assert "repair: `vnsearch reindex`" in live, live
    assert {"meta": "meta.json", "LIVE": "v-gone", "truncated": ".store"}[damage] in live
    assert main(["reindex"]) == 0
    assert run_check(capsys)[0] == 0


def test_a_damaged_byte_inside_a_file_fails_its_checksum(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Positions are read by phrase queries only: the index opens and a plain search still runs.
    (pos,) = sorted(live_dir(data_dir).glob("*.pos"))[:1]
    data = bytearray(pos.read_bytes())
    data[len(data) // 3] ^= 0xFF
    pos.write_bytes(bytes(data))
    status, lines = run_check(capsys)
    (damaged,) = problems(lines)
    assert damaged.startswith(f"PROBLEM  live index: file {pos.name} is damaged") and "`vnsearch reindex`" in damaged
    assert any(line.startswith("ok       live index: version") for line in lines)


def test_a_leftover_version_and_its_repair(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    TantivyBackend(Settings(data_dir=data_dir)).create_version("v-killed")
    status, lines = run_check(capsys)
    (left,) = problems(lines)
    assert "index version v-killed" in left and "never went live" in left and "`vnsearch index`" in left
    assert main(["index", str(SEEDS)]) == 0
    assert run_check(capsys)[0] == 0


def test_a_missing_source_is_named_with_the_flag(data_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    write_jsonl(archive / "feed.jsonl", [{"id": f"a{n}", "text": f"Bài {n}\n\nNội dung {n}."} for n in range(3)])
    assert main(["index", str(archive)]) == 0
    shutil.rmtree(archive)
    status, lines = run_check(capsys)
    (missing,) = problems(lines)
    assert f"source {archive}: is missing (3 documents indexed from it)" in missing
    assert "--allow-missing" in missing


def test_a_damaged_cache_is_named(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = sorted((data_dir / "cache").glob("documents-*.sqlite"))[0]
    for leftover in data_dir.glob("cache/*.sqlite-*"):
        leftover.unlink()
    cache.write_bytes(b"not a database" * 100)
    status, lines = run_check(capsys)
    (damaged,) = problems(lines)
    assert f"cache {cache.name}: cannot be read" in damaged and f"`rm {cache}`" in damaged


def test_a_damaged_cache_entry_is_named(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = sorted((data_dir / "cache").glob("analysis-*.sqlite"))[0]
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE blobs SET value = substr(value, 1, 3)")
    status, lines = run_check(capsys)
    assert any(cache.name in p for p in problems(lines)), lines


def test_the_writer_lock_held_and_stale(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    TantivyBackend(Settings(data_dir=data_dir)).create_version("v-building")
    with WriterLock(data_dir, "reindex"):
        status, lines = run_check(capsys)
    text = "\n".join(lines)
    assert status == 0, lines  # a running rebuild is not a problem, nor the version it builds
    assert f"writer lock: held by `vnsearch reindex` (pid {os.getpid()}" in text and "being built" in text
    # What a writer killed with SIGKILL leaves: the file names it, nobody holds the lock.
    shutil.rmtree(data_dir / "tantivy" / "v-building")
    (data_dir / "writer.lock").write_text(json.dumps({"pid": 999999, "command": "index"}), encoding="utf-8")
    status, lines = run_check(capsys)
    assert status == 0 and any("writer lock: free; last held by `vnsearch index` (pid 999999" in line for line in lines)


def test_an_unwritable_data_dir(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    # As root no permission bit stops a write: the read-only file system is simulated.
    real = pathlib.Path.write_bytes

    def read_only(self: Path, data: bytes) -> int:
        if self.name.startswith(".vnsearch-check"):
            raise OSError(30, "Read-only file system", str(self))
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", read_only)
    status, lines = run_check(capsys)
    (unwritable,) = problems(lines)
    assert "data directory" in unwritable and "not writable (Read-only file system)" in unwritable


# --- Elasticsearch ---------------------------------------------------------------------------------


def _use_elasticsearch(monkeypatch: pytest.MonkeyPatch, url: str, data_dir: Path, wait: str = "30") -> str:
    prefix = f"vnsearch-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("VNSEARCH_BACKEND", "elasticsearch")
    monkeypatch.setenv("ELASTICSEARCH_URL", url)
    monkeypatch.setenv("VNSEARCH_INDEX_PREFIX", prefix)
    monkeypatch.setenv("VNSEARCH_ES_WAIT", wait)
    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(data_dir))
    return prefix


def test_check_on_elasticsearch(elasticsearch_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    from indexer.backends.elasticsearch import ElasticsearchBackend

    _use_elasticsearch(monkeypatch, elasticsearch_url, tmp_path / "data")
    backend = ElasticsearchBackend(Settings.from_env())
    try:
        assert run_check(capsys)[0] == 1  # nothing indexed yet
        assert main(["index", str(SEEDS)]) == 0
        status, lines = run_check(capsys)
        assert status == 0 and any("opens and answers a search; 5 documents" in line for line in lines), lines
        backend.create_version("leftover")
        status, lines = run_check(capsys)
        (left,) = problems(lines)
        assert "index version leftover" in left and "never went live" in left
    finally:
        for version in backend.versions():
            backend.drop_version(version)
        backend.close()


def test_check_with_elasticsearch_unreachable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    _use_elasticsearch(monkeypatch, "http://127.0.0.1:9", tmp_path / "data", wait="0")
    status, lines = run_check(capsys)
    assert any(p.startswith("PROBLEM  search engine (elasticsearch):") and "unreachable" in p
               for p in problems(lines)), lines
