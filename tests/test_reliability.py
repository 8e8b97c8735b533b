"""Mistakes of the environment and odd requests: one clear line or an honest empty answer, never a
traceback, a crash or "everything" for a query that typed something."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from indexer.cli import main
from indexer.ingest import locking
from indexer.models import MAX_RESULT_WINDOW, ResultWindowError, SearchRequest, Sort
from indexer.search import SearchService
from tests.conftest import SEEDS
from webui import create_app

REPO = Path(__file__).resolve().parent.parent


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VNSEARCH_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=REPO)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


# --- deep pages --------------------------------------------------------------------------------


def test_a_deep_page_is_refused_in_one_line_not_an_engine_abort(seed_backend: Any) -> None:
    # Once the engine was asked for page 10^6 of 1,000 newest first: 48 GB, abort, exit 134.
    done = _cli(seed_backend.settings.data_dir, "search", "x", "--page", "1000000", "--size", "1000",
                "--sort", "newest")
    assert done.returncode == 2, done
    assert "--page" in _one_line(done.stderr) and f"{MAX_RESULT_WINDOW:,}" in done.stderr


def test_the_service_refuses_pages_past_the_window_whoever_asks(seed_service: SearchService) -> None:
    with pytest.raises(ResultWindowError, match="first 10,000 results"):
        seed_service.search(SearchRequest("x", page=MAX_RESULT_WINDOW // 10 + 1, size=10, sort=Sort.NEWEST))
    last = seed_service.search(SearchRequest("x", page=MAX_RESULT_WINDOW // 10, size=10))
    assert last.hits == ()  # the last page of the window is allowed (and empty here)


# --- the data directory -----------------------------------------------------------------------


def test_a_data_dir_that_is_a_file_is_one_line_for_every_command(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("oops", encoding="utf-8")
    for args in (("search", "x"), ("index", str(SEEDS)), ("reindex", str(SEEDS))):
        done = _cli(not_a_dir, *args)
        assert done.returncode == 2, (args, done)
        line = _one_line(done.stderr)
        assert "VNSEARCH_DATA_DIR" in line and str(not_a_dir) in line, line


def test_the_web_app_refuses_a_data_dir_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.config import ConfigError

    (tmp_path / "data").write_text("oops", encoding="utf-8")
    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(ConfigError, match="not a directory"):
        create_app()


def test_an_unwritable_data_dir_is_one_line_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # The operating system is the boundary here: as root no permission bit stops a write, so the
    # read-only file system is what the lock file's open() answers.
    real_open: Callable[..., int] = os.open

    def read_only(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith("writer.lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(locking.os, "open", read_only)
    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(tmp_path / "data"))
    assert main(["index", str(SEEDS)]) == 2
    line = _one_line(capsys.readouterr().err)
    assert re.fullmatch(r"vnsearch: read-only file system: .*writer\.lock", line), line


# --- dates before the year 1000 ----------------------------------------------------------------


def test_dates_before_the_year_1000_link_to_pages_that_answer(make_service: Callable[..., SearchService]) -> None:
    service = make_service([
        {"id": "old", "title": "Chiếu dời đô", "published": "0999-05-01", "text": "Chiếu dời đô\n\nLý Công Uẩn."},
        {"id": "new", "title": "Hội nghị", "published": "2022-01-19", "text": "Hội nghị\n\nNội dung."},
    ])
    result = service.search(SearchRequest(""))
    years = [v.value for v in result.facets["date"]]
    assert "0999" in years, years
    client = create_app(service=service).test_client()
    page = client.get("/?period=0999")
    assert page.status_code == 200 and "Chiếu dời đô" in page.get_data(as_text=True)
    facet_links = re.findall(r'href="([^"]*period=0999[^"]*)"', client.get("/").get_data(as_text=True))
    assert facet_links and all(client.get(link.replace("&amp;", "&")).status_code == 200 for link in facet_links)
    article = client.get("/articles/old").get_data(as_text=True)
    (date_link,) = re.findall(r'href="([^"]*period=0999-05[^"]*)"', article)
    assert client.get(date_link.replace("&amp;", "&")).status_code == 200
    assert "01/05/999" in article


# --- queries that typed something but nothing searchable ----------------------------------------


@pytest.mark.parametrize("text", ["🙂🙂", "\u200b\u200b", "x" * 70, "🙂 -hội", '"🙂"'])
def test_a_query_with_nothing_searchable_finds_nothing_rather_than_everything(
        seed_service: SearchService, text: str) -> None:
    result = seed_service.search(SearchRequest(text))
    assert result.total == 0 and result.hits == () and not result.relaxed, text


@pytest.mark.parametrize("text", ["", "   ", ",,", "…"])
def test_an_empty_looking_query_still_lists_everything(seed_service: SearchService, text: str) -> None:
    assert seed_service.search(SearchRequest(text)).total == 5


def test_a_read_only_index_directory_is_not_called_damaged(seed_backend: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # tantivy writes a lock file even to read; on a read-only mount it answers with the OS error
    # (the message below is what it printed on a remounted tmpfs). That is no damage: reindex
    # would not help, making the directory writable does.
    import tantivy

    from indexer.backends.tantivy import TantivyBackend
    from indexer.config import Settings
    from indexer.search.engine import BackendError, IndexDamaged

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise ValueError('Failed to acquire Lockfile: IoError(Os { code: 30, kind: ReadOnlyFilesystem, '
                         'message: "Read-only file system" }). None')

    fresh = TantivyBackend(Settings(data_dir=seed_backend.settings.data_dir))
    monkeypatch.setattr(tantivy, "Index", read_only)
    with pytest.raises(BackendError, match="not writable") as raised:
        SearchService(fresh).search(SearchRequest("doi moi"))
    assert not isinstance(raised.value, IndexDamaged)
