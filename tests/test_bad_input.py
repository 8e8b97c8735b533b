"""Issue 13: no bad input line or file name loses a run.

Each bad item becomes one printable line naming the file (and line) through `Skipped`; the
good documents around it are indexed into a real tantivy index, and nothing raises.
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from indexer.backends.tantivy import TantivyBackend
from indexer.cli import main
from indexer.config import Settings
from indexer.ingest import IngestOptions, IngestReport, Progress, index_paths
from indexer.ingest import sources
from indexer.ingest.cache import source_key, text_key
from indexer.ingest.sources import Skipped, SourceDoc, read_sources


def _text(n: int) -> str:
    return f"Bài số {n} về chuyển đổi số\n\nNội dung bài {n} nói về chuyển đổi số ở địa phương."


def _good(n: int, **fields: Any) -> str:
    return json.dumps({"id": f"g{n}", "text": _text(n), **fields}, ensure_ascii=False)


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


class _Run:
    """One `index_paths` run into a fresh tantivy index: its report, its printed lines, its ids."""

    def __init__(self, data_dir: Path, *paths: Path, workers: int = 1) -> None:
        stream = io.StringIO()
        self.backend = TantivyBackend(Settings(data_dir=data_dir))
        self.report: IngestReport = index_paths(self.backend, list(paths), Progress(stream=stream, every=10**9),
                                                IngestOptions(data_dir=data_dir, workers=workers))
        self.printed = stream.getvalue().splitlines()

    def ids(self) -> list[str]:
        return sorted(stored["id"] for stored in self.backend.iter_stored())

    def stored(self, doc_id: str) -> dict[str, Any]:
        found = self.backend.get(doc_id)
        assert found is not None, doc_id
        return found

    def skipped(self, origin_end: str) -> Skipped:
        """The one skipped item whose origin ends with `origin_end` (a file name, or name:line)."""
        found = [s for s in self.report.skipped if s.origin.endswith(origin_end)]
        assert len(found) == 1, (origin_end, [str(s) for s in self.report.skipped])
        line = f"skipped {found[0]}"
        # One printable line, said while indexing.
        assert line in self.printed and line.isprintable()
        return found[0]


def _run(tmp_path: Path, *paths: Path, workers: int = 1) -> _Run:
    return _Run(tmp_path / "data", *paths, workers=workers)


# --- 1. nesting ---------------------------------------------------------------------------------


DEEP = '{"id": "deep", "text": "Bài sâu", "extra": ' + "[" * 2000 + "]" * 2000 + "}"


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "worker-processes"])
def test_deeply_nested_line_is_skipped_and_the_rest_indexed(tmp_path: Path, workers: int) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [_good(1), DEEP, _good(2)])
    run = _run(tmp_path, feed, workers=workers)
    assert "nested too deeply" in run.skipped("feed.jsonl:2").reason
    assert run.report.added == 2 and run.ids() == ["g1", "g2"]


def test_extract_skips_a_deeply_nested_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(tmp_path / "data"))
    feed = _jsonl(tmp_path / "feed.jsonl", [_good(1), DEEP, _good(2)])
    assert main(["extract", "--json", str(feed)]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["g1", "g2"]
    assert f"skipped {feed}:2: JSON nested too deeply" in err


def test_a_number_too_long_to_read_is_one_line(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [_good(1), '{"id": 1' + "0" * 5000 + ', "text": "x"}', _good(2)])
    run = _run(tmp_path, feed)
    assert "unreadable JSON" in run.skipped("feed.jsonl:2").reason
    assert run.ids() == ["g1", "g2"]


# --- 2. lone surrogates -------------------------------------------------------------------------


def test_lone_surrogates_are_skipped_naming_file_line_and_field(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [
        _good(1),
        '{"id": "s1", "text": "abc \\ud800 def"}',
        '{"id": "s2", "text": "Bài hai\\n\\nNội dung", "title": "Tiêu đề \\udfff"}',
        '{"id": "s3", "text": "Bài ba\\n\\nNội dung", "speakers": [{"name": "An", "role": "Bí thư \\ud83d"}]}',
        '{"id": "s4\\ud800", "text": "Bài bốn"}',
        # A surrogate pair is one character (U+1F600), not a lone surrogate: indexed.
        '{"id": "pair", "text": "Bài vui \\ud83d\\ude00\\n\\nNội dung bài vui."}',
        _good(2),
    ])
    run = _run(tmp_path, feed)
    assert '"text" (\\ud800 at character 5)' in run.skipped("feed.jsonl:2").reason
    assert '"title"' in run.skipped("feed.jsonl:3").reason
    assert '"speakers[0].role"' in run.skipped("feed.jsonl:4").reason
    assert "not valid Unicode" in run.skipped("feed.jsonl:5").reason
    assert run.ids() == ["g1", "g2", "pair"] and len(run.report.skipped) == 4
    assert "😀" in run.stored("pair")["body"] + run.stored("pair")["title"]


def test_cache_keys_take_any_text() -> None:
    # Whatever slips through, hashing user text or a file name never raises.
    assert text_key("abc \ud800") != text_key("abc \udfff") != text_key("abc \ufffd")
    assert source_key("/corpus/bad\udcff.txt", "h") != source_key("/corpus/bad\udcfe.txt", "h")
    assert text_key("đổi mới") == text_key("đổi mới")


# --- 3. file names that are not UTF-8 -----------------------------------------------------------


def test_file_name_not_utf8_is_skipped_with_a_printable_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(_text(1), encoding="utf-8")
    try:
        with open(os.fsencode(corpus) + b"/bad\xff\xfename.txt", "wb") as fh:
            fh.write(_text(2).encode("utf-8"))
    except OSError as exc:  # a file system that refuses such names cannot hold one
        if exc.errno in (errno.EILSEQ, errno.EINVAL):
            pytest.skip(f"this file system refuses names that are not UTF-8: {exc}")
        raise
    run = _run(tmp_path, corpus)
    reason = run.skipped("corpus/bad\\xff\\xfename.txt").reason
    assert reason.startswith("file name is not valid UTF-8 (byte 0xff); rename it")
    assert run.ids() == ["good.txt"]

    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.delenv("VNSEARCH_BACKEND", raising=False)
    capsys.readouterr()
    assert main(["extract", "--json", str(corpus)]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["good.txt"]
    assert err == f"skipped {corpus}/bad\\xff\\xfename.txt: {reason}\n"
    assert main(["index", "--workers", "1", str(corpus)]) == 1
    assert "added 1," in capsys.readouterr().err


# --- 4. over-long lines -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.jsonl.gz"])
def test_overlong_line_is_skipped_without_reading_it_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           name: str) -> None:
    limit, long = 100_000, 6_000_000
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", limit)
    payload = (_good(1) + "\n" + '{"id": "big", "text": "' + "a" * long + '"}\n' + _good(2) + "\n").encode("utf-8")
    feed = tmp_path / name
    feed.write_bytes(gzip.compress(payload) if name.endswith(".gz") else payload)

    tracemalloc.start()
    try:
        items = list(read_sources([feed]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The line is read in pieces of at most the limit: never held whole (6 MB).
    assert peak < 10 * limit, f"peak {peak:,} bytes while reading"
    assert [i.article.id for i in items if isinstance(i, SourceDoc)] == ["g1", "g2"]

    run = _run(tmp_path, feed)
    reason = run.skipped(f"{name}:2").reason
    assert reason.startswith("line too large (6,000,026 bytes; limit 100,000)")
    assert run.ids() == ["g1", "g2"]


# --- 5. UTF-16 without a byte-order mark ---------------------------------------------------------


def test_utf16_without_bom_is_named_as_such(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(_text(1), encoding="utf-8")
    (corpus / "le.txt").write_bytes(_text(2).encode("utf-16-le"))
    (corpus / "be.txt").write_bytes(_text(3).encode("utf-16-be"))
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    _jsonl(corpus / "feed.jsonl", [_good(4)])
    (corpus / "wide.jsonl").write_bytes((_good(5) + "\n" + _good(6) + "\n").encode("utf-16-le"))
    run = _run(tmp_path, corpus)
    assert run.skipped("le.txt").reason.startswith("UTF-16 text without a byte-order mark (little-endian)")
    assert run.skipped("be.txt").reason.startswith("UTF-16 text without a byte-order mark (big-endian)")
    assert run.skipped("image.txt").reason.startswith("binary file")
    assert "JSON Lines must be UTF-8" in run.skipped("wide.jsonl:1").reason
    assert "JSON Lines must be UTF-8" in run.skipped("wide.jsonl:2").reason
    assert run.ids() == ["g4", "good.txt"]


# --- 6. broken links and FIFOs ------------------------------------------------------------------


def test_dangling_links_and_fifos_are_reported_and_never_opened(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text(_text(1), encoding="utf-8")
    (tmp_path / "elsewhere.txt").write_text(_text(2), encoding="utf-8")
    (corpus / "sub" / "linked.txt").symlink_to(tmp_path / "elsewhere.txt")  # a good link is followed
    (corpus / "dangling.txt").symlink_to(corpus / "gone.txt")
    (corpus / "sub" / "loop.jsonl").symlink_to(corpus / "sub" / "loop.jsonl")
    os.mkfifo(corpus / "pipe.txt")
    os.mkfifo(corpus / "sub" / "pipe.jsonl")
    (corpus / "notes.md").symlink_to(corpus / "nowhere.md")  # not an input name: ignored as before
    given_fifo = tmp_path / "given.txt"
    os.mkfifo(given_fifo)

    # Writers waiting on each FIFO: opening one for reading would let its writer through.
    opened: list[Path] = []
    fifos = [corpus / "pipe.txt", corpus / "sub" / "pipe.jsonl", given_fifo]

    def wait_for_reader(fifo: Path) -> None:
        with open(fifo, "wb"):
            opened.append(fifo)

    writers = [threading.Thread(target=wait_for_reader, args=(f,), daemon=True) for f in fifos]
    for writer in writers:
        writer.start()
    try:
        run = _run(tmp_path, corpus)
        given = list(read_sources([given_fifo]))  # a FIFO named on the command line (`extract`)
        assert opened == [], f"opened for reading: {opened}"
    finally:
        for fifo in fifos:  # let the writers go
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            for writer in writers:
                writer.join(0.2)
            os.close(fd)

    assert run.skipped("dangling.txt").reason.startswith(f"broken symbolic link (to {corpus / 'gone.txt'}")
    assert run.skipped("loop.jsonl").reason.startswith("broken symbolic link")
    assert run.skipped("corpus/pipe.txt").reason.startswith("a named pipe, not a regular file")
    assert run.skipped("pipe.jsonl").reason.startswith("a named pipe, not a regular file")
    assert len(run.report.skipped) == 4
    assert [str(item) for item in given] == [f"{given_fifo}: a named pipe, not a regular file; not read"]
    assert run.ids() == ["good.txt", "sub/linked.txt"]


# --- 7. ids of the wrong type -------------------------------------------------------------------


def test_id_of_the_wrong_type_says_so(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [
        _good(1),
        json.dumps({"id": 123, "text": _text(3)}),  # a whole number is read as its digits
        json.dumps({"id": ["a"], "text": _text(4)}),
        json.dumps({"id": 1.5, "text": _text(5)}),
        json.dumps({"id": True, "text": _text(6)}),
        json.dumps({"id": {"x": 1}, "text": _text(7)}),
        json.dumps({"text": _text(8)}),
        json.dumps({"id": "   ", "text": _text(9)}),
        json.dumps({"id": "t", "text": ["not", "text"]}),
        _good(2),
    ])
    run = _run(tmp_path, feed)
    assert run.skipped("feed.jsonl:3").reason == '"id" must be a string (or a whole number), not an array: ["a"]'
    assert "not a number: 1.5" in run.skipped("feed.jsonl:4").reason
    assert "not a boolean: true" in run.skipped("feed.jsonl:5").reason
    assert "not an object" in run.skipped("feed.jsonl:6").reason
    assert run.skipped("feed.jsonl:7").reason.startswith('missing "id"')
    assert run.skipped("feed.jsonl:8").reason == "id '' is empty"
    assert run.skipped("feed.jsonl:9").reason == "document 't': \"text\" must be a string, not an array"
    assert run.ids() == ["123", "g1", "g2"]


# --- 8. locality and speaker value types --------------------------------------------------------


def test_locality_and_speaker_values_must_be_strings(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [
        _good(1, locality={"province": "Đồng Tháp", "district": "Thành phố Cao Lãnh"},
              speakers=["Nguyễn Văn An", {"name": "Trần Thị Bình", "role": "Bí thư"}]),
        _good(3, locality={"province": {"x": 1}}),
        _good(4, locality={"province": "Hà Nội", "district": 12}),
        _good(5, locality=["Hà Nội"]),
        _good(6, speakers=[{"name": "An", "role": {"x": 1}}]),
        _good(7, speakers=["Bình", {"name": ["An"]}]),
        _good(8, speakers="Nguyễn Văn An"),
        _good(2, locality="Cần Thơ"),
    ])
    run = _run(tmp_path, feed)
    assert run.skipped("feed.jsonl:2").reason == "document 'g3': \"locality.province\" must be a string, not an object"
    assert '"locality.district" must be a string, not an integer' in run.skipped("feed.jsonl:3").reason
    assert '"locality" must be a string or an object, not an array' in run.skipped("feed.jsonl:4").reason
    assert '"speakers[0].role" must be a string, not an object' in run.skipped("feed.jsonl:5").reason
    assert '"speakers[1].name" must be a string, not an array' in run.skipped("feed.jsonl:6").reason
    assert '"speakers" must be a list, not a string' in run.skipped("feed.jsonl:7").reason
    assert run.ids() == ["g1", "g2"]
    first = run.stored("g1")
    assert first["locality"] == {"province": "Đồng Tháp", "district": "Thành phố Cao Lãnh"}
    assert first["speakers"] == [{"name": "Nguyễn Văn An", "role": None}, {"name": "Trần Thị Bình", "role": "Bí thư"}]
    assert run.stored("g2")["locality"]["province"] == "Cần Thơ"


# --- 9. ids a link cannot carry -----------------------------------------------------------------


BAD_IDS = ["a\nb", "tab\tx", "nul\x00x", "sep\u2028x", "/abs", "//x", "a/../b", "./x", "..", "x" * 3000]


def test_ids_a_link_cannot_carry_are_rejected(tmp_path: Path) -> None:
    fine = ["sub/a.txt", "a b", "Bài 1", "q?x=1#f", "100%"]
    feed = _jsonl(tmp_path / "feed.jsonl", [json.dumps({"id": doc_id, "text": _text(n)}, ensure_ascii=False)
                                            for n, doc_id in enumerate([*BAD_IDS, *fine])])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(_text(1), encoding="utf-8")
    (corpus / "new\nline.txt").write_text(_text(2), encoding="utf-8")
    run = _run(tmp_path, feed, corpus)
    reasons = [run.skipped(f"feed.jsonl:{n}").reason for n in range(1, len(BAD_IDS) + 1)]
    assert all("control character" in r for r in reasons[:4]), reasons
    assert all('starts with "/"' in r for r in reasons[4:6]), reasons
    assert all('"." or ".." path segment' in r for r in reasons[6:9]), reasons
    assert "is too long (3,000 bytes; limit 2,048)" in reasons[9]
    txt = run.skipped("corpus/new\\nline.txt").reason
    assert txt.startswith("id 'new\\nline.txt' (the file's path) holds a control character (U+000A")
    assert run.ids() == sorted([*fine, "ok.txt"])

    # The ones kept are reachable in the web UI.
    from webui import create_app
    from indexer.search.service import SearchService

    app = create_app(service=SearchService(run.backend))
    with app.test_request_context():
        from flask import url_for

        client = app.test_client()
        for doc_id in [*fine, "ok.txt"]:
            assert client.get(url_for("pages.article", doc_id=doc_id)).status_code == 200, doc_id


# --- the last guard ------------------------------------------------------------------------------


def test_an_unexpected_error_in_one_document_does_not_stop_the_run(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    extract = sources._extract

    def odd(text: str, doc_id: str, published: Any = None) -> Any:
        if doc_id == "odd":
            raise RuntimeError("something nobody foresaw\nover two lines")
        return extract(text, doc_id)

    monkeypatch.setattr(sources, "_extract", odd)
    feed = _jsonl(tmp_path / "feed.jsonl", [_good(1), json.dumps({"id": "odd", "text": _text(3)}), _good(2)])
    run = _run(tmp_path, feed)
    reason = run.skipped("feed.jsonl:2").reason
    assert reason == "could not be read (RuntimeError: something nobody foresaw over two lines)"
    assert run.ids() == ["g1", "g2"]
