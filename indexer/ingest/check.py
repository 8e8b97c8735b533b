"""`vnsearch check`: is this installation healthy, and if not, what repairs it.

Read-only: it writes one probe file in the data directory to see that it can, and nothing else
(no lock taken, no version dropped). Each finding is one line, "ok" or "PROBLEM" with the command
or action that repairs it; the command exits 1 when there is a problem.

What it looks at: the data directory (there, a directory, writable, free space); the engine (it
answers); the live version (the pointer reads, names a version, the index opens and answers a
search, its document count); versions that never went live; the caches (readable, of this code
version); the writer lock (free, held by a running writer, or left by a killed one); and the
source paths recorded for `vnsearch reindex` (there, holding input).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import zstandard

from indexer.analysis import ANALYSIS_VERSION
from indexer.config import Settings
from indexer.ingest.cache import DOCUMENT_VERSION, AnalysisCache, DocumentCache
from indexer.ingest.commands import CACHE_DIR, why_absent
from indexer.ingest.locking import LOCK_FILE, LockStatus, lock_status
from indexer.ingest.state import STATE_FILE, indexed_sources, recorded_sources, scopes_holding
from indexer.query.tree import MatchAll
from indexer.search.engine import BackendError, IndexDamaged, SearchBackend
from indexer.search.plan import SearchPlan
from indexer.search.vocabularies import ArchiveVocabulary

# Less free space than this on the data directory's disk is a problem: an index write fails soon.
LOW_SPACE_BYTES = 256 * 1024 * 1024
# Cache entries decoded to see that a cache file reads (the whole file would take minutes).
SAMPLED_ENTRIES = 20
REINDEX = "`vnsearch reindex`"


@dataclass(frozen=True, slots=True)
class Finding:
    what: str  # the part looked at
    detail: str  # what was found
    repair: str | None = None  # None: fine; else what repairs it

    @property
    def ok(self) -> bool:
        return self.repair is None

    def line(self) -> str:
        if self.ok:
            return f"ok       {self.what}: {self.detail}"
        return f"PROBLEM  {self.what}: {self.detail}; repair: {self.repair}"


@dataclass(slots=True)
class CheckReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    def text(self) -> str:
        n = len(self.problems)
        last = "healthy" if not n else f"{n} problem{'s' if n > 1 else ''} found"
        return "\n".join([*(f.line() for f in self.findings), last])


def check(settings: Settings, backend_factory: Callable[[], SearchBackend]) -> CheckReport:
    """Every check, in the order an admin would repair things."""
    report = CheckReport()
    data_dir = Path(settings.data_dir).absolute()
    report.findings += _data_dir(data_dir)
    lock: LockStatus | None = None
    if data_dir.is_dir():
        try:
            lock = lock_status(data_dir)
        except OSError as exc:
            report.findings.append(Finding("writer lock", f"cannot be read ({exc.strerror or exc})",
                                           f"fix the permissions of {data_dir / LOCK_FILE}"))
    writer_running = bool(lock and lock.held)
    try:
        backend: SearchBackend | None = backend_factory()
    except BackendError as exc:
        backend = None
        report.findings.append(Finding(f"search engine ({settings.backend})", str(exc),
                                       "start the engine or fix its settings (ELASTICSEARCH_URL …), then check again"))
    live: str | None = None
    readable = False
    if backend is not None:
        live, readable, findings = _live_index(backend, writer_running)
        report.findings += findings
        report.findings += _versions(backend, live, readable, writer_running)
    if backend is not None and live is not None and readable:
        report.findings.append(_vocabulary(backend, live))
    report.findings += _caches(data_dir / CACHE_DIR)
    if lock is not None:
        report.findings.append(_lock(lock.held, lock.holder))
    report.findings += _sources(data_dir, backend if readable else None, live)
    return report


def _data_dir(data_dir: Path) -> list[Finding]:
    what = "data directory"
    if not data_dir.exists():
        return [Finding(what, f"{data_dir} does not exist",
                        "`vnsearch index PATH…` creates it, or set VNSEARCH_DATA_DIR to where the index is")]
    if not data_dir.is_dir():
        return [Finding(what, f"{data_dir} is not a directory", "set VNSEARCH_DATA_DIR to a directory")]
    probe = data_dir / f".vnsearch-check-{os.getpid()}"
    try:
        probe.write_bytes(b"x")
    except OSError as exc:
        return [Finding(what, f"{data_dir} is not writable ({exc.strerror or exc})",
                        "fix its permissions or remount it read-write")]
    finally:
        with contextlib.suppress(OSError):  # a read-only file system refuses even this
            probe.unlink(missing_ok=True)
    free = shutil.disk_usage(data_dir).free
    if free < LOW_SPACE_BYTES:
        return [Finding(what, f"{data_dir}: only {_size(free)} free on its disk (a rebuild needs room for a "
                              f"second copy of the index)", "free some space on that disk")]
    return [Finding(what, f"{data_dir} is a writable directory, {_size(free)} free")]


def _live_index(backend: SearchBackend, writer_running: bool) -> tuple[str | None, bool, list[Finding]]:
    """(live version, whether it reads, findings)."""
    what = "live index"
    try:
        live = backend.live_version()
    except IndexDamaged as exc:
        return exc.version, False, [Finding(what, exc.detail, f"{REINDEX} rebuilds it from the sources")]
    except BackendError as exc:
        return None, False, [Finding(what, str(exc), f"{REINDEX} sets the live version again")]
    if live is None:
        if writer_running:
            return None, False, [Finding(what, "none yet; the running writer is building the first one")]
        return None, False, [Finding(what, "nothing is indexed yet", "`vnsearch index PATH…`")]
    try:
        count = backend.count()
        hits = backend.search(SearchPlan(query=MatchAll(), size=SAMPLED_ENTRIES)).hits
        for hit in hits:
            hit.stored["id"]
    except IndexDamaged as exc:
        return live, False, [Finding(what, exc.detail, f"{REINDEX} rebuilds it from the sources")]
    except (BackendError, KeyError, TypeError) as exc:
        return live, False, [Finding(what, f"version {live} does not answer a search: {exc}",
                                     f"{REINDEX} rebuilds it from the sources")]
    findings = [Finding(what, f"version {live} opens and answers a search; {count} documents")]
    # The embedded engine also checks every file against the checksum in its footer: a damaged
    # byte inside a file opens fine and fails (or crashes) only the search that reads it.
    verify: Callable[[str], list[str]] | None = getattr(backend, "verify", None)
    if verify is None:
        return live, True, findings
    damaged = verify(live)
    if not damaged:
        return live, True, [*findings, Finding("live index files", "every file matches the checksum in its footer")]
    return live, False, [*findings, *(Finding("live index", problem, f"{REINDEX} rebuilds it from the sources")
                                      for problem in damaged)]


def _versions(backend: SearchBackend, live: str | None, readable: bool, writer_running: bool) -> list[Finding]:
    try:
        others = [v for v in backend.versions() if v != live]
    except BackendError as exc:
        return [Finding("index versions", f"cannot be listed: {exc}", "see the engine's message above")]
    if not others:
        return [Finding("index versions", "no version besides the live one")]
    if writer_running:
        return [Finding("index versions", f"{', '.join(others)} being built by the running writer")]
    # `index` removes versions that never went live, but stops on a live index it cannot read.
    repair = "`vnsearch index` (or `vnsearch reindex`) removes it" if live is None or readable else \
        f"{REINDEX} removes it with the damaged live version"
    return [Finding(f"index version {v}", "never went live (left by a killed or failed run)", repair) for v in others]


def _vocabulary(backend: SearchBackend, live: str) -> Finding:
    """The live index's vocabulary (accents, corrections, completions; search/vocabularies.py)."""
    vocabulary = ArchiveVocabulary(backend)
    problem = vocabulary.problem(live)
    if problem is None:
        return Finding("vocabulary", f"readable, for the live index, {_size(vocabulary.path(live).stat().st_size)}")
    return Finding("vocabulary", f"{problem}: queries are read without it until it is built",
                   "any `vnsearch index PATH` run (or `vnsearch reindex`) builds it; a search server also "
                   "builds it itself, in the background")


