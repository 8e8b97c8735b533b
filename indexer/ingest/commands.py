"""Ingestion: sources -> analysed index documents -> the engine.

`index_paths` is incremental: unchanged sources (same content hash) are not
analysed again, changed ones are replaced, and documents whose source vanished
from the paths being indexed are deleted; running it twice changes nothing.
`reindex` rebuilds everything into a new index version and switches to it
atomically only once the rebuild is complete, so searches never see a half
index and a crash at any moment leaves the live index as it was.

Both take the writer lock, build documents in parallel worker processes (pyvi
and extraction are the bottleneck) with bounded memory, and reuse cached
documents and analyses (see indexer/ingest/cache.py).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.ingest.build import Builder
from indexer.ingest.locking import WriterLock
from indexer.ingest.report import IngestReport, Progress
from indexer.ingest.sources import RawSource, Skipped, discover, is_jsonl, iter_raw, open_jsonl, parse
from indexer.ingest.state import indexed_sources, remember_sources
from indexer.schema import IndexDocument
from indexer.search.engine import BackendError, SearchBackend

COMMIT_EVERY = 20_000  # incremental runs commit in steps so a crash loses little work
CACHE_DIR = "cache"
# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_FROM_DOCS = 400


def new_version_name() -> str:
    return "v" + dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S%f")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    data_dir: Path
    workers: int | None = None  # None: one per core, for inputs large enough to be worth it
    dry_run: bool = False
    use_cache: bool = True

    def worker_count(self, expected_docs: int | None) -> int:
        if self.workers is not None:
            return max(1, self.workers)
        if expected_docs is not None and expected_docs < PARALLEL_FROM_DOCS:
            return 1
        return os.cpu_count() or 1


def _count_inputs(paths: list[Path]) -> int | None:
    """How many documents the inputs hold, for the time left in the progress lines and the
    choice of workers (cheap: no parsing, though a large archive is read once more for it)."""
    total = 0
    for found in discover(paths):
        if isinstance(found, Skipped):
            continue
        file = found[0]
        if not is_jsonl(file):
            total += 1
            continue
        try:
            with open_jsonl(file) as fh:
                total += sum(1 for line in fh if line.strip())
        except (OSError, EOFError, zlib.error):
            return None
    return total


def _within(path: str | None, scopes: list[Path]) -> bool:
    if not path:
        return False
    p = Path(path)
    return any(p == s or s in p.parents for s in scopes)


class _Run:
    """What one run reads, compared with what the index holds."""

    def __init__(self, scopes: list[Path], existing: dict[str, tuple[str | None, str | None]],
                 report: IngestReport, progress: Progress) -> None:
        self.scopes = scopes
        self.existing = existing
        # (source file, content hash) -> id: recognises an unchanged source before parsing it.
        self.by_source = {(path, digest): doc_id for doc_id, (digest, path) in existing.items()}
        self.report = report
        self.progress = progress
        self.seen: dict[str, str] = {}  # id -> where it was first read
        self.troubled: set[str] = set()  # source files with a skipped item: their documents are kept

    def skip(self, item: Skipped) -> None:
        self.report.skipped.append(item)
        if item.path is not None:
            self.troubled.add(str(item.path))
        self.progress.warn(f"skipped {item}")

    def raws(self, include_unchanged: bool) -> Iterator[RawSource]:
        """Readable input units; unchanged ones are counted and dropped unless rebuilding."""
        for item in iter_raw(self.scopes):
            if isinstance(item, Skipped):
                self.skip(item)
                continue
            known = None if include_unchanged else self.by_source.get((str(item.path), item.content_hash))
            if known is not None and known not in self.seen:
                self.seen[known] = item.origin
                self.report.unchanged += 1
                self.progress.advance()
                continue
            yield item

    def accept(self, raw: RawSource, doc_id: str) -> bool:
        """Count a parsed document as added/updated/unchanged, or skip it as a duplicate id."""
        first = self.seen.get(doc_id)
        if first is not None:
            self.skip(Skipped(raw.origin, f"duplicate id {doc_id!r} (first at {first})", raw.path))
            return False
        self.seen[doc_id] = raw.origin
        before = self.existing.get(doc_id)
        kind = "added" if before is None else "unchanged" if before[0] == raw.content_hash else "updated"
        setattr(self.report, kind, getattr(self.report, kind) + 1)
        self.progress.advance()
        return True

    def vanished(self, everywhere: bool) -> list[str]:
        """Indexed documents not read this run: within the scanned paths, or anywhere (rebuild)."""
        return [
            doc_id for doc_id, (_, path) in self.existing.items()
            if doc_id not in self.seen and (everywhere or (_within(path, self.scopes) and path not in self.troubled))
        ]

    def dry_run(self, include_unchanged: bool) -> None:
        for raw in self.raws(include_unchanged):
            item = parse(raw)  # for the id; no analysis
            if isinstance(item, Skipped):
                self.skip(item)
            else:
                self.accept(raw, item.article.id)

    def write(self, writer: Any, built: Iterable[tuple[RawSource, IndexDocument | Skipped]],
              commit_every: int | None) -> None:
        batch: list[IndexDocument] = []
        since_commit = 0
        for raw, doc in built:
            if isinstance(doc, Skipped):
                self.skip(doc)
                continue
            if not self.accept(raw, doc.id):
                continue
            batch.append(doc)
            if len(batch) >= 256:
                writer.upsert(batch)
                since_commit += len(batch)
                batch = []
                if commit_every and since_commit >= commit_every:
                    writer.commit()
                    since_commit = 0
        writer.upsert(batch)


class _Session:
    """One command under the writer lock: its inputs, options, progress and report."""

    def __init__(self, backend: SearchBackend, paths: Iterable[str | Path], options: IngestOptions | None,
                 progress: Progress | None, command: str) -> None:
        self.backend = backend
        self.scopes = [Path(p).resolve() for p in paths]
        # The writer lock, the caches and the source state live in the configured data directory.
        self.options = options or IngestOptions(data_dir=Path(backend.settings.data_dir))
        self.progress = progress or Progress()
        self.report = IngestReport(command=command, dry_run=self.options.dry_run)
        self.expected: int | None = None

    @contextmanager
    def locked(self) -> Iterator[_Session]:
        started = time.perf_counter()
        with WriterLock(self.options.data_dir, self.report.command):
            try:
                yield self
            finally:
                self.progress.close()
        self.report.seconds = time.perf_counter() - started

    def run(self, version: str | None) -> _Run:
        """This run's reading, compared with what `version` holds; progress starts."""
        run = _Run(self.scopes, indexed_sources(self.backend, version), self.report, self.progress)
        self.expected = _count_inputs(self.scopes)
        self.progress.start(self.expected)
        return run

    def builder(self) -> Builder:
        cache_dir = self.options.data_dir / CACHE_DIR if self.options.use_cache else None
        return Builder(cache_dir, self.options.worker_count(self.expected), self.report)


