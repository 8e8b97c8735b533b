"""Republished copies grouped at index time (indexer/extraction/near_duplicates.py finds them).

Every document is written with its body's band keys; once a run has written and committed its
documents, `CopyTracker.regroup` works out the groups of copies the index holds now and rewrites
the documents whose group changed, with the group's key in their `copy_group` field (and their
stored ingestion record). A search then shows each story once (indexer/search/copies.py).

An incremental run compares only what changed: the pairs a new or changed article forms with
the articles sharing a band key, and the groups that lost or changed a member (taken apart and
compared again: without the article that tied them, two copies may not be copies of each other).
Groups whose members are all unchanged stay as they were. The keys are the groups' smallest ids,
so an incremental run and a rebuild that find the same groups store the same fields, on every
engine.
"""

from __future__ import annotations

from collections import OrderedDict
from itertools import chain
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from indexer.documents import with_copy_group
from indexer.extraction.near_duplicates import candidates, group_copies, group_key, jaccard_of, shingles
from indexer.schema import COPY_GROUP, INGEST_KEY, IndexDocument
from indexer.search.engine import IndexWriter, SearchBackend

# Above this many articles to read, one pass over the version's stored articles is faster than
# fetching each by id.
READ_ALL_FROM = 500
# Shingle sets kept for the comparisons (about 4 kB each); past it, read again when asked.
SHINGLES_KEPT = 20_000
# Documents rewritten per batch (one look-up of the caches each).
REWRITE_BATCH = 256


@dataclass(frozen=True, slots=True)
class CopyRecord:
    """What the index holds about an article's copies: its band keys and its group."""

    bands: tuple[str, ...]
    group: str | None

    @classmethod
    def of(cls, stored: dict[str, Any]) -> CopyRecord:
        ingest = stored.get(INGEST_KEY) or {}
        return cls(tuple(ingest.get("bands") or ()), ingest.get(COPY_GROUP))


@dataclass(slots=True)
class CopyTracker:
    """One run's view of the copies: what the index held before it (`before`, by id), what it
    wrote and what it deleted."""

    before: dict[str, CopyRecord] = field(default_factory=dict)
    written: dict[str, tuple[str, ...]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)

    def wrote(self, docs: Iterable[IndexDocument]) -> None:
        for doc in docs:
            self.written[doc.id] = doc.copy_bands

    def removed(self, ids: Iterable[str]) -> None:
        self.deleted.update(ids)

    def regroup(self, backend: SearchBackend, version: str, writer: IndexWriter,
                rebuild: Callable[[list[dict[str, Any]]], list[IndexDocument]]) -> RegroupReport:
        """Group the copies of `version` as it is now (its writes committed) and rewrite the
        documents whose group changed (`rebuild` makes their documents again from their stored
        articles); the caller commits."""
        kept = {i: r for i, r in self.before.items() if i not in self.written and i not in self.deleted}
        keys: dict[str, tuple[str, ...]] = {i: r.bands for i, r in kept.items()} | {
            i: b for i, b in self.written.items() if i not in self.deleted}
        # Groups that lost or changed a member are taken apart and compared again.
        broken = {self.before[i].group for i in (*self.written, *self.deleted) if i in self.before} - {None}
        old = {i: r.group for i, r in kept.items() if r.group is not None}
        dirty = set(self.written) | {i for i, g in old.items() if g in broken}
        linked: dict[str, set[str]] = {}
        for doc_id, group in old.items():
            if group not in broken:
                linked.setdefault(group, set()).add(doc_id)
        settled = {i for i in keys if i not in dirty}
        texts = _Texts(backend, version, candidates(keys, settled))
        groups = group_copies(keys, texts.similarity, linked=linked.values(), settled=settled)
        now = {doc_id: group_key(group) for group in groups for doc_id in group}
        # Written documents carry no group yet; the others the one they were written with.
        changed = {i for i in keys if now.get(i) != (None if i in self.written else old.get(i))}
        rewritten = 0
        batch: list[dict[str, Any]] = []
        for stored in chain(_read(backend, version, changed), [None]):
            if stored is not None:
                batch.append(stored)
            if batch and (stored is None or len(batch) >= REWRITE_BATCH):
                docs = rebuild(batch)
                writer.upsert([with_copy_group(doc, now.get(doc.id)) for doc in docs])
                rewritten += len(docs)
                batch = []
        return RegroupReport(groups=len(groups), grouped=len(now), rewritten=rewritten, compared=texts.compared)


@dataclass(frozen=True, slots=True)
class RegroupReport:
    groups: int  # groups of copies in the index
    grouped: int  # articles in them
    rewritten: int  # documents written again with their new group
    compared: int  # pairs of texts compared


class _Texts:
    """The exact similarity of two articles of a version, from their bodies' shingles, read
    once for every article the comparisons may ask about (`wanted`)."""

    def __init__(self, backend: SearchBackend, version: str, wanted: set[str]) -> None:
        self.backend, self.version, self.wanted = backend, version, wanted
        self.shingles: OrderedDict[str, np.ndarray] = OrderedDict()
        self.loaded = False
        self.compared = 0

    def similarity(self, a: str, b: str) -> float:
        self.compared += 1
        return jaccard_of(self._of(a), self._of(b))

    def _of(self, doc_id: str) -> np.ndarray:
        if not self.loaded:
            self.loaded = True
            if len(self.wanted) <= SHINGLES_KEPT:  # one read for all; else as asked
                for one in _read(self.backend, self.version, self.wanted):
                    self.shingles[one["id"]] = shingles(one.get("body") or "")
        found = self.shingles.get(doc_id)
        if found is None:
            stored = self.backend.get(doc_id, self.version)
            found = shingles((stored or {}).get("body") or "")
            self.shingles[doc_id] = found
            while len(self.shingles) > SHINGLES_KEPT:
                self.shingles.popitem(last=False)
        return found


def _read(backend: SearchBackend, version: str, ids: set[str]) -> Iterator[dict[str, Any]]:
    """The stored articles of a version that have these ids (those still there)."""
    if len(ids) >= READ_ALL_FROM:
        for stored in backend.iter_stored(version):
            if stored.get("id") in ids:
                yield stored
        return
    for doc_id in sorted(ids):
        found = backend.get(doc_id, version)
        if found is not None:
            yield found
