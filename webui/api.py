"""The JSON API: the same parameters as the pages, the service's JSON, plus the page URL of each item."""

from __future__ import annotations

import time
from functools import cache
from importlib import metadata
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from indexer.models import Article, SearchRequest, Suggestion, copy_json
from indexer.search.engine import BackendError

from .context import article_view, context
from .config import SUGGESTIONS
from .links import SearchLinks
from .people import speaker_and_statements
from .params import MAX_VALUE_CHARS, MORE_FACETS, BadParameter, parse_query, parse_search
from .present import value_label

bp = Blueprint("api", __name__)


@bp.get("/search")
def search() -> Response:
    ctx = context()
    result = ctx.service.search(parse_search(request.args, ctx.web))
    out = result.to_json()
    for hit in out["hits"]:
        hit["page_url"] = url_for("pages.article", doc_id=hit["id"])
    return jsonify(out)


@bp.get("/facets/<name>")
def facet_values(name: str) -> Response:
    """The values of one facet under the search the other parameters describe, whose words hold
    `contains` (all of the facet's values are looked through, not only those listed), with
    the URL that ticks or unticks each."""
    ctx = context()
    if name not in MORE_FACETS:
        raise BadParameter("facet", f"phải là một trong {', '.join(MORE_FACETS)}, không phải {name!r}")
    query = parse_search(request.args, ctx.web)
    contains = parse_query(request.args, "contains")
    if contains and request.args.get("contains", "")[-1:].isspace():
        contains += " "  # a space after the last word: whole words only
    found = ctx.service.facet_values(query, name, contains)
    links = SearchLinks(query, ctx.web)
    values = [{**v.to_json(), "label": value_label(v.value, name), "url": links.toggle(name, v.value)}
              for v in found if len(v.value) <= MAX_VALUE_CHARS]
    return jsonify({"facet": name, "contains": contains, "values": values, "more": found.more})


@bp.get("/speakers/<path:name>")
def speaker(name: str) -> Response:
    """The speaker page as JSON: the profile, and one page of their statements (`q`, `page`)."""
    ctx = context()
    profile, said = speaker_and_statements(ctx.service, name, request.args)
    statements = [{"id": h.article.id, "title": h.article.title,
                   "published": h.article.published.isoformat() if h.article.published else None,
                   "page_url": url_for("pages.article", doc_id=h.article.id),
                   "statements": [p.to_json() for p in h.statements]} for h in said.hits]
    return jsonify({**profile.to_json(), "page_url": url_for("pages.speaker", name=profile.name),
                    "statements": {"q": said.request.text, "total": said.total, "page": said.request.page,
                                   "size": said.request.size, "articles": statements}})


@bp.get("/articles/<path:doc_id>")
def article(doc_id: str) -> Response:
    view = article_view(doc_id)
    return jsonify({
        "article": {**view.article.to_json(), "page_url": url_for("pages.article", doc_id=view.article.id)},
        "copies_total": view.copies_total,
        "copies": [{**copy_json(c), "page_url": url_for("pages.article", doc_id=c.id)} for c in view.copies],
        "related": [_summary(a) for a in view.related],
    })


@bp.get("/suggest")
def suggest() -> Response:
    text = parse_query(request.args)
    suggestions = context().service.suggest(text, SUGGESTIONS) if text else []
    return jsonify({"suggestions": [_suggestion(s) for s in suggestions]})


# The cheapest real search: one stored article, newest first, no facets, no snippets.
_PROBE = SearchRequest(text="", size=1, with_facets=False, with_snippets=False, fold_copies=False, list_copies=False)


@bp.get("/healthz")
def health() -> Response:
    """For orchestrators: 200 when the live index answers a search (`"empty"` when nothing is
    indexed yet: the app works, a restart would not help), else 503 with the reason."""
    service = context().service
    out: dict[str, object] = {"status": "ok", "backend": service.backend.name, "version": _version()}
    started = time.perf_counter()
    try:
        result = service.results(_PROBE)  # a real search each time, never an answer remembered
        out["index_version"] = service.backend.live_version()
    except Exception as exc:  # whatever stops a search makes the server unhealthy; say what
        if not isinstance(exc, BackendError):  # engine failures are logged by the searches that meet them
            current_app.logger.exception("health check failed")
        out.update(status="unavailable", reason=str(exc) or type(exc).__name__)
        response = jsonify(out)
        response.status_code = 503
    else:
        out.update(status="ok" if result.total else "empty", documents=result.total,
                   took_ms=round((time.perf_counter() - started) * 1000, 1))
        response = jsonify(out)
    response.headers["Cache-Control"] = "no-store"  # a proxy must never answer for the app
    return response


@cache
def _version() -> str:
    try:
        return metadata.version("vnsearch")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


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
