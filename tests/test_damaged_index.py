"""When the index or its sources are damaged or gone: say so, answer 503, repair with `reindex`,
never shrink the archive silently.

- a rebuild never drops the documents of a missing, empty or left-out source path without
  `--allow-missing`; `index` keeps them;
- a damaged live index (garbage `meta.json`, a truncated segment file, `LIVE` naming nothing) is
  503 + Retry-After on every route, logged once with its cause; `reindex` repairs it, `index`
  says that it does;
- a server that had an index and loses it says so (503), unlike a fresh install;
- `index` removes versions that never went live, like `reindex`;
- a full disk or a file size limit is named as such;
- a segment file truncated under a running server: 503, not a SIGBUS.

Real tantivy indices under tmp_path; the cases that could kill the process (SIGBUS) run in a
subprocess. New engine names (IndexDamaged) are looked up inside the tests, so that on a tree
without them each test fails on its own.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import indexer
from indexer.backends.tantivy import TantivyBackend
from indexer.cli import main
from indexer.config import Settings
from indexer.ingest import IngestOptions, index_paths
from indexer.models import SearchRequest
from indexer.search import engine
from indexer.search.engine import BackendError
from indexer.search.plan import SearchPlan
from indexer.query.tree import MatchAll
from indexer.search.service import SearchService
from webui import create_app

from .conftest import SEED_000, SEEDS, ingest, quiet_progress, write_jsonl

# The tree under test (a subprocess must import the same one).
TREE = Path(indexer.__file__).resolve().parent.parent
ARCHIVE_DOCS = 12
# Every page and API route that reads the index (the article routes with a seed's id).
ROUTES = ["/", "/?q=doi+moi", f"/articles/{SEED_000}", "/api/search?q=doi+moi", "/api/suggest?q=doi",
          f"/api/articles/{SEED_000}"]


def _archive(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_jsonl(folder / "feed.jsonl", [
        {"id": f"arch-{n}", "text": f"Bài lưu trữ số {n}\n\nNội dung về kinh tế địa phương số {n}."}
        for n in range(ARCHIVE_DOCS)])
    return folder


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analysis cache of the seeds and the archive: each test's own index skips pyvi."""
    root = tmp_path_factory.mktemp("warm")
    backend = TantivyBackend(Settings(data_dir=root / "data"))
    index_paths(backend, [SEEDS, _archive(root / "archive")], quiet_progress(),
                IngestOptions(data_dir=root / "data", workers=1))
    backend.close()
    return root / "data" / "cache"


