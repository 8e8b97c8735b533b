"""Digests of vnsearch's own code and data files, which name the caches built with them: a cache
made by other code is never read (see indexer/ingest/cache.py, indexer/analysis)."""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = (".py", ".txt", ".tsv", ".json")


def code_fingerprint(*patterns: str, seed: str = "") -> str:
    """A digest of the files under indexer/ that the glob `patterns` match (code and data files
    only), their names included, on top of `seed` (another fingerprint this one depends on)."""
    digest = hashlib.sha256(seed.encode())
    files = sorted({f for pattern in patterns for f in PACKAGE.glob(pattern) if f.is_file() and f.suffix in _SUFFIXES})
    for file in files:
        digest.update(file.relative_to(PACKAGE).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]
