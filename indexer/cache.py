"""A cache of pyvi analyses keyed by text hash, one file per analysis version.

Segmentation is the costly step of indexing; a rebuild after a mapping-only
change finds every analysis here and segments nothing. Any change to the
analysis code or its word lists changes ANALYSIS_VERSION, so a stale cache is
never read (old files are removed on open).
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

from .analysis import ANALYSIS_VERSION, Analysis

FILE_PREFIX = "analysis-"


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:20]


def _encode(analysis: Analysis) -> bytes:
    # Only the word runs: everything indexed (syllables, folded, bigrams) derives from them cheaply.
    return zlib.compress("\n".join(" ".join(run) for run in analysis.word_runs).encode("utf-8"), 1)


def _decode(blob: bytes) -> Analysis:
    runs = zlib.decompress(blob).decode("utf-8").split("\n")
    return Analysis(canonical="", word_runs=tuple(tuple(r.split(" ")) for r in runs if r))


class AnalysisCache:
    def __init__(self, directory: str | Path, version: str = ANALYSIS_VERSION) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / f"{FILE_PREFIX}{version}.sqlite"
        for stale in self.directory.glob(f"{FILE_PREFIX}*.sqlite*"):
            if not stale.name.startswith(self.path.name):
                stale.unlink(missing_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS analysis (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
        self.hits = 0
        self.misses = 0
        self.disabled: str | None = None

    def get_many(self, keys: list[bytes]) -> dict[bytes, Analysis]:
        found: dict[bytes, Analysis] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, value FROM analysis WHERE key IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
            found.update((bytes(k), _decode(v)) for k, v in rows)
        self.hits += len(found)
        self.misses += len(set(keys)) - len(found)
        return found

    def put_many(self, items: Iterable[tuple[bytes, Analysis]]) -> None:
        if self.disabled:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO analysis (key, value) VALUES (?, ?)", ((k, _encode(a)) for k, a in items)
                )
        except sqlite3.Error as exc:
            # The cache only saves time: a full disk here must not fail the indexing itself.
            self.disabled = f"analysis cache disabled: {exc}"
            logging.getLogger(__name__).warning("%s (%s)", self.disabled, self.path)

    def close(self) -> None:
        self._db.close()
