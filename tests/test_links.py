"""Links between states of the search page (webui/links.py), inside a Flask request context.

Every link is read back with the page's own parser (`parse_search`): the state it leads to is
compared with the state it should lead to, whatever the parameters' order or encoding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from indexer.models import Filters, SearchRequest, Sort
from indexer.search.service import SearchService
from webui import create_app
from webui.config import WebSettings
from webui.links import CHIP_LABELS, Chip, SearchLinks
from webui.params import MAX_RESULT_WINDOW, parse_search

from .webui_fixtures import AN, BINH, CUONG, DONG_THAP, HANOI, HCM

WEB = WebSettings()


@pytest.fixture(scope="module")
def app(seed_service: SearchService) -> Flask:
    app = create_app(service=seed_service, web=WEB)
    app.config.update(TESTING=True)
    return app


@pytest.fixture()
def context(app: Flask) -> Iterator[None]:
    with app.test_request_context("/"):
        yield


def links(text: str = "", page: int = 1, sort: Sort = Sort.RELEVANCE, size: int = WEB.page_size,
          **filters) -> SearchLinks:
    request = SearchRequest(text=text, filters=Filters(**filters), sort=sort, page=page, size=size,
                            facet_size=WEB.facet_size)
    return SearchLinks(request, WEB)


def state(url: str) -> SearchRequest:
    """The search a link leads to, as the page will read it."""
    parts = urlsplit(url)
    assert parts.path == "/" and not parts.netloc, url
    return parse_search(MultiDict(parse_qsl(parts.query)), WEB)


def params(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


pytestmark = pytest.mark.usefixtures("context")


# --- URLs of the state ------------------------------------------------------------------------------


def test_the_url_is_the_state() -> None:
    here = links("chuyển đổi số", page=3, sort=Sort.NEWEST, size=25, speakers=(AN, BINH), provinces=(HCM,),
                 periods=("2023-03",), date_from=dt.date(2023, 1, 1))
    assert state(here.url()) == here.request
    assert links().url() == "/"  # defaults are left out
    assert params(links("a&b=c / d").url()) == [("q", "a&b=c / d")]


def test_paging_keeps_everything_else() -> None:
    here = links("kinh tế", page=2, sort=Sort.OLDEST, speakers=(AN,))
    assert state(here.page(5)) == replace(here.request, page=5)
    assert ("page", "1") not in params(here.page(1)) and state(here.page(1)).page == 1


def test_a_new_order_starts_on_page_one() -> None:
    here = links("kinh tế", page=4, speakers=(AN,))
    assert state(here.sort(Sort.NEWEST)) == replace(here.request, sort=Sort.NEWEST, page=1)
    assert ("sort", "relevance") not in params(here.sort(Sort.RELEVANCE))


def test_last_page() -> None:
    assert links(size=10).last_page(95) == 10
    assert links(size=10).last_page(100) == 10
    assert links(size=10).last_page(0) == 0
    assert links(size=20).last_page(10**9) == MAX_RESULT_WINDOW // 20  # paging stops at the result window


# --- facet values ------------------------------------------------------------------------------------


def test_ticking_a_value_adds_it_and_goes_back_to_page_one() -> None:
    here = links("chuyển đổi số", page=3, sort=Sort.NEWEST, speakers=(AN,), sources=("a.vn",))
    ticked = state(here.toggle("speaker", BINH))
    assert ticked == replace(here.request, page=1, filters=replace(here.request.filters, speakers=(AN, BINH)))
    assert not here.selected("speaker", BINH) and here.selected("speaker", AN)


def test_unticking_a_value_removes_only_it() -> None:
    here = links("chuyển đổi số", page=2, speakers=(AN, BINH, CUONG), sources=("a.vn",))
    unticked = state(here.toggle("speaker", BINH))
    assert unticked.filters == replace(here.request.filters, speakers=(AN, CUONG)) and unticked.page == 1
    assert state(here.toggle("source", "a.vn")).filters == replace(here.request.filters, sources=())


def test_unticking_the_last_province_drops_its_districts() -> None:
    one = links(provinces=(HCM,), districts=("Quận 1", "Quận 12"))
    assert state(one.toggle("province", HCM)).filters == Filters()
    two = links(provinces=(HCM, HANOI), districts=("Quận 1",))
    assert state(two.toggle("province", HANOI)).filters == Filters(provinces=(HCM,), districts=("Quận 1",))
    assert state(two.toggle("district", "Quận 1")).filters == Filters(provinces=(HCM, HANOI))


def test_ticking_another_province_drops_the_districts_chosen_inside_the_others() -> None:
    # Districts narrow inside their province: another province is a wider search.
    here = links("đổi mới", provinces=(HCM,), districts=("Quận 1",), speakers=(AN,))
    ticked = state(here.toggle("province", HANOI))
    assert ticked.filters == Filters(provinces=(HCM, HANOI), speakers=(AN,)) and ticked.text == "đổi mới"


@pytest.mark.parametrize(("chosen", "clicked", "after"), [
    ((), "2023", ("2023",)),  # tick a year
    (("2023",), "2023", ()),  # untick it
    (("2023", "2023-03", "2022"), "2023", ("2022",)),  # untick a year: its months go too
    (("2023-03", "2023-05"), "2023", ("2023",)),  # tick a year: the whole year instead of some months
    (("2023", "2022"), "2023-03", ("2022", "2023-03")),  # tick a month: it narrows its year
    (("2023-03", "2023-05"), "2023-05", ("2023-03",)),  # untick a month, another left in the year
    (("2022", "2023-03"), "2023-03", ("2022", "2023")),  # untick the last month: back to its year
])
def test_the_date_facet_drills_down_and_back(chosen: tuple[str, ...], clicked: str, after: tuple[str, ...]) -> None:
    here = links("kinh tế", page=2, periods=chosen)
    assert state(here.toggle("period", clicked)) == replace(here.request, page=1, filters=Filters(periods=after))


def test_remove_one_value_or_one_date() -> None:
    here = links(speakers=(AN, BINH), date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    assert state(here.remove("speaker", AN)).filters == replace(here.request.filters, speakers=(BINH,))
    assert state(here.remove("from")).filters == replace(here.request.filters, date_from=None)
    assert state(here.remove("to")).filters == replace(here.request.filters, date_to=None)


# --- clearing and changing the text --------------------------------------------------------------------


def test_clear_filters_keeps_the_text_and_order() -> None:
    here = links("chuyển đổi số", page=3, sort=Sort.NEWEST, size=25, speakers=(AN,), provinces=(DONG_THAP,),
                 periods=("2022",), date_to=dt.date(2023, 1, 1))
    cleared = state(here.clear_filters())
    assert cleared == SearchRequest(text="chuyển đổi số", sort=Sort.NEWEST, size=25, facet_size=WEB.facet_size)


def test_with_text_and_clear_query_keep_the_filters() -> None:
    here = links("chuyển đổi số", page=3, speakers=(AN,), provinces=(HCM,))
    assert state(here.with_text("đô thị thông minh")) == replace(here.request, text="đô thị thông minh", page=1)
    assert state(here.clear_query()) == replace(here.request, text="", page=1)


def test_hidden_fields_are_the_state_but_the_page_and_what_the_form_sets() -> None:
    here = links("kinh tế", page=3, sort=Sort.NEWEST, speakers=(AN, BINH), date_from=dt.date(2023, 1, 1))
    assert here.hidden_fields("q") == [("speaker", AN), ("speaker", BINH), ("from", "2023-01-01"), ("sort", "newest")]
    assert ("q", "kinh tế") in here.hidden_fields() and ("page", "3") not in here.hidden_fields()
    assert here.hidden_fields("from", "to", "q", "sort") == [("speaker", AN), ("speaker", BINH)]


# --- chips -----------------------------------------------------------------------------------------------


def test_one_chip_per_filter_value_each_removing_itself() -> None:
    here = links("kinh tế", page=2, sort=Sort.NEWEST, provinces=(HCM,), speakers=(AN, BINH), periods=("2023-03",),
                 date_from=dt.date(2023, 1, 5), date_to=dt.date(2023, 12, 31))
    chips = here.chips()
    assert [(c.label, c.value) for c in chips] == [
        (CHIP_LABELS["province"], HCM), (CHIP_LABELS["speaker"], AN), (CHIP_LABELS["speaker"], BINH),
        (CHIP_LABELS["period"], "Tháng 3/2023"), ("Từ ngày", "05/01/2023"), ("Đến ngày", "31/12/2023"),
    ]
    f = here.request.filters
    expected = [replace(f, provinces=()), replace(f, speakers=(BINH,)), replace(f, speakers=(AN,)),
                replace(f, periods=()), replace(f, date_from=None), replace(f, date_to=None)]
    for chip, filters in zip(chips, expected, strict=True):
        assert state(chip.url) == replace(here.request, filters=filters, page=1), chip
    assert links("kinh tế").chips() == []


def test_a_year_chip_reads_as_a_year() -> None:
    (chip,) = links(periods=("2022",)).chips()
    assert chip == Chip(CHIP_LABELS["period"], "Năm 2022", chip.url) and state(chip.url).filters == Filters()


# --- the app serves every link ---------------------------------------------------------------------------


def test_the_app_serves_the_links(app: Flask) -> None:
    here = links("đổi mới", page=2, speakers=(AN,), periods=("2023-03",), date_from=dt.date(2020, 1, 1))
    urls = [here.toggle("speaker", BINH), here.toggle("period", "2023"), here.clear_filters(), here.page(1),
            here.sort(Sort.OLDEST), here.with_text("xây dựng Đảng")] + [c.url for c in here.chips()]
    client = app.test_client()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


@pytest.mark.parametrize("value", ["Hà Nội", "a&b=c", "1+1 / 2", "50%#x", "'quoted' \"too\"", "Bà Rịa–Vũng Tàu", "!$()*,:;?@~"])
def test_links_are_written_as_url_for_writes_them(context: None, value: str) -> None:
    """SearchLinks builds its query strings itself (url_for for every facet value cost a fifth of
    a page's time): byte for byte what url_for writes, whatever the value holds."""
    from flask import url_for

    request = SearchRequest(text=f"q {value}", filters=Filters(provinces=(value, HANOI), sources=(value,)), page=2)
    links = SearchLinks(request, WEB)
    expected = url_for("pages.search", **links._params(request))
    assert links.url() == expected
    assert links.toggle("province", value) == url_for("pages.search", **links._params(
        replace(request, filters=replace(request.filters, provinces=(HANOI,)), page=1)))
    assert SearchLinks(SearchRequest(), WEB).url() == url_for("pages.search")


@pytest.mark.parametrize("request_", [
    SearchRequest(),
    SearchRequest(text="đổi mới", page=3, sort=Sort.NEWEST, size=50, said=True, fold_copies=False,
                  facet_more=("speaker",), filters=Filters(speakers=(AN,), date_from=dt.date(2020, 1, 1))),
    SearchRequest(text="a&b", filters=Filters(provinces=(HCM,), sources=("x.vn", "y.vn"), periods=("2023",),
                                              date_to=dt.date(2024, 2, 3))),
    SearchRequest(filters=Filters(provinces=(HANOI,), districts=("Quận 1",), speakers=(BINH, CUONG))),
], ids=["empty", "everything", "some", "districts"])
def test_ticking_a_value_links_to_the_state_with_it(context: None, request_: SearchRequest) -> None:
    """Ticking is written from the page's own parameters, encoded once: the same URL as the
    state built with the value added, for every filter and wherever its values stand."""
    from webui.params import FILTER_PARAMS, with_filters

    here = SearchLinks(request_, WEB)
    for param, attr in FILTER_PARAMS.items():
        for value in ("Hà Nội", "a&b=c +", CUONG, "2021-05"):
            current = getattr(request_.filters, attr)
            if param == "period" or value in current or (param == "province" and request_.filters.districts):
                continue
            expected = here.url(with_filters(request_, **{attr: [*current, value]}))
            assert here.toggle(param, value) == expected, (param, value)
            assert state(expected).filters == with_filters(request_, **{attr: [*current, value]}).filters
