"""Reading input: raw .txt articles and JSON Lines, with one clear message per bad input.

Every item is either a `SourceDoc` (an article ready to index) or a `Skipped`
(where, and why). Reading never stops at a bad file or line: the good rest
carries on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from indexer.models import Article, Locality, Speaker

MAX_FILE_BYTES = 5_000_000  # a news article is a few kB; anything this large is not one
MAX_LINE_BYTES = 5_000_000
TXT_SUFFIX = ".txt"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


@dataclass(frozen=True, slots=True)
class SourceDoc:
    article: Article
    origin: str  # file, or file:line
    content_hash: str  # of the raw bytes: unchanged sources are not analysed again
    path: Path  # the source file, resolved


@dataclass(frozen=True, slots=True)
class Skipped:
    origin: str
    reason: str
    path: Path | None = None  # the source file, when there is one

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


SourceItem = SourceDoc | Skipped


def is_jsonl(path: Path) -> bool:
    return path.name.endswith(JSONL_SUFFIXES)


def discover(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path] | Skipped]:
    """(file, root) pairs for every input file; a directory is searched recursively."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                if file.suffix == TXT_SUFFIX or is_jsonl(file):
                    yield file, path
        elif path.is_file():
            if path.suffix == TXT_SUFFIX or is_jsonl(path):
                yield path, path.parent
            else:
                yield Skipped(str(path), "unsupported file type (expected .txt, .jsonl or .jsonl.gz)", path.resolve())
        else:
            yield Skipped(str(path), "no such file or directory")


@dataclass(frozen=True, slots=True)
class RawSource:
    """One unparsed input: a .txt file's bytes or one JSON line. Cheap to read and to hash;
    parsing and extraction (`parse`) can then run in another process."""

    origin: str
    path: Path  # the source file, resolved
    doc_id: str | None  # known up front for .txt (the relative path); JSONL ids come from parsing
    data: bytes
    jsonl: bool
    content_hash: str = field(init=False)  # of `data`; the main process reads it three times

    def __post_init__(self) -> None:
        object.__setattr__(self, "content_hash", _hash(self.data))


def iter_raw(paths: Iterable[str | Path]) -> Iterator[RawSource | Skipped]:
    """Every input unit, with read errors (missing, too large, unreadable, broken gzip) as Skipped."""
    for found in discover(paths):
        if isinstance(found, Skipped):
            yield found
        elif is_jsonl(found[0]):
            yield from _raw_jsonl(found[0])
        else:
            yield _raw_txt(*found)


def parse(raw: RawSource) -> SourceItem:
    """Decode, parse and extract one input unit."""
    if raw.jsonl:
        return _jsonl_record(raw)
    return _txt_article(raw)


def read_sources(paths: Iterable[str | Path]) -> Iterator[SourceItem]:
    for item in iter_raw(paths):
        yield item if isinstance(item, Skipped) else parse(item)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; ValueError says what is wrong."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"broken UTF-16 text at byte {exc.start}") from exc
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8 or UTF-16 with BOM"
        ) from exc


def _raw_txt(path: Path, root: Path) -> RawSource | Skipped:
    origin, resolved = str(path), path.resolve()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Skipped(origin, f"file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})", resolved)
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(origin, f"cannot read: {exc.strerror or exc}", resolved)
    doc_id = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    return RawSource(origin, resolved, doc_id, data, jsonl=False)


def _txt_article(raw: RawSource) -> SourceItem:
    try:
        text = decode_text(raw.data)
    except ValueError as exc:
        return Skipped(raw.origin, str(exc), raw.path)
    if not text.strip():
        return Skipped(raw.origin, "empty file", raw.path)
    try:
        article = _extract(text, raw.doc_id or raw.path.name)
    except ValueError as exc:
        return Skipped(raw.origin, f"no article in it: {exc}", raw.path)
    return SourceDoc(article, raw.origin, raw.content_hash, raw.path)


def open_jsonl(path: Path) -> IO[bytes]:
    """A .jsonl or .jsonl.gz file, opened for reading bytes."""
    return cast(IO[bytes], gzip.open(path, "rb")) if path.name.endswith(".gz") else open(path, "rb")


