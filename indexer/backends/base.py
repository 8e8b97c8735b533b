"""The small protocol every search engine backend implements.

The search service decides *what* to ask (query tree, filters, facets, sort);
a backend only knows *how* to ask its engine. Facet filters come separately
from the scoring query so a backend can count a multi-select facet without its
own filter (disjunctive facets, as Elasticsearch's FacetedSearch does with a
post_filter and filtered aggregations).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..models import Sort
from ..querytree import Node
from ..schema import IndexDocument


class BackendError(RuntimeError):
    """The engine failed or cannot be reached; the message is fit to show an admin."""


@dataclass(frozen=True, slots=True)
class FacetSpec:
    field: str
    size: int
    # Disjunctive: counted without this facet's own filter, so other values keep their counts.
    disjunctive: bool = False


@dataclass(frozen=True, slots=True)
class SearchPlan:
    query: Node
    # Facet filters by facet name; all of them restrict the hits.
    filters: dict[str, Node] = field(default_factory=dict)
    facets: dict[str, FacetSpec] = field(default_factory=dict)
    sort: Sort = Sort.RELEVANCE
    offset: int = 0
    size: int = 10


@dataclass(frozen=True, slots=True)
class RawHit:
    stored: dict[str, Any]
    score: float


@dataclass(frozen=True, slots=True)
class RawResult:
    total: int
    hits: list[RawHit]
    facets: dict[str, list[tuple[str, int]]]


class IndexWriter(AbstractContextManager["IndexWriter"], Protocol):
    def upsert(self, docs: Iterable[IndexDocument]) -> None: ...

    def delete(self, ids: Iterable[str]) -> None: ...

    def commit(self) -> None: ...


class SearchBackend(Protocol):
    name: str

    def live_version(self) -> str | None:
        """The version searches currently read, or None when nothing is indexed yet."""

    def create_version(self, version: str) -> None: ...

    def switch_live(self, version: str) -> None:
        """Atomically make `version` the one searches read."""

    def drop_version(self, version: str) -> None: ...

    def versions(self) -> list[str]: ...

    def writer(self, version: str | None = None) -> IndexWriter:
        """A writer for `version` (default: the live one)."""

    def search(self, plan: SearchPlan) -> RawResult: ...

    def get(self, doc_id: str) -> dict[str, Any] | None: ...

    def related(self, doc_id: str, size: int) -> list[RawHit]:
        """Articles like this one (more-like-this), the article itself excluded."""

    def count(self) -> int: ...

    def iter_stored(self, version: str | None = None) -> Iterator[dict[str, Any]]:
        """Every stored article of a version (for incremental indexing and reindex)."""

    def close(self) -> None: ...
