"""What the speaker page and its JSON ask: the profile, and one page of the speaker's
statements, newest first, narrowed by what was typed on the page."""

from __future__ import annotations

from flask import abort
from werkzeug.datastructures import MultiDict

from indexer.models import Filters, SearchRequest, SearchResult, Sort
from indexer.search import SearchService
from indexer.search.people import SpeakerProfile, speaker_profile

from .params import parse_page, parse_query

STATEMENTS_PER_PAGE = 10


def speaker_and_statements(service: SearchService, name: str,
                           args: MultiDict[str, str]) -> tuple[SpeakerProfile, SearchResult]:
    """404 for a name no article gives a speaker."""
    profile = speaker_profile(service, name)
    if profile is None:
        abort(404)
    page = parse_page(args, STATEMENTS_PER_PAGE)
    said = SearchRequest(text=parse_query(args), filters=Filters(speakers=(name,)), said=True, sort=Sort.NEWEST,
                         page=page, size=STATEMENTS_PER_PAGE, with_facets=False,
                         # A speaker's statements in every copy that holds them, as the count says.
                         fold_copies=False, list_copies=False)
    return profile, service.search(said)
