"""Links between states of the search page: tick or untick a facet value, remove a chip, page, sort.

Every link is a full URL of the next state (GET parameters only), so the page
works without JavaScript and Back / bookmarks restore exactly what was shown.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from dataclasses import dataclass, replace

from flask import url_for

from indexer.models import MAX_RESULT_WINDOW, SearchRequest, Sort
from indexer.search.facets import period_bounds

from .config import WebSettings
from .params import FILTER_PARAMS, search_args, with_filters
from .present import value_label, vi_date


@dataclass(frozen=True, slots=True)
class Chip:
    label: str  # what kind of filter, e.g. "Người phát biểu"
    value: str  # the value as shown
    url: str  # the search without this filter


# What werkzeug leaves unescaped in a query string (werkzeug.urls._urlencode), so that links read
# as url_for wrote them.
_URL_SAFE = "!$'()*,/:;?@"
# Filter parameters in the order search_args writes them (after "q").
_FILTER_RANK = {name: n for n, name in enumerate(FILTER_PARAMS)}


def _encoded(key: str, value: str) -> str:
    """One pair of a query string, as urlencode(..., safe=_URL_SAFE) writes it (the one place
    links encode their parameters)."""
    return f"{quote_plus(key, safe=_URL_SAFE)}={quote_plus(value, safe=_URL_SAFE)}"

CHIP_LABELS = {
    "province": "Tỉnh/thành phố",
    "district": "Quận/huyện",
    "speaker": "Người phát biểu",
    "source": "Nguồn",
    "category": "Chuyên mục",
    "period": "Thời gian",
}


class SearchLinks:
    def __init__(self, request: SearchRequest, web: WebSettings) -> None:
        self.request = request
        self.web = web
        self._search_path: str | None = None
        self._page_one: tuple[list[str], list[str]] | None = None  # see _with_value_added

    def last_page(self, total: int) -> int:
        """The last page worth linking to: the results end, or paging stops (MAX_RESULT_WINDOW)."""
        size = self.request.size
        return min((total + size - 1) // size, MAX_RESULT_WINDOW // size)

    # --- URLs ----------------------------------------------------------------------------------

    def url(self, request: SearchRequest | None = None, external: bool = False) -> str:
        if external:
            return url_for("pages.search", _external=True, **self._params(request))
        # As url_for writes it, its path built once: a page holds a hundred links (every facet
        # value's toggle), and url_for cost 70 µs each, a fifth of a page's own time.
        pairs = [_encoded(key, value) for key, values in self._params(request).items() for value in values]
        return f"{self._path()}?{'&'.join(pairs)}" if pairs else self._path()

    def _path(self) -> str:
        if self._search_path is None:
            self._search_path = url_for("pages.search")
        return self._search_path

    def _with_value_added(self, param: str, value: str) -> str:
        """`url(with_filters(request, <param>=its values + [value]))`, without building that request:
        the page-1 state's parameters encoded once, the new one put after the others of its kind
        (where `search_args` writes it). A page holds dozens of such links, one per facet value."""
        if self._page_one is None:
            pairs = search_args(replace(self.request, page=1), self.web)
            self._page_one = ([_encoded(k, v) for k, v in pairs], [k for k, _ in pairs])
        encoded, keys = self._page_one
        rank = _FILTER_RANK[param]
        at = sum(1 for k in keys if k == "q" or _FILTER_RANK.get(k, len(_FILTER_RANK)) <= rank)
        return f"{self._path()}?{'&'.join([*encoded[:at], _encoded(param, value), *encoded[at:]])}"

    def export(self, fmt: str) -> str:
        """The whole result set as a file: csv, jsonl or ris."""
        return url_for("pages.export", format=fmt, **self._params(None, "page", "more", "size", "copies"))

    def feed(self) -> str:
        """The search as an Atom feed, newest first."""
        return url_for("pages.feed", **self.feed_params())

    def feed_params(self) -> dict[str, Any]:
        """What a feed follows of the search, in the order URLs are written (its stable id)."""
        return self._params(None, "page", "more", "size", "sort")

    def _params(self, request: SearchRequest | None = None, *leave_out: str) -> dict[str, Any]:
        """The URL parameters of a request for url_for: several values of one parameter a list."""
        params: dict[str, Any] = {}
        for key, value in search_args(request or self.request, self.web):
            if key not in leave_out:
                params.setdefault(key, []).append(value)
        return params

    def hidden_fields(self, *leave_out: str) -> list[tuple[str, str]]:
        """The state as hidden form fields, for forms that change one part of it (query, dates)."""
        skip = {"page", *leave_out}
        return [(k, v) for k, v in search_args(self.request, self.web) if k not in skip]

    def page(self, number: int) -> str:
        return self.url(replace(self.request, page=number))

    def sort(self, sort: Sort) -> str:
        return self.url(replace(self.request, sort=sort, page=1))

    def copies(self, fold: bool) -> str:
        """The search listing each story once (`fold`) or every republished copy, from page 1."""
        return self.url(replace(self.request, fold_copies=fold, page=1))

    def selected(self, param: str, value: str) -> bool:
        return value in getattr(self.request.filters, FILTER_PARAMS[param])

    def toggle(self, param: str, value: str) -> str:
        """Tick or untick one facet value. Dates drill down: a month replaces its year and back."""
        f = self.request.filters
        attr = FILTER_PARAMS[param]
        current = list(getattr(f, attr))
        if param != "period" and value not in current and not (param == "province" and f.districts):
            return self._with_value_added(param, value)  # ticking: what most of a page's links do
        if param == "period":
            # One date model: a period chosen replaces a typed range.
            return self.url(with_filters(self.request, periods=_toggle_period(current, value), date_from=None,
                                         date_to=None))
        if value in current:
            current.remove(value)
            if param == "province" and not current:
                # Districts were chosen inside the provinces; with none left, drop them too.
                return self.url(with_filters(self.request, provinces=(), districts=()))
        else:
            current.append(value)
            if param == "province" and f.districts:
                # Districts narrow inside the province they were chosen in: another province
                # is a wider search, so they go (the province counts are counted without them).
                return self.url(with_filters(self.request, provinces=current, districts=()))
        return self.url(with_filters(self.request, **{attr: current}))

    def remove(self, param: str, value: str | None = None) -> str:
        """The search without one filter value (or without the `from` / `to` date)."""
        if param == "from":
            return self.url(with_filters(self.request, date_from=None))
        if param == "to":
            return self.url(with_filters(self.request, date_to=None))
        attr = FILTER_PARAMS[param]
        return self.url(with_filters(self.request, **{attr: [v for v in getattr(self.request.filters, attr)
                                                              if v != value]}))

    def date_fields(self) -> tuple[str, str]:
        """What the range fields show, dd/mm/yyyy: the range typed, else the chosen period's
        first and last day (one period chosen), else nothing."""
        f = self.request.filters
        if f.date_from or f.date_to:
            return vi_date(f.date_from), vi_date(f.date_to)
        if len(f.periods) == 1:
            first, last = period_bounds(f.periods[0])
            return vi_date(first), vi_date(last)
        return "", ""

    def article(self, doc_id: str, position: int) -> str:
        """An article's page reached from these results: it carries the search (its words are
        marked, "Quay lại kết quả" and the previous / next result come back to it) and where in
        the results the article stands."""
        return url_for("pages.article", doc_id=doc_id, pos=str(position + 1), **self._params(None, "page"))

    def period_only(self, period: str) -> str:
        """A timeline bar: the search narrowed to that period alone (or back to every date when
        it is the only one chosen)."""
        f = self.request.filters
        chosen = () if f.periods == (period,) and not (f.date_from or f.date_to) else (period,)
        return self.url(with_filters(self.request, periods=chosen, date_from=None, date_to=None))

    def facet_search(self, facet: str) -> str:
        """The JSON API that looks through all of a facet's values under this search (the
        filter box adds `contains`)."""
        return url_for("api.facet_values", name=facet, **self._params(None, "page"))

    def more(self, facet: str, on: bool = True) -> str:
        """The page with one facet listed at length ("Xem thêm"), or short again; same results page."""
        listed = tuple(n for n in self.request.facet_more if n != facet) + ((facet,) if on else ())
        return self.url(replace(self.request, facet_more=listed))

    def said(self, on: bool) -> str:
        """Search what the chosen speakers said (their statements), or the articles again."""
        return self.url(replace(self.request, said=on, page=1))

    def clear_filters(self) -> str:
        return self.url(replace(self.request, filters=type(self.request.filters)(), said=False, page=1))

    def clear_query(self) -> str:
        return self.url(replace(self.request, text="", page=1))

    def with_text(self, text: str) -> str:
        return self.url(replace(self.request, text=text, page=1))

    # --- chips ---------------------------------------------------------------------------------

    def chips(self) -> list[Chip]:
        f = self.request.filters
        out: list[Chip] = []
        for param, attr in FILTER_PARAMS.items():
            for value in getattr(f, attr):
                out.append(Chip(CHIP_LABELS[param], value_label(value, param), self.remove(param, value)))
        if f.date_from:
            out.append(Chip("Từ ngày", vi_date(f.date_from), self.remove("from")))
        if f.date_to:
            out.append(Chip("Đến ngày", vi_date(f.date_to), self.remove("to")))
        if self.request.said:
            out.append(Chip("Tìm trong", "lời phát biểu", self.said(False)))
        return out


def _toggle_period(current: list[str], value: str) -> list[str]:
    year = value[:4]
    if len(value) == 4:
        if value in current:  # untick a year: the year and its months go
            return [p for p in current if p[:4] != year]
        # tick a year: the whole year, instead of some of its months
        return [p for p in current if p[:4] != year] + [value]
    if value in current:  # untick a month: back up to its year when it was the last one
        rest = [p for p in current if p != value]
        if not any(p[:4] == year for p in rest):
            rest.append(year)
        return rest
    # tick a month: narrows its year
    return [p for p in current if p != year] + [value]
