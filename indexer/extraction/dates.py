"""Dates: the site's date line (published) and the event date in the lead.

Rules
-----
* `published` is a header line that is nothing but a date with a year, optionally
  with a weekday, a time and a "Cập nhật:"-style prefix: "Thứ Tư, ngày 19 tháng 1
  năm 2022", "Thứ Bảy, 08/08/2020 10:30 (GMT+7)", "19/01/2022".
* `event_date` is the first date in the lead (the paragraph opening the story)
  that is introduced as a moment: "Sáng 7/12", "Chiều 15/10", "Sáng ngày 31/7",
  "Ngày 06/01/2022", "chiều qua (6-4)", "tối ngày 16.3.2006", "vào ngày 5 tháng 1".
  A bare "ngày D/M" only counts near the start of the lead, never as the date of
  a document ("Nghị quyết số 15-NQ/TW ngày 30/7/2007") nor as a bound ("từ
  ngày 30-4", "đến hết ngày 14-7").
* "Hôm nay"/"sáng nay" is the day of `published`, "hôm qua"/"chiều qua" the day
  before, when they come before any written date (a date after them is
  background: "... hôm nay hủy bản án về vụ tấn công hôm 11/9/2001").
* A day/month without a year resolves to the latest such date not after
  `published` ("Sáng 7/12" published 2022-01-19 -> 2021-12-07); with no
  `published` it stays None: nothing is invented.
* When there is no date line, a full date (with its year, 1990 or later) opening
  the lead also serves as `published`: "Ngày 06/01/2022, ..." dates the news to
  that day.
"""

from __future__ import annotations

import datetime as dt
import re

_WEEKDAY = r"(?:[Tt]hứ\s*(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|[2-7])|[Cc]hủ\s*[Nn]hật|CN|T[2-7])"
_TIME = r"(?:(?:lúc\s+)?\d{1,2}\s*[:hg]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:\(?\s*GMT\s*\+\s*0?7\s*\)?|[AaPp]\.?[Mm]\.?))?)"
_PREFIX = r"(?:(?:[Cc]ập\s+nhật|[Nn]gày\s+đăng|[Đđ]ăng\s+ngày|[Nn]gày\s+cập\s+nhật|[Xx]uất\s+bản|[Đđ]ăng\s+lúc)\s*:?\s*)"
_DATE_WORDS = r"(?:[Nn]gày\s+)?(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})\s*,?\s*năm\s+(?P<y1>\d{4})"
_DATE_NUMS = r"(?:[Nn]gày\s+)?(?P<d2>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4})"
_SEP = r"\s*[,|–-]?\s*"

DATE_LINE_RE = re.compile(
    rf"^{_PREFIX}?(?:{_WEEKDAY}{_SEP})?(?:{_TIME}{_SEP})?(?:{_DATE_WORDS}|{_DATE_NUMS})(?:{_SEP}{_TIME})?\s*$"
)

# A moment word before the date; "ngày" alone is weaker (see _weak).
_MOMENT = r"(?:rạng\s+sáng|sáng|trưa|chiều|tối|đêm|khuya|ngày|hôm)(?:\s+(?:nay|qua|mai|hôm\s+qua|hôm\s+nay|ngày))?"
_EVENT_RE = re.compile(
    rf"(?<!\w)(?P<moment>{_MOMENT})\s*(?:,\s*|\(\s*)?(?:ngày\s+)?"
    r"(?:(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?(?![\d/.-]\d)"
    r"|(?P<dw>\d{1,2})\s+tháng\s+(?P<mw>\d{1,2})(?:\s*,?\s*năm\s+(?P<yw>\d{4}))?)",
    re.IGNORECASE,
)
# "... số 15-NQ/TW ngày 30/7/2007", "Quyết định 123 ngày 5/3": the date of a document.
_DOCUMENT_RE = re.compile(
    r"(?:\bsố\s+\S+|nghị\s+quyết|quyết\s+định|chỉ\s+thị|thông\s+tư|nghị\s+định|công\s+văn|kế\s+hoạch|"
    r"kết\s+luận|thông\s+báo|tờ\s+trình|văn\s+bản|luật|hạn\s+chót|hạn)\s*[^,.;:]{0,25}$",
    re.IGNORECASE,
)
_BOUND_RE = re.compile(r"(?<!\w)(?:từ|đến|tới|trước|sau|kể\s+từ|hết|hạn|cho\s+đến|chậm\s+nhất)\s*$", re.IGNORECASE)
# "Hôm qua", "sáng nay" without a date: a day relative to publication.
_RELATIVE_RE = re.compile(
    r"(?<!\w)(?:(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm|khuya)\s+(?P<rel1>nay|qua)|hôm\s+(?P<rel2>nay|qua))(?!\w)"
    r"(?!\s*[,(]?\s*(?:ngày\s+)?\d)",
    re.IGNORECASE,
)
LEAD_WINDOW = 320  # characters of the lead searched for the event date
LEAD_START = 80  # a plain "ngày D/M" counts only this close to the start
FIRST_NEWS_YEAR = 1990  # an older date opening a lead is history, not the day of publication


def make_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_day_month(day: int, month: int, published: dt.date | None) -> dt.date | None:
    """The latest day/month not after `published` (None without `published`)."""
    if published is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    for year in range(published.year, published.year - 9, -1):  # 29/2 may go back a few years
        candidate = make_date(year, month, day)
        if candidate is not None and candidate <= published:
            return candidate
    return None


def parse_date_line(line: str) -> dt.date | None:
    """A header line that is only a date (with its year) -> that date."""
    if len(line) > 80:
        return None
    m = DATE_LINE_RE.match(line.strip())
    if not m:
        return None
    if m.group("d1"):
        return make_date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
    return make_date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))


def event_date(lead: str, published: dt.date | None) -> tuple[dt.date | None, bool]:
    """(event date, whether it can also date the article) from the lead paragraph.

    The second value is True only for a full date (with its year) opening the lead,
    "Ngày 06/01/2022, ...", in a plausible news year: then it may stand in for a
    missing date line.
    """
    window = lead[:LEAD_WINDOW]
    relative = _RELATIVE_RE.search(window)
    for m in _EVENT_RE.finditer(window):
        if relative and m.start() > relative.start():
            break  # "hôm nay ... vụ tấn công hôm 11/9/2001": the event is today's, the date is history
        moment = m.group("moment").lower()
        weak = moment == "ngày"
        before = window[: m.start()]
        if weak and (m.start() > LEAD_START or _DOCUMENT_RE.search(before[-60:]) or _BOUND_RE.search(before[-20:])):
            continue  # deep in the lead, a document's date, or a bound ("từ ngày 30-4-2006", "đến hết ngày 14-7")
        if m.group("d"):
            day, month, year = int(m.group("d")), int(m.group("m")), m.group("y")
            if m.group("sep") == "." and not year and weak and m.start() > 0:
                continue  # "ngày 1.5" mid-sentence is more likely a number than a date
        else:
            day, month, year = int(m.group("dw")), int(m.group("mw")), m.group("yw")
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if year:
            found = make_date(int(year), month, day)
            if found is not None:
                opening = m.start() <= LEAD_START and found.year >= FIRST_NEWS_YEAR
                return found, opening
            continue
        return resolve_day_month(day, month, published), False
    if relative and published is not None:
        return published - dt.timedelta(days=1 if (relative.group("rel1") or relative.group("rel2")).lower() == "qua" else 0), False
    return None, False
