"""The search service: typed request in, typed result out, whatever the engine.

The CLI, the web UI and the JSON API all go through `SearchService`.
"""

from __future__ import annotations

import time
from dataclasses import replace

from .backends.base import SearchBackend, SearchPlan
from .facets import FACETS
from .highlight import highlight_terms, snippet
from .models import Article, Hit, SearchRequest, SearchResult, Sort
from .querytree import DateRange, MatchAll, Node
from .ranking import DEFAULT_WEIGHTS, Weights, build_query, is_browse
from .schema import article_from_stored

DATE_RANGE_FILTER = "date_range"


class SearchService:
    def __init__(self, backend: SearchBackend, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.backend = backend
        self.weights = weights

    def plan(self, request: SearchRequest) -> SearchPlan:
        browse = is_browse(request.text)
        query: Node = MatchAll() if browse else build_query(request.text, self.weights)
        # An empty query browses: newest first unless the user chose an order.
        sort = Sort.NEWEST if browse and request.sort is Sort.RELEVANCE else request.sort
        filters: dict[str, Node] = {}
        for name, facet in FACETS.items():
            node = facet.filter_node(request.filters)
            if node is not None:
                filters[name] = node
        if request.filters.date_from or request.filters.date_to:
            filters[DATE_RANGE_FILTER] = DateRange("published", request.filters.date_from, request.filters.date_to)
        facets = {}
        if request.with_facets:
            for facet in FACETS.values():
                facets.update(facet.specs(request.filters, request.facet_size))
        return SearchPlan(query=query, filters=filters, facets=facets, sort=sort,
                          offset=request.offset, size=request.size)

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        raw = self.backend.search(self.plan(request))
        terms = highlight_terms(request.text) if request.with_snippets else None
        hits = []
        for raw_hit in raw.hits:
            article = article_from_stored(raw_hit.stored)
            text = snippet(article.body, terms) if terms is not None else ""
            hits.append(Hit(article=article, score=raw_hit.score, snippet=text))
        facets = {}
        if request.with_facets:
            facets = {name: facet.values(raw.facets, request.filters, request.facet_size)
                      for name, facet in FACETS.items()}
        return SearchResult(request=request, total=raw.total, hits=tuple(hits), facets=facets,
                            took_ms=(time.perf_counter() - started) * 1000)

    def ids(self, text: str, size: int) -> list[tuple[str, float]]:
        """Ranked (id, score) pairs only: the fast path for relevance runs."""
        request = SearchRequest(text=text, size=size, with_facets=False, with_snippets=False)
        raw = self.backend.search(replace(self.plan(request), facets={}))
        return [(h.stored["id"], h.score) for h in raw.hits]

    def article(self, doc_id: str) -> Article | None:
        stored = self.backend.get(doc_id)
        return article_from_stored(stored) if stored else None
