"""What a speaker said: the query trees of a search turned to the statements' field.

`speaker:"Nguyễn Thiện Nhân" giáo dục` (or a page's `speaker=…&said=1`) searches the
passages of `Article.statements` instead of the article text. Every statement is indexed in
the `said_*` fields twice (indexer/documents.py): as it is, and with each token prefixed by
its speaker's key ("nguyen_thien_nhan|giáo"). So the ranking's own trees serve unchanged:
each term and phrase on a body field moves to the matching said field, prefixed by the
speakers asked for (any of them), or unprefixed when the search is for anyone's words. Title
terms have no statement counterpart and drop out. The trees keep their shape, scores and
strong-match rule; engines see ordinary term and phrase queries.
"""

from __future__ import annotations

from dataclasses import replace

from indexer.query.ranking import MatchQueries
from indexer.query.tree import Bool, MatchNone, Node, Phrase, PhrasePrefix, Term, should_one_of
from indexer.schema import SAID_SECTION, SAID_SEPARATOR, SECTIONS

_BODY = "body_"
_SAID = f"{SAID_SECTION}_"
_OTHER_SECTIONS = tuple(f"{section}_" for section in SECTIONS if section != "body")


def said_queries(queries: MatchQueries, speakers: tuple[str, ...]) -> MatchQueries:
    """`queries` asked of what `speakers` (keys, `indexer.documents.said_key`) said; of what
    anyone said when `speakers` is empty."""
    strong = said_tree(queries.strong, speakers) if queries.strong is not None else None
    return MatchQueries(said_tree(queries.ranked, speakers), strong)


def said_tree(node: Node, speakers: tuple[str, ...]) -> Node:
    """One query tree moved from the article text to the statements of `speakers`."""
    if isinstance(node, Bool):
        should: tuple[Node, ...] = tuple(
            n for n in (said_tree(c, speakers) for c in node.should) if not isinstance(n, MatchNone)
        )
        if node.should and not should:
            should = (MatchNone(),)  # nothing left that could match: the clause matches nothing
        return replace(
            node,
            must=tuple(said_tree(c, speakers) for c in node.must),
            should=should,
            must_not=tuple(said_tree(c, speakers) for c in node.must_not),
            filter=tuple(said_tree(c, speakers) for c in node.filter),
            minimum_should_match=(min(node.minimum_should_match, len(should))
                                  if node.minimum_should_match is not None else None),
        )
    if isinstance(node, (Term, Phrase, PhrasePrefix)):
        if node.field.startswith(_OTHER_SECTIONS):
            return MatchNone()
        if not node.field.startswith(_BODY):
            return node
        field = _SAID + node.field[len(_BODY):]
        if not speakers:
            return replace(node, field=field)
        return should_one_of([_prefixed(node, field, key) for key in speakers])
    return node  # match-all, term sets and date ranges are not about text


def _prefixed(node: Term | Phrase | PhrasePrefix, field: str, key: str) -> Node:
    if isinstance(node, Term):
        return replace(node, field=field, value=f"{key}{SAID_SEPARATOR}{node.value}")
    return replace(node, field=field, terms=tuple(f"{key}{SAID_SEPARATOR}{t}" for t in node.terms))
