"""The search service: typed request in, typed result out, whatever the engine.

The CLI, the web UI and the JSON API all go through `SearchService`. One search goes down
once: the request's text is analysed once (`analyse_query`), becomes query trees
(`match_queries`), a plan with filters and facets (`SearchService.plan`), the engine's answer
(`SearchBackend.search`), and a `SearchResult` with highlighted snippets.
"""

from __future__ import annotations

import time
from dataclasses import replace

from indexer.analysis import analyze
from indexer.models import (
    MAX_RESULT_WINDOW, Article, Hit, ResultWindowError, SearchRequest, SearchResult, Sort, Suggestion,
)
from indexer.query.analysed import AnalysedQuery, analyse_query
from indexer.query.highlight import highlight_terms, snippet
from indexer.query.ranking import DEFAULT_WEIGHTS, Weights, is_browse, match_queries
from indexer.query.tree import Bool, DateRange, MatchAll, Node, PhrasePrefix, TermSet, is_text
from indexer.schema import text_field
from indexer.search.engine import SearchBackend
from indexer.search.facets import FACETS
from indexer.search.plan import FacetSpec, RawHit, SearchPlan

DATE_RANGE_FILTER = "date_range"
# Facet fields whose values are offered as suggestions while typing.
SUGGEST_FACETS = ("speaker", "province", "district")
SUGGEST_VALUES_PER_FACET = 5000


