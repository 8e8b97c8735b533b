"""The embedded engine: tantivy indices on disk, versioned, behind an atomic LIVE pointer.

Layout under `<data dir>/tantivy/`: one directory per index version and a
file `LIVE` naming the version searches read. Switching versions rewrites
`LIVE` with an atomic rename, so a reader sees the old or the new version,
never a half-built one.

Every failure to open or read the live index is an `IndexDamaged` (a `BackendError`): a damaged
`meta.json` or segment file, `LIVE` empty or naming no version, or `LIVE` gone after this
backend has seen a live version (the data directory deleted under a running server; a fresh
install, which has never had one, reads as empty instead).

Segment files are mmapped: reading one that was truncated after it was mapped is a SIGBUS,
which kills the process. So readers never reload in the background (tantivy's default reload
policy does, from a watcher thread) and each reload first checks that no segment file shrank;
a freshly opened index checks every file's footer itself and fails with an error.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import logging
import os
import re
import resource
import shutil
import struct
import threading
import time
import zlib
from contextvars import ContextVar
from contextlib import contextmanager, suppress
from functools import lru_cache
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import tantivy

from indexer.config import Settings
from indexer.documents import build_document
from indexer.models import Article, Sort
from indexer.query.tree import Bool, DateRange, MatchAll, MatchNone, Node, Phrase, PhrasePrefix, Term, TermSet, simplify
from indexer.schema import COPY_GROUP, DATE_FIELDS, KEYWORD_FIELDS, RELATED_FIELDS, TEXT_FIELDS, IndexDocument, copy_group_of
from indexer.search.engine import BackendError, IndexDamaged, NothingIndexed
from indexer.search.plan import FacetSpec, RawHit, RawResult, SearchPlan, facet_scope, filtered

LIVE_FILE = "LIVE"
META_FILE = "meta.json"
STORED_FIELD = "stored"
# Dates become day numbers: one field for range filters and newest-first, one so that
# articles without a date come last in oldest-first order too.
_NEWEST_KEY = "{}_newest"
_OLDEST_KEY = "{}_oldest"
_NO_DATE_LAST = 10**8
# The aggregation that counts a counting-only search's matches beside its facets.
_TOTAL_AGG = "_vnsearch_total"
_Generation = tuple[str, tuple[int, bytes]]  # the live version and its meta.json's signature
# The backend, searcher and generation a `snapshot` pinned, in this thread's context (helpers
# get a copy).
_PINNED: ContextVar[tuple[TantivyBackend, tantivy.Searcher | None, _Generation | None] | None] = ContextVar(
    "vnsearch_pinned", default=None)
WRITER_HEAP_BYTES = 256_000_000
# What LIVE may name: what `new_version_name` and the tests make, never a path.
_VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$")
# tantivy's segment files (`<segment id>.<ext>`, `<segment id>.<opstamp>.del`): written once, never
# rewritten, so one that shrinks was truncated.
_SEGMENT_FILE = re.compile(r"^[0-9a-f]{32}\.")
# A write that fails with less free space than this on the disk is taken for a full disk.
LOW_SPACE_BYTES = 64 * 1024 * 1024
# Every segment file ends with a footer: JSON {"version", "crc"}, its length (u32) and this magic
# number (u32), little-endian; "crc" is the CRC-32 of everything before the footer.
FOOTER_MAGIC = 1337
_READ_CHUNK = 1 << 20
# A searcher is reused while the version's meta.json (rewritten by every commit and merge) is
# unchanged, for at most this long: then it is reloaded again. The reload cost about 0.3 ms, paid
# by every search before (four on a page); the segment files are still checked before each one.
RECHECK_SECONDS = 0.5
# A file whose stat is unchanged is taken as unchanged only if it was written this long before it
# was last read (coarse file systems keep one timestamp for a second or two).
_RACY_NS = 2_000_000_000
# Compiled query trees kept per backend (a few kB each).
COMPILED_QUERIES = 2048

_log = logging.getLogger(__name__)


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
        # The last live version this backend read: once there was one, a missing LIVE is a lost
        # index (503), not a fresh install (an empty archive).
        self._seen_live: str | None = None
        # Per open version: the size of each segment file when it was last (re)loaded.
        self._sizes: dict[str, dict[str, int]] = {}
        # Compiled queries by query tree: the next page, a facet click, the fold's and the count's
        # searches ask the same trees again (tantivy's queries hold no index state).
        self._compile: Callable[[Node], tantivy.Query] = lru_cache(maxsize=COMPILED_QUERIES)(_Compiler(self.schema))
        # Per open version: its meta.json as last seen, when its files were last checked, and the
        # searcher then made (`_fresh_searcher`).
        self._readers: dict[str, tuple[tuple[int, bytes], float, tantivy.Searcher]] = {}
        # Per version: meta.json's stat, when its content was last read, and its signature.
        self._metas: dict[str, tuple[tuple[int, int, int, int], int, tuple[int, bytes]]] = {}

    # --- versions -------------------------------------------------------------------------

    def _path(self, version: str) -> Path:
        return self.root / version

    def live_version(self) -> str | None:
        """The version LIVE names; None before the first index. IndexDamaged when LIVE cannot
        be read, names no existing version, or is gone after a live version was seen."""
        pointer = self.root / LIVE_FILE
        try:
            mtime = pointer.stat().st_mtime_ns
        except FileNotFoundError:
            if self._seen_live is not None:
                raise IndexDamaged(f"the live index is gone: {pointer} no longer exists (it named version "
                                   f"{self._seen_live!r}; was the data directory deleted or moved?)") from None
            return None
        except OSError as exc:
            raise IndexDamaged(f"cannot read {pointer}: {exc.strerror or exc}") from exc
        cached = self._live
        if cached and cached[0] == mtime:
            return cached[1]
        try:
            version = pointer.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexDamaged(f"cannot read {pointer}: {exc}") from exc
        if not version:
            raise IndexDamaged(f"{pointer} is empty; it should name the live index version")
        if not _VERSION_NAME.match(version):
            raise IndexDamaged(f"{pointer} does not name an index version: {version[:60]!r}")
        if not self._path(version).is_dir():
            raise IndexDamaged(f"{pointer} names version {version!r}, which does not exist", version)
        self._live = (mtime, version)
        self._seen_live = version
        return version

    def generation(self) -> _Generation | None:
        """The live version and the signature of its meta.json (every commit and merge rewrites
        it), read before the searcher is reloaded: the searcher may be newer than it, never older,
        so an answer is never remembered under a generation newer than what it read. Inside a
        `snapshot`, the pinned searcher's.
        IndexDamaged as a search would raise it: the files are checked as before a search, so a
        damaged index is said even to a request answered from memory."""
        pinned = self._pinned()
        return pinned[2] if pinned is not None else self._live_reader()[1]

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Inside it, this thread's searches read the searcher they found on entry, and the
        generation is that searcher's. Its files are checked on entry only (`_check_files`,
        ~0.15 ms, was made before each of the up to 14 searches of a faceted page): a file cut
        while a request runs is read by that request as it could be by a search already running
        (the window grows from one search to one request, milliseconds), and is caught at the
        next request. The searches of one request see one commit. (The live version itself is
        read live: a request that began before a switch of versions may read the new version's
        vocabulary.)"""
        if self._pinned() is not None:  # nested: the outer snapshot holds
            yield
            return
        searcher, generation = self._live_reader()
        token = _PINNED.set((self, searcher, generation))
        try:
            yield
        finally:
            _PINNED.reset(token)

    def versions(self) -> list[str]:
        try:
            return sorted(p.name for p in self.root.iterdir() if p.is_dir())
        except FileNotFoundError:
            return []

    def create_version(self, version: str) -> None:
        path = self._path(version)
        try:
            path.mkdir(parents=True, exist_ok=False)
        except FileExistsError:
            raise
        except OSError as exc:
            _raise_write_failure("creating", exc, path)
        self._open(version, create=True)

    def switch_live(self, version: str) -> None:
        if not self._path(version).is_dir():
            raise BackendError(f"cannot switch to missing index version {version!r}")
        tmp = self.root / f".{LIVE_FILE}.{os.getpid()}.tmp"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(version + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.root / LIVE_FILE)
            _fsync_dir(self.root)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            _raise_write_failure("switching", exc, self.root)

    def drop_version(self, version: str) -> None:
        self._forget(version)
        shutil.rmtree(self._path(version), ignore_errors=True)

    def _forget(self, version: str) -> None:
        """Close our handle on a version: the next use opens it afresh (new mmaps, footers checked)."""
        with self._lock:
            self._indices.pop(version, None)
            self._sizes.pop(version, None)
            self._readers.pop(version, None)
            self._metas.pop(version, None)

    def _open(self, version: str, create: bool = False) -> tantivy.Index:
        with self._lock:
            index = self._indices.get(version)
            if index is not None:
                return index
            path = self._path(version)
            # tantivy would make a new, empty index in a directory without meta.json: for a
            # version that exists that would hide the loss of every document behind it.
            if not create and not (path / META_FILE).is_file():
                what = "does not exist" if not path.is_dir() else f"has no {META_FILE}"
                raise IndexDamaged(f"index version {version!r} ({path}) {what}", version)
            try:
                index = tantivy.Index(self.schema, path=str(path), reuse=True)
                # We reload ourselves before searching (`_fresh_searcher`); tantivy's default
                # policy reloads from a watcher thread, where a truncated file is a SIGBUS.
                index.config_reader("manual", 0)
            except BaseException as exc:
                if not _is_engine_error(exc):
                    raise
                if _UNWRITABLE.search(str(exc)):  # the index is fine; its directory cannot be written
                    raise BackendError(f"cannot open index {path}: its directory is not writable (tantivy keeps "
                                       "a lock file beside the index even to read it); make it writable or "
                                       "remount it read-write") from exc
                raise IndexDamaged(f"index version {version!r} cannot be opened: {_describe(exc)}", version) from exc
            for name, analyzer in _analyzers().items():
                index.register_tokenizer(name, analyzer)
            self._indices[version] = index
            return index

    def verify(self, version: str) -> list[str]:
        """Problems with a version's files, read whole: each segment of meta.json has its files,
        each file its footer and the checksum the footer holds (bit rot, a torn copy). A problem
        per line; [] when every file checks. Reads the whole index: for `vnsearch check`."""
        path = self._path(version)
        try:
            meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
            segments = [(str(s["segment_id"]).replace("-", ""), s.get("deletes")) for s in meta["segments"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return [f"{META_FILE} cannot be read: {_one_line(str(exc), 120)}"]
        problems = []
        for segment, deletes in segments:
            files = sorted(p for p in path.glob(f"{segment}.*"))
            if not files:
                problems.append(f"segment {segment}: its files are missing")
            if deletes and not (path / f"{segment}.{deletes.get('opstamp')}.del").is_file():
                problems.append(f"segment {segment}: its file of deleted documents is missing")
            problems += [f"file {f.name} {why}" for f in files if (why := _footer_problem(f)) is not None]
        return problems

    def _check_files(self, version: str) -> None:
        """IndexDamaged if a segment file shrank since the last reload (it was truncated); else
        remember the sizes. Reloading reads each mapped file's footer at its old end: a SIGBUS
        when the file was cut short. About 3 µs per file, less than the reload itself."""
        directory = str(self._path(version))
        sizes: dict[str, int] = {}
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if _SEGMENT_FILE.match(entry.name):
                        try:
                            sizes[entry.name] = entry.stat().st_size
                        except FileNotFoundError:  # merged away meanwhile
                            continue
        except FileNotFoundError:
            self._forget(version)
            raise IndexDamaged(f"index version {version!r} ({directory}) does not exist", version) from None
        before = self._sizes.get(version, {})
        for name, size in sizes.items():
            if size < before.get(name, 0):
                self._forget(version)
                raise IndexDamaged(f"index version {version!r}: segment file {name} was truncated "
                                   f"({before[name]} bytes, now {size})", version)
        self._sizes[version] = sizes

    # --- writing --------------------------------------------------------------------------

    def writer(self, version: str | None = None) -> TantivyWriter:
        version = version or self.live_version()
        if version is None:
            raise NothingIndexed()
        return TantivyWriter(self._open(version), self._path(version), lambda: self._readers.pop(version, None))

    # --- reading --------------------------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher | None:
        """A searcher on the live version (the pinned one inside a `snapshot`); follows a switch
        without a restart."""
        pinned = self._pinned()
        return pinned[1] if pinned is not None else self._live_reader()[0]

    def _pinned(self) -> tuple[TantivyBackend, tantivy.Searcher | None, _Generation | None] | None:
        """What this thread's `snapshot` of this backend pinned, if it is in one."""
        pinned = _PINNED.get()
        return pinned if pinned is not None and pinned[0] is self else None

    def _live_reader(self) -> tuple[tantivy.Searcher | None, _Generation | None]:
        """A searcher on the live version and its generation, read together (another thread may
        reload meanwhile); (None, None) before the first index. A reindex may switch versions and
        delete the old one between our reading LIVE and opening the directory: then LIVE is read
        again (the new version is complete by then)."""
        for attempt in range(3):
            version = self.live_version()
            if version is None:
                return None, None
            try:
                searcher, meta = self._fresh_reader(version)
            except BackendError:
                self._live = None
                if attempt == 2:
                    raise
                continue
            self._forget_other_versions(version)
            return searcher, (version, meta) if meta is not None else None
        return None, None

    def _fresh_searcher(self, version: str) -> tantivy.Searcher:
        return self._fresh_reader(version)[0]

    def _fresh_reader(self, version: str) -> tuple[tantivy.Searcher, tuple[int, bytes] | None]:
        """A searcher on `version` that sees its latest commit: the last one made while its
        meta.json is unchanged (and its files were checked less than RECHECK_SECONDS ago); and
        that meta.json's signature (None when it cannot be read)."""
        meta = self._meta_signature(version)
        reader = self._readers.get(version)
        now = time.monotonic()
        if reader is not None and meta is not None and reader[0] == meta and now - reader[1] < RECHECK_SECONDS:
            self._check_files(version)  # before every search outside a snapshot, once in one
            return reader[2], meta
        index = self._open(version)
        self._check_files(version)
        try:
            index.reload()
            searcher = index.searcher()
        except BaseException as exc:
            if not _is_engine_error(exc):
                raise
            self._forget(version)
            raise IndexDamaged(f"index version {version!r} cannot be read: {_describe(exc)}", version) from exc
        if meta is not None:
            self._readers[version] = (meta, now, searcher)
        return searcher, meta

    def _meta_signature(self, version: str) -> tuple[int, bytes] | None:
        """What changes when a commit or merge rewrites the version's meta.json: its content
        (every commit raises the opstamp it holds; a merge changes its segments), not its
        timestamps, which a coarse file system repeats and whose inode ext4 reuses at once; read
        only when its stat cannot vouch for it. None when it cannot be read (then `_open` says why)."""
        path = self._path(version) / META_FILE
        try:
            st = os.stat(path)
            seen = self._metas.get(version)
            stat = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            # Read again unless its stat is as when last read and it was written well before that
            # reading: any rewrite since would then show in the stat (git's "racily clean" rule).
            if seen is not None and seen[0] == stat and st.st_mtime_ns < seen[1] - _RACY_NS:
                return seen[2]
            read_at = time.time_ns()
            content = path.read_bytes()
        except OSError:
            return None
        signature = len(content), hashlib.blake2b(content, digest_size=16).digest()
        self._metas[version] = (stat, read_at, signature)
        return signature

    def _forget_other_versions(self, keep: str) -> None:
        with self._lock:
            for version in [v for v in {*self._indices, *self._readers, *self._metas} if v != keep]:
                self._indices.pop(version, None)
                self._sizes.pop(version, None)
                self._readers.pop(version, None)  # its searcher maps the files of a version deleted
                self._metas.pop(version, None)

    def count(self) -> int:
        searcher = self._searcher()
        if searcher is None:
            return 0
        with _read_errors("counting"):
            return searcher.num_docs

    def get(self, doc_id: str, version: str | None = None) -> dict[str, Any] | None:
        searcher = self._searcher() if version is None else self._fresh_searcher(version)
        if searcher is None:
            return None
        with _read_errors("fetching an article"):
            found = searcher.search(tantivy.Query.term_query(self.schema, "id", doc_id), 1)
            return _stored(searcher, found.hits[0][1]) if found.hits else None

    def related(self, doc_id: str, size: int) -> list[RawHit]:
        """More-like-this over the article's own analysed title and body, itself and its
        republished copies excluded (they are the most alike of all)."""
        searcher = self._searcher()
        stored = self.get(doc_id)
        if searcher is None or stored is None:
            return []
        doc = build_document(Article.from_json(stored), statements=False, copies=False)
        fields = {name: [doc.text[name]] for name in RELATED_FIELDS if doc.text.get(name)}
        if not fields:
            return []
        like = tantivy.Query.more_like_this_document_fields_query(
            self.schema, fields, min_doc_frequency=2, min_term_frequency=1, max_query_terms=30
        )
        group = copy_group_of(stored)
        query = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, like),
            (tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "id", doc_id)),
            *([(tantivy.Occur.MustNot, tantivy.Query.term_set_query(self.schema, COPY_GROUP, [group]))] if group else []),
        ])
        with _read_errors("finding related articles"):
            try:
                found = searcher.search(query, size).hits
            except BaseException as exc:
                if type(exc).__name__ != "PanicException":
                    raise
                # tantivy 0.24's more-like-this scorer panics on some sound indexes ("11 >= 14", an
                # index out of range): no related articles then, rather than a page that fails.
                _log.warning("tantivy could not find articles related to %r: %s", doc_id, _one_line(str(exc)))
                return []
            return [RawHit(_stored(searcher, a), float(score)) for score, a in found]

    def iter_stored(self, version: str | None = None) -> Iterator[dict[str, Any]]:
        searcher = self._searcher() if version is None else self._fresh_searcher(version)
        if searcher is None:
            return
        batch = 1000
        with _read_errors("reading stored articles"):
            total = searcher.num_docs
            for offset in range(0, total, batch):
                result = searcher.search(tantivy.Query.all_query(), batch, count=False, offset=offset)
                stored = [_stored(searcher, address) for _, address in result.hits]
                yield from stored

    def search(self, plan: SearchPlan) -> RawResult:
        searcher = self._searcher()
        if searcher is None:
            return RawResult.empty()
        compile_ = self._compile
        query = compile_(filtered(plan.query, plan.filters.values()))
        with _read_errors("searching"):
            if plan.size == 0:
                # A total (and facet counts): counted by an aggregation, which scores nothing (a
                # top-docs search would score every match: 25% more time over 262,000 articles),
                # beside the facets counted under every filter, so the query runs once.
                facets, counted = self._facets(searcher, plan, compile_, query, with_total=True)
                return RawResult(total=counted, hits=[], facets=facets)
            limit = max(plan.size, 1)
            if plan.sort is Sort.RELEVANCE:
                result = searcher.search(query, limit, count=True, offset=plan.offset)
            else:
                newest = plan.sort is Sort.NEWEST
                key = (_NEWEST_KEY if newest else _OLDEST_KEY).format("published")
                order = tantivy.Order.Desc if newest else tantivy.Order.Asc
                result = searcher.search(query, limit, count=True, offset=plan.offset, order_by_field=key, order=order)
            # tantivy wants a limit of at least 1; a count-only plan (size 0) decodes no article.
            hits = [RawHit(_stored(searcher, address), float(score) if plan.sort is Sort.RELEVANCE else 0.0)
                    for score, address in result.hits[: plan.size]]
            total: int = result.count  # type: ignore[attr-defined]  # set when count=True; missing from the stubs
            facets, _ = self._facets(searcher, plan, compile_, query)
        return RawResult(total=total, hits=hits, facets=facets)

    def _facets(self, searcher: tantivy.Searcher, plan: SearchPlan, compile_: Callable[[Node], tantivy.Query],
                main_query: tantivy.Query,
                with_total: bool = False) -> tuple[dict[str, list[tuple[str, int]]], int]:
        """The plan's facet counts, and with `with_total` the number of matches under every
        filter (every document has a value in the newest-first date key, -1 when undated)."""
        # Facets counted under the same filters go into one aggregation request.
        all_filters = tuple(plan.filters.values())
        by_scope: dict[tuple[Node, ...], dict[str, Any]] = {}
        for name, spec in plan.facets.items():
            by_scope.setdefault(facet_scope(plan, name), {})[name] = {"terms": _terms(spec)}
        if with_total:
            by_scope.setdefault(all_filters, {})[_TOTAL_AGG] = {"value_count": {"field": _NEWEST_KEY.format("published")}}
        counts: dict[str, list[tuple[str, int]]] = {}
        total = 0
        for scope, aggs in by_scope.items():
            query = main_query if scope == all_filters else compile_(filtered(plan.query, scope))
            answer = searcher.aggregate(query, aggs)
            for name in aggs:
                if name == _TOTAL_AGG:
                    total = int(answer.get(name, {}).get("value") or 0)
                else:
                    counts[name] = [(b["key"], int(b["doc_count"])) for b in answer.get(name, {}).get("buckets", [])]
        return counts, total

    def close(self) -> None:
        with self._lock:
            self._indices.clear()
            self._readers.clear()
            self._metas.clear()


