"""The small protocol every search engine backend implements, and the errors they share.

Each backend (indexer/backends/) translates a `SearchPlan` into its engine's queries and the
answer back into a `RawResult`; the rules every engine follows are written once, in
`indexer.search.plan` and `indexer.query.tree.simplify`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

from indexer.config import Settings
from indexer.schema import IndexDocument
from indexer.search.plan import RawHit, RawResult, SearchPlan


class BackendError(RuntimeError):
    """The engine failed or cannot be reached; the message is fit to show an admin."""


class NothingIndexed(BackendError):
    """Writing to the live index before there is one."""

    def __init__(self) -> None:
        super().__init__("no index yet: run `vnsearch index` first")


class IndexDamaged(BackendError):
    """The live index cannot be read: damaged files, a pointer naming no version, or an index
    that was there and is gone (the data directory deleted under a running server).

    `version` is the version the live pointer names, when it names one: a rebuild replaces it
    without reading it. The message says what is wrong and that `vnsearch reindex` repairs it.
    """

    def __init__(self, detail: str, version: str | None = None) -> None:
        super().__init__(f"{detail}; `vnsearch reindex` rebuilds it from its sources")
        self.detail = detail
        self.version = version


class IndexWriter(AbstractContextManager["IndexWriter"], Protocol):
    def upsert(self, docs: Iterable[IndexDocument]) -> None: ...

    def delete(self, ids: Iterable[str]) -> None: ...

    def commit(self) -> None: ...


class SearchBackend(Protocol):
    """Every backend is built from the settings alone: `Backend(settings)`."""

    name: str
    settings: Settings

    def live_version(self) -> str | None:
        """The version searches currently read, or None when nothing is indexed yet."""

    def generation(self) -> Hashable | None:
        """A token that changes whenever what searches see may change (a commit, a merge, a
        switch of versions), read without a search; None when the engine cannot tell that
        cheaply. The search service remembers answers for one generation only."""

    def snapshot(self) -> AbstractContextManager[None]:
        """Inside it, this thread's searches (and those of helpers run in a copy of its context)
        may all read the state of the index they first read: one request, one state, counts and
        page in agreement, the engine's checks done once. Backends that cannot pin a state
        return a context that does nothing."""

    def create_version(self, version: str) -> None: ...

    def switch_live(self, version: str) -> None:
        """Atomically make `version` the one searches read."""

    def drop_version(self, version: str) -> None: ...

    def versions(self) -> list[str]: ...

    def writer(self, version: str | None = None) -> IndexWriter:
        """A writer for `version` (default: the live one)."""

    def search(self, plan: SearchPlan) -> RawResult: ...

    def get(self, doc_id: str, version: str | None = None) -> dict[str, Any] | None:
        """The stored article `doc_id` of a version (default: the live one), or None."""

    def related(self, doc_id: str, size: int) -> list[RawHit]:
        """Articles like this one (more-like-this), the article itself and its republished copies
        (its `copy_group`) excluded; [] when it is unknown."""

    def count(self) -> int: ...

    def iter_stored(self, version: str | None = None) -> Iterator[dict[str, Any]]:
        """Every stored article of a version (for incremental indexing and reindex)."""

    def close(self) -> None: ...