@pytest.fixture()
def site(tmp_path: Path, warm_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`tmp_path/data` indexing the seeds and `tmp_path/archive` (12 documents); the environment
    points the command at it."""
    shutil.copytree(warm_cache, tmp_path / "data" / "cache")
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    report = index_paths(backend, [SEEDS, _archive(tmp_path / "archive")], quiet_progress(),
                         IngestOptions(data_dir=tmp_path / "data", workers=1))
    assert report.added == 5 + ARCHIVE_DOCS and report.ok
    backend.close()
    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("VNSEARCH_BACKEND", raising=False)
    return tmp_path


def _backend(site: Path) -> TantivyBackend:
    return TantivyBackend(Settings(data_dir=site / "data"))


def _live_dir(site: Path) -> Path:
    root = site / "data" / "tantivy"
    return root / (root / "LIVE").read_text(encoding="utf-8").strip()


def _count(site: Path) -> int:
    return _backend(site).count()


def _stderr_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


# --- damage, as an admin or a disk may do it -----------------------------------------------------


def _truncate(site: Path, ext: str = "store") -> None:
    for path in sorted(_live_dir(site).glob(f"*.{ext}")):
        os.truncate(path, path.stat().st_size // 2)


def _garbage_meta(site: Path) -> None:
    (_live_dir(site) / "meta.json").write_text("garbage{", encoding="utf-8")


def _no_meta(site: Path) -> None:
    (_live_dir(site) / "meta.json").unlink()


def _live_names_nothing(site: Path) -> None:
    (site / "data" / "tantivy" / "LIVE").write_text("v-missing\n", encoding="utf-8")


def _live_emptied(site: Path) -> None:
    (site / "data" / "tantivy" / "LIVE").write_text("", encoding="utf-8")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage meta.json": _garbage_meta,
    "meta.json deleted": _no_meta,
    "truncated segment file": _truncate,
    "LIVE names a missing version": _live_names_nothing,
    "LIVE emptied": _live_emptied,
}


# --- 1. a rebuild never drops documents silently ---------------------------------------------------


def test_reindex_refuses_when_a_recorded_path_is_missing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = _backend(site).live_version()
    (site / "archive").rename(site / "archive.moved")  # a moved folder, an unmounted disk
    assert main(["reindex"]) != 0
    err = "\n".join(_stderr_lines(capsys))
    assert str(site / "archive") in err and "--allow-missing" in err
    assert f"drop {ARCHIVE_DOCS} documents" in err, err
    assert _count(site) == 5 + ARCHIVE_DOCS and _backend(site).live_version() == live
    # Accepted explicitly: rebuilt without it, and forgotten, so the next rebuild runs.
    assert main(["reindex", "--allow-missing"]) == 0
    assert _count(site) == 5
    recorded = json.loads((site / "data" / "sources.json").read_text(encoding="utf-8"))["paths"]
    assert str(site / "archive") not in recorded
    assert main(["reindex"]) == 0 and _count(site) == 5


def test_reindex_refuses_an_empty_mount_point(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "archive" / "feed.jsonl").unlink()  # the mount point is there, the disk is not
    assert main(["reindex"]) != 0
    err = "\n".join(_stderr_lines(capsys))
    assert str(site / "archive") in err and "holds no input file" in err and "--allow-missing" in err
    assert _count(site) == 5 + ARCHIVE_DOCS


def test_reindex_of_fewer_paths_says_how_many_documents_go(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reindex", str(SEEDS)]) != 0
    err = "\n".join(_stderr_lines(capsys))
    assert f"drop {ARCHIVE_DOCS} documents of the {5 + ARCHIVE_DOCS}" in err and "--allow-missing" in err, err
    assert _count(site) == 5 + ARCHIVE_DOCS
    assert main(["reindex", "--dry-run", str(SEEDS)]) != 0  # a dry run says the same
    assert main(["reindex", "--allow-missing", str(SEEDS)]) == 0 and _count(site) == 5
    # The record now says what the index holds: a later plain rebuild does not bring them back.
    recorded = json.loads((site / "data" / "sources.json").read_text(encoding="utf-8"))["paths"]
    assert recorded == [str(SEEDS.resolve())]


def test_a_folder_gone_inside_a_recorded_path_is_an_absence_not_deletions(
        site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # /archive/2020 on a disk of its own, not mounted now: the archive is there, 2020 is not.
    year = site / "archive" / "2020"
    year.mkdir()
    write_jsonl(year / "feed.jsonl", [{"id": f"y{n}", "text": f"Tin năm 2020 số {n}\n\nNội dung."} for n in range(4)])
    assert main(["index", str(site / "archive")]) == 0 and _count(site) == 5 + ARCHIVE_DOCS + 4
    year.rename(site / "2020.moved")
    year.mkdir()  # the empty mount point
    capsys.readouterr()
    assert main(["reindex"]) != 0
    err = capsys.readouterr().err
    assert f"{year} holds no input file (4 documents indexed from it)" in err and "--allow-missing" in err, err
    assert main(["index", str(site / "archive")]) == 1  # kept, and said
    assert "its 4 indexed documents are kept" in capsys.readouterr().err
    assert _count(site) == 5 + ARCHIVE_DOCS + 4
    assert main(["reindex", "--allow-missing"]) == 0 and _count(site) == 5 + ARCHIVE_DOCS


def test_reindex_still_deletes_a_file_removed_inside_a_present_path(site: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_jsonl(site / "archive" / "feed.jsonl", [{"id": "arch-0", "text": "Bài lưu trữ số 0\n\nNội dung."}])
    assert main(["reindex"]) == 0
    assert f"deleted {ARCHIVE_DOCS - 1}," in capsys.readouterr().err and _count(site) == 6


def test_index_keeps_the_documents_of_a_missing_or_empty_path(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "archive").rename(site / "archive.moved")
    assert main(["index", str(site / "archive")]) == 1
    err = capsys.readouterr().err
    assert f"its {ARCHIVE_DOCS} indexed documents are kept" in err and "--allow-missing" in err, err
    assert _count(site) == 5 + ARCHIVE_DOCS
    (site / "archive").mkdir()  # an empty mount point
    assert main(["index", str(site / "archive")]) == 1 and _count(site) == 5 + ARCHIVE_DOCS
    assert main(["index", "--allow-missing", str(site / "archive")]) == 0 and _count(site) == 5


# --- 2. a damaged live index: 503 everywhere, logged once, repaired by reindex ---------------------


@pytest.mark.parametrize("damage", [k for k in DAMAGE if k != "truncated segment file"])  # SIGBUS: below
def test_damage_under_a_running_app_is_503_on_every_route_logged_once(
        site: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    client = create_app(service=SearchService(_backend(site))).test_client()
    assert client.get("/api/search?q=doi+moi").get_json()["total"] > 0  # the index is open and read
    DAMAGE[damage](site)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        for url in ROUTES:
            response = client.get(url)
            assert response.status_code == 503 and response.headers["Retry-After"].isdigit(), (url, response.status)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1, [r.getMessage() for r in failures]
    assert "reindex" in failures[0].getMessage()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_new_worker_on_a_damaged_index_answers_503(site: Path, damage: str) -> None:
    DAMAGE[damage](site)
    client = create_app(service=SearchService(_backend(site))).test_client()
    for url in ROUTES:
        response = client.get(url)
        assert response.status_code == 503 and response.headers["Retry-After"].isdigit(), (url, response.status)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_reindex_repairs_a_damaged_live_index(site: Path, damage: str, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = _live_dir(site)
    DAMAGE[damage](site)
    assert main(["reindex"]) == 0, capsys.readouterr().err
    backend = _backend(site)
    assert backend.count() == 5 + ARCHIVE_DOCS and backend.versions() == [backend.live_version()]
    assert not damaged.exists() or damaged.name == backend.live_version()
    assert SearchService(backend).article(SEED_000) is not None


@pytest.mark.parametrize("damage", ["garbage meta.json", "truncated segment file", "LIVE names a missing version",
                                    "LIVE emptied"])
def test_index_on_a_damaged_index_says_reindex_repairs_it(site: Path, damage: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    DAMAGE[damage](site)
    assert main(["index", str(SEEDS)]) != 0
    lines = _stderr_lines(capsys)
    assert len(lines) == 1 and "vnsearch reindex" in lines[0] and "Traceback" not in lines[0], lines


def test_damaged_data_is_an_engine_error_not_a_panic(site: Path) -> None:
    """Bytes changed inside a file (its footer intact): tantivy may panic in Rust, which Python
    sees as a BaseException; the backend turns it into a BackendError (503)."""
    for path in _live_dir(site).glob("*.fast"):
        data = bytearray(path.read_bytes())
        for i in range(len(data) // 4, len(data) // 2):
            data[i] ^= 0x5A
        path.write_bytes(bytes(data))
    backend = _backend(site)
    with pytest.raises(BackendError):
        SearchService(backend).search(SearchRequest(""))


# --- 3. an index lost while serving is not a fresh install -----------------------------------------


def _lose_data_dir(site: Path) -> None:
    shutil.rmtree(site / "data")


def _lose_live(site: Path) -> None:
    (site / "data" / "tantivy" / "LIVE").unlink()


@pytest.mark.parametrize("lose", [_lose_data_dir, _lose_live, _live_emptied], ids=["data dir deleted",
                                                                                 "LIVE deleted", "LIVE emptied"])
def test_a_server_that_loses_its_index_says_so(site: Path, lose: Callable[[Path], None],
                                               caplog: pytest.LogCaptureFixture) -> None:
    client = create_app(service=SearchService(_backend(site))).test_client()
    assert client.get("/api/search?q=doi+moi").get_json()["total"] > 0
    lose(site)
    with caplog.at_level(logging.ERROR):
        for url in ROUTES:
            response = client.get(url)
            assert response.status_code == 503 and response.headers["Retry-After"].isdigit(), (url, response.status)
    assert any("search engine failed" in r.getMessage() for r in caplog.records)


def test_a_fresh_install_still_answers_empty_then_follows_the_first_index(tmp_path: Path) -> None:
    data = tmp_path / "data"
    client = create_app(service=SearchService(TantivyBackend(Settings(data_dir=data)))).test_client()
    response = client.get("/?q=doi+moi")
    assert response.status_code == 200 and "Chưa có bài viết nào trong kho" in client.get("/").get_data(as_text=True)
    index_paths(TantivyBackend(Settings(data_dir=data)), [SEEDS], quiet_progress())  # another process, say
    assert client.get("/api/search?q=doi+moi").get_json()["total"] > 0


def test_a_lost_live_index_is_an_error_on_both_engines(backend_factory, tmp_path: Path) -> None:
    """Contract: once a backend has read a live version, losing it is IndexDamaged (503), while a
    backend that never had one answers an empty archive."""
    backend = backend_factory()
    ingest(backend, [SEEDS], backend_factory.data_dir)
    service = SearchService(backend)
    assert service.search(SearchRequest("doi moi")).total > 0
    backend.drop_version(backend.live_version())
    for ask in (lambda: service.search(SearchRequest("doi moi")), backend.count,
                lambda: backend.search(SearchPlan(query=MatchAll()))):
        with pytest.raises(engine.IndexDamaged):
            ask()
    fresh = backend_factory()
    assert fresh.count() == 0 and fresh.search(SearchPlan(query=MatchAll())).total == 0


# --- 4. index removes versions that never went live ----------------------------------------------


def test_index_removes_a_partial_version_left_by_a_killed_first_index(tmp_path: Path) -> None:
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    backend.create_version("v-killed")  # a first `index` killed before it switched LIVE
    with backend.writer("v-killed") as writer:
        writer.commit()
    assert backend.live_version() is None and backend.versions() == ["v-killed"]
    index_paths(backend, [SEEDS], quiet_progress())
    assert backend.versions() == [backend.live_version()] and backend.count() == 5
    backend.create_version("v-killed-later")  # and one left by a killed reindex, once an index is live
    index_paths(backend, [SEEDS], quiet_progress())
    assert backend.versions() == [backend.live_version()]


@pytest.mark.slow
def test_a_first_index_killed_9_is_cleaned_by_the_next_index(tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "big.jsonl", [
        {"id": f"d{n}", "text": f"Bài {n}\n\n" + "Nội dung về phát triển kinh tế địa phương. " * 40}
        for n in range(2500)])
    env = {**os.environ, "VNSEARCH_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(TREE)}
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "index", str(feed), "--workers", "1", "--no-cache"],
                            env=env, stderr=subprocess.PIPE, text=True, cwd=TREE)
    assert proc.stderr is not None
    for line in proc.stderr:
        if "… 1000/" in line:
            break
    proc.kill()
    proc.wait(timeout=30)
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    assert backend.live_version() is None and len(backend.versions()) == 1  # the partial version
    index_paths(backend, [SEEDS], quiet_progress())
    assert backend.versions() == [backend.live_version()]


# --- 5. a full disk, a file size limit: said plainly -----------------------------------------------


def _index_with_file_limit(tmp_path: Path, limit: int, free: int | None) -> subprocess.CompletedProcess[str]:
    """`vnsearch index seeds` in a process whose files cannot grow past `limit` bytes (writes fail
    with EFBIG, as on a full disk), its disk reporting `free` bytes free when given."""
    patch = f"shutil.disk_usage = lambda p, real=shutil.disk_usage: real(p)._replace(free={free})" if free else ""
    code = textwrap.dedent(f"""
        import shutil, sys
        {patch}
        from indexer.cli import main
        sys.exit(main(["index", {str(SEEDS)!r}, "--no-cache", "--workers", "1"]))
    """)

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "VNSEARCH_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(TREE)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300,
                          cwd=TREE, preexec_fn=limit_file_size)


def test_a_full_disk_says_no_space_left(tmp_path: Path) -> None:
    done = _index_with_file_limit(tmp_path, 20_000, free=4096)
    lines = [line for line in done.stderr.splitlines() if line.startswith("vnsearch:")]
    assert done.returncode != 0 and len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "no space left on" in lines[0] and str(tmp_path / "data") in lines[0], lines
    assert "writer was killed" not in lines[0]
    assert TantivyBackend(Settings(data_dir=tmp_path / "data")).versions() == []  # nothing half-built left


def test_a_file_size_limit_is_named(tmp_path: Path) -> None:
    done = _index_with_file_limit(tmp_path, 20_000, free=None)
    lines = [line for line in done.stderr.splitlines() if line.startswith("vnsearch:")]
    assert done.returncode != 0 and len(lines) == 1, done.stderr
    assert "file size limit" in lines[0] and "20000 bytes" in lines[0] and "writer was killed" not in lines[0], lines


KILLED_WRITER = ValueError("An error occurred in a thread: 'An index writer was killed.. A worker thread encountered "
                           "an error (io::Error most likely) or panicked.'")


def test_a_killed_indexing_thread_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tantivy's indexing threads hide the I/O error; the free space says whether the disk is full."""
    from indexer.backends import tantivy as tantivy_backend

    monkeypatch.setattr(resource, "getrlimit", lambda _: (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    message = str(tantivy_backend._write_failure("writing", KILLED_WRITER, tmp_path / "v1"))
    assert "indexing thread stopped on an I/O error" in message and f"free on {tmp_path / 'v1'}" in message
    monkeypatch.setattr(shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10**9, 10**9, 0))  # type: ignore[attr-defined]
    message = str(tantivy_backend._write_failure("writing", KILLED_WRITER, tmp_path / "v1"))
    assert message.startswith("writing the index failed: no space left on") and "0 bytes free" in message


# --- 7. a segment file truncated under a running server ----------------------------------------------

_SERVE_THEN_TRUNCATE = """
import os, sys, time
from pathlib import Path
from indexer.backends.tantivy import TantivyBackend
from indexer.config import Settings
from indexer.search.service import SearchService
from webui import create_app

data = Path(sys.argv[1])
client = create_app(service=SearchService(TantivyBackend(Settings(data_dir=data)))).test_client()
print(client.get("/api/search?q=doi+moi").status_code, flush=True)
live = data / "tantivy" / (data / "tantivy" / "LIVE").read_text().strip()
for ext in ("store", "idx", "term", "pos"):
    for path in live.glob("*." + ext):
        os.truncate(path, path.stat().st_size // 2)
time.sleep(float(os.environ["SLEEP"]))  # tantivy's own reload thread polls every 500 ms: it must not touch the cut files
for url in sys.argv[2:]:
    print(client.get(url).status_code, flush=True)
"""


@pytest.mark.parametrize("sleep", ["1.5", "0"])  # at once too: a searcher reused between searches is checked
def test_truncating_segments_under_a_running_app_answers_503_not_sigbus(site: Path, sleep: str) -> None:
    done = subprocess.run([sys.executable, "-c", _SERVE_THEN_TRUNCATE, str(site / "data"), *ROUTES],
                          capture_output=True, text=True, timeout=120, cwd=TREE,
                          env={**os.environ, "PYTHONPATH": str(TREE), "SLEEP": sleep})
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])  # -7: killed by SIGBUS
    assert done.stdout.split() == ["200"] + ["503"] * len(ROUTES), done.stdout
