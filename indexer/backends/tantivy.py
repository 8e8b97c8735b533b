"""The embedded engine: tantivy indices on disk, versioned, behind an atomic LIVE pointer.

Layout under `<data dir>/tantivy/`: one directory per index version and a
file `LIVE` naming the version searches read. Switching versions rewrites
`LIVE` with an atomic rename, so a reader sees the old or the new version,
never a half-built one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
from contextlib import contextmanager, suppress
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy

from indexer.config import Settings
from indexer.documents import build_document
from indexer.models import Article, Sort
from indexer.query.tree import Bool, DateRange, MatchAll, MatchNone, Node, Phrase, PhrasePrefix, Term, TermSet, simplify
from indexer.schema import DATE_FIELDS, KEYWORD_FIELDS, RELATED_FIELDS, TEXT_FIELDS, IndexDocument
from indexer.search.engine import BackendError, NothingIndexed
from indexer.search.plan import RawHit, RawResult, SearchPlan, facet_scope, filtered

LIVE_FILE = "LIVE"
STORED_FIELD = "stored"
# Dates become day numbers: one field for range filters and newest-first, one so that
# articles without a date come last in oldest-first order too.
_NEWEST_KEY = "{}_newest"
_OLDEST_KEY = "{}_oldest"
_NO_DATE_LAST = 10**8
WRITER_HEAP_BYTES = 256_000_000


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """The Elasticsearch analysers less their `lowercase`: whitespace split, and ASCII folding
    for the folded fields.

    Every token arrives lowercased by the Python analysis (tests/test_analysis.py checks it), and
    query terms never pass through these analysers, so lowercasing here could only ever make an
    indexed token differ from the query term for it (tantivy's Unicode tables are not Python's).
    It was 12% of the CPU of writing 5,000 VNTC articles into the index (perf)."""
    whitespace = tantivy.Tokenizer.whitespace
    return {
        "vn": tantivy.TextAnalyzerBuilder(whitespace()).build(),
        "vn_folded": tantivy.TextAnalyzerBuilder(whitespace()).filter(tantivy.Filter.ascii_fold()).build(),
    }


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for f in TEXT_FIELDS:
        builder.add_text_field(f.name, tokenizer_name=f.analyzer, index_option="position" if f.positions else "freq")
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    for name in DATE_FIELDS:
        builder.add_integer_field(_NEWEST_KEY.format(name), indexed=True, fast=True)
        builder.add_integer_field(_OLDEST_KEY.format(name), fast=True)
    builder.add_bytes_field(STORED_FIELD, stored=True)
    return builder.build()


def _day(value: dt.date) -> int:
    return value.toordinal()


class TantivyBackend:
    name = "tantivy"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = Path(settings.data_dir) / "tantivy"
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._indices: dict[str, tantivy.Index] = {}
        self._live: tuple[float, str | None] | None = None

    # --- versions -------------------------------------------------------------------------

    def _path(self, version: str) -> Path:
        return self.root / version

    def live_version(self) -> str | None:
        pointer = self.root / LIVE_FILE
        try:
            mtime = pointer.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        cached = self._live
        if cached and cached[0] == mtime:
            return cached[1]
        version = pointer.read_text(encoding="utf-8").strip() or None
        if version and not self._path(version).is_dir():
            raise BackendError(f"{pointer} names version {version!r}, which does not exist")
        self._live = (mtime, version)
        return version

    def versions(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir())

    def create_version(self, version: str) -> None:
        path = self._path(version)
        path.mkdir(parents=True, exist_ok=False)
        self._open(version)

    def switch_live(self, version: str) -> None:
        if not self._path(version).is_dir():
            raise BackendError(f"cannot switch to missing index version {version!r}")
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{LIVE_FILE}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(version + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / LIVE_FILE)
        _fsync_dir(self.root)

    def drop_version(self, version: str) -> None:
        with self._lock:
            self._indices.pop(version, None)
        shutil.rmtree(self._path(version), ignore_errors=True)

    def _open(self, version: str) -> tantivy.Index:
        with self._lock:
            index = self._indices.get(version)
            if index is None:
                path = str(self._path(version))
                try:
                    index = tantivy.Index(self.schema, path=path, reuse=True)
                except ValueError as exc:
                    raise BackendError(f"cannot open index {path}: {exc}") from exc
                for name, analyzer in _analyzers().items():
                    index.register_tokenizer(name, analyzer)
                self._indices[version] = index
            return index

    # --- writing --------------------------------------------------------------------------

    def writer(self, version: str | None = None) -> TantivyWriter:
        version = version or self.live_version()
        if version is None:
            raise NothingIndexed()
        return TantivyWriter(self._open(version))

    # --- reading --------------------------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher | None:
        """A searcher on the live version; follows a switch without a restart.

        A reindex may switch versions and delete the old one between our reading LIVE and
        opening the directory: then read LIVE again (the new version is complete by then).
        """
        for attempt in range(3):
            version = self.live_version()
            if version is None:
                return None
            try:
                searcher = self._fresh_searcher(version)
            except (BackendError, ValueError, OSError):
                self._live = None
                if attempt == 2:
                    raise
                continue
            self._forget_other_versions(version)
            return searcher
        return None

    def _fresh_searcher(self, version: str) -> tantivy.Searcher:
        """A searcher on `version` that sees its latest commit."""
        index = self._open(version)
        index.reload()
        return index.searcher()

    def _forget_other_versions(self, keep: str) -> None:
        with self._lock:
            for version in [v for v in self._indices if v != keep]:
                del self._indices[version]

    def count(self) -> int:
        searcher = self._searcher()
        return searcher.num_docs if searcher else 0

    def get(self, doc_id: str) -> dict[str, Any] | None:
        searcher = self._searcher()
        if searcher is None:
            return None
        found = searcher.search(tantivy.Query.term_query(self.schema, "id", doc_id), 1)
        return _stored(searcher, found.hits[0][1]) if found.hits else None

    def related(self, doc_id: str, size: int) -> list[RawHit]:
        """More-like-this over the article's own analysed title and body, itself excluded."""
        searcher = self._searcher()
        stored = self.get(doc_id)
        if searcher is None or stored is None:
            return []
        doc = build_document(Article.from_json(stored))
        fields = {name: [doc.text[name]] for name in RELATED_FIELDS if doc.text.get(name)}
        if not fields:
            return []
        like = tantivy.Query.more_like_this_document_fields_query(
            self.schema, fields, min_doc_frequency=2, min_term_frequency=1, max_query_terms=30
        )
        query = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, like),
            (tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "id", doc_id)),
        ])
        return [RawHit(_stored(searcher, a), float(score)) for score, a in searcher.search(query, size).hits]

    def iter_stored(self, version: str | None = None) -> Iterator[dict[str, Any]]:
        searcher = self._searcher() if version is None else self._fresh_searcher(version)
        if searcher is None:
            return
        total = searcher.num_docs
        batch = 1000
        for offset in range(0, total, batch):
            result = searcher.search(tantivy.Query.all_query(), batch, count=False, offset=offset)
            for _, address in result.hits:
                yield _stored(searcher, address)

    def search(self, plan: SearchPlan) -> RawResult:
        searcher = self._searcher()
        if searcher is None:
            return RawResult.empty()
        compile_ = _Compiler(self.schema)
        query = compile_(filtered(plan.query, plan.filters.values()))
        limit = max(plan.size, 1)
        try:
            if plan.sort is Sort.RELEVANCE:
                result = searcher.search(query, limit, count=True, offset=plan.offset)
            else:
                newest = plan.sort is Sort.NEWEST
                key = (_NEWEST_KEY if newest else _OLDEST_KEY).format("published")
                order = tantivy.Order.Desc if newest else tantivy.Order.Asc
                result = searcher.search(query, limit, count=True, offset=plan.offset, order_by_field=key, order=order)
        except ValueError as exc:
            raise BackendError(f"tantivy search failed: {exc}") from exc
        # tantivy wants a limit of at least 1; a count-only plan (size 0) decodes no article.
        hits = [RawHit(_stored(searcher, address), float(score) if plan.sort is Sort.RELEVANCE else 0.0)
                for score, address in result.hits[: plan.size]]
        total: int = result.count  # type: ignore[attr-defined]  # set when count=True; missing from the stubs
        return RawResult(total=total, hits=hits, facets=self._facets(searcher, plan, compile_, query))

    def _facets(self, searcher: tantivy.Searcher, plan: SearchPlan, compile_: _Compiler,
                main_query: tantivy.Query) -> dict[str, list[tuple[str, int]]]:
        # Facets counted under the same filters go into one aggregation request.
        all_filters = tuple(plan.filters.values())
        by_scope: dict[tuple[Node, ...], dict[str, Any]] = {}
        for name, spec in plan.facets.items():
            by_scope.setdefault(facet_scope(plan, name), {})[name] = {"terms": {"field": spec.field, "size": spec.size}}
        counts: dict[str, list[tuple[str, int]]] = {}
        for scope, aggs in by_scope.items():
            query = main_query if scope == all_filters else compile_(filtered(plan.query, scope))
            answer = searcher.aggregate(query, aggs)
            for name in aggs:
                counts[name] = [(b["key"], int(b["doc_count"])) for b in answer.get(name, {}).get("buckets", [])]
        return counts

    def close(self) -> None:
        with self._lock:
            self._indices.clear()


