"""What to offer when a search finds nothing: fewer filters, or fewer words.

Only asked when there are no results, so the few extra counting searches cost
nothing on the common path. Missing diacritics never cause an empty page (every
query syllable also matches accent-insensitively), so restoring them would only
narrow the search; what helps is dropping a filter or a word.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from indexer.models import Filters, SearchRequest
from indexer.query.analysed import analyse_query
from indexer.search.service import SearchService

from .links import Chip, SearchLinks

MAX_WORDS_TO_DROP = 8
MAX_ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class Alternative:
    text: str
    total: int
    url: str


@dataclass(frozen=True, slots=True)
class NoResultsHelp:
    chips: list[Chip]  # each filter, with the link removing it
    without_filters: Alternative | None  # the same words without any filter
    fewer_words: list[Alternative]  # the query with one word left out, best first


def no_results_help(service: SearchService, request: SearchRequest, links: SearchLinks) -> NoResultsHelp:
    without_filters = None
    if not request.filters.is_empty():
        total = _count(service, replace(request, filters=Filters()))
        if total:
            without_filters = Alternative(request.text, total, links.clear_filters())
    fewer: list[Alternative] = []
    # The analysed query the search itself used (memoised): no parsing of our own here.
    query = analyse_query(request.text)
    if 2 <= len(request.text.split()) <= MAX_WORDS_TO_DROP:
        for text in query.fewer_words():
            total = _count(service, replace(request, text=text))
            if total:
                fewer.append(Alternative(text, total, links.with_text(text)))
        fewer.sort(key=lambda a: -a.total)
    return NoResultsHelp(links.chips(), without_filters, fewer[:MAX_ALTERNATIVES])


def _count(service: SearchService, request: SearchRequest) -> int:
    return service.count(replace(request, page=1, with_facets=False, with_snippets=False))
