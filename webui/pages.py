"""HTML pages: the search page and the article page. Views stay thin: parse, ask, render."""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import time

from flask import Blueprint, Response, render_template, request, stream_with_context, url_for

from indexer.models import Filters, SearchRequest
from indexer.search.export import EXPORT_LIMIT, FORMATS, MEDIA_TYPES, export_lines

from .context import article_view, context
from .links import SearchLinks
from .noresults import no_results_help
from .feed import atom, feed_request
from .present import citation, lead_summary
from .params import BadParameter, Correction, parse_limit, parse_search
from .trail import search_trail
from .people import speaker_and_statements

bp = Blueprint("pages", __name__)

# Facet lists longer than this get a filter box (JavaScript).
FILTER_BOX_FROM = 8


@bp.get("/")
def search() -> str:
    """The search page. The page itself is remembered with the answer it shows, until the index
    changes (`SearchService.remembered`): rendering it cost more than reading the answer from
    memory. Only the time it took is written in afresh."""
    ctx = context()
    started = time.perf_counter()
    rendered: list[float] = []

    def render() -> str:
        corrections: list[Correction] = []
        query = parse_search(request.args, ctx.web, corrections)
        result = ctx.service.search(query)
        links = SearchLinks(query, ctx.web)
        help_ = None
        if result.listed == 0 and (query.text or not query.filters.is_empty()):
            help_ = no_results_help(ctx.service, query, links)
        rendered.append(result.took_ms)
        return render_template("search.html", query=query, result=result, links=links, help=help_,
                               filter_box_from=FILTER_BOX_FROM, corrections=corrections, took=_TOOK,
                               typed_dates={c.name: c.typed for c in corrections if c.typed})

    page = ctx.service.remembered(("search page", request.host_url, request.full_path), render)
    took = rendered[0] if rendered else (time.perf_counter() - started) * 1000
    return page.replace(_TOOK, f"{took:.0f}")


# Stands for the search's time in a page as rendered (and remembered): unguessable, so no
# article's text can hold it.
_TOOK = f"took-{secrets.token_hex(12)}"


@bp.get("/cu-phap")
def syntax() -> str:
    """How to write a query: phrases, proximity, exclusion, OR, field prefixes."""
    return render_template("syntax.html")


@bp.get("/export")
def export() -> Response:
    """The whole result set of the search in the other parameters, as a file (`format`: csv,
    jsonl or ris), its first `limit` results (at most and by default EXPORT_LIMIT)."""
    ctx = context()
    fmt = request.args.get("format", "csv").strip()
    if fmt not in FORMATS:
        raise BadParameter("format", f"phải là một trong {', '.join(FORMATS)}")
    query = parse_search(request.args, ctx.web)
    limit = parse_limit(request.args, "limit", EXPORT_LIMIT)

    def page_url(doc_id: str) -> str:
        return url_for("pages.article", doc_id=doc_id, _external=True)

    chunks = export_lines(ctx.service, query, fmt, page_url, limit)
    first = next(chunks, "")  # the first search runs here: an engine failure is a 503, not a cut file
    body = stream_with_context(itertools.chain((first,), chunks))
    name = f"vnsearch-{dt.date.today().isoformat()}.{fmt}"
    return Response(body, content_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/feed")
def feed() -> Response:
    """The search in the parameters as an Atom feed, newest first."""
    ctx = context()
    asked = parse_search(request.args, ctx.web)
    result = ctx.service.search(feed_request(asked))
    links = SearchLinks(asked, ctx.web)
    feed_url = url_for("pages.feed", _external=True, **links.feed_params())
    return Response(atom(result, links.url(external=True), feed_url), content_type="application/atom+xml; charset=utf-8")


@bp.get("/nguoi-phat-bieu/<path:name>")
def speaker(name: str) -> str:
    """One speaker: roles over time, timeline, places, companions, and their statements."""
    ctx = context()
    profile, said = speaker_and_statements(ctx.service, name, request.args)
    return render_template("speaker.html", profile=profile, said=said,
                           links=SearchLinks(SearchRequest(filters=Filters(speakers=(profile.name,))), ctx.web),
                           said_links=SearchLinks(said.request, ctx.web))


@bp.get("/articles/<path:doc_id>")
def article(doc_id: str) -> str:
    ctx = context()
    view = article_view(doc_id)
    found = view.article
    trail = search_trail(ctx.service, ctx.web, request.args, found)
    permalink = url_for("pages.article", doc_id=found.id, _external=True)
    return render_template("article.html", article=found, copies=view.copies, copies_total=view.copies_total,
                           related=view.related, trail=trail,
                           permalink=permalink, cite=citation(found, permalink), summary=lead_summary(found))
