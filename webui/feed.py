"""A search as an Atom feed (RFC 4287): its newest dated results, so a reader subscribes to a
query the way they would to a site. Built with ElementTree: every value from a document is
text, escaped by the serializer, with what XML cannot hold left out. The feed's id is the
search's feed URL with its parameters in the page's order, the same however they were typed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from flask import url_for

from indexer.documents import safe_url
from indexer.models import SearchRequest, SearchResult, Sort
from indexer.search.export import plain

from .present import value_label

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 30


def feed_request(request: SearchRequest) -> SearchRequest:
    """The search a feed follows: newest first, its first FEED_SIZE results."""
    return replace(request, sort=Sort.NEWEST, page=1, size=FEED_SIZE, with_facets=False, facet_more=(),
                   list_copies=False)


def atom(result: SearchResult, page_url: str, self_url: str) -> bytes:
    """The feed of a search's result (`feed_request`); `page_url` is the search page it follows."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    text = result.request.text
    _text(feed, "title", f"vnsearch: {text}" if text else "vnsearch: bài viết mới")
    _text(feed, "subtitle", _describe(result.request))
    _text(feed, "id", self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": xml_text(self_url)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": xml_text(page_url)})
    dates = [h.article.published for h in result.hits if h.article.published]
    _text(feed, "updated", _stamp(max(dates) if dates else dt.date(1970, 1, 1)))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "vnsearch")
    for hit in result.hits:
        a = hit.article
        if a.published is None:
            continue  # a feed announces by date; an undated article would look new every day
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = url_for("pages.article", doc_id=a.id, _external=True)
        _text(entry, "title", a.title or a.id)
        _text(entry, "id", url)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url})
        original = safe_url(a.url)
        if original:
            ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "related", "href": xml_text(original)})
        _text(entry, "updated", _stamp(a.published))
        _text(entry, "published", _stamp(a.published))
        if a.source:
            source_author = ET.SubElement(entry, f"{{{ATOM}}}author")
            _text(source_author, "name", value_label(a.source, "source"))
        summary = plain(hit.snippet)
        if summary:
            _text(entry, "summary", summary)
        for speaker in a.speakers:
            name = xml_text(speaker.name)
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": name, "label": name})
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = xml_text(value)


# What XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/FFFF): an archive's
# text may carry them; the serializer would write them and break the feed.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


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
