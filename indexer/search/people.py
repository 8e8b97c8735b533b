"""One speaker across the archive: the roles they held and when, when they were written about,
where, with whom, and what they said.

    profile = speaker_profile(service, "Nguyễn Thiện Nhân")     # None when no article names them

Everything is asked of the engine as plans (counts under the speaker's filter, and the newest
articles for the roles), so both engines answer the same; what they said is an ordinary search
of their statements (`SearchRequest.said`), newest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from indexer.extraction.text import match_key
from indexer.models import Article, Filters, Sort, Timeline
from indexer.query.tree import MatchAll, Node, TermSet
from indexer.search.facets import FACETS, TIE_MARGIN, DateFacet
from indexer.search.plan import FacetSpec, SearchPlan

from .service import SearchService

# Articles read for the roles: the newest ones (a role's dates are those of these articles).
ROLE_ARTICLES = 1000
PLACES = 20
COMPANIONS = 20


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    first: dt.date | None
    last: dt.date | None
    articles: int

    def to_json(self) -> dict[str, Any]:
        return {"role": self.title, "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None, "articles": self.articles}


@dataclass(frozen=True, slots=True)
class SpeakerProfile:
    name: str
    articles: int
    roles: tuple[Role, ...]
    timeline: Timeline
    places: tuple[tuple[str, int], ...]  # provinces, most articles first
    companions: tuple[tuple[str, int], ...]  # people speaking in the same articles
    roles_from: int = 0  # how many articles the roles were read from

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "articles": self.articles,
            "roles": [r.to_json() for r in self.roles],
            "roles_from_articles": self.roles_from,
            "timeline": self.timeline.to_json(),
            "places": [{"province": p, "articles": n} for p, n in self.places],
            "with": [{"name": p, "articles": n} for p, n in self.companions],
        }


def speaker_profile(service: SearchService, name: str) -> SpeakerProfile | None:
    """The profile of the speaker indexed as `name` (exactly), or None if no article names them;
    remembered until the index changes (it reads up to ROLE_ARTICLES articles)."""
    return service.per_index(("speaker_profile", name), lambda: _profile(service, name))


def _profile(service: SearchService, name: str) -> SpeakerProfile | None:
    mine: dict[str, Node] = {"speaker": TermSet("speaker", (name,))}
    date = FACETS["date"]
    assert isinstance(date, DateFacet)
    # A margin beyond those shown: the cut between equal counts is made here, the same on every
    # engine (as `facets.KeywordFacet` does).
    facets = {**date.specs(Filters(), 0), "province": FacetSpec("province", PLACES + TIE_MARGIN),
              "with": FacetSpec("speaker", COMPANIONS + 1 + TIE_MARGIN)}
    counted = service.backend.search(SearchPlan(query=MatchAll(), filters=mine, facets=facets, size=0))
    if counted.total == 0:
        return None
    newest = service.backend.search(SearchPlan(query=MatchAll(), filters=mine, sort=Sort.NEWEST, size=ROLE_ARTICLES))
    articles = [Article.from_json(h.stored) for h in newest.hits]
    companions = [(n, c) for n, c in sorted(counted.facets.get("with", []), key=lambda b: (-b[1], b[0])) if n != name]
    places = sorted(counted.facets.get("province", []), key=lambda b: (-b[1], b[0]))
    return SpeakerProfile(
        name=name,
        articles=counted.total,
        roles=roles_of(name, articles),
        timeline=date.timeline(counted.facets, Filters()),
        places=tuple(places[:PLACES]),
        companions=tuple(companions[:COMPANIONS]),
        roles_from=len(articles),
    )


def roles_of(name: str, articles: list[Article]) -> tuple[Role, ...]:
    """The roles an article gives `name`, each with the first and last date it is seen and in
    how many articles; the latest held first. Titles written alike (case, tone-mark spelling) are
    one role, shown as first met among the newest."""
    seen: dict[str, list[Any]] = {}  # key -> [title, first, last, count]
    for article in articles:
        for speaker in article.speakers:
            if speaker.name != name or not speaker.role:
                continue
            key = match_key(speaker.role)
            entry = seen.setdefault(key, [speaker.role, article.published, article.published, 0])
            entry[3] += 1
            if article.published:
                entry[1] = min(d for d in (entry[1], article.published) if d)
                entry[2] = max(d for d in (entry[2], article.published) if d)
    roles = [Role(t, first, last, n) for t, first, last, n in seen.values()]
    return tuple(sorted(roles, key=lambda r: (r.last or dt.date.min, r.articles), reverse=True))