class SearchService:
    def __init__(self, backend: SearchBackend, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.backend = backend
        self.weights = weights
        self._suggest_values: tuple[tuple, dict[str, list[tuple[str, str]]]] | None = None

    def plan(self, request: SearchRequest, ranked: Node) -> SearchPlan:
        """The engine-neutral plan of a search over every match of the `ranked` query tree."""
        browse = is_browse(ranked)
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
        return SearchPlan(query=ranked, filters=filters, facets=facets, sort=sort,
                          offset=request.offset, size=request.size)

    def search(self, request: SearchRequest) -> SearchResult:
        """One page of results: strong matches counted and faceted, partial ones said apart.

        Relevance order lists every match by score, partial ones labelled; date order lists
        the strong matches only. A query with no strong match anywhere in the archive is
        `relaxed`: its partial matches stand in for them, counted, faceted and listed. (With
        strong matches elsewhere, filters that exclude them all leave a total of 0 and the
        partial matches in relevance order.) See `indexer.query.ranking.MatchQueries`.
        """
        started = time.perf_counter()
        if request.offset + request.size > MAX_RESULT_WINDOW:
            raise ResultWindowError(f"only the first {MAX_RESULT_WINDOW:,} results can be paged through; "
                                    f"page {request.page} of {request.size} goes past them")
        query = analyse_query(request.text)
        queries = match_queries(query, self.weights)
        plan = self.plan(request, queries.ranked)
        if queries.strong is None:
            raw = self.backend.search(plan)
            return self._result(request, query, raw.hits, raw.total, raw.facets, started)
        # The ranked query (its exclusions, OR groups and scores) restricted by the rule.
        strong_query = Bool(must=(queries.ranked,), filter=(queries.strong,))
        by_relevance = plan.sort is Sort.RELEVANCE
        # The strong matches, counted and faceted (and listed, in date order) ...
        strong_plan = plan.with_query(strong_query)
        strong = self.backend.search(strong_plan.counting_only() if by_relevance else strong_plan)
        # ... and every match, listed in relevance order, else only counted.
        ranked = self.backend.search(plan.without_facets() if by_relevance else plan.counting_only().without_facets())
        if strong.total == 0 and ranked.total and not self._strong_elsewhere(strong_query, plan):
            if by_relevance:
                page = ranked
                facets = self.backend.search(plan.counting_only()).facets if plan.facets else {}
            else:
                page = self.backend.search(plan)
                facets = page.facets
            return self._result(request, query, page.hits, ranked.total, facets, started,
                                partial=frozenset(h.stored["id"] for h in page.hits), relaxed=True)
        partial_total = max(0, ranked.total - strong.total)  # two searches: a commit may fall between
        if not by_relevance:
            return self._result(request, query, strong.hits, strong.total, strong.facets, started,
                                partial_total=partial_total)
        partial = self._partial_among(ranked.hits, queries.strong) if partial_total else frozenset()
        return self._result(request, query, ranked.hits, strong.total, strong.facets, started,
                            partial=partial, partial_total=partial_total)

    def count(self, request: SearchRequest) -> int:
        """The `total` that `search(request)` would report, without a page, facets or snippets."""
        return self.search(replace(request, size=0, with_facets=False, with_snippets=False)).total

    def _strong_elsewhere(self, strong_query: Node, plan: SearchPlan) -> bool:
        """Whether the filters alone exclude every strong match (then the query is not relaxed)."""
        return bool(plan.filters) and self.backend.search(SearchPlan(query=strong_query, size=0)).total > 0

    def _partial_among(self, hits: list[RawHit], strong_rule: Node) -> frozenset[str]:
        """Which of a page's hits are partial matches: one small search for the strong ones.
        The hits matched the ranked query already, so the rule alone tells (1 ms less at p50
        than the whole strong query, measured)."""
        ids = tuple(h.stored["id"] for h in hits)
        if not ids:
            return frozenset()
        probe = SearchPlan(query=Bool(filter=(strong_rule, TermSet("id", ids))), size=len(ids))
        strong = {h.stored["id"] for h in self.backend.search(probe).hits}
        return frozenset(i for i in ids if i not in strong)

    def _result(self, request: SearchRequest, query: AnalysedQuery, raw_hits: list[RawHit], total: int,
                facet_counts: dict[str, list[tuple[str, int]]], started: float, *,
                partial: frozenset[str] = frozenset(), partial_total: int = 0, relaxed: bool = False) -> SearchResult:
        terms = highlight_terms(query) if request.with_snippets else None
        hits = []
        for raw_hit in raw_hits:
            article = Article.from_json(raw_hit.stored)
            text = snippet(article.body, terms) if terms is not None else ""
            hits.append(Hit(article=article, score=raw_hit.score, snippet=text, partial=article.id in partial))
        facets = {}
        if request.with_facets:
            facets = {name: facet.values(facet_counts, request.filters, request.facet_size)
                      for name, facet in FACETS.items()}
        return SearchResult(request=request, total=total, hits=tuple(hits), facets=facets,
                            took_ms=(time.perf_counter() - started) * 1000, partial_total=partial_total,
                            relaxed=relaxed)

    def ids(self, text: str, size: int) -> list[tuple[str, float]]:
        """Ranked (id, score) pairs only: the fast path for relevance runs."""
        request = SearchRequest(text=text, size=size, with_facets=False, with_snippets=False)
        raw = self.backend.search(self.plan(request, match_queries(analyse_query(text), self.weights).ranked))
        return [(h.stored["id"], h.score) for h in raw.hits]

    def article(self, doc_id: str) -> Article | None:
        stored = self.backend.get(doc_id) if is_text(doc_id) else None  # no stored id is a lone surrogate
        return Article.from_json(stored) if stored else None

    def related(self, doc_id: str, size: int = 5) -> list[Article]:
        if not is_text(doc_id):
            return []
        return [Article.from_json(h.stored) for h in self.backend.related(doc_id, size)]

    def suggest(self, prefix: str, size: int = 8) -> list[Suggestion]:
        """Titles whose words start with what was typed, then matching speakers and localities."""
        folded = analyse_query(prefix).words.folded
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
            # Facet values are archive text, not queries (nor to crowd the query cache).
            values = {name: [(v, " ".join(analyze(v).folded)) for v, _ in raw.facets.get(name, [])]
                      for name in SUGGEST_FACETS}
            self._suggest_values = (key, values)
        return self._suggest_values[1]
