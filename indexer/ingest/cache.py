"""Caches that make a rebuild cheap, each in an SQLite file named after what it depends on.

- The analysis cache maps a text's hash to its pyvi analysis (word runs). It is tied to
  ANALYSIS_VERSION: any change to the analysis code or word lists starts a new file, so a
  stale analysis is never read. It survives changes to extraction or index fields.
- The document cache maps a source (file path + raw content hash) to the finished index
  document. It is tied to the analysis, extraction and schema code as well, so a rebuild with
  unchanged code and sources reads everything from here and neither parses nor segments.

Old files are removed when a new version opens. A cache only saves time: if it cannot be
written (a full disk), it switches itself off and indexing goes on; an entry that cannot be
read back counts as not cached.

Entries are compressed with Zstandard at level 1: three times faster than zlib both ways and
smaller, which matters because a rebuild from the cache decodes every document on the main
process (see docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import zstandard

from indexer.analysis import ANALYSIS_VERSION, Analysis
from indexer.fingerprint import code_fingerprint
from indexer.schema import IndexDocument

_log = logging.getLogger(__name__)
T = TypeVar("T")
# How entries are encoded; part of every cache file's name, so a new encoding starts new files.
ENTRY_FORMAT = "zstd2"


# Keys hash user text and file names, which may hold lone surrogates (a JSON "\ud800", a file
# name that is not UTF-8): "surrogatepass" encodes every str, one-to-one, and leaves the bytes
# (so the keys) of valid text as they were.
def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:20]


def source_key(path: str, content_hash: str) -> bytes:
    return hashlib.sha256(f"{path}\0{content_hash}".encode("utf-8", "surrogatepass")).digest()[:20]


# Everything that shapes an IndexDocument from raw input bytes.
DOCUMENT_VERSION = code_fingerprint("extraction/**/*", "ingest/sources.py", "documents.py",
                                    "schema.py", "models.py",
                                    "data/extraction_*",
                                    seed=ANALYSIS_VERSION)


class _BlobCache:
    prefix = ""

    def __init__(self, directory: str | Path, version: str, readonly: bool = False) -> None:
        self.directory = Path(directory)
        self.path = self.directory / f"{self.prefix}{version}-{ENTRY_FORMAT}.sqlite"
        self.disabled: str | None = None
        self.warned_damaged = False
        if not readonly:
            self.directory.mkdir(parents=True, exist_ok=True)
            for stale in self.directory.glob(f"{self.prefix}*.sqlite*"):
                if not stale.name.startswith(self.path.name):
                    stale.unlink(missing_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            # A cache: an OS crash may lose or damage recent entries, which are then built again
            # (see _decoded, _disable); no fsync at each checkpoint (0.2 s per 30 MB written).
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("CREATE TABLE IF NOT EXISTS blobs (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
        except sqlite3.Error as exc:
            self._disable(exc)

    def _disable(self, exc: Exception) -> None:
        self.disabled = f"cache {self.path.name} switched off: {exc}"
        _log.warning(self.disabled)

    def get_blobs(self, keys: list[bytes]) -> dict[bytes, bytes]:
        found: dict[bytes, bytes] = {}
        if self.disabled:
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = self._db.execute(
                    f"SELECT key, value FROM blobs WHERE key IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
                found.update((bytes(k), bytes(v)) for k, v in rows)
        except sqlite3.Error as exc:
            self._disable(exc)
        return found

    def _decoded(self, blobs: dict[bytes, bytes], decode: Callable[[bytes], T]) -> dict[bytes, T]:
        """Decoded entries; one that does not decode (a damaged file) is left out, so it is built
        again and rewritten. Said once per file, not once per entry."""
        out = {}
        for key, blob in blobs.items():
            try:
                out[key] = decode(blob)
            except (zstandard.ZstdError, ValueError, TypeError) as exc:
                if not self.warned_damaged:
                    _log.warning("cache %s has unreadable entries (%s); they are built again", self.path, exc)
                    self.warned_damaged = True
        return out

    def put_blobs(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        if self.disabled:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO blobs (key, value) VALUES (?, ?)", items)
        except sqlite3.Error as exc:
            self._disable(exc)

    def close(self) -> None:
        if not self.disabled:
            self._db.close()


class AnalysisCache(_BlobCache):
    prefix = "analysis-"

    def __init__(self, directory: str | Path, version: str = ANALYSIS_VERSION, readonly: bool = False) -> None:
        super().__init__(directory, version, readonly)

    def get_many(self, keys: list[bytes]) -> dict[bytes, Analysis]:
        return self._decoded(self.get_blobs(keys), _decode_analysis)


class DocumentCache(_BlobCache):
    prefix = "documents-"

    def __init__(self, directory: str | Path, version: str = DOCUMENT_VERSION) -> None:
        super().__init__(directory, version)

    def get_many(self, keys: list[bytes]) -> dict[bytes, IndexDocument]:
        return self._decoded(self.get_blobs(keys), _decode_document)


def _pack(text: str) -> bytes:
    return zstandard.compress(text.encode("utf-8"), 1)


def _unpack(blob: bytes) -> str:
    return zstandard.decompress(blob).decode("utf-8")


def encode_analysis(analysis: Analysis) -> bytes:
    # Only the word runs: everything indexed (syllables, folded, bigrams) derives from them.
    return _pack("\n".join(" ".join(run) for run in analysis.word_runs))


def _decode_analysis(blob: bytes) -> Analysis:
    runs = _unpack(blob).split("\n")
    return Analysis(canonical="", word_runs=tuple(tuple(r.split(" ")) for r in runs if r))


# A document entry is "N" + a small JSON header, then the token streams and the stored JSON as
# they are, NUL-separated: JSON-escaping 20 kB of token streams cost more than compressing them.
# "J" + one JSON record for the rare document whose text holds a NUL (a URL token may).
_SEP = "\x00"


def encode_document(doc: IndexDocument) -> bytes:
    published = doc.published.isoformat() if doc.published else None
    values = list(doc.text.values())
    if _SEP in doc.stored or any(_SEP in value for value in values):
        return _pack("J" + json.dumps([doc.id, doc.text, doc.keywords, published, doc.stored, doc.copy_bands],
                                      ensure_ascii=False))
    header = json.dumps([doc.id, doc.keywords, published, list(doc.text), doc.copy_bands], ensure_ascii=False)
    return _pack(_SEP.join(["N" + header, *values, doc.stored]))


def _decode_document(blob: bytes) -> IndexDocument:
    entry = _unpack(blob)
    if entry[:1] == "N":
        header, *values, stored = entry[1:].split(_SEP)
        doc_id, keywords, published, names, bands = json.loads(header)
        if len(values) != len(names):
            raise ValueError("token streams do not match their names")
        text = dict(zip(names, values))
    elif entry[:1] == "J":
        doc_id, text, keywords, published, stored, bands = json.loads(entry[1:])
    else:
        raise ValueError("unknown document entry")
    return IndexDocument(doc_id, text, keywords, dt.date.fromisoformat(published) if published else None, stored,
                         tuple(bands))
