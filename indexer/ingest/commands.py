"""Ingestion: sources -> analysed index documents -> the engine.

`index_paths` is incremental: unchanged sources (same content hash) are not
analysed again, changed ones are replaced, and documents whose source vanished
from the paths being indexed are deleted; running it twice changes nothing.
`reindex` rebuilds everything into a new index version and switches to it
atomically only once the rebuild is complete, so searches never see a half
index and a crash at any moment leaves the live index as it was.

Neither drops documents because their source is absent (a moved folder, an
unmounted disk) without being told to: a path that is missing or holds no input
file keeps its documents in `index_paths` and stops `reindex`, as does a
rebuild from paths that leave out sources the live index holds, unless
`IngestOptions.allow_missing`. Files that vanished inside a path that is there
are deletions, for both. `reindex` also repairs a live index that cannot be read
(`IndexDamaged`): it builds the new version from the sources without reading it.

Both take the writer lock, build documents in parallel worker processes (pyvi
and extraction are the bottleneck) with bounded memory, and reuse cached
documents and analyses (see indexer/ingest/cache.py).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.ingest.build import Builder
from indexer.ingest.copies import CopyTracker
from indexer.ingest.locking import WriterLock
from indexer.ingest.report import IngestReport, Progress
from indexer.ingest.sources import RawSource, Skipped, discover, is_jsonl, iter_raw, open_jsonl, parse, read_lines
from indexer.ingest.state import indexed_sources, record_sources, remember_sources, scopes_holding
from indexer.schema import IndexDocument
from indexer.search.engine import BackendError, IndexDamaged, SearchBackend
from indexer.search.vocabularies import ArchiveVocabulary

COMMIT_EVERY = 20_000  # incremental runs commit in steps so a crash loses little work
CACHE_DIR = "cache"
# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_FROM_DOCS = 400
ALLOW_MISSING_FLAG = "--allow-missing"
# Examples of sources a refused rebuild names, at most.
SHOWN_SOURCES = 5


def new_version_name() -> str:
    return "v" + dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S%f")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    data_dir: Path
    workers: int | None = None  # None: one per core, for inputs large enough to be worth it
    dry_run: bool = False
    use_cache: bool = True
    # Drop the documents of paths that are missing, hold no input file or (reindex) are not given,
    # instead of keeping them (index) or refusing (reindex).
    allow_missing: bool = False

    def worker_count(self, expected_docs: int | None) -> int:
        if self.workers is not None:
            return max(1, self.workers)
        if expected_docs is not None and expected_docs < PARALLEL_FROM_DOCS:
            return 1
        return os.cpu_count() or 1


def _count_inputs(paths: list[Path]) -> int | None:
    """How many documents the inputs hold, for the time left in the progress lines and the
    choice of workers (cheap: no parsing, though a large archive is read once more for it)."""
    total = 0
    for found in discover(paths):
        if isinstance(found, Skipped):
            continue
        file = found[0]
        if not is_jsonl(file):
            total += 1
            continue
        try:
            with open_jsonl(file) as fh:  # bounded reads: a 200 MB line is never held whole
                total += sum(1 for line, _ in read_lines(fh) if line.strip())
        except (OSError, EOFError, zlib.error):
            return None
    return total


class RebuildRefused(ValueError):
    """A rebuild would drop documents whose sources are absent or not given; the message names
    them and the flag that accepts it. Nothing was written."""


def why_absent(scope: Path) -> str | None:
    """Why a path gives nothing to index, or None: it is missing, or it is a directory holding no
    input file (an empty mount point: the disk is not mounted). A file that is there is read, and
    what is wrong with it said, as usual."""
    if not scope.exists():
        return "is missing"
    if not scope.is_dir():
        return None
    for found in discover([scope]):
        if not isinstance(found, Skipped):
            return None
    return "holds no input file"


@dataclass(frozen=True, slots=True)
class _Absent:
    scope: Path
    why: str
    documents: int  # indexed from it


def _absent_scopes(scopes: list[Path], existing: dict[str, tuple[str | None, str | None]]) -> list[_Absent]:
    """The paths that give nothing now, with how many indexed documents came from each."""
    out = []
    for scope in scopes:
        why = why_absent(scope)
        if why is not None:
            out.append(_Absent(scope, why, sum(1 for _, path in existing.values() if scopes_holding(path, [scope]))))
    return out


def _count(n: int, what: str = "document") -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


class _Run:
    """What one run reads, compared with what the index holds."""

    def __init__(self, scopes: list[Path], existing: dict[str, tuple[str | None, str | None]],
                 report: IngestReport, progress: Progress, read: list[Path] | None = None,
                 copies: CopyTracker | None = None) -> None:
        self.scopes = scopes
        self.read = scopes if read is None else read  # the paths actually read (absent ones left out)
        self.existing = existing
        # (source file, content hash) -> id: recognises an unchanged source before parsing it.
        self.by_source = {(path, digest): doc_id for doc_id, (digest, path) in existing.items()}
        self.report = report
        self.progress = progress
        self.seen: dict[str, str] = {}  # id -> where it was first read
        self.troubled: set[str] = set()  # source files with a skipped item: their documents are kept
        self.protected: list[Path] = []  # absent paths whose documents an incremental run keeps
        self.copies = copies or CopyTracker()  # what is written and deleted, to regroup the copies after

    def skip(self, item: Skipped) -> None:
        self.report.skipped.append(item)
        if item.path is not None:
            self.troubled.add(str(item.path))
        self.progress.warn(f"skipped {item}")

    def raws(self, include_unchanged: bool) -> Iterator[RawSource]:
        """Readable input units; unchanged ones are counted and dropped unless rebuilding."""
        for item in iter_raw(self.read):
            if isinstance(item, Skipped):
                self.skip(item)
                continue
            known = None if include_unchanged else self.by_source.get((str(item.path), item.content_hash))
            if known is not None and known not in self.seen:
                self.seen[known] = item.origin
                self.report.unchanged += 1
                self.progress.advance()
                continue
            yield item

    def accept(self, raw: RawSource, doc_id: str) -> bool:
        """Count a parsed document as added/updated/unchanged, or skip it as a duplicate id."""
        first = self.seen.get(doc_id)
        if first is not None:
            self.skip(Skipped(raw.origin, f"duplicate id {doc_id!r} (first at {first})", raw.path))
            return False
        self.seen[doc_id] = raw.origin
        before = self.existing.get(doc_id)
        kind = "added" if before is None else "unchanged" if before[0] == raw.content_hash else "updated"
        setattr(self.report, kind, getattr(self.report, kind) + 1)
        self.progress.advance()
        return True

    def vanished(self, everywhere: bool) -> list[str]:
        """Indexed documents not read this run: within the scanned paths, or anywhere (rebuild)."""
        return [
            doc_id for doc_id, (_, path) in self.existing.items()
            if doc_id not in self.seen and (everywhere or (scopes_holding(path, self.scopes) and path not in self.troubled
                                                           and not scopes_holding(path, self.protected)))
        ]

    def gone_folders(self) -> dict[Path, int]:
        """Folders inside the paths read that are missing or hold no input file now (a subfolder
        moved away, a disk mounted inside the archive and not mounted now), with how many indexed
        documents not read again came from each. A file removed from a folder that still holds
        input is a deletion; a whole folder gone is an absence, as for a path."""
        absent: dict[Path, bool] = {}

        def is_absent(folder: Path) -> bool:
            if folder not in absent:
                absent[folder] = why_absent(folder) is not None
            return absent[folder]

        out: dict[Path, int] = {}
        for doc_id, (_, path) in self.existing.items():
            if doc_id in self.seen or not path or not scopes_holding(path, self.read):
                continue
            folder = Path(path).parent
            if folder in self.read or not is_absent(folder):
                continue
            # Name the highest folder that is gone, below the path read.
            while folder.parent not in self.read and is_absent(folder.parent):
                folder = folder.parent
            out[folder] = out.get(folder, 0) + 1
        return out

    def keep_gone_folders(self) -> None:
        """An incremental run keeps the documents of gone folders, saying so (exit status 1)."""
        for folder, n in self.gone_folders().items():
            self.protected.append(folder)
            self.skip(Skipped(_shown(folder), f"{why_absent(folder)}: its {_count(n, 'indexed document')} are kept; "
                                              f"{ALLOW_MISSING_FLAG} deletes them (a moved folder or an unmounted "
                                              f"disk?)"))

    def dry_run(self, include_unchanged: bool) -> None:
        for raw in self.raws(include_unchanged):
            item = parse(raw)  # for the id; no analysis
            if isinstance(item, Skipped):
                self.skip(item)
            else:
                self.accept(raw, item.article.id)

    def write(self, writer: Any, built: Iterable[tuple[RawSource, IndexDocument | Skipped]],
              commit_every: int | None) -> None:
        batch: list[IndexDocument] = []
        since_commit = 0
        for raw, doc in built:
            if isinstance(doc, Skipped):
                self.skip(doc)
                continue
            if not self.accept(raw, doc.id):
                continue
            batch.append(doc)
            if len(batch) >= 256:
                self.copies.wrote(batch)  # journaled before it can be committed
                writer.upsert(batch)
                since_commit += len(batch)
                batch = []
                if commit_every and since_commit >= commit_every:
                    writer.commit()
                    since_commit = 0
        self.copies.wrote(batch)
        writer.upsert(batch)

    def delete(self, writer: Any, ids: list[str]) -> None:
        self.copies.removed(ids)
        writer.delete(ids)

    def regroup_copies(self, backend: SearchBackend, version: str, writer: Any, builder: Builder) -> None:
        """After the run's writes are committed: the groups of republished copies, rewritten
        where they changed (indexer/ingest/copies.py); the caller commits."""
        started = time.perf_counter()
        done = self.copies.regroup(backend, version, writer, builder.rebuilt)
        self.report.copy_groups, self.report.copies_grouped = done.groups, done.grouped
        self.report.copies_rewritten, self.report.copies_seconds = done.rewritten, time.perf_counter() - started
        if done.failed:
            self.progress.warn(f"republished copies: {_count(done.failed)} could not be made again with their new "
                               f"group and keep the old one; `vnsearch reindex` rebuilds them")


class _Session:
    """One command under the writer lock: its inputs, options, progress and report."""

    def __init__(self, backend: SearchBackend, paths: Iterable[str | Path], options: IngestOptions | None,
                 progress: Progress | None, command: str) -> None:
        self.backend = backend
        # realpath, not Path.resolve: a symbolic link loop given by name is then reported as
        # missing instead of raising RuntimeError (Python 3.11).
        self.scopes = [Path(os.path.realpath(p)) for p in paths]
        # The writer lock, the caches and the source state live in the configured data directory.
        self.options = options or IngestOptions(data_dir=Path(backend.settings.data_dir))
        self.progress = progress or Progress()
        self.report = IngestReport(command=command, dry_run=self.options.dry_run)
        self.expected: int | None = None

    @contextmanager
    def locked(self) -> Iterator[_Session]:
        started = time.perf_counter()
        with WriterLock(self.options.data_dir, self.report.command):
            try:
                yield self
            finally:
                self.progress.close()
        self.report.seconds = time.perf_counter() - started

    def existing(self, version: str | None, copies: CopyTracker | None = None) -> dict[str, tuple[str | None, str | None]]:
        """What `version` holds (see `indexed_sources`); with `copies`, what it holds about
        republished copies too (an incremental run adds to that version)."""
        return indexed_sources(self.backend, version, copies.before if copies is not None else None)

    def run(self, existing: dict[str, tuple[str | None, str | None]], read: list[Path] | None = None,
            copies: CopyTracker | None = None) -> _Run:
        """This run's reading of `read` (default: every path), compared with what the index holds
        (`existing`); progress starts."""
        run = _Run(self.scopes, existing, self.report, self.progress, read, copies)
        self.expected = _count_inputs(run.read)
        self.progress.start(self.expected)
        return run

    def drop_leftovers(self, keep: set[str | None]) -> None:
        """Versions that never went live (a killed or failed run). Under the lock nobody builds them."""
        for leftover in self.backend.versions():
            if leftover not in keep:
                self.backend.drop_version(leftover)
        ArchiveVocabulary(self.backend).keep_only(keep)

    def builder(self) -> Builder:
        cache_dir = self.options.data_dir / CACHE_DIR if self.options.use_cache else None
        return Builder(cache_dir, self.options.worker_count(self.expected), self.report)


def index_paths(backend: SearchBackend, paths: Iterable[str | Path], progress: Progress | None = None,
                options: IngestOptions | None = None) -> IngestReport:
    """Incremental indexing of `paths` into the live index (created on first use)."""
    with _Session(backend, paths, options, progress, "index").locked() as session:
        dry_run = session.options.dry_run
        try:
            version = backend.live_version()
            copies = CopyTracker() if dry_run else CopyTracker.for_version(session.options.data_dir, backend, version)
            existing = session.existing(version, None if dry_run else copies)
        except IndexDamaged as exc:
            # An incremental run needs what the index holds; a rebuild does not.
            raise IndexDamaged(f"cannot update the live index: {exc.detail}", exc.version) from exc
        if not dry_run:
            session.drop_leftovers(keep={version})
        created = version is None
        absent = _absent_scopes(session.scopes, existing)
        # Absent paths are not read; their documents are kept, or deleted with the flag.
        run = session.run(existing, read=[s for s in session.scopes if s not in {a.scope for a in absent}],
                          copies=copies)
        for a in absent:
            if session.options.allow_missing:
                if a.documents:
                    session.progress.warn(f"{_shown(a.scope)} {a.why}: deleting its {_count(a.documents)} "
                                          f"({ALLOW_MISSING_FLAG})")
                continue
            run.protected.append(a.scope)
            if a.documents:
                # The flag before any parenthesis: the summary shows a reason up to its first " (".
                run.skip(Skipped(_shown(a.scope), f"{a.why}: its {_count(a.documents, 'indexed document')} are "
                                                  f"kept; {ALLOW_MISSING_FLAG} deletes them (a moved folder or "
                                                  f"an unmounted disk?)"))
            elif a.why == "is missing":
                run.skip(Skipped(_shown(a.scope), "no such file or directory"))
        try:
            if dry_run:
                run.dry_run(include_unchanged=False)
                if not session.options.allow_missing:
                    run.keep_gone_folders()
                session.report.deleted = len(run.vanished(everywhere=False))
            else:
                if created:
                    version = new_version_name()
                    backend.create_version(version)
                with session.builder() as builder, backend.writer(version) as writer:
                    run.write(writer, builder.build(run.raws(False)), commit_every=None if created else COMMIT_EVERY)
                    if not session.options.allow_missing:
                        run.keep_gone_folders()
                    gone = run.vanished(everywhere=False)
                    run.delete(writer, gone)
                    session.report.deleted = len(gone)
                    writer.commit()
                    if version is not None:
                        run.regroup_copies(backend, version, writer, builder)
                        writer.commit()
                        copies.finished()
                if version is not None:
                    changed = session.report.added or session.report.updated or session.report.deleted
                    _build_vocabulary(backend, version, session.progress, only_if_missing=not changed)
                if created and version is not None:
                    backend.switch_live(version)
                remember_sources(session.options.data_dir, [s for s in session.scopes if s.exists()])
        except BaseException:
            copies.close()
            if created and version and not dry_run:
                backend.drop_version(version)
            raise
        session.report.version = version
    return session.report


def reindex(backend: SearchBackend, paths: Iterable[str | Path], progress: Progress | None = None,
            options: IngestOptions | None = None) -> IngestReport:
    """Full rebuild into a new version, then an atomic switch; the old version is removed after.

    Refuses (RebuildRefused; the live index stays as it was) when a path is missing, or holds no
    input file while documents were indexed from it (checked first, before any work), or when
    documents of the live index were not read again and come from outside `paths` (checked once
    the new version is built, by id: a document read again from another file is not lost).
    `options.allow_missing` accepts both: those documents are dropped, missing paths forgotten.
    A live index that cannot be read is rebuilt without reading it (a repair)."""
    with _Session(backend, paths, options, progress, "reindex").locked() as session:
        allow_missing = session.options.allow_missing
        damaged: IndexDamaged | None = None
        try:
            live = backend.live_version()
            existing = session.existing(live)
        except IndexDamaged as exc:
            damaged, live, existing = exc, exc.version, {}
            session.progress.warn(f"the live index cannot be read ({exc.detail}); rebuilding it from the sources")
        # Leftovers of a crashed run: versions that never went live. The lock says nobody builds them.
        # When the live index is unreadable, one of them may be the last good copy: kept until the switch.
        if not session.options.dry_run and damaged is None:
            session.drop_leftovers(keep={live})
        absent = _absent_scopes(session.scopes, existing)
        if not allow_missing:
            _refuse_absent(session.scopes, absent, existing, damaged)
        # Past the refusal, the paths that give nothing are not read (no "no such file" skip for them).
        for a in absent:
            if a.documents or a.why == "is missing":
                session.progress.warn(f"{_shown(a.scope)} {a.why}: dropping its {_count(a.documents)} "
                                      f"({ALLOW_MISSING_FLAG}){'; forgotten' if a.why == 'is missing' else ''}")
        run = session.run(existing, read=[s for s in session.scopes if s not in {a.scope for a in absent}])
        version = live
        if session.options.dry_run:
            run.dry_run(include_unchanged=True)
            _refuse_dropped(run, allow_missing, session.progress)
        else:
            version = new_version_name()
            backend.create_version(version)
            try:
                with session.builder() as builder, backend.writer(version) as writer:
                    run.write(writer, builder.build(run.raws(True)), commit_every=None)
                    writer.commit()
                    run.regroup_copies(backend, version, writer, builder)
                    writer.commit()
                if not run.seen and (run.existing or damaged):
                    what = "the damaged live index is" if damaged else "the live index is"
                    raise BackendError(f"the rebuild found no documents; {what} left as it was")
                _refuse_dropped(run, allow_missing, session.progress)
                # Only a rebuild of exactly the live articles is likely to find their vocabulary
                # counted already: any other would read every text once more to learn it is not.
                same = not (session.report.added or session.report.updated or run.vanished(everywhere=True))
                _build_vocabulary(backend, version, session.progress, reuse=same)
                backend.switch_live(version)
            except BaseException:
                backend.drop_version(version)
                raise
            # The replaced version (also a damaged one) and anything else that is not live now.
            session.drop_leftovers(keep={version})
            record_sources(session.options.data_dir, [s for s in session.scopes if s.exists()])
        session.report.deleted = len(run.vanished(everywhere=True))
        session.report.version = version
    return session.report


_RESTORE = (f"The live index is left as it was. Restore what is missing (mount the disk, move the folder back) "
            f"and run again, or run again with {ALLOW_MISSING_FLAG} to rebuild without it: its documents are "
            f"dropped and missing paths forgotten.")
_GIVE_ALL = (f"The live index is left as it was. Give every path to rebuild (`vnsearch reindex` without paths "
             f"rebuilds every path indexed so far), or run again with {ALLOW_MISSING_FLAG} to rebuild from these "
             f"paths only: the other documents are dropped.")


def _build_vocabulary(backend: SearchBackend, version: str, progress: Progress, only_if_missing: bool = False,
                      reuse: bool = False) -> None:
    """The vocabulary of the version just written (indexer.search.vocabularies): best effort, as
    searches work without it (and a search server builds a missing one in the background).
    `only_if_missing`: nothing was written, so a readable vocabulary is still the right one;
    `reuse`: another version may hold the same texts (`ArchiveVocabulary.build`)."""
    vocabulary = ArchiveVocabulary(backend)
    try:
        if only_if_missing:
            vocabulary.ensure(version)
        else:
            vocabulary.build(version, reuse=reuse).close()
    except Exception as exc:  # a full disk, a read-only vocabulary dir: the index is fine
        progress.warn(f"the vocabulary of the index (accents, corrections, completions) could not be built: "
                      f"{exc}; searches work without it, and the next run tries again")


def _refuse_absent(scopes: list[Path], absent: list[_Absent], existing: dict[str, tuple[str | None, str | None]],
                   damaged: IndexDamaged | None) -> None:
    """RebuildRefused naming the paths that give nothing, before any work.

    A missing path stops the rebuild even when no document came from it (a typo, or the record
    of a moved folder); a path that is there but holds no input file only when documents did."""
    problems = [f"{_shown(a.scope)} {a.why}" + ("" if damaged else f" ({_count(a.documents)} indexed from it)")
                for a in absent if a.why == "is missing" or a.documents]
    if not problems:
        return
    lost = sum(a.documents for a in absent)
    if {a.scope for a in absent} >= set(scopes) and existing:
        head = f"the rebuild found no documents in {', '.join(_shown(s) for s in scopes)}"
    elif lost:
        head = f"reindex would drop {_count(lost)} of the {len(existing)} in the live index"
    else:
        head = "reindex stopped: a path to rebuild is missing"
    raise RebuildRefused(f"{head}:\n" + "".join(f"  {p}\n" for p in problems) + _RESTORE)


def _refuse_dropped(run: _Run, allow_missing: bool, progress: Progress) -> None:
    """RebuildRefused when documents of the live index were not read again and their source is
    outside the paths rebuilt (not given) or in a folder that is gone; with the flag, a warning.
    Files that vanished from a folder that still holds input are deletions, as in `index`."""
    outside: dict[str, int] = {}
    for doc_id, (_, path) in run.existing.items():
        if doc_id not in run.seen and not scopes_holding(path, run.scopes):
            where = _shown(Path(path).parent) if path else "an unknown source"
            outside[where] = outside.get(where, 0) + 1
    gone = run.gone_folders()
    if not outside and not gone:
        return
    total = sum(outside.values()) + sum(gone.values())
    problems = [f"{_shown(folder)} {why_absent(folder)} ({_count(n)} indexed from it)" for folder, n in gone.items()]
    if outside:
        shown = sorted(outside.items(), key=lambda item: -item[1])
        examples = ", ".join(f"{where} ({n})" for where, n in shown[:SHOWN_SOURCES]) + (
            ", …" if len(shown) > SHOWN_SOURCES else "")
        problems.append(f"{_count(sum(outside.values()))} come from sources outside the paths being rebuilt: "
                        f"{examples}")
    if allow_missing:
        for problem in problems:
            progress.warn(f"dropping: {problem} ({ALLOW_MISSING_FLAG})")
        return
    raise RebuildRefused(f"reindex would drop {_count(total)} of the {len(run.existing)} in the live index:\n"
                         + "".join(f"  {p}\n" for p in problems) + (_RESTORE if gone else _GIVE_ALL))


def _shown(path: Path) -> str:
    """A path as one printable line (a file name may hold a newline)."""
    text = str(path)
    return text if text.isprintable() else repr(text)[1:-1]
