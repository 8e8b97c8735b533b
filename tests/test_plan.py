"""The engine-neutral plan of a search, without an index: what `SearchService.plan` asks an engine
(filters, facets, sort, paging), the rules every engine applies to a plan (`facet_scope`,
`filtered`), and how facet counts come back as facet values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError
from typing import Any

import pytest

from indexer.models import FacetList, FacetValue, Filters, SearchRequest, Sort, Timeline, TimelineBar
from indexer.query.analysed import analyse_query
from indexer.query.ranking import match_queries
from indexer.query.tree import Bool, DateRange, MatchAll, Node, Term, TermSet
from indexer.search.facets import DateFacet, FACET_MORE_SIZE, FACETS, KeywordFacet, TIE_MARGIN
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
    # Each keyword facet asks for one value more than it shows (is there more?) and a margin (the
    # cut between equal counts is made by the service, the same for every engine); every facet
    # is counted without its own filter; chosen values are counted apart, by name.
    planned = plan(service, facet_size=5, filters=Filters(speakers=("An", "Bình"), provinces=("Huế",)))
    m = TIE_MARGIN + 1
    assert {name: spec for name, spec in planned.facets.items() if not name.startswith("date")} == {
        # Provinces also without the districts chosen inside them: another province drops those.
        "province": FacetSpec("province", 5 + m, without=("province", "district")),
        "province.chosen": FacetSpec("province", 1, without=("province", "district"), include=("Huế",)),
        "district": FacetSpec("district", 5 + m, without=("district",)),
        "speaker": FacetSpec("speaker", 5 + m, without=("speaker",)),
        "speaker.chosen": FacetSpec("speaker", 2, without=("speaker",), include=("An", "Bình")),
        "source": FacetSpec("source", 5 + m, without=("source",)),
        "category": FacetSpec("category", 5 + m, without=("category",)),
        # Whether the matches hold republished copies, counted under every filter.
        "copy_groups": FacetSpec("copy_group", 1),
    }
    # Every month is counted once, with the undated articles, whatever the facet size, without
    # any date filter: the years, months, timeline and "Không rõ ngày" are read from it.
    months = planned.facets["date"]
    assert months == FacetSpec("month", 12 * 200, without=("date", DATE_RANGE_FILTER), missing="none")
    assert plan(service, facet_size=50).facets["date"] == plan(service, facet_size=1).facets["date"] == months
    assert plan(service, with_facets=False).facets == {}
    # "Xem thêm" lists one facet at length; a request may count some facets only.
    assert plan(service, facet_size=5, facet_more=("speaker",)).facets["speaker"].size == FACET_MORE_SIZE + m
    assert set(plan(service, counted_facets=("speaker",)).facets) == {"speaker"}


def test_every_facet_is_disjunctive() -> None:
    for name, facet in FACETS.items():
        for spec_name, spec in facet.specs(Filters(), 5).items():
            assert name in spec.without, spec_name


# --- rules on a plan --------------------------------------------------------------------------------


def test_facet_scope_leaves_out_a_disjunctive_facets_own_filter(service: SearchService) -> None:
    planned = plan(service, "kinh", filters=Filters(speakers=("An",), provinces=("Huế",), sources=("a.vn",),
                                                    date_from=dt.date(2020, 1, 1)))
    speaker, province, source, dates = (planned.filters[k] for k in ("speaker", "province", "source", DATE_RANGE_FILTER))
    assert facet_scope(planned, "speaker") == (province, source, dates)
    assert facet_scope(planned, "source") == (province, speaker, dates)
    assert facet_scope(planned, "category") == (province, speaker, source, dates)  # nothing of its own chosen
    assert facet_scope(planned, "province") == (speaker, source, dates)
    # Dates are counted without any date filter: a period's count is what choosing it gives.
    assert facet_scope(planned, "date") == (province, speaker, source)


def test_facet_scope_reads_the_spec_not_the_name() -> None:
    a, b = TermSet("x", ("1",)), TermSet("y", ("2",))
    planned = SearchPlan(MatchAll(), filters={"x": a, "y": b},
                         facets={"x": FacetSpec("x", 3, without=("x",)), "y": FacetSpec("y", 3)})
    assert facet_scope(planned, "x") == (b,) and facet_scope(planned, "y") == (a, b)


def test_filtered() -> None:
    a, b = TermSet("speaker", ("An",)), DateRange("published", dt.date(2020, 1, 1))
    assert filtered(KINH_TE, []) is KINH_TE
    assert filtered(KINH_TE, iter([a, b])) == Bool(must=(KINH_TE,), filter=(a, b))


def test_plan_variants_change_one_thing() -> None:
    original = SearchPlan(query=KINH_TE, filters={"speaker": TermSet("speaker", ("An",))},
                          facets={"speaker": FacetSpec("speaker", 5, without=("speaker",))}, sort=Sort.NEWEST, offset=20, size=10)
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

SPEAKERS = KeywordFacet("speaker", "speaker", "speakers")


def test_keyword_values_are_the_top_by_count_and_every_selected_one() -> None:
    counts = {"speaker": [("An", 9), ("Bình", 7), ("Cường", 5), ("Dũng", 2)]}
    assert SPEAKERS.values(counts, Filters(), 2) == FacetList((FacetValue("An", 9), FacetValue("Bình", 7)), more=True)
    assert not SPEAKERS.values(counts, Filters(), 4).more
    # Selected inside the top: flagged; outside it: added with its own count (counted apart, by
    # name, wherever it ranks); absent: added with 0.
    chosen = Filters(speakers=("Bình", "Dũng", "Giang"))
    counts["speaker.chosen"] = [("Dũng", 2), ("Bình", 7)]
    assert SPEAKERS.values(counts, chosen, 2).values == (
        FacetValue("An", 9), FacetValue("Bình", 7, True), FacetValue("Dũng", 2, True), FacetValue("Giang", 0, True))
    assert SPEAKERS.values({}, Filters(), 5) == FacetList()


def test_keyword_filter_node() -> None:
    assert SPEAKERS.filter_node(Filters()) is None
    assert SPEAKERS.filter_node(Filters(speakers=("An", "Bình"))) == TermSet("speaker", ("An", "Bình"))


DATES = DateFacet()
DATE_COUNTS = {"date": [("2022-01", 1), ("2021-11", 3), ("2022-06", 5), ("2021-02", 1), ("2023-05", 2),
                        ("none", 7), ("2022-03", 0)]}


def test_date_values_are_years_newest_first_summed_from_months() -> None:
    assert DATES.values(DATE_COUNTS, Filters(), 10) == FacetList(
        (FacetValue("2023", 2), FacetValue("2022", 6), FacetValue("2021", 4)), missing=7)


def test_a_chosen_year_opens_its_months() -> None:
    assert DATES.values(DATE_COUNTS, Filters(periods=("2022",)), 10).values == (
        FacetValue("2023", 2), FacetValue("2022", 6, True), FacetValue("2022-06", 5), FacetValue("2022-01", 1),
        FacetValue("2021", 4))


def test_a_chosen_month_opens_its_year_marked_as_partly_chosen() -> None:
    assert DATES.values(DATE_COUNTS, Filters(periods=("2021-11",)), 10).values == (
        FacetValue("2023", 2), FacetValue("2022", 6), FacetValue("2021", 4, mixed=True),
        FacetValue("2021-11", 3, True), FacetValue("2021-02", 1))


def test_a_chosen_period_without_articles_is_still_listed_in_its_place() -> None:
    values = DATES.values(DATE_COUNTS, Filters(periods=("1999", "2022-03", "1990-05")), 10).values
    assert values == (
        FacetValue("2023", 2), FacetValue("2022", 6, mixed=True), FacetValue("2022-06", 5),
        FacetValue("2022-03", 0, True), FacetValue("2022-01", 1), FacetValue("2021", 4), FacetValue("1999", 0, True),
        FacetValue("1990", 0, mixed=True), FacetValue("1990-05", 0, True))


def test_the_timeline_has_every_month_between_the_first_and_the_last() -> None:
    timeline = DATES.timeline(DATE_COUNTS, Filters(periods=("2022-06",)))
    assert timeline.unit == "month" and timeline.undated == 7
    assert [b.period for b in timeline.bars][:3] == ["2021-02", "2021-03", "2021-04"]
    assert timeline.bars[-1] == TimelineBar("2023-05", 2)
    assert len(timeline.bars) == 28 and sum(b.count for b in timeline.bars) == 12
    assert [b.period for b in timeline.bars if b.selected] == ["2022-06"]
    assert timeline.peak == 5


def test_the_timeline_marks_a_date_range_and_goes_by_year_over_long_spans() -> None:
    ranged = DATES.timeline(DATE_COUNTS, Filters(date_from=dt.date(2021, 11, 15), date_to=dt.date(2022, 1, 1)))
    assert [b.period for b in ranged.bars if b.selected] == ["2021-11", "2021-12", "2022-01"]
    long = DATES.timeline({"date": [("1990-01", 2), ("2020-12", 3), ("2021-01", 1)]}, Filters(periods=("2020",)))
    assert long.unit == "year" and len(long.bars) == 32 and long.undated == 0
    assert (long.bars[0], long.bars[-2], long.bars[-1]) == (
        TimelineBar("1990", 2), TimelineBar("2020", 3, True), TimelineBar("2021", 1))
    assert DATES.timeline({}, Filters()) == Timeline("month", (), 0)


def test_a_stray_date_does_not_stretch_the_timeline() -> None:
    counts = {"date": [("0999-05", 1), ("2019-03", 4), ("2021-01", 2), ("2090-01", 1)]}
    stray = DATES.timeline(counts, Filters())
    assert stray.unit == "year" and len(stray.bars) <= 60
    assert stray.bars[0].period <= "2019" and stray.bars[-1].period >= "2021"
    assert (stray.earlier, stray.later) == (1, 1) and sum(b.count for b in stray.bars) == 6


def test_facet_values_of_equal_count_are_cut_by_value_whatever_the_engine_order() -> None:
    speaker = FACETS["speaker"]
    one_engine = {"speaker": [("Bình", 3), ("Cường", 1), ("An", 1), ("Dũng", 1)]}
    other_engine = {"speaker": [("Bình", 3), ("Dũng", 1), ("An", 1), ("Cường", 1)]}
    for counts in (one_engine, other_engine):
        assert [v.value for v in speaker.values(counts, Filters(), 2)] == ["Bình", "An"]