class TantivyWriter:
    def __init__(self, index: tantivy.Index, directory: Path, changed: Callable[[], object] = lambda: None) -> None:
        self._index = index
        self._directory = directory
        self._changed = changed  # after a commit or merge: this process's searchers reload
        with self._errors("opening"):
            index.reload()
            # A version being built from nothing (a reindex, a first index) holds no older copy of
            # any document, so an upsert needs no delete unless it repeats an id of this session;
            # deletes cost a term lookup each at commit.
            self._started_empty = index.searcher().num_docs == 0
            self._writer = index.writer(heap_size=WRITER_HEAP_BYTES)
        self._written: set[str] = set()

    def __enter__(self) -> TantivyWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None:
            with suppress(Exception):  # already failing: the original error is the one to report
                with self._errors("rolling back"):
                    self._writer.rollback()
                    self._writer.wait_merging_threads()
            return
        with self._errors("merging"):
            self._writer.wait_merging_threads()
        self._changed()

    def upsert(self, docs: Iterable[IndexDocument]) -> None:
        with self._errors("writing"):
            for doc in docs:
                if not self._started_empty or doc.id in self._written:
                    self._writer.delete_documents_by_term("id", doc.id)
                self._writer.add_document(_to_tantivy(doc))
                self._written.add(doc.id)

    def delete(self, ids: Iterable[str]) -> None:
        with self._errors("deleting"):
            for doc_id in ids:
                self._writer.delete_documents_by_term("id", doc_id)

    def commit(self) -> None:
        with self._errors("committing"):
            self._writer.commit()
            self._index.reload()
        self._changed()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except BaseException as exc:
            if not _is_engine_error(exc):
                raise
            _raise_write_failure(doing, exc, self._directory)


