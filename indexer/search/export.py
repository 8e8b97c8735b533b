"""The whole result set of a search as a file: CSV, JSON Lines or RIS, streamed.

    for chunk in export_lines(service, request, "csv", page_url=lambda id: f"https://…/articles/{id}"):
        out.write(chunk)

Results are read a page of EXPORT_PAGE at a time and written as they come, so memory stays
bounded whatever the size; an export stops at EXPORT_LIMIT results (the same window the pages
go through), in the order the pages list them. The web UI (`/export`) and the command line
(`vnsearch search … --format`) both write through here.

An export holds every republished copy (the pages show each story once): a researcher counts
where a story appeared. Copies of one article share their `copy_group` (empty for an article
with none).

- CSV: UTF-8 with a byte-order mark and CRLF line ends, so Excel and LibreOffice open the
  Vietnamese text as it is; every field quoted where needed (csv module).
- JSON Lines: one object per result, the same fields, speakers as a list.
- RIS: one `TY  - NEWS` record per result, for Zotero, EndNote and Mendeley.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from indexer.documents import safe_url
from indexer.models import MAX_RESULT_WINDOW, Hit, SearchRequest

from .service import SearchService

FORMATS = ("csv", "jsonl", "ris")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
               "ris": "application/x-research-info-systems; charset=utf-8"}
# Results in one export: the window the pages go through.
EXPORT_LIMIT = MAX_RESULT_WINDOW
# Results asked for at a time.
EXPORT_PAGE = 200
COLUMNS = ("id", "title", "date", "author", "source", "url", "province", "district", "speakers", "snippet", "partial",
           "page_url", "copy_group")
# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(…) in a title).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TAG = re.compile(r"<[^>]+>")


def export_lines(service: SearchService, request: SearchRequest, fmt: str,
                 page_url: Callable[[str], str], limit: int = EXPORT_LIMIT) -> Iterator[str]:
    """The results of `request` (all of them, up to `limit`) in format `fmt`, a piece at a time."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    hits = _hits(service, request, min(limit, EXPORT_LIMIT))
    first = next(hits, None)  # the first search before the first byte: its failure is the caller's to answer
    if fmt == "csv":
        yield "\ufeff" + _csv_line(COLUMNS)
    if first is None:
        return
    for hit in itertools.chain((first,), hits):
        row = _row(hit, page_url(hit.article.id))
        if fmt == "csv":
            yield _csv_line(tuple(_cell(row[c]) for c in COLUMNS))
        elif fmt == "jsonl":
            yield json.dumps(row, ensure_ascii=False) + "\n"
        else:
            yield _ris(row)


def _hits(service: SearchService, request: SearchRequest, limit: int) -> Iterator[Hit]:
    """Every listed result, in page order, a page of EXPORT_PAGE at a time."""
    size = min(EXPORT_PAGE, limit)  # the same on every page: pages follow each other
    sent = 0
    for page in range(1, EXPORT_LIMIT // size + 1):
        result = service.results(replace(request, page=page, size=size, with_facets=False, with_snippets=True,
                                         fold_copies=False, list_copies=False))
        for hit in result.hits[: limit - sent]:
            yield hit
            sent += 1
        if len(result.hits) < size or sent >= limit:
            return


Row = dict[str, str | list[str] | bool | None]


def _row(hit: Hit, page_url: str) -> Row:
    a = hit.article
    return {
        "id": a.id,
        "title": a.title,
        "date": a.published.isoformat() if a.published else None,
        "author": a.author,
        "source": a.source,
        "url": safe_url(a.url),
        "province": a.locality.province,
        "district": a.locality.district,
        "speakers": [s.name for s in a.speakers],
        "snippet": plain(hit.snippet) or None,
        # Listed after the strong matches in relevance order: the words apart, not as typed.
        "partial": hit.partial,
        "page_url": page_url,
        "copy_group": hit.copy_group,
    }


def _cell(value: str | list[str] | bool | None) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    text = "; ".join(value) if isinstance(value, list) else (value or "")
    return "'" + text if text.startswith(_FORMULA_START) else text


def plain(snippet_html: str | None) -> str:
    """A highlighted snippet (escaped text with <mark>) as plain text."""
    return html.unescape(_TAG.sub("", snippet_html or ""))


def _csv_line(values: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def _ris(row: Row) -> str:
    lines = ["TY  - NEWS"]

    def add(tag: str, value: str | None) -> None:
        if value:
            lines.append(f"{tag}  - {' '.join(value.split())}")

    add("ID", str(row["id"]))
    add("TI", row["title"] if isinstance(row["title"], str) else None)
    add("AU", row["author"] if isinstance(row["author"], str) else None)
    date = row["date"]
    if isinstance(date, str):
        add("PY", date[:4])
        add("DA", date.replace("-", "/"))
    add("JF", row["source"] if isinstance(row["source"], str) else None)
    add("UR", row["url"] if isinstance(row["url"], str) else None)
    place = ", ".join(x for x in (row["district"], row["province"]) if isinstance(x, str))
    add("KW", place or None)  # the place the article is about (CY would be where it was published)
    speakers = row["speakers"]
    for name in speakers if isinstance(speakers, list) else []:
        add("KW", name)
    add("AB", row["snippet"] if isinstance(row["snippet"], str) else None)
    add("N1", f"Trang bài viết: {row['page_url']}")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n\r\n"
