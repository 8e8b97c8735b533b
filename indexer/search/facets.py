"""Facets as small classes: what each filters on, what it counts, how it reports values.

Multi-select facets (speaker, source, category) are disjunctive: their counts
ignore their own selection, so after ticking one speaker the others keep their
counts. Drill-down facets (date, province, district) narrow normally.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.search.plan import FacetSpec
from indexer.models import FacetValue, Filters
from indexer.query.tree import Node, TermSet, should_one_of


@dataclass(frozen=True, slots=True)
class KeywordFacet:
    name: str
    field: str
    filter_attr: str
    disjunctive: bool = False

    def selected(self, filters: Filters) -> tuple[str, ...]:
        return getattr(filters, self.filter_attr)

    def filter_node(self, filters: Filters) -> Node | None:
        values = self.selected(filters)
        return TermSet(self.field, values) if values else None

    def specs(self, filters: Filters, size: int) -> dict[str, FacetSpec]:
        # A margin beyond what is shown: engines order values of equal count each their own way
        # (tantivy by segment layout), so the cut is made here, ties by value (`_with_selected`).
        return {self.name: FacetSpec(self.field, size + len(self.selected(filters)) + TIE_MARGIN, self.disjunctive)}

    def values(self, counts: dict[str, list[tuple[str, int]]], filters: Filters, size: int) -> tuple[FacetValue, ...]:
        return _with_selected(counts.get(self.name, []), self.selected(filters), size)


@dataclass(frozen=True, slots=True)
class DateFacet:
    """Years with counts; a chosen year (or month) also lists that year's months."""

    name: str = "date"

    def filter_node(self, filters: Filters) -> Node | None:
        years = tuple(p for p in filters.periods if len(p) == 4)
        months = tuple(p for p in filters.periods if len(p) == 7)
        nodes = [TermSet("year", years)] if years else []
        nodes += [TermSet("month", months)] if months else []
        return should_one_of(nodes) if nodes else None

    def specs(self, filters: Filters, size: int) -> dict[str, FacetSpec]:
        specs = {"date.year": FacetSpec("year", 200)}
        if filters.periods:
            specs["date.month"] = FacetSpec("month", 12 * 200)
        return specs

    def values(self, counts: dict[str, list[tuple[str, int]]], filters: Filters, size: int) -> tuple[FacetValue, ...]:
        selected = set(filters.periods)
        years = sorted(counts.get("date.year", []), reverse=True)
        open_years = {p[:4] for p in selected}
        months = sorted(counts.get("date.month", []), reverse=True)
        out: list[FacetValue] = []
        for year, count in years:
            out.append(FacetValue(year, count, year in selected))
            if year in open_years:
                out += [FacetValue(m, c, m in selected) for m, c in months if m.startswith(year)]
        shown = {v.value for v in out}
        out += [FacetValue(p, 0, True) for p in sorted(selected - shown)]
        return tuple(out)


Facet = KeywordFacet | DateFacet

FACETS: dict[str, Facet] = {
    "date": DateFacet(),
    "province": KeywordFacet("province", "province", "provinces"),
    "district": KeywordFacet("district", "district", "districts"),
    "speaker": KeywordFacet("speaker", "speaker", "speakers", disjunctive=True),
    "source": KeywordFacet("source", "source", "sources", disjunctive=True),
    "category": KeywordFacet("category", "category", "categories", disjunctive=True),
}


# Values asked of the engine beyond those shown, for the cut between equal counts to be the same
# on every engine.
TIE_MARGIN = 20


def _with_selected(buckets: list[tuple[str, int]], selected: tuple[str, ...], size: int) -> tuple[FacetValue, ...]:
    """Top values by count (equal counts by value, whatever order the engine gave them), and
    every selected value even when it fell outside the top."""
    chosen = set(selected)
    buckets = sorted(buckets, key=lambda b: (-b[1], b[0]))
    top = [FacetValue(v, c, v in chosen) for v, c in buckets[:size]]
    shown = {v.value for v in top}
    counts = dict(buckets)
    top += [FacetValue(v, counts.get(v, 0), True) for v in selected if v not in shown]
    return tuple(top)