def _caches(cache_dir: Path) -> list[Finding]:
    if not cache_dir.is_dir():
        return [Finding("caches", "none yet (the next index run makes them)")]
    files = sorted(cache_dir.glob("*.sqlite"))
    if not files:
        return [Finding("caches", "none yet (the next index run makes them)")]
    current = {f"{AnalysisCache.prefix}{ANALYSIS_VERSION}-", f"{DocumentCache.prefix}{DOCUMENT_VERSION}-"}
    out = []
    for path in files:
        what = f"cache {path.name}"
        problem = _unreadable_cache(path)
        if problem is not None:
            out.append(Finding(what, f"cannot be read ({problem})",
                               f"`rm {path}`: a cache only saves time; the next index run starts a new one"))
        elif any(path.name.startswith(prefix) for prefix in current):
            out.append(Finding(what, f"readable, of this code version, {_size(path.stat().st_size)}"))
        else:
            out.append(Finding(what, "readable, of another code version (the next index run removes it)"))
    return out


def _unreadable_cache(path: Path) -> str | None:
    """Why a cache file does not read, or None: it opens, has its table, and sampled entries decode."""
    try:
        db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = db.execute("SELECT value FROM blobs LIMIT ?", (SAMPLED_ENTRIES,)).fetchall()
        for (value,) in rows:
            zstandard.decompress(value)
    except (sqlite3.Error, zstandard.ZstdError) as exc:
        return str(exc)
    finally:
        db.close()
    return None