# --- engine errors -----------------------------------------------------------------------------


def _is_engine_error(exc: BaseException) -> bool:
    """tantivy reports failures as ValueError or OSError, and a Rust panic (damaged data it did
    not expect) as pyo3's PanicException, which derives from BaseException only."""
    return isinstance(exc, (ValueError, OSError)) or type(exc).__name__ == "PanicException"


# Signs that a read failed on damaged or missing files rather than on a bad request.
_DAMAGE_SIGNS = ("corrupt", "footer", "ioerror", "io error", "failed to open file", "filedoesnotexist",
                 "unsupported", "end of buffer", "decompress")


@contextmanager
def _read_errors(doing: str) -> Iterator[None]:
    """A failure reading the live index: IndexDamaged when its files are at fault, else BackendError."""
    try:
        yield
    except BaseException as exc:
        if not _is_engine_error(exc):
            raise
        text = str(exc).lower()
        if type(exc).__name__ == "PanicException" or isinstance(exc, OSError) or any(s in text for s in _DAMAGE_SIGNS):
            raise IndexDamaged(f"the live index cannot be read ({doing}): {_describe(exc)}") from exc
        raise BackendError(f"tantivy failed while {doing}: {_one_line(str(exc))}") from exc


_UNWRITABLE = re.compile(r"ReadOnlyFilesystem|PermissionDenied")


