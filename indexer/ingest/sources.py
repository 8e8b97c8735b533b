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
import os
import re
import stat
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, cast

from indexer.models import Article, Locality, Speaker, Statement, json_type

MAX_FILE_BYTES = 5_000_000  # a news article is a few kB; anything this large is not one
MAX_LINE_BYTES = 5_000_000
# Far below the engines' term limits (tantivy drops ids over 65,530 bytes: indexed, never found)
# and long enough for any path or slug.
MAX_ID_BYTES = 2_048
TXT_SUFFIX = ".txt"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
# The record fields read as text: where a lone surrogate is looked for.
TEXT_FIELDS = ("id", "text", "title", "url", "source", "category", "author", "published", "event_date",
               "locality", "speakers", "statements")


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


def _supported(path: Path) -> bool:
    return path.suffix == TXT_SUFFIX or is_jsonl(path)


def shown_path(path: str | Path) -> str:
    """A path as one printable line: bytes that are not UTF-8 as \\xff, control characters
    escaped (a file name may hold a newline), so every message stays one line and prints."""
    text = str(path)
    if text.isprintable() and not _SURROGATE.search(text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")  # the name's own bytes
    except UnicodeEncodeError:  # a surrogate no file name decodes to
        raw = text.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _resolved(path: Path) -> Path:
    """The absolute path with links resolved; unlike Path.resolve (Python 3.11), a link loop does
    not raise."""
    return Path(os.path.realpath(path))


def _not_utf8(text: str) -> str | None:
    """Why a file name (decoded by Python with surrogateescape) is not UTF-8, or None."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    byte = ord(found.group()) - 0xDC00 if "\udc80" <= found.group() <= "\udcff" else None
    what = f"byte 0x{byte:02x}" if byte is not None else "a surrogate"
    return f"name is not valid UTF-8 ({what})"


# Why such a file is skipped, not indexed under an escaped name: its id (the path), its link and
# its stored path are UTF-8 text, so an escaped id would name no file and could collide with one.
_RENAME = "rename it to UTF-8 (convmv does): ids, links and stored paths are text"


def _not_regular(mode: int) -> str:
    """Why a path that is there is not read: it is no regular file (and opening a FIFO blocks)."""
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a directory" if stat.S_ISDIR(mode) else "a special file")
    return f"{kind}, not a regular file; not read"


def _unreadable(path: Path, exc: OSError) -> str:
    """Why stat() failed: a broken symbolic link, or the system's reason."""
    reason = (exc.strerror or str(exc)).lower()
    if path.is_symlink():
        try:
            target = shown_path(os.readlink(path))
        except OSError:
            target = "?"
        return f"broken symbolic link (to {target}: {reason})"
    return f"cannot read: {reason}"


def _classify(path: Path, root: Path) -> tuple[Path, Path] | Skipped:
    """A supported input file found in a directory: readable as a regular file, or why not.
    Only stat() is called: a FIFO opened for reading would block the run."""
    shown = shown_path(path)
    bad_name = _not_utf8(path.name) or (_not_utf8(str(_resolved(path))) if path.is_symlink() else None)
    if bad_name:
        return Skipped(shown, f"file {bad_name}; {_RENAME}", _resolved(path))
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return Skipped(shown, _unreadable(path, exc), _resolved(path))
    if not stat.S_ISREG(mode):
        return Skipped(shown, _not_regular(mode), _resolved(path))
    return path, root


def _walk(root: Path) -> Iterator[tuple[Path, Path] | Skipped]:
    """Every supported file under `root`, in path order; hidden entries are left out, links to
    directories are not followed (as Path.rglob), and what cannot be read is said, not dropped."""
    found: list[tuple[Path, tuple[Path, Path] | Skipped]] = []
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as exc:
            found.append((directory, Skipped(shown_path(directory),
                                             f"cannot list this directory ({(exc.strerror or str(exc)).lower()})",
                                             _resolved(directory))))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                bad_name = _not_utf8(entry.name)
                if bad_name:  # its files could only be skipped one by one, each for the same reason
                    found.append((path, Skipped(shown_path(path), f"directory {bad_name}; its files are not read: {_RENAME}",
                                                _resolved(path))))
                else:
                    pending.append(path)
            elif _supported(path):
                found.append((path, _classify(path, root)))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def discover(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path] | Skipped]:
    """(file, root) pairs for every input file; a directory is searched recursively. A path that
    is not a readable regular file (a broken link, a FIFO, a bad name) is a Skipped, never opened."""
    for raw in paths:
        path = Path(raw)
        shown = shown_path(path)
        bad_name = _not_utf8(str(path.absolute()))  # the stored path is the absolute one
        if bad_name:
            yield Skipped(shown, f"path {bad_name}; {_RENAME}")
            continue
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError) and not path.is_symlink()
            yield Skipped(shown, "no such file or directory" if missing else _unreadable(path, exc))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif not stat.S_ISREG(mode):
            yield Skipped(shown, _not_regular(mode), _resolved(path))
        elif _supported(path):
            yield path, path.parent
        else:
            yield Skipped(shown, "unsupported file type (expected .txt, .jsonl or .jsonl.gz)", _resolved(path))


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
    """Decode, parse and extract one input unit; whatever goes wrong is a Skipped naming it."""
    try:
        return _jsonl_record(raw) if raw.jsonl else _txt_article(raw)
    except Exception as exc:  # noqa: BLE001 - the last guard: one odd input must not lose the run
        return Skipped(raw.origin, f"could not be read ({type(exc).__name__}: {_short(str(exc))})", raw.path)


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
        # Not read: without a BOM the byte order (even the encoding) is a guess, and a wrong
        # guess would index garbage without a word; saying so costs the user one conversion.
        order = utf16_byte_order(data)
        if order:
            raise ValueError(f"UTF-16 text without a byte-order mark ({order}); save it as UTF-8, or as UTF-16 "
                             "with a BOM")
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8 or UTF-16 with BOM"
        ) from exc


