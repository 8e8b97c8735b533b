"""Each story once: republished copies (the `copy_group` ingestion stores, indexer/ingest/copies.py)
folded into one of them.

A page of hits is folded with one more search: the page's query and filters restricted to the
copy groups on the page, in the page's order. Of each group, the member that search ranks best
is shown (by score or date as the page is sorted, then by id, so that the choice does not hang
on how an engine orders ties: identical copies score alike), wherever it falls; the others are
left out, on this page and on every page. The decision does not depend on the page (every
matching member of the page's groups is read, up to the 10,000 a search can page through), so
no story appears twice and none is lost; and a copy that alone matches a filter (the site
chosen in the source facet) is the one shown. The shown hit carries how many other copies its
group holds, matching or not, and the first LISTED_PER_GROUP of them: "N bản đăng lại".

Totals and facet counts count articles, copies included (a copy posted in another province
counts there); pages say so. The rules are written once, here, for every engine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from indexer.models import MAX_RESULT_WINDOW, Article, Sort
from indexer.query.tree import MatchAll, TermSet
from indexer.schema import COPY_GROUP, copy_group_of
from indexer.search.engine import SearchBackend
from indexer.search.plan import FacetSpec, RawHit, SearchPlan

# The filter (and facet) of a search restricted to some copy groups.
COPY_GROUPS = "copy_groups"
# Copies listed under a hit, at most, and read for a page's hits in one search (VNTC's groups
# hold 2 to 4 articles; a directive reposted by every district portal may hold hundreds: they
# are counted, not all listed).
LISTED_PER_GROUP = 50
MAX_LISTED = 200


@dataclass(frozen=True, slots=True)
class Folded:
    """A page folded: the hits shown, and how many hits of the page were left out as copies of
    a story shown elsewhere."""

    hits: list[RawHit]
    left_out: int


@dataclass(frozen=True, slots=True)
class Members:
    """The articles of some copy groups: how many each holds, and the first MAX_LISTED of them
    in all, oldest first."""

    counts: dict[str, int]
    listed: dict[str, list[Article]]


def page_groups(hits: list[RawHit]) -> tuple[str, ...]:
    """The copy groups of a page's hits."""
    return tuple(sorted({g for h in hits if (g := copy_group_of(h.stored)) is not None}))


def fold_copies(backend: SearchBackend, listing: SearchPlan, hits: list[RawHit]) -> Folded:
    """The page `hits` that `listing` (the plan that listed them) gave, each story once."""
    groups = page_groups(hits)
    if not groups:
        return Folded(hits, 0)
    probe = SearchPlan(query=listing.query, filters={**listing.filters, COPY_GROUPS: TermSet(COPY_GROUP, groups)},
                       sort=listing.sort, size=min(listing.offset + max(listing.size, len(hits)) + MAX_LISTED,
                                                   MAX_RESULT_WINDOW))
    answer = backend.search(probe)
    if len(answer.hits) < min(answer.total, MAX_RESULT_WINDOW):
        # Members tied with the best may lie past the first ones: read them all, so that the
        # choice is the same from every page.
        answer = backend.search(replace(probe, size=min(answer.total, MAX_RESULT_WINDOW)))
    best: dict[str, tuple[tuple[float, str, str], str]] = {}
    for hit in answer.hits:
        group = copy_group_of(hit.stored)
        if group is not None:
            key = _order(hit, listing.sort)
            if group not in best or key < best[group][0]:
                best[group] = (key, hit.stored["id"])
    shown = [h for h in hits
             if (g := copy_group_of(h.stored)) is None or best.get(g, (None, h.stored["id"]))[1] == h.stored["id"]]
    return Folded(shown, len(hits) - len(shown))


def _order(hit: RawHit, sort: Sort) -> tuple[float, str, str]:
    """How the fold ranks a group's members: as the page is sorted, then by id. Dates compare
    as ISO text; undated articles come last either way."""
    published = hit.stored.get("published") or ""
    if sort is Sort.RELEVANCE:
        return (-hit.score, "", hit.stored["id"])
    if sort is Sort.NEWEST:
        # Newest first: the complement of each digit sorts a later date before an earlier one.
        return (0.0 if published else 1.0, published.translate(_COMPLEMENT), hit.stored["id"])
    return (0.0 if published else 1.0, published, hit.stored["id"])


_COMPLEMENT = str.maketrans("0123456789", "9876543210")


def group_members(backend: SearchBackend, groups: tuple[str, ...]) -> Members:
    """Every article of these copy groups, counted, and the first of each (LISTED_PER_GROUP at
    most), oldest first: one search, and one more per group that a larger one crowded out."""
    if not groups:
        return Members({}, {})
    plan = SearchPlan(query=MatchAll(), filters={COPY_GROUPS: TermSet(COPY_GROUP, groups)}, sort=Sort.OLDEST,
                      size=MAX_LISTED, facets={COPY_GROUPS: FacetSpec(COPY_GROUP, len(groups), include=groups)})
    answer = backend.search(plan)
    counts = dict(answer.facets.get(COPY_GROUPS, []))
    listed: dict[str, list[Article]] = {}
    for hit in answer.hits:
        group = copy_group_of(hit.stored)
        if group is not None:
            listed.setdefault(group, []).append(Article.from_json(hit.stored))
    for group in groups:
        wanted = min(counts.get(group, 0), LISTED_PER_GROUP)
        if len(listed.get(group, ())) < wanted:
            alone = replace(plan, filters={COPY_GROUPS: TermSet(COPY_GROUP, (group,))}, size=wanted, facets={})
            listed[group] = [Article.from_json(h.stored) for h in backend.search(alone).hits]
    # Oldest first, then by id: the same list whatever order an engine gives equal dates.
    return Members(counts, {g: sorted(members, key=_oldest)[:LISTED_PER_GROUP] for g, members in listed.items()})


def _oldest(article: Article) -> tuple[bool, str, str]:
    return (article.published is None, article.published.isoformat() if article.published else "", article.id)


def copies_facet() -> dict[str, FacetSpec]:
    """The facet that tells whether a search's matches hold republished copies of one another
    (its most frequent group counted twice or more: then the page says its counts include
    copies): one value is enough, counted with the others."""
    return {COPY_GROUPS: FacetSpec(COPY_GROUP, 1)}
