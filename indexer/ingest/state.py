"""What the data directory remembers between runs: the paths indexed so far, and what an index
version holds (each document's content hash and source file, stored beside the article)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from indexer.ingest.copies import CopyRecord
from indexer.schema import INGEST_KEY
from indexer.search.engine import SearchBackend

STATE_FILE = "sources.json"


def indexed_sources(backend: SearchBackend, version: str | None,
                    copies: dict[str, CopyRecord] | None = None) -> dict[str, tuple[str | None, str | None]]:
    """id -> (content hash, source path) of what a version holds; `copies`, when given, is
    filled with what each document holds about its copies (in the same one read)."""
    if version is None:
        return {}
    out = {}
    for stored in backend.iter_stored(version):
        ingest = stored.get(INGEST_KEY) or {}
        out[stored["id"]] = (ingest.get("hash"), ingest.get("path"))
        if copies is not None:
            copies[stored["id"]] = CopyRecord.of(stored)
    return out


def scopes_holding(source: str | None, scopes: list[Path]) -> list[Path]:
    """The scanned paths a document's recorded source file lies in (the path itself or below it)."""
    if not source:
        return []
    path = Path(source)
    return [scope for scope in scopes if path == scope or scope in path.parents]


def remember_sources(data_dir: Path, paths: list[Path]) -> None:
    """Add `paths` to the paths indexed so far (an incremental run adds to the archive)."""
    record_sources(data_dir, sorted({*recorded_sources(data_dir), *paths}, key=str))


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def record_sources(data_dir: Path, paths: list[Path]) -> None:
    """The paths indexed so far are exactly `paths` (a rebuild holds what they gave, nothing else)."""
    state = data_dir / STATE_FILE
    tmp = state.with_suffix(".tmp")
    # A path whose name is not UTF-8 holds nothing indexed (such names are skipped) and could
    # not be written as JSON: it is not remembered.
    merged = sorted({str(p) for p in paths if _utf8(str(p))})
    try:
        tmp.write_text(json.dumps({"paths": merged}, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, state)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk: no half-written file left behind
        raise


def recorded_sources(data_dir: Path) -> list[Path]:
    try:
        return [Path(p) for p in json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))["paths"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def default_reindex_paths(data_dir: Path) -> list[Path]:
    """What `reindex` rebuilds when given no paths: every path indexed so far, also those that are
    gone now, so that the rebuild can refuse to drop their documents and name them."""
    return recorded_sources(data_dir)