# Any UTF-16 text with ASCII in it (spaces, digits, unaccented letters) has a NUL high byte on
# most of them; binary data decoded that way shows control characters.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def utf16_byte_order(data: bytes) -> str | None:
    """"little-endian" or "big-endian" when `data` (no BOM) reads as UTF-16 text, else None."""
    data = data[: len(data) - len(data) % 2]
    pairs = len(data) // 2
    if pairs < 2:
        return None
    at_even, at_odd = data[0::2].count(0), data[1::2].count(0)
    for order, codec, high, low in (("little-endian", "utf-16-le", at_odd, at_even),
                                    ("big-endian", "utf-16-be", at_even, at_odd)):
        if high >= pairs // 4 and low <= pairs // 100:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return None if _CONTROLS.search(text) else order
    return None


def _raw_txt(path: Path, root: Path) -> RawSource | Skipped:
    origin, resolved = shown_path(path), _resolved(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # replaced since discovery: a FIFO would block the run
            return Skipped(origin, _not_regular(st.st_mode), resolved)
        if st.st_size > MAX_FILE_BYTES:
            return Skipped(origin, f"file too large ({st.st_size:,} bytes; limit {MAX_FILE_BYTES:,})", resolved)
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(origin, f"cannot read: {exc.strerror or exc}", resolved)
    doc_id = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    problem = id_problem(doc_id)
    if problem:
        return Skipped(origin, f"id {_quoted(doc_id)} (the file's path) {problem}", resolved)
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


def read_lines(fh: IO[bytes], limit: int | None = None) -> Iterator[tuple[bytes, int]]:
    """(line, size in bytes) for each line of `fh`, never holding more than `limit` + 1 bytes
    of one: a longer line comes cut there (its size says so) and the rest of it is read and
    dropped piece by piece. Iterating over `fh` would read a 200 MB line whole."""
    limit = MAX_LINE_BYTES if limit is None else limit
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        size = len(line)
        if size > limit and not line.endswith(b"\n"):
            while True:
                rest = fh.readline(limit + 1)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line, size


def _raw_jsonl(path: Path) -> Iterator[RawSource | Skipped]:
    resolved, shown = _resolved(path), shown_path(path)
    number = 0
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):  # replaced since discovery: opening a FIFO would block the run
            yield Skipped(shown, _not_regular(mode), resolved)
            return
        with open_jsonl(path) as fh:
            for number, (line, size) in enumerate(read_lines(fh), start=1):
                origin = f"{shown}:{number}"
                if size > MAX_LINE_BYTES:
                    yield Skipped(origin, f"line too large ({size:,} bytes; limit {MAX_LINE_BYTES:,})", resolved)
                elif line.strip():
                    yield RawSource(origin, resolved, None, line.rstrip(b"\r\n"), jsonl=True)
    except (OSError, EOFError, zlib.error) as exc:
        yield Skipped(f"{shown}:{number + 1}", f"cannot read further: {exc}", resolved)


