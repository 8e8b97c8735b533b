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

A run that stops after committing some writes and before regrouping (killed, a failed write)
must not leave those articles ungrouped for good: every id written or deleted is first noted,
with its group then, in a journal beside the index (`<data dir>/copies/<engine>-<version>.pending`),
and so is every document the regrouping rewrites, with its old and new group, before the rewrite
is sent; the journal is removed once the regrouping is committed. The next run takes what the
journal names as changed, and every group it names apart.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from indexer.documents import with_copy_group
from indexer.extraction.near_duplicates import group_copies, group_key, jaccard_of, packed, shingles
from indexer.schema import INGEST_KEY, IndexDocument, copy_group_of
from indexer.search.engine import IndexWriter, SearchBackend

JOURNAL_DIR = "copies"
# Above this many articles to read, one pass over the version's stored articles is faster than
# fetching each by id.
READ_ALL_FROM = 500
# Shingle sets kept for the comparisons (about 4 kB each: 200 MB at most); past it, read again
# when asked.
SHINGLES_KEPT = 50_000
# Documents rewritten per batch (one look-up of the caches each).
REWRITE_BATCH = 256


@dataclass(frozen=True, slots=True)
class CopyRecord:
    """What the index holds about an article's copies: its band keys (`packed`) and its group."""

    bands: bytes
    group: str | None

    @classmethod
    def of(cls, stored: dict[str, Any]) -> CopyRecord:
        return cls(packed((stored.get(INGEST_KEY) or {}).get("bands") or ()), copy_group_of(stored))


@dataclass(frozen=True, slots=True)
class RegroupReport:
    groups: int  # groups of copies in the index
    grouped: int  # articles in them
    rewritten: int  # documents written again with their new group
    compared: int  # pairs of texts compared
    failed: int = 0  # documents that could not be made again (left in their old group)


