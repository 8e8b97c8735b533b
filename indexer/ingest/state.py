"""What the data directory remembers between runs: the paths indexed so far, and what an index
version holds (each document's content hash and source file, stored beside the article)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from indexer.schema import INGEST_KEY
from indexer.search.engine import SearchBackend

STATE_FILE = "sources.json"


def indexed_sources(backend: SearchBackend, version: str | None) -> dict[str, tuple[str | None, str | None]]:
    """id -> (content hash, source path) of what a version holds."""
    if version is None:
        return {}
    out = {}
    for stored in backend.iter_stored(version):
        ingest = stored.get(INGEST_KEY) or {}
        out[stored["id"]] = (ingest.get("hash"), ingest.get("path"))
    return out


def remember_sources(data_dir: Path, paths: list[Path]) -> None:
    state = data_dir / STATE_FILE
    merged = sorted({str(p) for p in recorded_sources(data_dir)} | {str(p) for p in paths})
    tmp = state.with_suffix(".tmp")
    tmp.write_text(json.dumps({"paths": merged}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, state)


def recorded_sources(data_dir: Path) -> list[Path]:
    try:
        return [Path(p) for p in json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))["paths"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def default_reindex_paths(data_dir: Path) -> list[Path]:
    """What `reindex` rebuilds when given no paths: every path indexed so far that still exists."""
    return [p for p in recorded_sources(data_dir) if p.exists()]
