"""Each story once: republished copies (the `copy_group` ingestion stores, indexer/ingest/copies.py)
folded into the one of them a search reaches first.

A page of hits is folded with one more search: the page's query and filters restricted to the
copy groups on the page, in the page's order. Of each group, the member that search lists first
is shown, wherever it falls; the others are left out, on this page and on every page (the
decision does not depend on the page, so no story appears twice and none is lost: a copy that
alone matches a filter, the site chosen in the source facet, is the one shown). The shown hit
carries every member of its group, matching or not: "N bản đăng lại".

Totals and facet counts count articles, copies included (a copy posted in another province
counts there); pages say so. The rules are written once, here, for every engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.models import Article, Sort
from indexer.query.tree import MatchAll, TermSet
from indexer.schema import COPY_GROUP, copy_group_of
from indexer.search.engine import SearchBackend
from indexer.search.plan import FacetSpec, RawHit, SearchPlan

# The filter that restricts a search to some copy groups.
COPIES_FILTER = "copy_groups"
# Members of a page's groups read at most (groups hold 2 to 4 articles in VNTC).
MAX_MEMBERS = 500


@dataclass(frozen=True, slots=True)
class Folded:
    """A page folded: the hits shown, each group's members (oldest first) by group, and how many
    hits of the page were copies of a story shown elsewhere."""

    hits: list[RawHit]
    members: dict[str, list[Article]]
    left_out: int


def fold_copies(backend: SearchBackend, listing: SearchPlan, hits: list[RawHit]) -> Folded:
    """The page `hits` that `listing` (the plan that listed them) gave, each story once."""
    groups = tuple(sorted({g for h in hits if (g := copy_group_of(h.stored)) is not None}))
    if not groups:
        return Folded(hits, {}, 0)
    restricted = TermSet(COPY_GROUP, groups)
    probe = SearchPlan(query=listing.query, filters={**listing.filters, COPIES_FILTER: restricted},
                       sort=listing.sort, size=MAX_MEMBERS)
    first: dict[str, str] = {}
    for hit in backend.search(probe).hits:
        group = copy_group_of(hit.stored)
        if group is not None:
            first.setdefault(group, hit.stored["id"])
    shown = [h for h in hits if (g := copy_group_of(h.stored)) is None or first.get(g, h.stored["id"]) == h.stored["id"]]
    return Folded(shown, group_members(backend, groups), len(hits) - len(shown))


def group_members(backend: SearchBackend, groups: tuple[str, ...]) -> dict[str, list[Article]]:
    """Every article of these copy groups, oldest first (undated last), by group."""
    if not groups:
        return {}
    plan = SearchPlan(query=MatchAll(), filters={COPIES_FILTER: TermSet(COPY_GROUP, groups)}, sort=Sort.OLDEST,
                      size=MAX_MEMBERS)
    out: dict[str, list[Article]] = {}
    for hit in backend.search(plan).hits:
        group = copy_group_of(hit.stored)
        if group is not None:
            out.setdefault(group, []).append(Article.from_json(hit.stored))
    return out


def has_copies(backend: SearchBackend) -> bool:
    """Whether the index holds any republished copies (then counts say they include them)."""
    plan = SearchPlan(query=MatchAll(), size=0, facets={COPIES_FILTER: FacetSpec(COPY_GROUP, 1)})
    return bool(backend.search(plan).facets.get(COPIES_FILTER))
