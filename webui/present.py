"""How values read in Vietnamese on the page: dates, numbers, periods, localities, paragraphs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from indexer.models import Article, Locality
from indexer.documents import safe_url
from indexer.schema import month_value

SORT_LABELS = {
    "relevance": "Liên quan nhất",
    "newest": "Mới nhất",
    "oldest": "Cũ nhất",
}

_BLANK_LINES = re.compile(r"\n\s*\n")

# Stored values as people write them: the archive keeps sources lower case and VNTC's topics
# without diacritics.
SOURCE_LABELS = {
    "vnexpress": "VnExpress", "nld": "Người Lao Động", "tuoitre": "Tuổi Trẻ", "tuổi trẻ": "Tuổi Trẻ",
    "thanhnien": "Thanh Niên", "thanh niên": "Thanh Niên", "dantri": "Dân trí", "dân trí": "Dân trí",
}
CATEGORY_LABELS = {
    "Chinh tri Xa hoi": "Chính trị – Xã hội", "The thao": "Thể thao", "The gioi": "Thế giới", "Van hoa": "Văn hoá",
    "Suc khoe": "Sức khoẻ", "Kinh doanh": "Kinh doanh", "Phap luat": "Pháp luật", "Vi tinh": "Vi tính",
    "Doi song": "Đời sống", "Khoa hoc": "Khoa học",
}


def vi_date(value: dt.date | None) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


def month_period(value: dt.date) -> str:
    """The `period` parameter naming a date's month, as the index's month facet does."""
    return month_value(value)


def vi_number(value: int) -> str:
    """1234567 -> "1.234.567" (Vietnamese groups thousands with dots)."""
    return f"{value:,}".replace(",", ".")


def period_label(value: str) -> str:
    """"2022" -> "Năm 2022", "2022-01" -> "Tháng 1/2022"."""
    if len(value) == 7:
        return f"Tháng {int(value[5:])}/{value[:4]}"
    return f"Năm {value}"


def value_label(value: str, facet: str) -> str:
    """A facet value as shown: sources and topics as people write them, periods in words."""
    if facet == "source":
        return SOURCE_LABELS.get(value.lower()) or (value if "." in value else value[:1].upper() + value[1:])
    if facet == "category":
        return CATEGORY_LABELS.get(value, value)
    if facet == "period":
        return period_label(value)
    return value


def month_label(value: str) -> str:
    return f"Tháng {int(value[5:])}"


def locality_label(locality: Locality) -> str:
    return ", ".join(x for x in (locality.district, locality.province) if x)


def paragraphs(body: str) -> list[str]:
    """The body split on blank lines, each paragraph stripped; single line breaks stay in the text."""
    return [p.strip() for p in _BLANK_LINES.split(body.replace("\r\n", "\n")) if p.strip()]


def byline(article: Article) -> list[str]:
    """The short metadata line under a result's title."""
    out = []
    if article.published:
        out.append(vi_date(article.published))
    place = locality_label(article.locality)
    if place:
        out.append(place)
    if article.source:
        out.append(value_label(article.source, "source"))
    return out


@dataclass(frozen=True, slots=True)
class Citation:
    lead: str  # author, date, title
    source: str | None  # the paper, in italics on the page
    url: str

    @property
    def text(self) -> str:
        """As copied: plain text, one line."""
        return " ".join(x for x in (self.lead, f"{self.source}." if self.source else None, self.url) if x)


def citation(article: Article, page_url: str) -> Citation:
    """The article cited in APA 7 for a news article, written the Vietnamese way: names in their
    own order (not inverted), the date as "(2023, ngày 15 tháng 3)", the paper's name, then the
    article's own URL (else its page here). Without an author the title comes first (APA 7)."""
    title = (article.title or article.id).strip().rstrip(".")
    title_end = title if title.endswith(("?", "!", "…")) else title + "."  # no "mới?."
    day = article.published
    when = f"({day.year}, ngày {day.day} tháng {day.month})" if day else "(không rõ ngày)"
    lead = f"{article.author.strip().rstrip('.')}. {when}. {title_end}" if article.author else f"{title_end} {when}."
    source = value_label(article.source, "source") if article.source else None
    return Citation(lead, source, safe_url(article.url) or page_url)


def lead_summary(article: Article, limit: int = 200) -> str:
    """The article's first words for link previews (Open Graph): the first paragraph, cut at a
    word before `limit` characters."""
    first = next(iter(paragraphs(article.body)), "")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"
