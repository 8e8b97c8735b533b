"""A search as an Atom feed (RFC 4287): its newest results, so a reader subscribes to a query
the way they would to a site. Built with ElementTree: every value from a document is text,
escaped by the serializer."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import replace

from flask import url_for

from indexer.models import SearchRequest, SearchResult, Sort
from indexer.search.export import plain

from .present import value_label

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 30


def feed_request(request: SearchRequest) -> SearchRequest:
    """The search a feed follows: newest first, its first FEED_SIZE results."""
    return replace(request, sort=Sort.NEWEST, page=1, size=FEED_SIZE, with_facets=False, facet_more=())


def atom(result: SearchResult, page_url: str, self_url: str) -> bytes:
    """The feed of a search's result (`feed_request`); `page_url` is the search page it follows."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    text = result.request.text
    _text(feed, "title", f"vnsearch: {text}" if text else "vnsearch: bài viết mới")
    _text(feed, "subtitle", _describe(result.request))
    _text(feed, "id", self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": self_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": page_url})
    dates = [h.article.published for h in result.hits if h.article.published]
    _text(feed, "updated", _stamp(max(dates) if dates else dt.date.today()))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "vnsearch")
    for hit in result.hits:
        a = hit.article
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = url_for("pages.article", doc_id=a.id, _external=True)
        _text(entry, "title", a.title or a.id)
        _text(entry, "id", url)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url})
        if a.url:
            ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "related", "href": a.url})
        _text(entry, "updated", _stamp(a.published or dt.date.today()))
        if a.published:
            _text(entry, "published", _stamp(a.published))
        if a.source:
            source_author = ET.SubElement(entry, f"{{{ATOM}}}author")
            _text(source_author, "name", value_label(a.source, "source"))
        summary = plain(hit.snippet)
        if summary:
            _text(entry, "summary", summary)
        for speaker in a.speakers:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": speaker.name, "label": speaker.name})
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = value


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _describe(request: SearchRequest) -> str:
    f = request.filters
    parts = [f"«{request.text}»"] if request.text else []
    for label, values in (("tỉnh", f.provinces), ("quận/huyện", f.districts), ("người phát biểu", f.speakers),
                          ("nguồn", f.sources), ("chuyên mục", f.categories), ("thời gian", f.periods)):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    return "Kết quả mới nhất" + (" cho " + "; ".join(parts) if parts else " trong kho")