def _jsonl_record(raw: RawSource) -> SourceItem:
    origin, path = raw.origin, raw.path
    if b"\x00" in raw.data and (utf16_byte_order(raw.data) or utf16_byte_order(raw.data[1:])):
        # A line of UTF-16 (its NUL high bytes) would otherwise read as "broken JSON".
        return Skipped(origin, "UTF-16 text (NUL bytes between the characters); JSON Lines must be UTF-8", path)
    try:
        record = json.loads(raw.data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Skipped(origin, f"not UTF-8 (byte offset {exc.start})", path)
    except json.JSONDecodeError as exc:
        return Skipped(origin, f"broken JSON: {exc.msg} at column {exc.colno}", path)
    except RecursionError:
        return Skipped(origin, "JSON nested too deeply (about a thousand levels or more); not read", path)
    except ValueError as exc:  # a number of over 4,300 digits
        return Skipped(origin, f"unreadable JSON ({_short(str(exc).split(':')[0])})", path)
    if not isinstance(record, dict):
        return Skipped(origin, "a line must be a JSON object", path)
    try:
        article = article_from_record(record)
    except ValueError as exc:
        return Skipped(origin, str(exc), path)
    return SourceDoc(article, origin, raw.content_hash, path)


def _extract(text: str, doc_id: str, published: dt.date | None = None) -> Article:
    # Imported on first use: compiling its patterns takes 55 ms, which commands that parse
    # nothing (a rebuild served from the cache, a search) need not pay.
    from indexer.extraction import extract_article

    return extract_article(unicodedata.normalize("NFC", text), doc_id=doc_id, published=published)


def id_problem(doc_id: str) -> str | None:
    """Why an id cannot be used, or None. An id is part of the article's URL (/articles/<id>),
    the JSON API and TREC runs: it must survive a browser and a terminal unchanged."""
    if not doc_id:
        return "is empty"
    if _SURROGATE.search(doc_id):
        return "is not valid Unicode (a lone surrogate, from an unpaired \\u escape)"
    size = len(doc_id.encode("utf-8"))
    if size > MAX_ID_BYTES:
        return f"is too long ({size:,} bytes; limit {MAX_ID_BYTES:,})"
    control = _ID_CONTROL.search(doc_id)
    if control:
        return (f"holds a control character (U+{ord(control.group()):04X} at character {control.start() + 1}), "
                "which a link cannot carry")
    if doc_id.startswith("/"):
        return 'starts with "/", which a link cannot carry (/articles//x is another address)'
    if any(part in (".", "..") for part in doc_id.split("/")):
        return 'has a "." or ".." path segment, which browsers remove from a link'
    return None


def _record_id(record: dict[str, Any]) -> str:
    """The id of a record: a string, or a whole number read as its decimal digits."""
    value = record.get("id")
    if value is None:
        raise ValueError('missing "id" (a non-empty string)')
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f'"id" must be a string (or a whole number), not {json_type(value)}: {_quoted(value)}')
    doc_id = value.strip()
    problem = id_problem(doc_id)
    if problem:
        raise ValueError(f"id {_quoted(doc_id)} {problem}")
    return doc_id


def _lone_surrogate(record: dict[str, Any]) -> str | None:
    """Where a lone surrogate (JSON "\\ud800", not valid Unicode: it cannot be stored as UTF-8)
    sits in a field that is read, as 'field at character N', or None. Iterative: a value
    nested a few hundred deep must not exhaust the stack here."""
    pending: list[tuple[str, Any]] = [(name, record[name]) for name in TEXT_FIELDS if name in record]
    while pending:
        where, value = pending.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                return f'"{where}" (\\u{ord(found.group()):04x} at character {found.start() + 1})'
        elif isinstance(value, dict):
            # A key is named as written when plain, else escaped: the message stays one printable line.
            pending += [(f"{where}.{key if key.isidentifier() else _quoted(key)}", item) for key, item in value.items()]
        elif isinstance(value, list):
            pending += [(f"{where}[{i}]", item) for i, item in enumerate(value)]
    return None


