"""The JSON API: the same parameters as the pages, the service's JSON, plus the page URL of each item."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from indexer.models import Article, Suggestion

from .context import article_and_related, context
from .config import SUGGESTIONS
from .params import parse_query, parse_search

bp = Blueprint("api", __name__)


@bp.get("/search")
def search() -> Response:
    ctx = context()
    result = ctx.service.search(parse_search(request.args, ctx.web))
    out = result.to_json()
    for hit in out["hits"]:
        hit["page_url"] = url_for("pages.article", doc_id=hit["id"])
    return jsonify(out)


@bp.get("/articles/<path:doc_id>")
def article(doc_id: str) -> Response:
    found, related = article_and_related(doc_id)
    return jsonify({
        "article": {**found.to_json(), "page_url": url_for("pages.article", doc_id=found.id)},
        "related": [_summary(a) for a in related],
    })


@bp.get("/suggest")
def suggest() -> Response:
    text = parse_query(request.args)
    suggestions = context().service.suggest(text, SUGGESTIONS) if text else []
    return jsonify({"suggestions": [_suggestion(s) for s in suggestions]})


def _summary(a: Article) -> dict[str, object]:
    return {"id": a.id, "title": a.title, "published": a.published.isoformat() if a.published else None,
            "locality": a.locality.to_json(), "page_url": url_for("pages.article", doc_id=a.id)}


# Suggestion kinds that are also the name of the search filter they choose.
_FILTER_KINDS = frozenset({"speaker", "province", "district"})


def _suggestion(s: Suggestion) -> dict[str, object]:
    """A suggestion and where choosing it leads: the article, or the search filtered by that value."""
    if s.kind == "title" and s.id:
        url = url_for("pages.article", doc_id=s.id)
    elif s.kind in _FILTER_KINDS:
        chosen: dict[str, Any] = {s.kind: s.text}
        url = url_for("pages.search", **chosen)
    else:
        url = url_for("pages.search", q=s.text)
    return {**s.to_json(), "url": url}
