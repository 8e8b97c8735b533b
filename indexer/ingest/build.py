"""RawSources -> IndexDocuments, in parallel worker processes with bounded memory.

pyvi and extraction are the bottleneck: documents are built in worker processes forked from a
fork server that loaded the model once (indexer/ingest/preload.py), and finished documents and
analyses are reused from the caches (indexer/ingest/cache.py).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.analysis import Analysis, analyze
from indexer.analysis.segmenter import segment
from indexer.documents import build_document, section_texts, statement_texts
from indexer.ingest.cache import AnalysisCache, DocumentCache, encode_analysis, encode_document, source_key, text_key
from indexer.ingest.report import IngestReport
from indexer.ingest.sources import RawSource, Skipped, parse
from indexer.models import Article
from indexer.schema import INGEST_KEY, IndexDocument

BATCH_SIZE = 32  # documents per worker task


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
    sections = [section_texts(item.article) | statement_texts(item.article) if not isinstance(item, Skipped) else {}
                for item in items]
    keys = [{name: text_key(text) for name, text in texts.items()} for texts in sections]
    # One cache query for the batch, not one per document.
    known = cache.get_many(list({key for ks in keys for key in ks.values()})) if cache else {}
    out: list[_Built] = []
    for raw, item, texts, section_keys in zip(raws, items, sections, keys):
        if isinstance(item, Skipped):
            out.append(_Built(item, []))
            continue
        cached_sections = sum(key in known for key in set(section_keys.values()))
        fresh: list[tuple[bytes, bytes]] = []
        analyses: dict[str, Analysis] = {}
        for name, text in texts.items():
            key = section_keys[name]
            if key not in known:
                try:
                    known[key] = analyze(text)
                except Exception as exc:  # noqa: BLE001 - one odd text must not stop the others
                    failed = Skipped(raw.origin, f"analysis failed: {type(exc).__name__}: {exc}", raw.path)
                    out.append(_Built(failed, fresh, cached_sections))
                    break
                fresh.append((key, encode_analysis(known[key])))
            analyses[name] = known[key]
        else:
            try:
                doc = build_document(item.article, analyses, content_hash=item.content_hash, source_path=str(item.path))
                # Encodes every field as UTF-8, as the engine will: text that cannot be (sources
                # refuses it) stops here, naming its input, not in the engine's writer, ending the run.
                blob = encode_document(doc)
            except Exception as exc:  # noqa: BLE001 - one odd document must not stop the others
                why = " ".join(str(exc).split())[:200]  # one line
                failed = Skipped(raw.origin, f"could not be stored ({type(exc).__name__}: {why})", raw.path)
                out.append(_Built(failed, fresh, cached_sections))
                continue
            out.append(_Built(doc, fresh, cached_sections, blob))
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
            context.set_forkserver_preload(["indexer.ingest.preload"])
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

    def rebuilt(self, stored: list[dict[str, Any]]) -> list[IndexDocument]:
        """The documents of stored articles made again (to write them with a new copy group):
        from the document cache when their source was built by this code, else from the
        stored article and its cached (or new) analyses, in this process. An article that
        cannot be made again is left out (and keeps its old group)."""
        docs = []
        keys = [_source_key_of(s) for s in stored]
        cached = self.documents_cache.get_many([k for k in keys if k]) if self.documents_cache else {}
        for one, key in zip(stored, keys):
            doc = cached.get(key) if key else None
            if doc is None or doc.id != one.get("id"):
                try:
                    doc = self._from_stored(one)
                except Exception:  # noqa: BLE001 - one odd article must not stop the regrouping of the others
                    continue
            docs.append(doc)
        return docs

    def _from_stored(self, stored: dict[str, Any]) -> IndexDocument:
        ingest = stored.get(INGEST_KEY) or {}
        article = Article.from_json(stored)
        texts = section_texts(article) | statement_texts(article)
        known = self.analysis_cache.get_many([text_key(t) for t in texts.values()]) if self.analysis_cache else {}
        analyses = {name: known.get(text_key(text)) or analyze(text) for name, text in texts.items()}
        return build_document(article, analyses, content_hash=ingest.get("hash"), source_path=ingest.get("path"))


def _source_key_of(stored: dict[str, Any]) -> bytes | None:
    ingest = stored.get(INGEST_KEY) or {}
    return source_key(ingest["path"], ingest["hash"]) if ingest.get("path") and ingest.get("hash") else None


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