def _describe(exc: BaseException) -> str:
    """tantivy's error as one short line that says which file and what is wrong with it."""
    text = str(exc)
    file = re.search(r'filepath: "([^"]+)"', text) or re.search(r'FileDoesNotExist\("([^"]+)"\)', text)
    name = Path(file.group(1)).name if file else None
    if name and "Footer magic byte mismatch" in text:
        return f"file {name} is truncated or damaged (its footer does not check)"
    if name and "smaller than" in text:
        return f"file {name} is empty or truncated"
    if name and "FileDoesNotExist" in text:
        return f"file {name} is missing"
    if "schema does not match" in text:
        return "it was written by another version of vnsearch, with other index fields (the index is intact)"
    if "Meta file cannot be deserialized" in text:
        return f"{META_FILE} is damaged (not the JSON tantivy wrote)"
    if type(exc).__name__ == "PanicException":
        return f"tantivy crashed on damaged data ({_one_line(text, 200)})"
    return _one_line(text)


def _footer_problem(path: Path) -> str | None:
    """Why a segment file does not check against its footer, or None."""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size < 8:
                return f"is truncated ({size} bytes)"
            fh.seek(size - 8)
            length, magic = struct.unpack("<II", fh.read(8))
            if magic != FOOTER_MAGIC or length + 8 > size:
                return "is truncated or damaged (no footer at its end)"
            fh.seek(size - 8 - length)
            expected = json.loads(fh.read(length))["crc"]
            fh.seek(0)
            crc, left = 0, size - 8 - length
            while left:
                chunk = fh.read(min(_READ_CHUNK, left))
                if not chunk:
                    return "is shorter than it was"
                crc, left = zlib.crc32(chunk, crc), left - len(chunk)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"cannot be read ({_one_line(str(exc), 120)})"
    return None if crc == expected else "is damaged: its contents do not match the checksum in its footer"


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _raise_write_failure(doing: str, exc: BaseException, directory: Path) -> NoReturn:
    """What a failed write means, said plainly. tantivy's indexing threads report an I/O error
    only as "An index writer was killed.. (io::Error most likely)", so the free space and this
    process's file size limit are looked at to say which it was. Any other OSError (a read-only
    disk, a permission) goes up as it is: the command names its file."""
    failure = _write_failure(doing, exc, directory)
    if failure is None:
        raise exc
    raise failure from exc


