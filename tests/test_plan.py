"""The engine-neutral plan of a search, without an index: what `SearchService.plan` asks an engine
(filters, facets, sort, paging), the rules every engine applies to a plan (`facet_scope`,
`filtered`), and how facet counts come back as facet values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError
from typing import Any

import pytest

from indexer.models import FacetValue, Filters, SearchRequest, Sort
from indexer.query.analysed import analyse_query
from indexer.query.ranking import match_queries
from indexer.query.tree import Bool, DateRange, MatchAll, Node, Term, TermSet
from indexer.search.facets import DateFacet, FACETS, KeywordFacet, TIE_MARGIN
from indexer.search.plan import FacetSpec, RawResult, SearchPlan, facet_scope, filtered
from indexer.search.service import DATE_RANGE_FILTER, SearchService


class NoEngine:
    """Planning a search asks no engine anything: any use of the backend fails the test."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"SearchService.plan used the backend ({name})")


@pytest.fixture(scope="module")
def service() -> SearchService:
    return SearchService(NoEngine())  # type: ignore[arg-type]


def plan(service: SearchService, text: str = "", **request: Any) -> SearchPlan:
    req = SearchRequest(text=text, **request)
    return service.plan(req, match_queries(analyse_query(text)).ranked)


KINH_TE = Term("body_fold", "kinh")


# --- SearchService.plan ---------------------------------------------------------------------------


def test_the_ranked_query_is_planned_as_given(service: SearchService) -> None:
    ranked = match_queries(analyse_query("kinh tế")).ranked
    planned = service.plan(SearchRequest(text="kinh tế"), ranked)
    assert planned.query is ranked and planned.sort is Sort.RELEVANCE and planned.filters == {}


@pytest.mark.parametrize(("text", "asked", "planned"), [
    ("", Sort.RELEVANCE, Sort.NEWEST),  # an empty query browses: newest first
    (" ,, ", Sort.RELEVANCE, Sort.NEWEST),  # only punctuation: the same
    ("-kinh", Sort.RELEVANCE, Sort.NEWEST),  # only exclusions: the same
    ("", Sort.OLDEST, Sort.OLDEST),  # an order the user chose stays
    ("kinh tế", Sort.RELEVANCE, Sort.RELEVANCE),
    ("kinh tế", Sort.NEWEST, Sort.NEWEST),
])
def test_sort(service: SearchService, text: str, asked: Sort, planned: Sort) -> None:
    assert plan(service, text, sort=asked).sort is planned


def test_paging(service: SearchService) -> None:
    planned = plan(service, "kinh", page=3, size=7)
    assert (planned.offset, planned.size) == (14, 7)
    assert (plan(service).offset, plan(service).size) == (0, 10)


def test_one_filter_per_facet(service: SearchService) -> None:
    filters = Filters(provinces=("Đồng Tháp",), districts=("Quận 1", "Quận 12"), speakers=("An", "Bình"),
                      sources=("a.vn",), categories=("Kinh tế",), periods=("2022",))
    assert plan(service, filters=filters).filters == {
        "date": TermSet("year", ("2022",)),
        "province": TermSet("province", ("Đồng Tháp",)),
        "district": TermSet("district", ("Quận 1", "Quận 12")),
        "speaker": TermSet("speaker", ("An", "Bình")),
        "source": TermSet("source", ("a.vn",)),
        "category": TermSet("category", ("Kinh tế",)),
    }
    assert plan(service, filters=Filters(speakers=("An",))).filters == {"speaker": TermSet("speaker", ("An",))}


def test_years_and_months_are_one_date_filter(service: SearchService) -> None:
    years_and_months = plan(service, filters=Filters(periods=("2022", "2021-03", "2020", "2021-04"))).filters
    assert years_and_months == {"date": Bool(should=(TermSet("year", ("2022", "2020")),
                                                     TermSet("month", ("2021-03", "2021-04"))), minimum_should_match=1)}
    assert plan(service, filters=Filters(periods=("2021-03",))).filters == {"date": TermSet("month", ("2021-03",))}


