"""Request arguments -> typed queries, and back.

`parse_search` turns the GET parameters of `/` and `/api/search` into a
`SearchRequest`, or raises `BadParameter` naming the parameter. `search_args`
is its inverse: the parameters that describe a request, so every state of the
page can be written into a URL (bookmarked, shared, and restored by Back).
"""

from __future__ import annotations

from typing import Any

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from werkzeug.datastructures import MultiDict

from indexer.models import MAX_RESULT_WINDOW, Filters, SearchRequest, Sort
from indexer.search.facets import FACETS, KeywordFacet

from .config import MAX_PAGE_SIZE, WebSettings
from .present import vi_date

MAX_QUERY_CHARS = 500
# A facet value in a URL: longer than any name or place; the lists leave out longer values,
# which could not be chosen.
MAX_VALUE_CHARS = 1000
MAX_VALUES = 20
# URL parameter -> attribute of `Filters`, in the order they are written into URLs.
FILTER_PARAMS: dict[str, str] = {
    "province": "provinces",
    "district": "districts",
    "speaker": "speakers",
    "source": "sources",
    "category": "categories",
    "period": "periods",
}

# `copies`: list every republished copy, or each story once (the default).
COPIES_ALL, COPIES_FOLD = "all", "fold"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
# Facets that "Xem thêm" opens and the filter box looks through: those of values (the date
# facet lists every year already).
MORE_FACETS = tuple(name for name, facet in FACETS.items() if isinstance(facet, KeywordFacet))
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DIGITS = re.compile(r"\d{1,9}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadParameter(ValueError):
    """A request parameter we cannot use; `name` is the parameter, `message` says why (Vietnamese)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True, slots=True)
class Correction:
    """What the page did with a parameter it could not take as given, said to the reader."""

    name: str
    message: str
    typed: str | None = None  # what was typed, when it was left out: shown back in its field


def parse_search(args: MultiDict[str, str], web: WebSettings = WebSettings(),
                 corrections: list[Correction] | None = None) -> SearchRequest:
    """The search a URL describes. Unknown parameters are ignored; a repeated single one takes the first.

    With a `corrections` list (the HTML page), a date that is not one is left out and a
    reversed range is turned round, each said in the list, and the rest of the search stands;
    without it (the JSON API) they raise `BadParameter`."""
    text = parse_query(args)
    date_from = _lenient_date(args, "from", corrections)
    date_to = _lenient_date(args, "to", corrections)
    if date_from and date_to and date_from > date_to:
        if corrections is None:
            raise BadParameter("from", "ngày bắt đầu phải trước hoặc bằng ngày kết thúc (to)")
        corrections.append(Correction("from", f"Ngày bắt đầu ({vi_date(date_from)}) sau ngày kết thúc "
                                              f"({vi_date(date_to)}): đã đổi chỗ hai ngày."))
        date_from, date_to = date_to, date_from
    periods = _periods(args)
    if periods and (date_from or date_to) and corrections is not None:
        # One date model on the page: a period chosen replaces a typed range (the filter form
        # without JavaScript sends both).
        corrections.append(Correction("period", "Đã chọn khoảng thời gian ở bộ lọc: khoảng ngày đã gõ được bỏ."))
        date_from = date_to = None
    filters = Filters(
        **{attr: _values(args, name) for name, attr in FILTER_PARAMS.items() if name != "period"},
        periods=periods,
        date_from=date_from,
        date_to=date_to,
    )
    sort = _sort(args)
    size = _int(args, "size", web.page_size, 1, MAX_PAGE_SIZE)
    page = parse_page(args, size)
    return SearchRequest(text=text, filters=filters, sort=sort, page=page, size=size,
                         facet_size=web.facet_size, said=_flag(args, "said"), facet_more=_more(args),
                         fold_copies=_fold_copies(args))


def parse_page(args: MultiDict[str, str], size: int) -> int:
    """The `page` of results `size` long, within the first MAX_RESULT_WINDOW results."""
    page = _int(args, "page", 1, 1, None)
    if page * size > MAX_RESULT_WINDOW:
        raise BadParameter("page", f"chỉ xem được {MAX_RESULT_WINDOW} kết quả đầu tiên; "
                                   f"với {size} kết quả mỗi trang, trang lớn nhất là {MAX_RESULT_WINDOW // size}")
    return page


def parse_limit(args: MultiDict[str, str], name: str, most: int) -> int:
    """How many results a download holds at most (`limit`, 1 to `most`; `most` when absent)."""
    return _int(args, name, most, 1, most)


def parse_query(args: MultiDict[str, str], name: str = "q") -> str:
    raw = args.get(name, "")
    if len(raw) > MAX_QUERY_CHARS:
        raise BadParameter(name, f"dài quá {MAX_QUERY_CHARS} ký tự ({len(raw)} ký tự)")
    return " ".join(_CONTROL.sub(" ", raw).split())


def search_args(request: SearchRequest, web: WebSettings = WebSettings()) -> list[tuple[str, str]]:
    """The URL parameters of a request (defaults left out): `parse_search` gives the request back."""
    out: list[tuple[str, str]] = []
    if request.text:
        out.append(("q", request.text))
    f = request.filters
    for name, attr in FILTER_PARAMS.items():
        out += [(name, v) for v in getattr(f, attr)]
    if f.date_from:
        out.append(("from", f.date_from.isoformat()))
    if f.date_to:
        out.append(("to", f.date_to.isoformat()))
    if request.said:
        out.append(("said", "1"))
    if not request.fold_copies:
        out.append(("copies", COPIES_ALL))
    out += [("more", name) for name in request.facet_more]
    if request.sort is not Sort.RELEVANCE:
        out.append(("sort", request.sort.value))
    if request.size != web.page_size:
        out.append(("size", str(request.size)))
    if request.page != 1:
        out.append(("page", str(request.page)))
    return out


def with_filters(request: SearchRequest, **changes: Iterable[str] | dt.date | None) -> SearchRequest:
    """The request with some filters changed, back on page 1."""
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, (list, tuple)) else v for k, v in changes.items()}
    return replace(request, filters=replace(request.filters, **values), page=1)


# --- one parameter each ------------------------------------------------------------------------


def _values(args: MultiDict[str, str], name: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in args.getlist(name):
        value = " ".join(_CONTROL.sub(" ", raw).split())
        if not value:
            continue  # an empty field of a form means "no filter"
        if len(value) > MAX_VALUE_CHARS:
            raise BadParameter(name, f"mỗi giá trị dài tối đa {MAX_VALUE_CHARS} ký tự")
        if value not in out:
            out.append(value)
    if len(out) > MAX_VALUES:
        raise BadParameter(name, f"chọn tối đa {MAX_VALUES} giá trị")
    return tuple(out)


def _periods(args: MultiDict[str, str]) -> tuple[str, ...]:
    periods = _values(args, "period")
    for p in periods:
        month = _MONTH.fullmatch(p)
        if _YEAR.fullmatch(p) and 1 <= int(p):
            continue
        if month and 1 <= int(month.group(2)) <= 12:
            continue
        raise BadParameter("period", f"phải là một năm (2022) hoặc một tháng (2022-01), không phải {p!r}")
    return periods


def _date(args: MultiDict[str, str], name: str) -> dt.date | None:
    """A day as people write it here, dd/mm/yyyy (19/01/2022, 19-1-2022, 19.01.2022), or as
    the URL carries it, yyyy-mm-dd."""
    raw = args.get(name, "").strip()
    if not raw:
        return None
    iso, dmy = _DATE.fullmatch(raw), _DMY.fullmatch(raw)
    try:
        if iso:
            return dt.date.fromisoformat(raw)
        if dmy:
            return dt.date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
    except ValueError:
        pass
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    raise BadParameter(name, f"«{shown}» không phải một ngày có thật; hãy nhập ngày/tháng/năm, ví dụ 19/01/2022")


def _lenient_date(args: MultiDict[str, str], name: str, corrections: list[Correction] | None) -> dt.date | None:
    """`_date`; with `corrections`, a day that is not one is left out and said there."""
    if corrections is None:
        return _date(args, name)
    try:
        return _date(args, name)
    except BadParameter as exc:
        corrections.append(Correction(name, f"{_DATE_NAMES[name]}: {exc.message}; đã bỏ qua.", args.get(name, "")[:40]))
        return None


_DATE_NAMES = {"from": "Từ ngày", "to": "Đến ngày"}


def _more(args: MultiDict[str, str]) -> tuple[str, ...]:
    names = _values(args, "more")
    for name in names:
        if name not in MORE_FACETS:
            raise BadParameter("more", f"phải là một trong {', '.join(MORE_FACETS)}, không phải {name!r}")
    return names


def _flag(args: MultiDict[str, str], name: str) -> bool:
    """A yes/no parameter: "1" (or "true", "on") is yes; absent, empty or "0" no."""
    value = args.get(name, "").strip().lower()
    if value in ("", "0", "false", "off"):
        return False
    if value in ("1", "true", "on"):
        return True
    raise BadParameter(name, "chỉ nhận 1 (có) hoặc 0 (không)")


def _fold_copies(args: MultiDict[str, str]) -> bool:
    """`copies`: each story once (absent, or "fold"), or every republished copy listed ("all")."""
    value = args.get("copies", "").strip().lower()
    if value in ("", COPIES_FOLD):
        return True
    if value == COPIES_ALL:
        return False
    raise BadParameter("copies", f"chỉ nhận {COPIES_ALL} (hiện mọi bản đăng lại) hoặc {COPIES_FOLD} (mỗi bài một lần)")


def _sort(args: MultiDict[str, str]) -> Sort:
    raw = args.get("sort", "").strip()
    if not raw:
        return Sort.RELEVANCE
    try:
        return Sort(raw)
    except ValueError:
        choices = ", ".join(s.value for s in Sort)
        raise BadParameter("sort", f"phải là một trong {choices}") from None


def _int(args: MultiDict[str, str], name: str, default: int, low: int, high: int | None) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not _DIGITS.fullmatch(raw):
        raise BadParameter(name, "phải là một số nguyên dương" if high is None
                           else f"phải là một số nguyên từ {low} đến {high}")
    value = int(raw)
    if value < low or (high is not None and value > high):
        raise BadParameter(name, f"phải từ {low} trở lên" if high is None
                           else f"phải là một số nguyên từ {low} đến {high}")
    return value
