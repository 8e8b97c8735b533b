"""An engine-neutral query tree.

The ranking code builds one of these from the analysed user query; each
backend compiles it into its own query objects (tantivy `Query`, Elasticsearch
DSL). User text only ever becomes term values here, never query-language text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


def should_one_of(nodes: list[Node] | tuple[Node, ...], boost: float = 1.0) -> Node:
    """A node that matches when any of `nodes` does, scoring their sum."""
    nodes = tuple(nodes)
    if not nodes:
        return MatchNone()
    if len(nodes) == 1 and boost == 1.0:
        return nodes[0]
    return Bool(should=nodes, minimum_should_match=1, boost=boost)