def _raw_jsonl(path: Path) -> Iterator[RawSource | Skipped]:
    resolved = path.resolve()
    number = 0
    try:
        with open_jsonl(path) as fh:
            for number, line in enumerate(fh, start=1):
                origin = f"{path}:{number}"
                if len(line) > MAX_LINE_BYTES:
                    yield Skipped(origin, f"line too large ({len(line):,} bytes; limit {MAX_LINE_BYTES:,})", resolved)
                elif line.strip():
                    yield RawSource(origin, resolved, None, line.rstrip(b"\r\n"), jsonl=True)
    except (OSError, EOFError, zlib.error) as exc:
        yield Skipped(f"{path}:{number + 1}", f"cannot read further: {exc}", resolved)


def _jsonl_record(raw: RawSource) -> SourceItem:
    origin, path = raw.origin, raw.path
    try:
        record = json.loads(raw.data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Skipped(origin, f"not UTF-8 (byte offset {exc.start})", path)
    except json.JSONDecodeError as exc:
        return Skipped(origin, f"broken JSON: {exc.msg} at column {exc.colno}", path)
    if not isinstance(record, dict):
        return Skipped(origin, "a line must be a JSON object", path)
    try:
        article = article_from_record(record)
    except ValueError as exc:
        return Skipped(origin, str(exc), path)
    return SourceDoc(article, origin, raw.content_hash, path)


def _extract(text: str, doc_id: str) -> Article:
    # Imported on first use: compiling its patterns takes 55 ms, which commands that parse
    # nothing (a rebuild served from the cache, a search) need not pay.
    from indexer.extraction import extract_article

    return extract_article(unicodedata.normalize("NFC", text), doc_id=doc_id)


def article_from_record(record: dict[str, Any]) -> Article:
    """A JSONL record -> Article: extraction from `text`, then given fields win."""
    doc_id = record.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise ValueError('missing "id" (a non-empty string)')
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f'document {doc_id!r}: missing "text" (a non-empty string)')
    article = _extract(text, doc_id.strip())
    given: dict[str, Any] = {}
    for name in ("title", "url", "source", "category", "author"):
        value = record.get(name)
        if value is not None:
            if not isinstance(value, str):
                raise ValueError(f'document {doc_id!r}: "{name}" must be a string')
            if value.strip():
                given[name] = unicodedata.normalize("NFC", value.strip())
    if "title" in given:
        given["title_derived"] = False  # a given headline is a headline
        given["body"] = _body_under(given["title"], article)
    for name in ("published", "event_date"):
        if record.get(name) is not None:
            given[name] = _parse_date(record[name], doc_id, name)
    if record.get("locality") is not None:
        try:
            given["locality"] = Locality.from_json(record["locality"])
        except ValueError as exc:
            raise ValueError(f"document {doc_id!r}: {exc}") from exc
    if record.get("speakers") is not None:
        speakers = record["speakers"]
        if not isinstance(speakers, list):
            raise ValueError(f'document {doc_id!r}: "speakers" must be a list')
        try:
            given["speakers"] = tuple(Speaker.from_json(s) for s in speakers)
        except ValueError as exc:
            raise ValueError(f"document {doc_id!r}: {exc}") from exc
    return article.with_fields(**given) if given else article


def _body_under(title: str, article: Article) -> str:
    """The body to show under a given title: the text's first line once, and not the title.

    Extraction took the first line as the title (it looked like one) or kept it in the body (a
    derived title). The given title wins, so a first line that is not that title is text and
    goes back in front of the body, and a first paragraph that repeats it is dropped."""
    from indexer.analysis import fold  # as late as the extraction it goes with

    def words(text: str) -> list[str]:
        return _WORDS.findall(fold(text).lower())

    if not article.title_derived:
        if not article.title or words(article.title) == words(title):
            return article.body
        return f"{article.title}\n\n{article.body}" if article.body else article.title
    first, _, rest = article.body.partition("\n\n")
    return rest if rest and words(first) == words(title) else article.body


_WORDS = re.compile(r"\w+")


def _parse_date(value: Any, doc_id: str, name: str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(f'document {doc_id!r}: "{name}" must be a date like 2022-01-19, not {value!r}')


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]
