"""The search an article page was reached from: its words marked in the article, the way back
to the same results, and the previous and next result.

The result list links each article with the search's parameters and the article's place in the
results (`pos`, from 1); the page asks the service again (one-hit searches) whether the article
is still there and for its neighbours, so the trail needs no session and survives a shared
link; a place that no longer holds the article is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from werkzeug.datastructures import MultiDict

from indexer.models import Article, MAX_RESULT_WINDOW, SearchRequest
from indexer.search import SearchService

from .config import WebSettings
from .links import SearchLinks
from .params import BadParameter, parse_search
from .present import paragraphs

FIRST_MARK = '<mark id="first-match">'


@dataclass(frozen=True, slots=True)
class Neighbour:
    url: str
    title: str


@dataclass(frozen=True, slots=True)
class SearchTrail:
    text: str
    back: str  # the results page the article was listed on
    position: int | None
    previous: Neighbour | None
    next: Neighbour | None
    marked: list[str]  # the body's paragraphs as HTML, the search's words marked
    marks: bool  # whether any word is marked (then the first has id="first-match")


def search_trail(service: SearchService, web: WebSettings, args: MultiDict[str, str], article: Article) -> SearchTrail | None:
    """The trail of the search in `args`, or None when the page was not reached from one (or
    its parameters are not a search: the article is shown on its own)."""
    if "pos" not in args and "q" not in args:  # result links carry both
        return None
    try:
        query = parse_search(args, web, [])
    except BadParameter:
        return None
    links = SearchLinks(query, web)
    position = _position(args.get("pos", ""))
    if position is not None and _at(service, query, position) != article.id:
        position = None  # a link from before a reindex, or made up: the search without a place in it
    back = links.url(replace(query, page=((position or 1) - 1) // query.size + 1))
    previous = _neighbour(service, links, query, position - 1, -1) if position else None
    following = _neighbour(service, links, query, position + 1, +1) if position else None
    body = paragraphs(article.body)
    shown = service.marked(query.text, body) if query.text else []
    marks = False
    for i, html in enumerate(shown):
        if "<mark>" in html:
            shown[i] = html.replace("<mark>", FIRST_MARK, 1)
            marks = True
            break
    return SearchTrail(query.text, back, position, previous, following, shown, marks)


def _position(raw: str) -> int | None:
    raw = raw.strip()
    if raw.isdigit() and 1 <= int(raw) <= MAX_RESULT_WINDOW:
        return int(raw)
    return None


def _hit(service: SearchService, query: SearchRequest, position: int) -> Article | None:
    """The result at `position` (from 1) of the search, by a one-hit page; None past the end
    or where a republished copy was left out (folded into a story listed before)."""
    return _place(service, query, position)[0]


def _place(service: SearchService, query: SearchRequest, position: int) -> tuple[Article | None, bool]:
    """The result at `position` and whether that place is a copy left out."""
    if not 1 <= position <= MAX_RESULT_WINDOW:
        return None, False
    result = service.search(replace(query, page=position, size=1, with_facets=False, with_snippets=False,
                                    list_copies=False))
    return (result.hits[0].article if result.hits else None), bool(result.copies_left_out)


def _at(service: SearchService, query: SearchRequest, position: int) -> str | None:
    found = _hit(service, query, position)
    return found.id if found else None


# Places looked through past copies left out for the previous or next result.
NEIGHBOUR_STEPS = 5


def _neighbour(service: SearchService, links: SearchLinks, query: SearchRequest, position: int,
               step: int) -> Neighbour | None:
    """The nearest result listed from `position` on in the direction `step` (+1 or -1)."""
    for place in range(position, position + step * NEIGHBOUR_STEPS, step):
        found, left_out = _place(service, query, place)
        if found is not None:
            return Neighbour(links.article(found.id, place - 1), found.title or found.id)
        if not left_out:
            return None
    return None