class TantivyWriter:
    def __init__(self, index: tantivy.Index) -> None:
        self._index = index
        index.reload()
        # A version being built from nothing (a reindex, a first index) holds no older copy of
        # any document, so an upsert needs no delete unless it repeats an id of this session;
        # deletes cost a term lookup each at commit.
        self._started_empty = index.searcher().num_docs == 0
        self._written: set[str] = set()
        self._writer = index.writer(heap_size=WRITER_HEAP_BYTES)

    def __enter__(self) -> TantivyWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None:
            with suppress(ValueError, OSError):  # already failing: the original error is the one to report
                self._writer.rollback()
                self._writer.wait_merging_threads()
            return
        with _engine_errors("merging"):
            self._writer.wait_merging_threads()

    def upsert(self, docs: Iterable[IndexDocument]) -> None:
        with _engine_errors("writing"):
            for doc in docs:
                if not self._started_empty or doc.id in self._written:
                    self._writer.delete_documents_by_term("id", doc.id)
                self._writer.add_document(_to_tantivy(doc))
                self._written.add(doc.id)

    def delete(self, ids: Iterable[str]) -> None:
        with _engine_errors("deleting"):
            for doc_id in ids:
                self._writer.delete_documents_by_term("id", doc_id)

    def commit(self) -> None:
        with _engine_errors("committing"):
            self._writer.commit()
            self._index.reload()


