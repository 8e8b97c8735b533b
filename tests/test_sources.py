"""Bad input: one clear line naming the file (and line); the good rest is indexed."""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend
from indexer.ingest import index_paths
from indexer.models import SearchRequest
from indexer.search.service import SearchService
from indexer.ingest.sources import MAX_FILE_BYTES, Skipped, SourceDoc, read_sources

from .conftest import quiet_progress

ARTICLE = "Tiêu đề bài viết\n\nNội dung bài viết về đổi mới."


def _one(path: Path) -> SourceDoc | Skipped:
    items = list(read_sources([path]))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("utf-8"),
        codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_text_encodings(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "a.txt").write_bytes(data)
    item = _one(tmp_path / "a.txt")
    assert isinstance(item, SourceDoc)
    assert item.article.title == "Tiêu đề bài viết" and "đổi mới" in item.article.body
    assert item.article.id == "a.txt"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Tiêu đề café".encode("cp1258", errors="replace") + b"\xff\xfe\xfa", "not UTF-8"),
        ("huge.txt", b"a" * (MAX_FILE_BYTES + 1), "too large"),
    ],
)
def test_bad_text_files_are_named_with_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    item = _one(tmp_path / name)
    assert isinstance(item, Skipped)
    assert item.origin.endswith(name) and reason in item.reason


def test_jsonl_bad_lines_named_by_line_number(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": ARTICLE}, ensure_ascii=False),
        '{"id": "broken", "text": ',
        json.dumps({"text": "no id"}),
        json.dumps({"id": "x", "text": ""}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "baddate", "text": ARTICLE, "published": "2022-13-45"}, ensure_ascii=False),
        "",
        json.dumps({"id": "ok2", "text": ARTICLE, "title": "Given title", "published": "2022-01-19",
                    "speakers": ["Lê Quốc Phong"], "locality": {"province": "Đồng Tháp"}}, ensure_ascii=False),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_sources([path]))
    good = [i for i in items if isinstance(i, SourceDoc)]
    bad = {i.origin.rsplit(":", 1)[1]: i.reason for i in items if isinstance(i, Skipped)}
    assert [g.article.id for g in good] == ["ok1", "ok2"]
    assert set(bad) == {"2", "3", "4", "5", "6"}
    assert "broken JSON" in bad["2"] and '"id"' in bad["3"] and '"text"' in bad["4"]
    assert "published" in bad["6"] and "2022-13-45" in bad["6"]
    given = good[1].article
    assert given.title == "Given title" and given.published.isoformat() == "2022-01-19"
    assert given.locality.province == "Đồng Tháp" and given.speakers[0].name == "Lê Quốc Phong"


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    payload = "".join(json.dumps({"id": f"d{i}", "text": ARTICLE}, ensure_ascii=False) + "\n" for i in range(200))
    data = gzip.compress(payload.encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_sources([path]))
    assert any(isinstance(i, SourceDoc) for i in items)
    assert isinstance(items[-1], Skipped) and "cut.jsonl.gz" in items[-1].origin


def test_missing_path_and_unsupported_file(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = list(read_sources([tmp_path / "nope", tmp_path / "notes.pdf"]))
    assert [type(i) for i in items] == [Skipped, Skipped]
    assert "no such file" in items[0].reason and "unsupported" in items[1].reason


def test_good_documents_index_despite_bad_neighbours(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "sub" / "good2.txt").write_text("Bài hai\nNội dung hai", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02")
    (corpus / "README.md").write_text("not an article", encoding="utf-8")  # ignored in a directory
    backend = TantivyBackend(Settings(data_dir=tmp_path / "data"))
    report = index_paths(backend, [corpus], quiet_progress())
    assert report.added == 2 and len(report.skipped) == 2 and not report.ok
    found = SearchService(backend).search(SearchRequest(text=""))
    assert sorted(h.article.id for h in found.hits) == ["good.txt", "sub/good2.txt"]
