"""An engine-neutral query tree, and what its degenerate nodes mean on every engine.

The ranking code builds one of these from the analysed user query; each
backend compiles it into its own query objects (tantivy `Query`, Elasticsearch
DSL), node by node, after `simplify`. User text only ever becomes term values
here, never query-language text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Union


@dataclass(frozen=True, slots=True)
class Term:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Phrase:
    field: str
    terms: tuple[str, ...]
    slop: int = 0
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class PhrasePrefix:
    """A phrase whose last term is a prefix (suggestions while typing)."""

    field: str
    terms: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Bool:
    must: tuple[Node, ...] = ()
    should: tuple[Node, ...] = ()
    must_not: tuple[Node, ...] = ()
    # Non-scoring restrictions (facet filters, date range).
    filter: tuple[Node, ...] = ()
    minimum_should_match: int | None = None
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class MatchAll:
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class MatchNone:
    pass


@dataclass(frozen=True, slots=True)
class TermSet:
    """Exact keyword match on any of `values` (facet filters)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DateRange:
    field: str
    gte: dt.date | None = None
    lte: dt.date | None = None


Node = Union[Term, Phrase, PhrasePrefix, Bool, MatchAll, MatchNone, TermSet, DateRange]


def should_one_of(nodes: Sequence[Node], boost: float = 1.0) -> Node:
    """A node that matches when any of `nodes` does, scoring their sum."""
    nodes = tuple(nodes)
    if not nodes:
        return MatchNone()
    if len(nodes) == 1 and boost == 1.0:
        return nodes[0]
    return Bool(should=nodes, minimum_should_match=1, boost=boost)


def simplify(node: Node) -> Node:
    """The node as every engine must read it, where engines disagree on degenerate nodes.

    - A bool needing more should clauses than it has, or holding nothing but must_not clauses
      (Elasticsearch: everything else; tantivy: nothing), or nothing at all, matches nothing.
    - A minimum of one should clause without a must or filter is every engine's default: dropped.
    - A phrase or phrase prefix without terms, a term set without values, match nothing.
    - A term, or a term-set value, that is not text an index can hold (`is_text`) matches nothing.
    Shallow: each backend calls it on every node it compiles.
    """
    if isinstance(node, Bool):
        msm = node.minimum_should_match if node.should else None
        if msm is not None and msm > len(node.should):
            return MatchNone()
        if not (node.must or node.should or node.filter):
            return MatchNone()
        if msm is not None and msm <= 1 and not node.must and not node.filter:
            msm = None
        return node if msm == node.minimum_should_match else replace(node, minimum_should_match=msm)
    if isinstance(node, (Phrase, PhrasePrefix)) and not node.terms:
        return MatchNone()
    if isinstance(node, TermSet):
        values = tuple(v for v in node.values if is_text(v))
        if not values:
            return MatchNone()
        return node if len(values) == len(node.values) else replace(node, values=values)
    if isinstance(node, Term) and not is_text(node.value):
        return MatchNone()
    return node


def is_text(value: str) -> bool:
    """Whether `value` is text an index can hold: not a lone surrogate (a command-line byte that
    is not UTF-8 arrives as one). Ingestion refuses such text, so such a value matches nothing."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