@contextmanager
def _engine_errors(doing: str) -> Iterator[None]:
    """tantivy reports I/O trouble (a full disk, a vanished directory) as ValueError or OSError."""
    try:
        yield
    except (ValueError, OSError) as exc:
        raise BackendError(f"tantivy failed while {doing} the index: {exc}") from exc


def _to_tantivy(doc: IndexDocument) -> tantivy.Document:
    out = tantivy.Document()
    for name, tokens in doc.text.items():
        out.add_text(name, tokens)
    for name, values in doc.keywords.items():
        for value in values:
            out.add_text(name, value)
    day = _day(doc.published) if doc.published else None
    out.add_integer(_NEWEST_KEY.format("published"), day if day is not None else -1)
    out.add_integer(_OLDEST_KEY.format("published"), day if day is not None else _NO_DATE_LAST)
    out.add_bytes(STORED_FIELD, doc.stored.encode("utf-8"))
    return out


def _stored(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict[str, Any]:
    return json.loads(bytes(searcher.doc(address)[STORED_FIELD][0]).decode("utf-8"))


class _Compiler:
    """Query tree -> tantivy Query."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def __call__(self, node: Node) -> tantivy.Query:
        Q = tantivy.Query
        node = simplify(node)
        if isinstance(node, Term):
            return _boost(Q.term_query(self.schema, node.field, node.value), node.boost)
        if isinstance(node, Phrase):
            query = Q.phrase_query(self.schema, node.field, list(node.terms), node.slop)
            return _boost(query, node.boost)
        if isinstance(node, PhrasePrefix):
            return _boost(Q.phrase_prefix_query(self.schema, node.field, list(node.terms)), node.boost)
        if isinstance(node, Bool):
            return _boost(self._bool(node), node.boost)
        if isinstance(node, MatchAll):
            return _boost(Q.all_query(), node.boost)
        if isinstance(node, MatchNone):
            return Q.empty_query()
        if isinstance(node, TermSet):
            return Q.term_set_query(self.schema, node.field, list(node.values))
        if isinstance(node, DateRange):
            lower = _day(node.gte) if node.gte else None
            upper = _day(node.lte) if node.lte else None
            if lower is None:
                lower = 0  # -1 marks "no date": an upper bound alone must not match those
            return Q.range_query(self.schema, _NEWEST_KEY.format(node.field), tantivy.FieldType.Integer, lower, upper)
        raise TypeError(f"unknown query node {node!r}")

    def _bool(self, node: Bool) -> tantivy.Query:
        Q, O = tantivy.Query, tantivy.Occur
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        clauses += [(O.Must, self(n)) for n in node.must]
        clauses += [(O.Should, self(n)) for n in node.should]
        clauses += [(O.MustNot, self(n)) for n in node.must_not]
        # Filters restrict without scoring.
        clauses += [(O.Must, Q.const_score_query(self(n), 0.0)) for n in node.filter]
        return Q.boolean_query(clauses, node.minimum_should_match)  # simplified: None or a real minimum


def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