@dataclass(slots=True)
class CopyTracker:
    """One run's view of the copies: what the index held before it (`before`, by id), what it
    wrote and what it deleted; with a `journal`, what an unfinished run before it changed."""

    before: dict[str, CopyRecord] = field(default_factory=dict)
    written: dict[str, bytes] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    journal: Path | None = None
    # Ids an earlier run wrote, deleted or regrouped without finishing, with the groups it named
    # for them (before, and for a regrouping, after).
    unfinished: dict[str, set[str]] = field(default_factory=dict)
    _noting: TextIO | None = None

    @classmethod
    def for_version(cls, data_dir: Path, backend: SearchBackend, version: str | None) -> CopyTracker:
        """A tracker journaling into the data directory for `version` (None: a new index, which a
        failed run drops whole: no journal), reading what an unfinished run left there.
        Journals of other versions are stale (a rebuild replaced them) and removed."""
        folder = Path(data_dir) / JOURNAL_DIR
        journal = folder / f"{backend.name}-{version}.pending" if version else None
        for stale in folder.glob(f"{backend.name}-*.pending") if folder.is_dir() else ():
            if stale != journal:
                stale.unlink(missing_ok=True)
        tracker = cls(journal=journal)
        if journal is not None and journal.exists():
            # One JSON array per line: [id, group or null, ...]; a line torn by a crash is skipped
            # (it was written before anything it names could be committed).
            for line in journal.read_text(encoding="utf-8", errors="surrogatepass").split("\n"):
                try:
                    doc_id, *groups = json.loads(line)
                except (ValueError, TypeError):
                    continue
                if isinstance(doc_id, str):
                    tracker.unfinished.setdefault(doc_id, set()).update(g for g in groups if isinstance(g, str))
        return tracker

    def wrote(self, docs: Iterable[IndexDocument]) -> None:
        """Call before the writes can be committed."""
        docs = list(docs)
        self._note(doc.id for doc in docs)
        for doc in docs:
            self.written[doc.id] = packed(doc.copy_bands)

    def removed(self, ids: Iterable[str]) -> None:
        """Call before the deletions can be committed."""
        ids = list(ids)
        self._note(ids)
        self.deleted.update(ids)

    def _note(self, ids: Iterable[str], new_groups: dict[str, str | None] | None = None) -> None:
        """Journal `ids` with their group before the run (and the one a regrouping gives them),
        durably, before anything about them can be committed."""
        lines = []
        for doc_id in ids:
            before = self.before.get(doc_id)
            named = [before.group if before else None, *((new_groups or {}).get(doc_id),)]
            lines.append(json.dumps([doc_id, *named], ensure_ascii=False) + "\n")
        if self.journal is None or not lines:
            return
        if self._noting is None:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            self._noting = open(self.journal, "a", encoding="utf-8", errors="surrogatepass")
        self._noting.write("".join(lines))
        self._noting.flush()
        os.fsync(self._noting.fileno())

    def close(self) -> None:
        """Stop noting; the journal stays for the next run (this one did not finish)."""
        if self._noting is not None:
            self._noting.close()
            self._noting = None

    def finished(self) -> None:
        """The regrouping is committed: the journal is done with."""
        self.close()
        if self.journal is not None:
            self.journal.unlink(missing_ok=True)

    def regroup(self, backend: SearchBackend, version: str, writer: IndexWriter,
                rebuild: Callable[[list[dict[str, Any]]], list[IndexDocument]]) -> RegroupReport:
        """Group the copies of `version` as it is now (its writes committed) and rewrite the
        documents whose group changed (`rebuild` makes their documents again from their stored
        articles, leaving out any it cannot); the caller commits, then calls `finished`."""
        # What each article is stored with now: written this run, without a group; else as before.
        stored_group: dict[str, str | None] = {}
        keys: dict[str, bytes] = {}
        for doc_id, record in self.before.items():
            if doc_id not in self.written and doc_id not in self.deleted:
                keys[doc_id], stored_group[doc_id] = record.bands, record.group
        for doc_id, bands in self.written.items():
            if doc_id not in self.deleted:
                keys[doc_id], stored_group[doc_id] = bands, None
        changed = set(self.written) | self.deleted | set(self.unfinished)
        # Groups that lost or changed a member are taken apart and compared again, and so are
        # those an unfinished run named (a regrouping half written may have joined them).
        broken = {g for i in changed if i in self.before and (g := self.before[i].group) is not None}
        broken.update(g for named in self.unfinished.values() for g in named)
        dirty = {i for i in keys if i in changed or stored_group[i] in broken}
        linked: dict[str, set[str]] = {}
        for doc_id, group in stored_group.items():
            if group is not None and doc_id not in dirty:
                linked.setdefault(group, set()).add(doc_id)
        shingled = _Shingles(backend, version)
        groups = group_copies(keys, shingled.similarity, linked=linked.values(), settled=keys.keys() - dirty,
                              prepare=shingled.read)
        now = {doc_id: group_key(group) for group in groups for doc_id in group}
        rewrite = {i for i in keys if now.get(i) != stored_group[i]}
        rewritten = failed = 0
        batch: list[dict[str, Any]] = []
        for stored in chain(_read(backend, version, rewrite), [None]):
            if stored is not None:
                batch.append(stored)
            if batch and (stored is None or len(batch) >= REWRITE_BATCH):
                docs = rebuild(batch)
                # Journaled first: a regrouping that stops half written is taken apart next time.
                self._note([doc.id for doc in docs], {doc.id: now.get(doc.id) for doc in docs})
                writer.upsert([with_copy_group(doc, now.get(doc.id)) for doc in docs])
                rewritten += len(docs)
                failed += len(batch) - len(docs)
                batch = []
        return RegroupReport(groups=len(groups), grouped=len(now), rewritten=rewritten, compared=shingled.compared,
                             failed=failed)


class _Shingles:
    """The exact similarity of two articles of a version, from their bodies' shingle sets, read
    in one pass for every article the comparisons may ask about (`read`)."""

    def __init__(self, backend: SearchBackend, version: str) -> None:
        self.backend, self.version = backend, version
        self.sets: OrderedDict[str, np.ndarray] = OrderedDict()
        self.compared = 0

    def read(self, wanted: set[str]) -> None:
        for stored in _read(self.backend, self.version, wanted):
            self._keep(stored["id"], shingles(stored.get("body") or ""))

    def similarity(self, a: str, b: str) -> float:
        self.compared += 1
        return jaccard_of(self._of(a), self._of(b))

    def _keep(self, doc_id: str, value: np.ndarray) -> None:
        self.sets[doc_id] = value
        while len(self.sets) > SHINGLES_KEPT:
            self.sets.popitem(last=False)

    def _of(self, doc_id: str) -> np.ndarray:
        found = self.sets.get(doc_id)
        if found is None:
            stored = self.backend.get(doc_id, self.version)
            found = shingles((stored or {}).get("body") or "")
            self._keep(doc_id, found)
        else:
            self.sets.move_to_end(doc_id)
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
