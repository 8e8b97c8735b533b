"""Facets as small classes: what each filters on, what it counts, how it reports values.

Every facet is disjunctive, as in the best faceted search (Algolia, Elastic Search UI): its
counts ignore its own selection, so after ticking Hà Nội the other provinces keep the counts
they would add, and two provinces can be chosen at once. Values within a facet are OR-ed
("bất kỳ"), facets AND-ed.

A facet asks for one value more than it shows (and a margin, see TIE_MARGIN), to know there is
more ("Xem thêm"); the values chosen are counted apart, by name, so a chosen value keeps its
true count wherever it ranks.

Dates are one model: the months of the matching articles are counted once (with those without a
date), and the year facet, its months, the timeline and "Không rõ ngày" are all read from those
counts, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from indexer.search.plan import FacetSpec
from indexer.models import FacetList, FacetValue, Filters, Timeline, TimelineBar
from indexer.query.tree import Node, TermSet, is_text, should_one_of

# Values asked of the engine beyond those shown, for the cut between equal counts to be the same
# on every engine (tantivy orders equal counts by segment layout): the cut is made here.
TIE_MARGIN = 20
# Values listed once a facet is opened with "Xem thêm".
FACET_MORE_SIZE = 100
# The name of the date-range filter (`from` / `to`), which the date facet is counted without.
DATE_RANGE_FILTER = "date_range"
# The bucket of the articles without a date; never a month value ("YYYY-MM").
NO_DATE = "none"
# Months counted: 200 years.
MAX_MONTHS = 12 * 200
# Longer spans than this are drawn by year.
TIMELINE_MAX_MONTHS = 48
# Bars drawn by year at most: a stray date (year 999) does not stretch the timeline to 1,000
# bars; the span with the most articles is drawn, the rest counted as earlier / later.
TIMELINE_MAX_YEARS = 60
CHOSEN = ".chosen"


@dataclass(frozen=True, slots=True)
class KeywordFacet:
    name: str
    field: str
    filter_attr: str
    # Other filters it is counted without: provinces without the districts chosen inside them
    # (choosing a second province drops those, `webui.links`), so each count is what ticking gives.
    also_without: tuple[str, ...] = ()

    def selected(self, filters: Filters) -> tuple[str, ...]:
        return getattr(filters, self.filter_attr)

    def filter_node(self, filters: Filters) -> Node | None:
        values = self.selected(filters)
        return TermSet(self.field, values) if values else None

    def specs(self, filters: Filters, size: int) -> dict[str, FacetSpec]:
        own = (self.name, *self.also_without)
        specs = {self.name: FacetSpec(self.field, size + 1 + TIE_MARGIN, without=own)}
        # Counted by name; a value no document can hold (a lone surrogate) is simply not found.
        chosen = tuple(v for v in self.selected(filters) if is_text(v))
        if chosen:
            specs[self.name + CHOSEN] = FacetSpec(self.field, len(chosen), without=own, include=chosen)
        return specs

    def values(self, counts: dict[str, list[tuple[str, int]]], filters: Filters, size: int) -> FacetList:
        """Top values by count (equal counts by value, whatever order the engine gave them), and
        every chosen value with its own count, wherever it ranks."""
        chosen = self.selected(filters)
        buckets = sorted(counts.get(self.name, []), key=lambda b: (-b[1], b[0]))
        top = [FacetValue(v, c, v in chosen) for v, c in buckets[:size]]
        shown = {v.value for v in top}
        own = dict(counts.get(self.name + CHOSEN, []))
        top += [FacetValue(v, own.get(v, 0), True) for v in chosen if v not in shown]
        return FacetList(tuple(top), more=len(buckets) > size)


@dataclass(frozen=True, slots=True)
class DateFacet:
    """Years with counts, a chosen year's (or month's) months under it, and "Không rõ ngày"."""

    name: str = "date"

    def filter_node(self, filters: Filters) -> Node | None:
        years = tuple(p for p in filters.periods if len(p) == 4)
        months = tuple(p for p in filters.periods if len(p) == 7)
        nodes = [TermSet("year", years)] if years else []
        nodes += [TermSet("month", months)] if months else []
        return should_one_of(nodes) if nodes else None

    def specs(self, filters: Filters, size: int) -> dict[str, FacetSpec]:
        # Counted without any date filter: a period's count is what choosing it would give.
        return {self.name: FacetSpec("month", MAX_MONTHS, without=(self.name, DATE_RANGE_FILTER), missing=NO_DATE)}

    def values(self, counts: dict[str, list[tuple[str, int]]], filters: Filters, size: int) -> FacetList:
        selected = set(filters.periods)
        months, undated = _months(counts.get(self.name, []))
        years: dict[str, int] = {}
        for month, count in months.items():
            years[month[:4]] = years.get(month[:4], 0) + count
        # A chosen period without articles is still listed, in its place (a month under its year).
        for period in selected:
            years.setdefault(period[:4], 0)
            if len(period) == 7:
                months.setdefault(period, 0)
        open_years = {p[:4] for p in selected}
        out: list[FacetValue] = []
        for year in sorted(years, reverse=True):
            picked = year in selected
            out.append(FacetValue(year, years[year], picked, mixed=not picked and year in open_years))
            if year in open_years:
                out += [FacetValue(m, months[m], m in selected) for m in sorted(months, reverse=True) if m[:4] == year]
        return FacetList(tuple(out), missing=undated)

    def timeline(self, counts: dict[str, list[tuple[str, int]]], filters: Filters) -> Timeline:
        """Bars per month from the first dated match to the last (zeros included: gaps are
        news), per year when that is more than TIMELINE_MAX_MONTHS."""
        months, undated = _months(counts.get(self.name, []))
        if not months:
            return Timeline("month", (), undated)
        first, last = min(months), max(months)
        span = _month_index(last) - _month_index(first) + 1
        if span > TIMELINE_MAX_MONTHS:
            years: dict[int, int] = {}
            for month, count in months.items():
                years[int(month[:4])] = years.get(int(month[:4]), 0) + count
            start = _densest_start(years, TIMELINE_MAX_YEARS)
            end = min(max(years), start + TIMELINE_MAX_YEARS - 1)
            bars = tuple(TimelineBar(f"{y:04d}", years.get(y, 0), _chosen(f"{y:04d}", filters)) for y in range(start, end + 1))
            earlier = sum(c for y, c in years.items() if y < start)
            later = sum(c for y, c in years.items() if y > end)
            return Timeline("year", bars, undated, earlier=earlier, later=later)
        periods = [_month_at(_month_index(first) + i) for i in range(span)]
        return Timeline("month", tuple(TimelineBar(p, months.get(p, 0), _chosen(p, filters)) for p in periods), undated)


def _densest_start(years: dict[int, int], width: int) -> int:
    """The first year of the `width` consecutive years holding the most articles (the latest
    such span on a tie)."""
    best, best_count = min(years), -1
    for start in sorted(years):
        count = sum(c for y, c in years.items() if start <= y < start + width)
        if count >= best_count:
            best, best_count = start, count
    return best


def _months(buckets: list[tuple[str, int]]) -> tuple[dict[str, int], int]:
    months = {k: c for k, c in buckets if k != NO_DATE and c > 0}
    undated = sum(c for k, c in buckets if k == NO_DATE)
    return months, undated


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month_at(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _chosen(period: str, filters: Filters) -> bool:
    """Whether a bar lies in what the date filters choose: a chosen year or month, or the range."""
    chosen = set(filters.periods)
    if period in chosen or period[:4] in chosen or any(p.startswith(period + "-") for p in chosen):
        return True
    if filters.date_from or filters.date_to:
        start, end = period_bounds(period)
        return (filters.date_from is None or end >= filters.date_from) and (
            filters.date_to is None or start <= filters.date_to)
    return False


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a `period` value ("2021" or "2021-03")."""
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(period[5:7])
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(days=1)


Facet = KeywordFacet | DateFacet

FACETS: dict[str, Facet] = {
    "date": DateFacet(),
    "province": KeywordFacet("province", "province", "provinces", also_without=("district",)),
    "district": KeywordFacet("district", "district", "districts"),
    "speaker": KeywordFacet("speaker", "speaker", "speakers"),
    "source": KeywordFacet("source", "source", "sources"),
    "category": KeywordFacet("category", "category", "categories"),
}