def _write_failure(doing: str, exc: BaseException, directory: Path) -> BackendError | None:
    text = _one_line(str(exc))
    code = exc.errno if isinstance(exc, OSError) else None
    free = _free_bytes(directory)
    if code in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text or "os error 28" in text or (
            free is not None and free < LOW_SPACE_BYTES):
        shown = f"{_size(free)} free" if free is not None else "free space unknown"
        return BackendError(f"writing the index failed: no space left on {directory} ({shown}) while {doing} "
                            f"the index; free some space, then run the command again")
    killed = "writer was killed" in text or "worker thread" in text
    limit = _file_size_limit()
    if code == errno.EFBIG or "File too large" in text or "os error 27" in text or (killed and limit is not None):
        shown = f"{limit} bytes" if limit is not None else "unknown"
        return BackendError(f"writing the index failed: a file in {directory} reached this process's file size "
                            f"limit (ulimit -f: {shown}) while {doing} the index")
    if killed:
        space = f"{_size(free)} free on {directory}" if free is not None else f"{directory} unreadable"
        return BackendError(f"writing the index failed: tantivy's indexing thread stopped on an I/O error while "
                            f"{doing} the index ({space}); is the disk failing or the directory gone?")
    if isinstance(exc, OSError):
        return None
    return BackendError(f"tantivy failed while {doing} the index in {directory}: {text}")


def _free_bytes(directory: Path) -> int | None:
    """Free space on the disk holding `directory` (or its nearest existing parent)."""
    for candidate in (directory, *directory.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def _file_size_limit() -> int | None:
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else soft


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    units = ("kB", "MB", "GB", "TB")
    value, unit = n / 1024, 0
    while value >= 1024 and unit < len(units) - 1:
        value, unit = value / 1024, unit + 1
    return f"{value:.1f} {units[unit]}"


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


def _terms(spec: FacetSpec) -> dict[str, Any]:
    """A facet as tantivy's terms aggregation (Elasticsearch's syntax)."""
    terms: dict[str, Any] = {"field": spec.field, "size": max(spec.size, 1)}
    if spec.include:
        terms["include"] = list(spec.include)
    if spec.missing is not None:
        terms["missing"] = spec.missing
    return terms


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
