"""Ingestion: source files -> articles -> index documents -> the engine.

    sources.py   files and JSON lines in, RawSource/SourceDoc out (extraction runs here)
    build.py     documents built in worker processes, from the caches where possible
    cache.py     analyses and finished documents, keyed by content and by code version
    state.py     what the data directory remembers between runs
    locking.py   one writer at a time
    report.py    progress on the way, a report at the end
    commands.py  `index_paths` (incremental) and `reindex` (rebuild and atomic switch)
    check.py     `vnsearch check`: what is wrong with a data directory, and the command that repairs it
"""

from __future__ import annotations

from indexer.ingest.commands import IngestOptions, index_paths, reindex
from indexer.ingest.report import IngestReport, Progress
from indexer.ingest.state import default_reindex_paths

__all__ = ["IngestOptions", "IngestReport", "Progress", "default_reindex_paths", "index_paths", "reindex"]
