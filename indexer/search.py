"""The search service: typed request in, typed result out, whatever the engine.

The CLI, the web UI and the JSON API all go through `SearchService`.
"""

from __future__ import annotations

import time

from .analysis import analyze
from .backends.base import FacetSpec, SearchBackend, SearchPlan
from .facets import FACETS
from .highlight import highlight_terms, snippet
from .models import Article, Hit, SearchRequest, SearchResult, Sort, Suggestion
from .querytree import DateRange, MatchAll, Node, PhrasePrefix
from .ranking import DEFAULT_WEIGHTS, Weights, build_query, is_browse
from .schema import article_from_stored, text_field

DATE_RANGE_FILTER = "date_range"
# Facet fields whose values are offered as suggestions while typing.
SUGGEST_FACETS = ("speaker", "province", "district")
SUGGEST_VALUES_PER_FACET = 5000


class SearchService:
    def __init__(self, backend: SearchBackend, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.backend = backend
        self.weights = weights
        self._suggest_values: tuple[tuple, dict[str, list[tuple[str, str]]]] | None = None

    def plan(self, request: SearchRequest) -> SearchPlan:
        query = build_query(request.text, self.weights)
        browse = is_browse(query)
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
        raw = self.backend.search(self.plan(request))
        return [(h.stored["id"], h.score) for h in raw.hits]

    def article(self, doc_id: str) -> Article | None:
        stored = self.backend.get(doc_id)
        return article_from_stored(stored) if stored else None

    def related(self, doc_id: str, size: int = 5) -> list[Article]:
        return [article_from_stored(h.stored) for h in self.backend.related(doc_id, size)]

    def suggest(self, prefix: str, size: int = 8) -> list[Suggestion]:
        """Titles whose words start with what was typed, then matching speakers and localities."""
        folded = analyze(prefix).folded
        if not folded:
            return []
        titles = self.backend.search(SearchPlan(query=PhrasePrefix(text_field("title", "folded"), folded), size=size))
        out = [Suggestion("title", h.stored.get("title") or "", h.stored["id"]) for h in titles.hits]
        wanted = " ".join(folded)
        for kind, values in self._facet_values().items():
            matches = [v for v, f in values if f.startswith(wanted) or f" {wanted}" in f]
            out += [Suggestion(kind, v) for v in matches[: max(2, size // 3)]]
        return out[: size * 2]

    def _facet_values(self) -> dict[str, list[tuple[str, str]]]:
        """Speaker and locality values with their folded forms, cached until the index changes."""
        key = (self.backend.live_version(), self.backend.count())
        if self._suggest_values is None or self._suggest_values[0] != key:
            plan = SearchPlan(query=MatchAll(), size=0, facets={
                name: FacetSpec(name, SUGGEST_VALUES_PER_FACET) for name in SUGGEST_FACETS})
            raw = self.backend.search(plan)
            values = {name: [(v, " ".join(analyze(v).folded)) for v, _ in raw.facets.get(name, [])]
                      for name in SUGGEST_FACETS}
            self._suggest_values = (key, values)
        return self._suggest_values[1]