def article_from_record(record: dict[str, Any]) -> Article:
    """A JSONL record -> Article: extraction from `text`, then given fields win."""
    doc_id = _record_id(record)
    # Skipped, not repaired: the article would be stored altered (U+FFFD) without a word.
    where = _lone_surrogate(record)
    if where:
        raise ValueError(f"document {doc_id!r}: not valid Unicode: a lone surrogate in {where}, from an "
                         "unpaired \\u escape; fix the escape")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError(f'document {doc_id!r}: "text" must be a string, not {json_type(text)}')
    if not text or not text.strip():
        raise ValueError(f'document {doc_id!r}: missing "text" (a non-empty string)')
    # A given date is read first: the locality is filed under the units of the article's date.
    published = _parse_date(record["published"], doc_id, "published") if record.get("published") is not None else None
    article = _extract(text, doc_id, published)
    given: dict[str, Any] = {}
    for name in ("title", "url", "source", "category", "author"):
        value = record.get(name)
        if value is not None:
            if not isinstance(value, str):
                raise ValueError(f'document {doc_id!r}: "{name}" must be a string, not {json_type(value)}')
            if value.strip():
                given[name] = unicodedata.normalize("NFC", value.strip())
    if "title" in given:
        given["title_derived"] = False  # a given headline is a headline
        given["body"] = _body_under(given["title"], article)
        given["statements"] = _statements_in(given["body"], article)
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
            raise ValueError(f'document {doc_id!r}: "speakers" must be a list, not {json_type(speakers)}')
        try:
            given["speakers"] = tuple(Speaker.from_json(s, f"speakers[{i}]") for i, s in enumerate(speakers))
        except ValueError as exc:
            raise ValueError(f"document {doc_id!r}: {exc}") from exc
    if record.get("statements") is not None:
        body = given.get("body", article.body)
        given["statements"] = tuple(_placed(s, body) for s in _given_statements(record["statements"], doc_id))
    elif "speakers" in given:
        # Given speakers replace the extracted ones: so do their statements.
        names = {s.name for s in given["speakers"]}
        given["statements"] = tuple(s for s in given.get("statements", article.statements) if s.speaker in names)
    return article.with_fields(**given) if given else article


def _given_statements(value: Any, doc_id: str) -> tuple[Statement, ...]:
    if not isinstance(value, list):
        raise ValueError(f'document {doc_id!r}: "statements" must be a list, not {json_type(value)}')
    try:
        return tuple(Statement.from_json(s, f"statements[{i}]") for i, s in enumerate(value))
    except ValueError as exc:
        raise ValueError(f"document {doc_id!r}: {exc}") from exc


def _placed(statement: Statement, body: str) -> Statement:
    """A given statement with the offset of its text in the body: the one given when it points
    at the text, else where the text first occurs, else -1 (not in the body: a snippet is never
    taken for it)."""
    offset = statement.offset
    if offset >= 0 and body[offset : offset + len(statement.text)] == statement.text:
        return statement
    return replace(statement, offset=body.find(statement.text))


def _statements_in(body: str, article: Article) -> tuple[Statement, ...]:
    """The extracted statements at their places in a body that `_body_under` changed: it put a
    line in front of the extracted body or dropped its first paragraph, nothing else."""
    if body == article.body:
        return article.statements
    shift = body.find(article.body)
    if shift >= 0:
        return tuple(replace(s, offset=s.offset + shift) for s in article.statements)
    cut = article.body.find(body)
    if cut >= 0:
        return tuple(replace(s, offset=s.offset - cut) for s in article.statements if s.offset >= cut)
    return ()


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
    raise ValueError(f'document {doc_id!r}: "{name}" must be a date like 2022-01-19, not {_quoted(value)}')


def _short(text: str, limit: int = 80) -> str:
    """An error or value quoted in a message: one line of bounded length (a field may be 4 MB)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(value: Any) -> str:
    """A value as the user wrote it, printable: a string as Python shows it (control characters
    escaped), anything else as JSON."""
    if isinstance(value, str):
        return _short(repr(value[:200]))
    try:
        return _short(json.dumps(value)[:200])
    except (ValueError, RecursionError):  # nested deeper than the encoder goes
        return json_type(value)


_SURROGATE = re.compile("[\ud800-\udfff]")
# Unicode's control characters (category Cc) and the line and paragraph separators.
_ID_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]
