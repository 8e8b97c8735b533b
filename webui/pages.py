"""HTML pages: the search page and the article page. Views stay thin: parse, ask, render."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .context import article_and_related, context
from .links import SearchLinks
from .noresults import no_results_help
from .params import Correction, parse_search
from .trail import search_trail

bp = Blueprint("pages", __name__)

# Facet lists longer than this get a filter box (JavaScript).
FILTER_BOX_FROM = 8


@bp.get("/")
def search() -> str:
    ctx = context()
    corrections: list[Correction] = []
    query = parse_search(request.args, ctx.web, corrections)
    result = ctx.service.search(query)
    links = SearchLinks(query, ctx.web)
    help_ = None
    if result.listed == 0 and (query.text or not query.filters.is_empty()):
        help_ = no_results_help(ctx.service, query, links)
    return render_template("search.html", query=query, result=result, links=links, help=help_,
                           filter_box_from=FILTER_BOX_FROM, corrections=corrections,
                           typed_dates={c.name: c.typed for c in corrections if c.typed})


@bp.get("/articles/<path:doc_id>")
def article(doc_id: str) -> str:
    ctx = context()
    found, related = article_and_related(doc_id)
    trail = search_trail(ctx.service, ctx.web, request.args, found)
    return render_template("article.html", article=found, related=related, trail=trail)
