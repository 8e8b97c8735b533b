"""The engine-neutral plan of one search, what an engine answers, and the rules every engine
applies to a plan the same way.

The search service decides *what* to ask (query tree, filters, facets, sort); a backend only
knows *how* to ask its engine. Facet filters come separately from the scoring query so that a
multi-select facet can be counted without its own filter (disjunctive facets, as
elasticsearch-py's FacetedSearch does with a post_filter and filtered aggregations): which
filters count a facet is `facet_scope`, written once here for every engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from indexer.models import Sort
from indexer.query.tree import Bool, Node


@dataclass(frozen=True, slots=True)
class FacetSpec:
    """Count the values of `field`: the `size` most frequent, or only those in `include`.

    `without` names the filters the facet is counted without: its own for a disjunctive facet
    (after ticking one province, the others keep the counts they would add). `missing` names
    a bucket for the documents with no value (the articles without a date)."""

    field: str
    size: int
    without: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    missing: str | None = None


@dataclass(frozen=True, slots=True)
class SearchPlan:
    query: Node
    # Facet filters by facet name; all of them restrict the hits.
    filters: dict[str, Node] = field(default_factory=dict)
    facets: dict[str, FacetSpec] = field(default_factory=dict)
    sort: Sort = Sort.RELEVANCE
    offset: int = 0
    size: int = 10

    def counting_only(self) -> SearchPlan:
        """The same search asking for no page of hits: a total and facet counts."""
        return SearchPlan(self.query, self.filters, self.facets, self.sort, offset=0, size=0)

    def without_facets(self) -> SearchPlan:
        return SearchPlan(self.query, self.filters, {}, self.sort, self.offset, self.size)

    def with_query(self, query: Node) -> SearchPlan:
        return SearchPlan(query, self.filters, self.facets, self.sort, self.offset, self.size)


@dataclass(frozen=True, slots=True)
class RawHit:
    stored: dict[str, Any]
    score: float


@dataclass(frozen=True, slots=True)
class RawResult:
    total: int
    hits: list[RawHit]
    facets: dict[str, list[tuple[str, int]]]

    @classmethod
    def empty(cls) -> RawResult:
        """What every engine answers while nothing is indexed yet: no error, nothing found."""
        return cls(total=0, hits=[], facets={})


def facet_scope(plan: SearchPlan, facet: str) -> tuple[Node, ...]:
    """The filters a facet is counted under: all of them but those it is counted `without`
    (its own when it is disjunctive)."""
    without = plan.facets[facet].without
    return tuple(node for name, node in plan.filters.items() if name not in without)


def filtered(query: Node, filters: Iterable[Node]) -> Node:
    """`query` restricted, without scoring, by `filters`."""
    filters = tuple(filters)
    return Bool(must=(query,), filter=filters) if filters else query