def _lock(held: bool, holder: str | None) -> Finding:
    if held:
        return Finding("writer lock", f"held by {holder}, which is running")
    if holder:
        return Finding("writer lock", f"free; last held by {holder}, which was killed before releasing it "
                                      f"(harmless: the next run clears it)")
    return Finding("writer lock", "free")


def _sources(data_dir: Path, backend: SearchBackend | None, live: str | None) -> list[Finding]:
    recorded = recorded_sources(data_dir)
    if not recorded:
        if live is None:
            return [Finding("sources", "none recorded yet")]
        return [Finding("sources", f"no source path is recorded ({data_dir / STATE_FILE} is missing or unreadable): "
                                   f"{REINDEX} without paths would rebuild seeds/ only",
                        "`vnsearch index PATH…` with every archive path records them")]
    absent = [(path, why) for path in recorded if (why := why_absent(path)) is not None]
    counts = _indexed_per_path(backend, live, [path for path, _ in absent]) if absent else {}
    out = []
    for path in recorded:
        why = dict(absent).get(path)
        if why is None:
            out.append(Finding(f"source {path}", "present"))
            continue
        n = counts.get(path)
        held = f" ({n} documents indexed from it)" if n is not None else ""
        out.append(Finding(f"source {path}", f"{why}{held}; `vnsearch reindex` stops on it",
                           "mount or restore it, or `vnsearch reindex --allow-missing` to drop its documents "
                           "and forget it"))
    return out


def _indexed_per_path(backend: SearchBackend | None, live: str | None, paths: list[Path]) -> dict[Path, int]:
    if backend is None or live is None:
        return {}
    try:
        existing = indexed_sources(backend, live)
    except BackendError:
        return {}
    counts = dict.fromkeys(paths, 0)
    for _, source in existing.values():
        for path in scopes_holding(source, paths):
            counts[path] += 1
    return counts


def _size(n: int) -> str:
    value, units = float(n), ("bytes", "kB", "MB", "GB", "TB")
    unit = 0
    while value >= 1024 and unit < len(units) - 1:
        value, unit = value / 1024, unit + 1
    return f"{int(value)} bytes" if unit == 0 else f"{value:.1f} {units[unit]}"
