"""The Elasticsearch engine: versioned indices behind an alias, queries built with elasticsearch.dsl.

Layout in the cluster: one index per version, `<prefix>-<version>`, and the
alias `<prefix>` naming the version searches read. Switching versions is one
`_aliases` call (remove the alias from the old index, add it to the new one),
which Elasticsearch applies atomically, so a search sees the old or the new
version, never a half-built one.

The analysis happens in Python (indexer/analysis) exactly as for tantivy: the
index receives token streams and only splits them on whitespace, lowercases
and, for the folded fields, ASCII-folds (the analysers `vn` and `vn_folded`).
Queries are compiled from the engine-neutral query tree; user text only ever
becomes term values, never query-string syntax. See docs/elasticsearch.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

from elastic_transport import HttpHeaders, SerializationError, Transport, TransportApiResponse, TransportError
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, UnsupportedProductError, helpers
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query

from indexer.models import Sort
from indexer.query.tree import Bool, DateRange, MatchAll, MatchNone, Node, Phrase, PhrasePrefix, Term, TermSet, simplify
from indexer.schema import (
    COPY_GROUP, DATE_FIELDS, KEYWORD_FIELDS, RELATED_FIELDS, TEXT_FIELDS, IndexDocument, copy_group_of,
)
from indexer.search.engine import BackendError, IndexDamaged, NothingIndexed
from indexer.search.plan import RawHit, RawResult, SearchPlan, facet_scope

if TYPE_CHECKING:
    from indexer.config import Settings

STORED_FIELD = "article"
# Elasticsearch refuses `_id`s longer than 512 bytes; longer article ids get a digest as `_id`.
MAX_ID_BYTES = 512
BULK_CHUNK_DOCS = 500
BULK_CHUNK_BYTES = 10 * 1024 * 1024
PAGE_SIZE = 1000
REQUEST_TIMEOUT = 30.0
# Versions become index names: lowercase, no wildcard, comma or path characters.
_VERSION_RE = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")
_COMPAT_MEDIA_RE = re.compile(r"application/vnd\.elasticsearch\+([\w.-]+)\s*;\s*compatible-with=\d+")
# Any fixed string routes every search to the same shard copies (so they do not spread over the
# replicas: the price of one order for a page and the fold of its copies).
SEARCH_PREFERENCE = "vnsearch"
# Waits before asking a search again whose shards failed (a node leaving or coming back; the
# client's own retries are immediate): a replica is promoted within a second or two.
SHARD_RETRY_DELAYS = (0.25, 0.5, 1.0)
# How long the number of shards of an index searched is taken as known (an alias may move).
SHARDS_RECHECK_SECONDS = 30.0
_T = TypeVar("_T")
_M = TypeVar("_M")


# --- index layout ---------------------------------------------------------------------------


def index_settings(shards: int = 1, replicas: int | None = None) -> dict[str, Any]:
    """One shard by default, so BM25 statistics are those of the whole collection, as in tantivy
    (with more, searches ask for the statistics of every shard first: `search_options`)."""
    copies: dict[str, Any] = {"auto_expand_replicas": "0-1"} if replicas is None else {"number_of_replicas": replicas}
    return {
        "number_of_shards": shards,
        **copies,
        "analysis": {
            "analyzer": {
                # Mirrors of tantivy's analysers: the tokens arrive analysed, separated by spaces.
                "vn": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
                "vn_folded": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase", "asciifolding"]},
            }
        },
    }


def index_mappings(prefix: str, version: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for f in TEXT_FIELDS:
        spec: dict[str, Any] = {
            "type": "text",
            "analyzer": f.analyzer,
            # Positions only where phrase queries need them, term frequencies everywhere (BM25).
            "index_options": "positions" if f.positions else "freqs",
        }
        if f.name in RELATED_FIELDS:
            # more_like_this reads the liked article's terms from its term vectors, since the
            # token streams are not kept in _source.
            spec["term_vector"] = "yes"
        properties[f.name] = spec
    for name in KEYWORD_FIELDS:
        properties[name] = {"type": "keyword"}
    for name in DATE_FIELDS:
        properties[name] = {"type": "date", "format": "strict_date"}
    # The article as stored JSON, returned verbatim; never indexed.
    properties[STORED_FIELD] = {"type": "object", "enabled": False}
    return {
        "dynamic": "strict",
        "_meta": {"vnsearch": {"prefix": prefix, "version": version}},
        # The token streams are only for the inverted index: _source keeps the article,
        # its keywords and date, not five analysed copies of the text.
        "_source": {"excludes": [f.name for f in TEXT_FIELDS]},
        "properties": properties,
    }


def es_id(doc_id: str) -> str:
    """The `_id` of an article: its id, or a digest when the id is too long for Elasticsearch."""
    if len(doc_id.encode("utf-8")) <= MAX_ID_BYTES:
        return doc_id
    return "sha256:" + hashlib.sha256(doc_id.encode("utf-8")).hexdigest()


def to_source(doc: IndexDocument) -> dict[str, Any]:
    source: dict[str, Any] = dict(doc.text)
    source.update({name: values for name, values in doc.keywords.items()})
    source["published"] = doc.published.isoformat() if doc.published else None
    source[STORED_FIELD] = doc.article_json
    return source


# --- transport: media types the server accepts --------------------------------------------------


class MediaTypeTransport(Transport):
    """The client's transport, sending the media types the server accepts.

    elasticsearch-py 9 always sends `application/vnd.elasticsearch+json; compatible-with=9`
    (headers given per request or to the client are rewritten to that too). Elasticsearch 9
    wants exactly that; Elasticsearch 8 accepts only `compatible-with` 7 or 8; OpenSearch-
    compatible servers refuse the vendor media type altogether. `media` is None (leave the
    client's), "json" (plain application/json) or a major version ("8").
    """

    media: str | None = "json"  # until the server has said what it is
    # The server said it is OpenSearch (`GET /`: version.distribution). OpenSearch speaks the
    # Elasticsearch 7.10 API vnsearch uses but sends no X-Elastic-Product header, which the client
    # checks until it has seen one: the header is added to OpenSearch's answers, nothing else.
    opensearch: bool = False

    def perform_request(self, method: str, target: str, **kwargs: Any) -> Any:
        headers = kwargs.get("headers")
        if self.media is not None and isinstance(headers, Mapping):
            kwargs["headers"] = {key: _media(value, self.media) if key.lower() in ("accept", "content-type") else value
                                 for key, value in headers.items()}
        response = super().perform_request(method, target, **kwargs)
        meta, body = response
        if not self.opensearch and method == "GET" and target == "/" and 200 <= meta.status < 300:
            version = body.get("version") if isinstance(body, Mapping) else None
            self.opensearch = isinstance(version, Mapping) and version.get("distribution") == "opensearch"
        if self.opensearch and PRODUCT_HEADER not in meta.headers:
            headers = HttpHeaders(meta.headers)
            headers[PRODUCT_HEADER] = "Elasticsearch"
            response = TransportApiResponse(dataclasses.replace(meta, headers=headers), body)
        return response


PRODUCT_HEADER = "x-elastic-product"


def _media(value: str, media: str) -> str:
    if media == "json":
        return _COMPAT_MEDIA_RE.sub(r"application/\1", value)
    return _COMPAT_MEDIA_RE.sub(rf"application/vnd.elasticsearch+\1; compatible-with={media}", value)


# --- the backend ----------------------------------------------------------------------------


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = settings.elasticsearch_url  # never holds credentials (see config.py)
        self.prefix = settings.index_prefix
        self.wait = settings.elasticsearch_wait
        options: dict[str, Any] = {
            "request_timeout": REQUEST_TIMEOUT,
            "retry_on_timeout": True,
            "max_retries": 2,
            "transport_class": MediaTypeTransport,
        }
        if settings.elasticsearch_api_key:
            options["api_key"] = settings.elasticsearch_api_key
        elif settings.elasticsearch_username is not None:
            options["basic_auth"] = (settings.elasticsearch_username, settings.elasticsearch_password or "")
        if settings.elasticsearch_ca_certs:
            options["ca_certs"] = str(settings.elasticsearch_ca_certs)
        try:
            self.client = Elasticsearch(self.url, **options)
        except ValueError as exc:
            raise BackendError(f"cannot use Elasticsearch at {self.url}: {exc}") from exc
        self.server: dict[str, Any] = {}
        # Every search goes to the same shard copies (`preference`): a replica may score a near tie
        # otherwise than its primary (deleted documents count in its statistics), and a page and
        # the fold of its republished copies must see one order. With several shards, each asks
        # every shard's term statistics first, so that scores do not hang on how the documents
        # fell into shards.
        # index or alias -> (when to ask again, whether it has several shards): `auto` follows the
        # index searched (built with any VNSEARCH_ES_SHARDS), not this process's setting.
        self._sharded: dict[str, tuple[float, bool]] = {}
        # osmem-server does not know more_like_this's `boost_terms`; dropped after the first refusal.
        self._mlt_boost_terms = True
        # Whether the live alias was there once: then its absence is a lost index (503), not a
        # fresh install (an empty archive).
        self._seen_live = False
        self._connect()

    # --- connection -----------------------------------------------------------------------

    def _connect(self) -> None:
        """Wait (up to `elasticsearch_wait` seconds) for the cluster, then adapt to what it is."""
        deadline = time.monotonic() + self.wait
        delay = 0.25
        probe = self.client.options(max_retries=0, request_timeout=min(REQUEST_TIMEOUT, max(self.wait, 5.0)))
        while True:
            try:
                info = probe.info().body
                break
            except UnsupportedProductError as exc:
                raise BackendError(
                    f"the server at {self.url} is not Elasticsearch (no X-Elastic-Product header)") from exc
            except SerializationError as exc:
                raise BackendError(f"the server at {self.url} does not answer like Elasticsearch: {_reason(exc)}") from exc
            except (TransportError, ApiError) as exc:
                status = getattr(getattr(exc, "meta", None), "status", None)
                retryable = not isinstance(exc, ApiError) or status in (429, 502, 503, 504)
                if not retryable:
                    raise BackendError(f"Elasticsearch at {self.url} refused the connection: {_reason(exc)}") from exc
                if time.monotonic() + delay > deadline:
                    waited = f" after waiting {self.wait:g} s" if self.wait else ""
                    raise BackendError(f"Elasticsearch at {self.url} is unreachable{waited}: {_reason(exc)}") from exc
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        version = info.get("version") or {}
        self.server = version
        transport = self.client.transport
        if version.get("distribution") == "opensearch":
            # An OpenSearch-compatible server (osmem-server in the test suite): plain JSON only.
            transport.media = "json"  # type: ignore[attr-defined]
            return
        major = _major(version.get("number"))
        if major is not None and major < 8:
            raise BackendError(f"Elasticsearch at {self.url} is version {version.get('number')}; 8.x or 9.x is needed")
        transport.media = str(major) if major == 8 else None  # type: ignore[attr-defined]

    def _search(self, index: str, body: dict[str, Any]) -> Any:
        """A scoring search, on the same shard copies every time, with every shard's statistics
        first when the index has several (`VNSEARCH_ES_DFS`). A shard that failed fails it: a
        partial answer would show wrong totals and counts as if they were right. While a node
        leaves or comes back, its shards fail for a moment (503 "all shards failed", or some of
        them) until their copies elsewhere take over: asked again after SHARD_RETRY_DELAYS."""
        search_type = "dfs_query_then_fetch" if self._dfs(index) else None
        for attempt in range(len(SHARD_RETRY_DELAYS) + 1):
            last = attempt == len(SHARD_RETRY_DELAYS)
            if attempt:
                time.sleep(SHARD_RETRY_DELAYS[attempt - 1])
            try:
                answer = self.client.search(index=index, body=body, preference=SEARCH_PREFERENCE, search_type=search_type)
            except ApiError as exc:
                if last or exc.meta.status != 503:
                    raise
                continue
            shards = answer.body.get("_shards") or {}
            if answer.body.get("timed_out"):
                # An overloaded cluster, not a failover: asking again adds load when it hurts most.
                raise BackendError(f"Elasticsearch at {self.url}: the search timed out; its answer would be partial")
            if not shards.get("failed"):
                break
            if last:
                reasons = "; ".join(str(f.get("reason", {}).get("reason", f)) for f in shards.get("failures") or [])[:300]
                raise BackendError(f"Elasticsearch at {self.url}: {shards.get('failed', 0)} of "
                                   f"{shards.get('total', '?')} shards failed to answer{': ' + reasons if reasons else ''}")
        return answer

    def _dfs(self, index: str) -> bool:
        if self.settings.elasticsearch_dfs is not None:
            return self.settings.elasticsearch_dfs
        now = time.monotonic()
        known = self._sharded.get(index)
        if known is None or known[0] < now:
            try:
                found = self.client.indices.get_settings(index=index, name="index.number_of_shards").body
                sharded = any(int(v["settings"]["index"]["number_of_shards"]) > 1 for v in found.values())
            except (ApiError, TransportError, KeyError, TypeError, ValueError):
                sharded = False  # the search itself says what is wrong
            known = (now + SHARDS_RECHECK_SECONDS, sharded)
            self._sharded[index] = known
        return known[1]

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except ApiError as exc:
            raise BackendError(f"Elasticsearch at {self.url}: {action} failed: {_reason(exc)}") from exc
        except TransportError as exc:
            raise BackendError(f"Elasticsearch at {self.url} is unreachable ({action}): {_reason(exc)}") from exc

    def _call(self, action: str, fn: Callable[[], _T]) -> _T:
        with self._errors(action):
            return fn()

    def _call_or(self, action: str, fn: Callable[[], _T], missing: _M) -> _T | _M:
        """`_call`, answering `missing` when the index or alias does not exist (yet)."""
        try:
            with self._errors(action):
                return fn()
        except BackendError as exc:
            if isinstance(exc.__cause__, NotFoundError):
                return missing
            raise

    # --- versions -------------------------------------------------------------------------

    def index_name(self, version: str) -> str:
        if not _VERSION_RE.match(version):
            raise BackendError(f"{version!r} cannot name an index version (lowercase letters, digits, . _ + -)")
        return f"{self.prefix}-{version}"

    def _version_of(self, index: str) -> str:
        if not index.startswith(self.prefix + "-"):
            raise BackendError(f"Elasticsearch at {self.url}: alias {self.prefix!r} points to {index!r}, "
                               f"which is not a {self.prefix}-<version> index")
        return index[len(self.prefix) + 1:]

    def _live_index(self) -> str | None:
        holders = self._live_holders()
        if len(holders) > 1:
            raise IndexDamaged(f"Elasticsearch at {self.url}: alias {self.prefix!r} points to several indices: "
                               f"{', '.join(sorted(holders))}")
        if not holders:
            self._check_not_lost()
            return None
        self._seen_live = True
        return next(iter(holders))

    def _check_not_lost(self) -> None:
        """The live alias is missing: fine before the first index, a lost index after it was seen."""
        if self._seen_live:
            raise IndexDamaged(f"the live index is gone: alias {self.prefix!r} no longer exists at {self.url} "
                               f"(its index was deleted?)")

    def _live_holders(self) -> dict[str, Any]:
        """The indices the live alias names: {} before the first index."""
        answer = self._call_or("reading the live alias",
                               lambda: self.client.indices.get_alias(name=self.prefix), None)
        return dict(answer.body) if answer is not None else {}

    def live_version(self) -> str | None:
        index = self._live_index()
        return self._version_of(index) if index else None

    def generation(self) -> None:
        """None: what searches see changes at each refresh, which only a request to the cluster
        tells; the cluster's shard request cache keeps counts and facets (size-0 searches) until the
        next refresh instead."""
        return None

    def snapshot(self) -> AbstractContextManager[None]:
        """Nothing pinned: a point in time would cost the cluster a request to open and one to
        close, more than the state it saves across one request's searches."""
        return nullcontext()

    def versions(self) -> list[str]:
        mappings = self._call("listing index versions", lambda: self.client.indices.get_mapping(
            index=f"{self.prefix}-*", expand_wildcards="open,closed", allow_no_indices=True)).body
        found = []
        for index, body in mappings.items():
            meta = ((body.get("mappings") or {}).get("_meta") or {}).get("vnsearch") or {}
            if meta.get("prefix") == self.prefix and index == f"{self.prefix}-{meta.get('version')}":
                found.append(meta["version"])
        return sorted(found)

    def _exists(self, index: str) -> bool:
        return bool(self._call(f"checking index {index}", lambda: self.client.indices.exists(index=index)))

    def create_version(self, version: str) -> None:
        index = self.index_name(version)
        if self._exists(index):
            raise BackendError(f"Elasticsearch at {self.url}: index {index} already exists")
        self._call(f"creating index {index}", lambda: self.client.indices.create(
            index=index, settings=index_settings(self.settings.elasticsearch_shards, self.settings.elasticsearch_replicas),
            mappings=index_mappings(self.prefix, version)))

    def switch_live(self, version: str) -> None:
        index = self.index_name(version)
        if not self._exists(index):
            raise BackendError(f"cannot switch to missing index version {version!r} ({index} at {self.url})")
        holders = self._live_holders()
        actions: list[dict[str, Any]] = [{"remove": {"index": old, "alias": self.prefix}} for old in holders if old != index]
        actions.append({"add": {"index": index, "alias": self.prefix}})
        # One request: Elasticsearch applies all alias actions atomically.
        self._call(f"switching alias {self.prefix} to {index}", lambda: self.client.indices.update_aliases(actions=actions))

    def drop_version(self, version: str) -> None:
        index = self.index_name(version)
        self._call_or(f"deleting index {index}", lambda: self.client.indices.delete(index=index), None)

    # --- writing --------------------------------------------------------------------------

    def writer(self, version: str | None = None) -> ElasticsearchWriter:
        if version is None:
            version = self.live_version()
            if version is None:
                raise NothingIndexed()
        index = self.index_name(version)
        if not self._exists(index):
            raise BackendError(f"Elasticsearch at {self.url}: index {index} does not exist")
        return ElasticsearchWriter(self, index)

    # --- reading --------------------------------------------------------------------------

    def count(self) -> int:
        answer = self._call_or("counting", lambda: self.client.count(index=self.prefix, preference=SEARCH_PREFERENCE),
                               None)
        if answer is None:
            self._check_not_lost()
            return 0
        self._seen_live = True
        return int(answer.body["count"])

    def get(self, doc_id: str, version: str | None = None) -> dict[str, Any] | None:
        index = self.index_name(version) if version else self.prefix
        answer = self._call_or("fetching an article", lambda: self.client.get(
            index=index, id=es_id(doc_id), source_includes=[STORED_FIELD]), None)
        if answer is None:
            # A 404 is also an unknown id in a live index that is there: only a lost alias is an error.
            if self._seen_live and not self._live_holders():
                self._check_not_lost()
            return None
        found = answer.body
        stored = (found.get("_source") or {}).get(STORED_FIELD)
        return stored if found.get("found") and stored and stored.get("id") == doc_id else None

    def related(self, doc_id: str, size: int) -> list[RawHit]:
        """More-like-this over the article's indexed title and body bigrams, itself and its
        republished copies excluded (they are the most alike of all)."""
        index = self._live_index()
        stored = self.get(doc_id) if index is not None else None
        if index is None or stored is None:
            return []
        group = copy_group_of(stored)
        unlike = [Q("term", id=doc_id), *([Q("term", **{COPY_GROUP: group})] if group else [])]
        for _ in range(2):
            like = Q("more_like_this", fields=list(RELATED_FIELDS), like=[{"_index": index, "_id": es_id(doc_id)}],
                     min_term_freq=1, min_doc_freq=2, max_query_terms=30, minimum_should_match="1", include=False,
                     **({"boost_terms": 1.0} if self._mlt_boost_terms else {}))
            search = Search().query(Q("bool", must=[like], must_not=unlike))
            search = search.source([STORED_FIELD])[: max(size, 0)]
            try:
                answer = self._search(index, search.to_dict()).body
                break
            except BadRequestError as exc:
                if self._mlt_boost_terms and "boost_terms" in str(_reason(exc)):
                    self._mlt_boost_terms = False
                    continue
                raise BackendError(f"Elasticsearch at {self.url}: related articles failed: {_reason(exc)}") from exc
            except (ApiError, TransportError) as exc:
                raise BackendError(f"Elasticsearch at {self.url}: related articles failed: {_reason(exc)}") from exc
        return [RawHit(h["_source"][STORED_FIELD], float(h.get("_score") or 0.0)) for h in answer["hits"]["hits"]]

    def iter_stored(self, version: str | None = None) -> Iterator[dict[str, Any]]:
        index = self.index_name(version) if version else self._live_index()
        if index is None:
            return
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {"query": {"match_all": {}}, "sort": [{"id": "asc"}], "size": PAGE_SIZE,
                                    "_source": [STORED_FIELD], "track_total_hits": False}
            if after is not None:
                body["search_after"] = after
            hits = self._call(f"reading {index}", lambda: self.client.search(
                index=index, body=body, preference=SEARCH_PREFERENCE)).body["hits"]["hits"]
            for hit in hits:
                yield hit["_source"][STORED_FIELD]
            if len(hits) < PAGE_SIZE:
                return
            after = hits[-1]["sort"]

    def search(self, plan: SearchPlan) -> RawResult:
        search = self.build_search(plan)
        response = self._call_or("search", lambda: self._search(self.prefix, search.to_dict()), None)
        if response is None:
            self._check_not_lost()
            return RawResult.empty()
        self._seen_live = True
        answer = response.body
        relevance = plan.sort is Sort.RELEVANCE
        hits = [RawHit(h["_source"][STORED_FIELD], float(h.get("_score") or 0.0) if relevance else 0.0)
                for h in answer["hits"]["hits"]]
        aggregations = answer.get("aggregations") or {}
        facets = {
            name: [(str(b["key"]), int(b["doc_count"]))
                   for b in aggregations.get(_agg_name(i), {}).get("values", {}).get("buckets", [])]
            for i, name in enumerate(plan.facets)
        }
        return RawResult(total=int(answer["hits"]["total"]["value"]), hits=hits, facets=facets)

    def build_search(self, plan: SearchPlan) -> Search:
        """The request for a plan, as FacetedSearch builds it: facet filters in post_filter, each
        facet counted by a filter aggregation (all filters but those it is counted without)."""
        search = Search().query(compile_node(plan.query)).extra(track_total_hits=True)
        if plan.filters:
            search = search.post_filter(Q("bool", filter=[compile_node(n) for n in plan.filters.values()]))
        for i, (name, spec) in enumerate(plan.facets.items()):
            others = [compile_node(node) for node in facet_scope(plan, name)]
            scope = Q("bool", filter=others) if others else Q("match_all")
            terms: dict[str, Any] = {"field": spec.field, "size": max(spec.size, 1)}
            if spec.include:
                terms["include"] = list(spec.include)
            if spec.missing is not None:
                terms["missing"] = spec.missing
            search.aggs.bucket(_agg_name(i), "filter", filter=scope).bucket("values", "terms", **terms)
        if plan.sort is not Sort.RELEVANCE:
            order = "desc" if plan.sort is Sort.NEWEST else "asc"
            # Articles without a date come last in both orders.
            search = search.sort({"published": {"order": order, "missing": "_last"}})
        return search.source([STORED_FIELD])[plan.offset: plan.offset + max(plan.size, 0)]

    def close(self) -> None:
        self.client.close()


class ElasticsearchWriter:
    """Bulk upserts and deletes by `_id`; commit makes them visible (refresh).

    Elasticsearch has no transaction to roll back: documents sent before an error stay in
    the index (a new version that fails is dropped whole by the ingest code)."""

    def __init__(self, backend: ElasticsearchBackend, index: str) -> None:
        self._backend = backend
        self.index = index

    def __enter__(self) -> ElasticsearchWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        return None

    def upsert(self, docs: Iterable[IndexDocument]) -> None:
        actions = ({"_op_type": "index", "_index": self.index, "_id": es_id(doc.id), "_source": to_source(doc)}
                   for doc in docs)
        self._bulk(actions, "indexing")

    def delete(self, ids: Iterable[str]) -> None:
        actions = ({"_op_type": "delete", "_index": self.index, "_id": es_id(doc_id)} for doc_id in ids)
        self._bulk(actions, "deleting", ignore_status=(404,))

    def _bulk(self, actions: Iterable[dict[str, Any]], what: str, ignore_status: tuple[int, ...] = ()) -> None:
        backend = self._backend
        failed: list[dict[str, Any]] = []

        def send() -> None:
            for ok, result in helpers.streaming_bulk(
                    backend.client, actions, chunk_size=BULK_CHUNK_DOCS, max_chunk_bytes=BULK_CHUNK_BYTES,
                    raise_on_error=False, max_retries=3, yield_ok=False):
                item: dict[str, Any] = next(iter(result.values()), {})
                if not ok and item.get("status") not in ignore_status:
                    failed.append(item)

        backend._call(f"{what} into {self.index}", send)
        if failed:
            first = failed[0]
            error = first.get("error") or first.get("result") or first
            reason = error.get("reason", error) if isinstance(error, dict) else error
            raise BackendError(f"Elasticsearch at {backend.url}: {what} into {self.index} failed for {len(failed)} "
                               f"document(s), first {first.get('_id')!r}: {_one_line(str(reason))}")

    def commit(self) -> None:
        backend = self._backend
        backend._call(f"refreshing {self.index}", lambda: backend.client.indices.refresh(index=self.index))


# --- query tree -> Elasticsearch DSL -----------------------------------------------------------


def compile_node(node: Node) -> Query:
    """Query tree -> elasticsearch.dsl query. Term values are analysed tokens already."""
    node = simplify(node)
    if isinstance(node, Term):
        return Q("term", **{node.field: _boosted({"value": node.value}, node.boost)})
    if isinstance(node, Phrase):
        # match_phrase analyses its text with the field's analyser, which only splits on
        # whitespace, lowercases (and folds): tokens joined by spaces come back unchanged.
        return Q("match_phrase", **{node.field: _boosted({"query": " ".join(node.terms), "slop": node.slop}, node.boost)})
    if isinstance(node, PhrasePrefix):
        return Q("match_phrase_prefix", **{node.field: _boosted(
            {"query": " ".join(node.terms), "max_expansions": 50}, node.boost)})
    if isinstance(node, Bool):
        return _bool(node)
    if isinstance(node, MatchAll):
        return Q("match_all", **_boosted({}, node.boost))
    if isinstance(node, MatchNone):
        return Q("match_none")
    if isinstance(node, TermSet):
        return Q("terms", **{node.field: list(node.values)})
    if isinstance(node, DateRange):
        bounds = {}
        if node.gte:
            bounds["gte"] = node.gte.isoformat()
        if node.lte:
            bounds["lte"] = node.lte.isoformat()
        if not bounds:
            return Q("exists", field=node.field)  # any date; articles without one never match a range
        return Q("range", **{node.field: bounds})
    raise TypeError(f"unknown query node {node!r}")


def _bool(node: Bool) -> Query:
    """A simplified Bool (see `simplify`): its minimum is None or a real requirement."""
    occurs = (("must", node.must), ("should", node.should), ("must_not", node.must_not), ("filter", node.filter))
    clauses: dict[str, Any] = {occur: [compile_node(n) for n in nodes] for occur, nodes in occurs if nodes}
    if node.minimum_should_match is not None:
        clauses["minimum_should_match"] = node.minimum_should_match
    return Q("bool", **_boosted(clauses, node.boost))


def _boosted(params: dict[str, Any], boost: float) -> dict[str, Any]:
    if boost != 1.0:
        params["boost"] = boost
    return params


def _agg_name(i: int) -> str:
    # Facet names such as "date.year" hold characters aggregation paths reserve.
    return f"facet{i}"


# --- errors ---------------------------------------------------------------------------------


def _reason(exc: Exception) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict):
            causes = error.get("root_cause") or []
            cause = causes[0] if causes and isinstance(causes[0], dict) else error
            text = f"{cause.get('type', '')}: {cause.get('reason', '')}".strip(": ")
            return _one_line(text or str(error))
        return _one_line(str(error))
    message = getattr(exc, "message", None) or str(exc)
    status = getattr(getattr(exc, "meta", None), "status", None)
    return _one_line(f"{status} {message}" if status else str(message))


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _major(number: Any) -> int | None:
    try:
        return int(str(number).split(".")[0])
    except ValueError:
        return None