@pytest.mark.parametrize(("date_from", "date_to"), [
    (dt.date(2021, 1, 1), None), (None, dt.date(2021, 12, 31)), (dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
])
def test_the_date_range_filter(service: SearchService, date_from: dt.date | None, date_to: dt.date | None) -> None:
    planned = plan(service, "kinh", filters=Filters(date_from=date_from, date_to=date_to, sources=("a.vn",)))
    assert planned.filters == {"source": TermSet("source", ("a.vn",)),
                               DATE_RANGE_FILTER: DateRange("published", date_from, date_to)}


def test_facet_specs(service: SearchService) -> None:
    # Each keyword facet asks for its size plus its selected values (so those always fit), and a
    # margin: the cut between equal counts is made by the service, the same for every engine.
    planned = plan(service, facet_size=5, filters=Filters(speakers=("An", "Bình"), provinces=("Huế",)))
    m = TIE_MARGIN
    assert {name: spec for name, spec in planned.facets.items() if not name.startswith("date")} == {
        "province": FacetSpec("province", 6 + m, False),
        "district": FacetSpec("district", 5 + m, False),
        "speaker": FacetSpec("speaker", 7 + m, True),
        "source": FacetSpec("source", 5 + m, True),
        "category": FacetSpec("category", 5 + m, True),
    }
    # Every year is counted, whatever the facet size; months only once a period is chosen.
    years = planned.facets["date.year"]
    assert years.field == "year" and not years.disjunctive and "date.month" not in planned.facets
    assert plan(service, facet_size=50).facets["date.year"] == plan(service, facet_size=1).facets["date.year"] == years
    with_period = plan(service, facet_size=5, filters=Filters(periods=("2022",))).facets
    assert with_period["date.month"].field == "month" and with_period["date.month"].size >= 12 * years.size
    assert plan(service, with_facets=False).facets == {}


def test_which_facets_are_disjunctive() -> None:
    assert {name for name, facet in FACETS.items() if getattr(facet, "disjunctive", False)} == {
        "speaker", "source", "category"}


# --- rules on a plan --------------------------------------------------------------------------------


def test_facet_scope_leaves_out_a_disjunctive_facets_own_filter(service: SearchService) -> None:
    planned = plan(service, "kinh", filters=Filters(speakers=("An",), provinces=("Huế",), sources=("a.vn",),
                                                    date_from=dt.date(2020, 1, 1)))
    speaker, province, source, dates = (planned.filters[k] for k in ("speaker", "province", "source", DATE_RANGE_FILTER))
    assert facet_scope(planned, "speaker") == (province, source, dates)
    assert facet_scope(planned, "source") == (province, speaker, dates)
    assert facet_scope(planned, "category") == (province, speaker, source, dates)  # nothing of its own chosen
    # Drill-down facets count under every filter, their own included.
    assert facet_scope(planned, "province") == (province, speaker, source, dates)
    assert facet_scope(planned, "date.year") == (province, speaker, source, dates)


def test_facet_scope_reads_the_spec_not_the_name() -> None:
    a, b = TermSet("x", ("1",)), TermSet("y", ("2",))
    planned = SearchPlan(MatchAll(), filters={"x": a, "y": b},
                         facets={"x": FacetSpec("x", 3, disjunctive=True), "y": FacetSpec("y", 3)})
    assert facet_scope(planned, "x") == (b,) and facet_scope(planned, "y") == (a, b)


def test_filtered() -> None:
    a, b = TermSet("speaker", ("An",)), DateRange("published", dt.date(2020, 1, 1))
    assert filtered(KINH_TE, []) is KINH_TE
    assert filtered(KINH_TE, iter([a, b])) == Bool(must=(KINH_TE,), filter=(a, b))


def test_plan_variants_change_one_thing() -> None:
    original = SearchPlan(query=KINH_TE, filters={"speaker": TermSet("speaker", ("An",))},
                          facets={"speaker": FacetSpec("speaker", 5, True)}, sort=Sort.NEWEST, offset=20, size=10)
    counting = original.counting_only()
    assert counting == SearchPlan(KINH_TE, original.filters, original.facets, Sort.NEWEST, offset=0, size=0)
    assert original.without_facets() == SearchPlan(KINH_TE, original.filters, {}, Sort.NEWEST, 20, 10)
    other: Node = MatchAll()
    assert original.with_query(other) == SearchPlan(other, original.filters, original.facets, Sort.NEWEST, 20, 10)
    assert original.counting_only().without_facets() == SearchPlan(KINH_TE, original.filters, {}, Sort.NEWEST, 0, 0)
    assert (original.offset, original.size, len(original.facets)) == (20, 10, 1)  # untouched
    with pytest.raises(FrozenInstanceError):
        original.size = 3  # type: ignore[misc]


def test_nothing_indexed_answers_empty() -> None:
    assert RawResult.empty() == RawResult(total=0, hits=[], facets={})


# --- facet values ---------------------------------------------------------------------------------

SPEAKERS = KeywordFacet("speaker", "speaker", "speakers", disjunctive=True)


def test_keyword_values_are_the_top_by_count_and_every_selected_one() -> None:
    counts = {"speaker": [("An", 9), ("Bình", 7), ("Cường", 5), ("Dũng", 2)]}
    assert SPEAKERS.values(counts, Filters(), 2) == (FacetValue("An", 9), FacetValue("Bình", 7))
    # Selected inside the top: flagged; outside it: added with its count; absent: added with 0.
    chosen = Filters(speakers=("Bình", "Dũng", "Giang"))
    assert SPEAKERS.values(counts, chosen, 2) == (
        FacetValue("An", 9), FacetValue("Bình", 7, True), FacetValue("Dũng", 2, True), FacetValue("Giang", 0, True))
    assert SPEAKERS.values({}, Filters(), 5) == ()


def test_keyword_filter_node() -> None:
    assert SPEAKERS.filter_node(Filters()) is None
    assert SPEAKERS.filter_node(Filters(speakers=("An", "Bình"))) == TermSet("speaker", ("An", "Bình"))


DATES = DateFacet()
DATE_COUNTS = {
    "date.year": [("2021", 4), ("2023", 2), ("2022", 6)],
    "date.month": [("2022-01", 1), ("2021-11", 3), ("2022-06", 5), ("2021-02", 1)],
}


def test_date_values_are_years_newest_first() -> None:
    assert DATES.values(DATE_COUNTS, Filters(), 10) == (
        FacetValue("2023", 2), FacetValue("2022", 6), FacetValue("2021", 4))


def test_a_chosen_year_opens_its_months() -> None:
    assert DATES.values(DATE_COUNTS, Filters(periods=("2022",)), 10) == (
        FacetValue("2023", 2), FacetValue("2022", 6, True), FacetValue("2022-06", 5), FacetValue("2022-01", 1),
        FacetValue("2021", 4))


def test_a_chosen_month_opens_its_year_and_is_flagged() -> None:
    assert DATES.values(DATE_COUNTS, Filters(periods=("2021-11",)), 10) == (
        FacetValue("2023", 2), FacetValue("2022", 6), FacetValue("2021", 4),
        FacetValue("2021-11", 3, True), FacetValue("2021-02", 1))


def test_a_chosen_period_without_articles_is_still_listed() -> None:
    values = DATES.values(DATE_COUNTS, Filters(periods=("1999", "2022-03")), 10)
    assert values[-2:] == (FacetValue("1999", 0, True), FacetValue("2022-03", 0, True))
    assert FacetValue("2022-06", 5) in values  # 2022 is open: its months are listed


def test_facet_values_of_equal_count_are_cut_by_value_whatever_the_engine_order() -> None:
    speaker = FACETS["speaker"]
    one_engine = {"speaker": [("Bình", 3), ("Cường", 1), ("An", 1), ("Dũng", 1)]}
    other_engine = {"speaker": [("Bình", 3), ("Dũng", 1), ("An", 1), ("Cường", 1)]}
    for counts in (one_engine, other_engine):
        assert [v.value for v in speaker.values(counts, Filters(), 2)] == ["Bình", "An"]
