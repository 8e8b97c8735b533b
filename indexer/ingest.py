"""Ingestion: sources -> analysed index documents -> the engine.

`index_paths` is incremental: unchanged sources (same content hash) are not
analysed again, changed ones are replaced, and documents whose source vanished
from the paths being indexed are deleted; running it twice changes nothing.
`reindex` rebuilds everything into a new index version and switches to it
atomically only once the rebuild is complete, so searches never see a half
index and a crash at any moment leaves the live index as it was.

Both take the writer lock, build documents in parallel worker processes (pyvi
and extraction are the bottleneck) with bounded memory, and reuse cached
documents and analyses (see indexer/cache.py).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import sys
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .analysis import Analysis, analyze
from .analysis.segmenter import segment
from .backends.base import BackendError, SearchBackend
from .cache import AnalysisCache, DocumentCache, encode_analysis, encode_document, source_key, text_key
from .locking import WriterLock
from .schema import INGEST_KEY, IndexDocument, build_document, section_texts
from .sources import RawSource, Skipped, discover, is_jsonl, iter_raw, open_jsonl, parse

BATCH_SIZE = 32  # documents per worker task
COMMIT_EVERY = 20_000  # incremental runs commit in steps so a crash loses little work
STATE_FILE = "sources.json"
CACHE_DIR = "cache"


@dataclass(slots=True)
class IngestReport:
    command: str = "index"
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    analysed_sections: int = 0
    cached_sections: int = 0
    cached_documents: int = 0
    seconds: float = 0.0
    version: str | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        docs = self.added + self.updated + self.unchanged
        rate = docs / self.seconds if self.seconds else 0.0
        verb = "would change" if self.dry_run else "done"
        lines = [
            f"{self.command} {verb}: added {self.added}, updated {self.updated}, deleted {self.deleted}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)}",
            f"  {self.seconds:.1f} s, {rate:.0f} docs/s; segmented {self.analysed_sections} texts, "
            f"{self.cached_sections} texts and {self.cached_documents} documents from cache; "
            f"index version {self.version}",
        ]
        reasons: dict[str, int] = {}
        for item in self.skipped:
            key = item.reason.split(" (")[0]
            reasons[key] = reasons.get(key, 0) + 1
        lines += [f"  skipped: {count} × {reason}" for reason, count in sorted(reasons.items())]
        return "\n".join(lines)


class Progress:
    """Documents/s and time left on a terminal; plain log lines otherwise."""

    def __init__(self, stream: TextIO = sys.stderr, every: int = 1000) -> None:
        self.stream = stream
        self.every = every
        self.total: int | None = None  # set by start()
        self.count = 0
        self.started = time.perf_counter()
        self._bar: Any = None

    def start(self, total: int | None) -> None:
        self.total = total
        self.started = time.perf_counter()
        if self.stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit=" docs", file=self.stream, smoothing=0.05, dynamic_ncols=True)

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.count // self.every != (self.count - n) // self.every:
            elapsed = max(time.perf_counter() - self.started, 1e-9)
            rate = self.count / elapsed
            left = f", {(self.total - self.count) / rate:.0f} s left" if self.total and rate else ""
            of = f"/{self.total}" if self.total else ""
            print(f"… {self.count}{of} documents ({rate:.0f} docs/s{left})", file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def new_version_name() -> str:
    return "v" + dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S%f")


# --- parallel building ---------------------------------------------------------------------


@dataclass(slots=True)
class _Built:
    """What a worker makes of one raw source, cache entries already encoded (off the main process)."""

    item: IndexDocument | Skipped
    fresh: list[tuple[bytes, bytes]]  # analyses computed now, encoded for the analysis cache
    cached_sections: int = 0
    document_blob: bytes | None = None  # the document, encoded for the document cache


_worker_cache: AnalysisCache | None = None  # each worker process opens its own read connection


def _init_worker(cache_dir: str | None) -> None:
    global _worker_cache
    segment("khởi động")  # already loaded by the fork server's preload; a no-op then
    _worker_cache = AnalysisCache(cache_dir, readonly=True) if cache_dir else None


def _build_in_worker(raws: list[RawSource]) -> list[_Built]:
    return build_documents(raws, _worker_cache)


def build_documents(raws: list[RawSource], cache: AnalysisCache | None) -> list[_Built]:
    """Parse, extract, analyse (from the cache where possible) and build index documents."""
    items = [parse(raw) for raw in raws]
    sections = [section_texts(item.article) if not isinstance(item, Skipped) else {} for item in items]
    keys = [{name: text_key(text) for name, text in texts.items()} for texts in sections]
    # One cache query for the batch, not one per document.
    known = cache.get_many(list({key for ks in keys for key in ks.values()})) if cache else {}
    out: list[_Built] = []
    for raw, item, texts, section_keys in zip(raws, items, sections, keys):
        if isinstance(item, Skipped):
            out.append(_Built(item, []))
            continue
        built = _Built(item, [], cached_sections=sum(key in known for key in set(section_keys.values())))
        analyses: dict[str, Analysis] = {}
        for name, text in texts.items():
            key = section_keys[name]
            if key not in known:
                try:
                    known[key] = analyze(text)
                except Exception as exc:  # noqa: BLE001 - one odd text must not stop the others
                    built.item = Skipped(raw.origin, f"analysis failed: {type(exc).__name__}: {exc}", raw.path)
                    break
                built.fresh.append((key, encode_analysis(known[key])))
            analyses[name] = known[key]
        else:
            doc = build_document(item.article, analyses, content_hash=item.content_hash, source_path=str(item.path))
            built.item, built.document_blob = doc, encode_document(doc)
        out.append(built)
    return out


@dataclass(slots=True)
class _Pending:
    raws: list[RawSource]
    keys: list[bytes]
    cached: dict[bytes, IndexDocument]
    result: Any = None  # AsyncResult of the cache misses, or a _Done


class Builder:
    """RawSources -> IndexDocuments (or Skipped), in input order, few batches in flight.

    Finished documents come from the document cache when the same source was built by the
    same code before; the rest is built in worker processes, each with the pyvi model loaded
    once and its own read connection to the analysis cache.
    """

    def __init__(self, cache_dir: Path | None, workers: int, report: IngestReport) -> None:
        self.report = report
        self.workers = max(1, workers)
        self.cache_dir = cache_dir
        self.documents_cache = DocumentCache(cache_dir) if cache_dir else None
        self.analysis_cache = AnalysisCache(cache_dir) if cache_dir else None
        self._pool: Any = None

    def _worker_pool(self) -> Any:
        """Started at the first document that is not cached: a rebuild served from the cache
        never loads the model. Workers fork from a fresh fork server (not from this process,
        whose engine threads must not be forked) that has loaded the model once."""
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["indexer.preload"])
            self._pool = context.Pool(
                self.workers, initializer=_init_worker, initargs=(str(self.cache_dir) if self.cache_dir else None,)
            )
        return self._pool

    def __enter__(self) -> Builder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        for cache in (self.documents_cache, self.analysis_cache):
            if cache is not None:
                cache.close()

    def build(self, raws: Iterable[RawSource]) -> Iterator[tuple[RawSource, IndexDocument | Skipped]]:
        queue: deque[_Pending] = deque()
        limit = 2 * self.workers
        for batch in _batches(raws, BATCH_SIZE):
            queue.append(self._submit(batch))
            while len(queue) > limit or (queue and queue[0].result.ready()):
                yield from self._finish(queue.popleft())
        while queue:
            yield from self._finish(queue.popleft())

    def _submit(self, batch: list[RawSource]) -> _Pending:
        keys = [source_key(str(r.path), r.content_hash) for r in batch]
        cached = self.documents_cache.get_many(keys) if self.documents_cache else {}
        misses = [r for r, k in zip(batch, keys) if k not in cached]
        if misses and self.workers > 1:
            result: Any = self._worker_pool().apply_async(_build_in_worker, (misses,))
        else:
            result = _Done(build_documents(misses, self.analysis_cache) if misses else [])
        return _Pending(batch, keys, cached, result)

    def _finish(self, pending: _Pending) -> Iterator[tuple[RawSource, IndexDocument | Skipped]]:
        built = iter(pending.result.get())
        fresh_analyses: list[tuple[bytes, bytes]] = []
        fresh_documents: list[tuple[bytes, bytes]] = []
        for raw, key in zip(pending.raws, pending.keys):
            doc = pending.cached.get(key)
            if doc is not None:
                self.report.cached_documents += 1
                yield raw, doc
                continue
            one = next(built)
            self.report.analysed_sections += len(one.fresh)
            self.report.cached_sections += one.cached_sections
            fresh_analyses += one.fresh
            if one.document_blob is not None:
                fresh_documents.append((key, one.document_blob))
            yield raw, one.item
        if self.analysis_cache is not None and fresh_analyses:
            self.analysis_cache.put_blobs(fresh_analyses)
        if self.documents_cache is not None and fresh_documents:
            self.documents_cache.put_blobs(fresh_documents)


class _Done:
    """A finished result with the AsyncResult interface, for the in-process path."""

    def __init__(self, value: list[_Built]) -> None:
        self.value = value

    def ready(self) -> bool:
        return True

    def get(self) -> list[_Built]:
        return self.value


def _batches(items: Iterable[RawSource], size: int) -> Iterator[list[RawSource]]:
    batch: list[RawSource] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- the two commands ----------------------------------------------------------------------


# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_FROM_DOCS = 400


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


def _existing(backend: SearchBackend, version: str | None) -> dict[str, tuple[str | None, str | None]]:
    """id -> (content hash, source path) of what a version holds."""
    if version is None:
        return {}
    out = {}
    for stored in backend.iter_stored(version):
        ingest = stored.get(INGEST_KEY) or {}
        out[stored["id"]] = (ingest.get("hash"), ingest.get("path"))
    return out


def _within(path: str | None, scopes: list[Path]) -> bool:
    if not path:
        return False
    p = Path(path)
    return any(p == s or s in p.parents for s in scopes)


def _remember_sources(data_dir: Path, paths: list[Path]) -> None:
    state = data_dir / STATE_FILE
    merged = sorted({str(p) for p in _recorded_sources(data_dir)} | {str(p) for p in paths})
    tmp = state.with_suffix(".tmp")
    tmp.write_text(json.dumps({"paths": merged}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, state)


def _recorded_sources(data_dir: Path) -> list[Path]:
    try:
        return [Path(p) for p in json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))["paths"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def default_reindex_paths(data_dir: Path) -> list[Path]:
    """What `reindex` rebuilds when given no paths: every path indexed so far that still exists."""
    return [p for p in _recorded_sources(data_dir) if p.exists()]


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


def _prepare(backend: SearchBackend, paths: Iterable[str | Path], options: IngestOptions | None,
             progress: Progress | None, command: str) -> tuple[list[Path], IngestOptions, Progress, IngestReport]:
    scopes = [Path(p).resolve() for p in paths]
    if options is None:
        # The embedded engine keeps its lock and cache beside the index; others must say where.
        data_dir = getattr(backend, "data_dir", None)
        if data_dir is None:
            raise ValueError(f"IngestOptions(data_dir=...) is required for the {backend.name} backend")
        options = IngestOptions(data_dir=Path(data_dir))
    return scopes, options, progress or Progress(), IngestReport(command=command, dry_run=options.dry_run)


def index_paths(
    backend: SearchBackend,
    paths: Iterable[str | Path],
    progress: Progress | None = None,
    options: IngestOptions | None = None,
) -> IngestReport:
    """Incremental indexing of `paths` into the live index (created on first use)."""
    scopes, options, progress, report = _prepare(backend, paths, options, progress, "index")
    started = time.perf_counter()
    with WriterLock(options.data_dir, "index"):
        version = backend.live_version()
        created = version is None
        run = _Run(scopes, _existing(backend, version), report, progress)
        expected = _count_inputs(scopes)
        progress.start(expected)
        try:
            if options.dry_run:
                run.dry_run(include_unchanged=False)
                report.deleted = len(run.vanished(everywhere=False))
            else:
                if created:
                    version = new_version_name()
                    backend.create_version(version)
                with _builder(options, expected, report) as builder, backend.writer(version) as writer:
                    run.write(writer, builder.build(run.raws(False)), commit_every=None if created else COMMIT_EVERY)
                    gone = run.vanished(everywhere=False)
                    writer.delete(gone)
                    report.deleted = len(gone)
                    writer.commit()
                if created:
                    backend.switch_live(version)
                _remember_sources(options.data_dir, scopes)
        except BaseException:
            if created and version and not options.dry_run:
                backend.drop_version(version)
            raise
        finally:
            progress.close()
    report.version = version
    report.seconds = time.perf_counter() - started
    return report


def reindex(
    backend: SearchBackend,
    paths: Iterable[str | Path],
    progress: Progress | None = None,
    options: IngestOptions | None = None,
) -> IngestReport:
    """Full rebuild into a new version, then an atomic switch; the old version is removed after."""
    scopes, options, progress, report = _prepare(backend, paths, options, progress, "reindex")
    started = time.perf_counter()
    with WriterLock(options.data_dir, "reindex"):
        live = backend.live_version()
        # Leftovers of a crashed run: versions that never went live. The lock says nobody builds them.
        if not options.dry_run:
            for leftover in backend.versions():
                if leftover != live:
                    backend.drop_version(leftover)
        run = _Run(scopes, _existing(backend, live), report, progress)
        expected = _count_inputs(scopes)
        progress.start(expected)
        version = live
        try:
            if options.dry_run:
                run.dry_run(include_unchanged=True)
            else:
                version = new_version_name()
                backend.create_version(version)
                try:
                    with _builder(options, expected, report) as builder, backend.writer(version) as writer:
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
                _remember_sources(options.data_dir, scopes)
            report.deleted = len(run.vanished(everywhere=True))
        finally:
            progress.close()
    report.version = version
    report.seconds = time.perf_counter() - started
    return report


def _builder(options: IngestOptions, expected_docs: int | None, report: IngestReport) -> Builder:
    cache_dir = options.data_dir / CACHE_DIR if options.use_cache else None
    return Builder(cache_dir, options.worker_count(expected_docs), report)
