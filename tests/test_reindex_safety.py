"""Rebuilds under load and under failure: searches never fail, kill -9 and a full disk lose nothing.

These run the real `vnsearch reindex` in a subprocess over a few thousand VNTC articles.
"""

from __future__ import annotations

import gzip
import itertools
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend
from indexer.ingest import IngestOptions, index_paths
from indexer.models import SearchRequest
from indexer.search.service import SearchService

from .conftest import needs_vntc, quiet_progress, write_jsonl

pytestmark = pytest.mark.slow
QUERY = "kinh tế"
MARKER = "zzvnsearchmarker"


@pytest.fixture(scope="module")
def vntc_subsets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """Two inputs: A (2,000 articles) and B (the same plus one marker article)."""
    corpus = needs_vntc("the reindex safety tests index 2,000 VNTC articles")
    folder = tmp_path_factory.mktemp("vntc")
    with gzip.open(corpus, "rb") as fh:
        lines = list(itertools.islice(fh, 2000))
    a = folder / "a.jsonl"
    a.write_bytes(b"".join(lines))
    b = folder / "b.jsonl"
    marker = write_jsonl(folder / "marker.jsonl", [{"id": "marker", "text": f"Bài {MARKER}\n\nNội dung {MARKER}."}])
    b.write_bytes(a.read_bytes() + marker.read_bytes())
    return a, b, len(lines)


def _reindex_process(data_dir: Path, source: Path, *extra: str, limit_bytes: int | None = None) -> subprocess.Popen:
    env = {**os.environ, "VNSEARCH_DATA_DIR": str(data_dir)}

    def limit_file_size() -> None:  # a "full disk": writes past the limit fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "reindex", str(source), "--no-cache", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=limit_file_size if limit_bytes else None,
    )


def _snapshot(backend: TantivyBackend) -> tuple[str | None, int, list[str]]:
    hits = SearchService(backend).search(SearchRequest(text=QUERY, size=10)).hits
    return backend.live_version(), backend.count(), [h.article.id for h in hits]


@pytest.fixture()
def indexed(tmp_path: Path, vntc_subsets) -> TantivyBackend:
    a, _, n = vntc_subsets
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    report = index_paths(backend, [a], quiet_progress(), IngestOptions(data_dir=backend.settings.data_dir))
    assert report.added == n
    return backend


def test_searches_never_fail_during_a_full_reindex(indexed: TantivyBackend, vntc_subsets) -> None:
    _, b, n = vntc_subsets
    old_version = indexed.live_version()
    proc = _reindex_process(indexed.settings.data_dir, b)
    reader = TantivyBackend(Settings(data_dir=indexed.settings.data_dir))  # as the web app would: its own handle, never restarted
    service = SearchService(reader)
    requests = failures = empty = 0
    deadline = time.monotonic() + 600
    while proc.poll() is None and time.monotonic() < deadline:
        requests += 1
        try:
            result = service.search(SearchRequest(text=QUERY, size=10))
            if result.total == 0 or not result.hits:
                empty += 1
        except Exception:  # noqa: BLE001 - any failure counts
            failures += 1
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert requests > 20 and failures == 0 and empty == 0, (requests, failures, empty)
    # Afterwards the same reader serves the new index: the marker only exists there.
    assert reader.live_version() != old_version
    assert [h.article.id for h in service.search(SearchRequest(text=MARKER)).hits] == ["marker"]
    assert reader.count() == n + 1 and reader.versions() == [reader.live_version()]


def _kill_when(proc: subprocess.Popen, wait: str | float) -> None:
    """SIGKILL after a delay, or once a progress line containing `wait` appeared on stderr."""
    if isinstance(wait, float):
        time.sleep(wait)
    else:
        for line in proc.stderr:  # plain progress lines, since stderr is not a terminal
            if wait in line:
                break
    proc.kill()
    proc.wait(timeout=30)


@pytest.mark.parametrize("kill_at", [0.3, 2.0, "… 1000/", "… 2000/"], ids=["start", "early", "middle", "end"])
def test_kill_9_leaves_the_live_index_intact_and_the_rerun_completes(indexed: TantivyBackend, vntc_subsets,
                                                                      kill_at: str | float) -> None:
    _, b, n = vntc_subsets
    before = _snapshot(indexed)
    proc = _reindex_process(indexed.settings.data_dir, b)
    _kill_when(proc, kill_at)
    assert proc.returncode == -signal.SIGKILL
    reader = TantivyBackend(Settings(data_dir=indexed.settings.data_dir))
    assert _snapshot(reader) == before
    rerun = _reindex_process(indexed.settings.data_dir, b)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert "added 1," in err and f"unchanged {n}," in err and "skipped 0" in err
    assert reader.count() == n + 1 and reader.versions() == [reader.live_version()]
    assert not [p for p in (indexed.settings.data_dir / "tantivy").iterdir() if p.name.startswith(".LIVE")]


def test_full_disk_during_rebuild_leaves_live_index_untouched(indexed: TantivyBackend, vntc_subsets) -> None:
    _, b, _ = vntc_subsets
    before = _snapshot(indexed)
    proc = _reindex_process(indexed.settings.data_dir, b, limit_bytes=1_000_000)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode != 0
    lines = [line for line in err.splitlines() if line.startswith("vnsearch:")]
    assert len(lines) == 1 and "failed" in lines[0], err
    assert "Traceback" not in err
    reader = TantivyBackend(Settings(data_dir=indexed.settings.data_dir))
    assert _snapshot(reader) == before and reader.versions() == [before[0]]