def index_paths(backend: SearchBackend, paths: Iterable[str | Path], progress: Progress | None = None,
                options: IngestOptions | None = None) -> IngestReport:
    """Incremental indexing of `paths` into the live index (created on first use)."""
    with _Session(backend, paths, options, progress, "index").locked() as session:
        version = backend.live_version()
        created = version is None
        run = session.run(version)
        dry_run = session.options.dry_run
        try:
            if dry_run:
                run.dry_run(include_unchanged=False)
                session.report.deleted = len(run.vanished(everywhere=False))
            else:
                if created:
                    version = new_version_name()
                    backend.create_version(version)
                with session.builder() as builder, backend.writer(version) as writer:
                    run.write(writer, builder.build(run.raws(False)), commit_every=None if created else COMMIT_EVERY)
                    gone = run.vanished(everywhere=False)
                    writer.delete(gone)
                    session.report.deleted = len(gone)
                    writer.commit()
                if created and version is not None:
                    backend.switch_live(version)
                remember_sources(session.options.data_dir, session.scopes)
        except BaseException:
            if created and version and not dry_run:
                backend.drop_version(version)
            raise
        session.report.version = version
    return session.report


def reindex(backend: SearchBackend, paths: Iterable[str | Path], progress: Progress | None = None,
            options: IngestOptions | None = None) -> IngestReport:
    """Full rebuild into a new version, then an atomic switch; the old version is removed after."""
    with _Session(backend, paths, options, progress, "reindex").locked() as session:
        live = backend.live_version()
        # Leftovers of a crashed run: versions that never went live. The lock says nobody builds them.
        if not session.options.dry_run:
            for leftover in backend.versions():
                if leftover != live:
                    backend.drop_version(leftover)
        run = session.run(live)
        version = live
        if session.options.dry_run:
            run.dry_run(include_unchanged=True)
        else:
            version = new_version_name()
            backend.create_version(version)
            try:
                with session.builder() as builder, backend.writer(version) as writer:
                    run.write(writer, builder.build(run.raws(True)), commit_every=None)
                    writer.commit()
                if not run.seen and run.existing:
                    raise BackendError("the rebuild found no documents; the live index is left as it was")
                backend.switch_live(version)
            except BaseException:
                backend.drop_version(version)
                raise
            if live and live != version:
                backend.drop_version(live)
            remember_sources(session.options.data_dir, session.scopes)
        session.report.deleted = len(run.vanished(everywhere=True))
        session.report.version = version
    return session.report
