"""The archive's vocabulary (`indexer.query.vocabulary`) of each index version, on disk beside the
index: `<data dir>/vocabulary/<backend>-<version>.sqlite`.

Ingestion builds it from the stored articles once a version is written, before it goes live, so
a search finds it ready; a version of exactly the texts another one was counted from, by the
same code (a `reindex` of unchanged sources), takes that file instead of counting them again.
A live version without a readable one (an index built before vocabularies existed, a file of an
older format, a web server that does not share the indexer's data dir) gets it built in a
background thread, one process at a time; searches meanwhile read queries without it. Every
engine gets the same file from the same text.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from indexer.query.understanding import read_query
from indexer.query.vocabulary import Vocabulary, counted_from, counted_here, same_origin
from indexer.search.engine import BackendError, SearchBackend

VOCABULARY_DIR = "vocabulary"
SUFFIX = ".sqlite"
# A temporary file of a build is this old only when its build died (a build of 250,000 articles
# takes about two minutes): ingestion deletes it.
STALE_BUILD_SECONDS = 3600
_log = logging.getLogger(__name__)


class ArchiveVocabulary:
    def __init__(self, backend: SearchBackend) -> None:
        self.backend = backend
        self._current: tuple[tuple[str, int, int], Vocabulary] | None = None
        self._failed: set[str] = set()
        self._building: set[str] = set()
        self._guard = threading.Lock()

    @property
    def directory(self) -> Path:
        return Path(self.backend.settings.data_dir) / VOCABULARY_DIR

    def path(self, version: str) -> Path:
        return self.directory / f"{self.backend.name}-{version}{SUFFIX}"

    def problem(self, version: str) -> str | None:
        """None when the vocabulary of `version` is there and readable, else what is wrong."""
        path = self.path(version)
        if not path.exists():
            return f"{path} is missing"
        try:
            Vocabulary.open(path).close()
        except Exception as exc:  # damaged, of an older format, unreadable
            return f"{path} cannot be read ({exc})"
        return None

    def ensure(self, version: str) -> None:
        """Build the vocabulary of `version` now unless a readable one is there (ingestion, and
        scripts that search right after indexing, such as the benchmarks)."""
        if self.problem(version) is not None:
            self.build(version).close()

    def build(self, version: str, reuse: bool = True) -> Vocabulary:
        """Count the words of every stored article of `version` (title and text), or, when another
        version's vocabulary was counted from the same texts by the same code, take that file
        (unless `reuse` is False: the caller knows the texts are new, see `_reused`)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        reused = self._reused(version) if reuse else None
        return reused if reused is not None else Vocabulary.build(self._texts(version), self.path(version))

    def _texts(self, version: str) -> Iterator[str]:
        """What a vocabulary counts: each stored article's title and text."""
        return (f"{stored.get('title') or ''}\n{stored.get('body') or ''}"
                for stored in self.backend.iter_stored(version))

    def _reused(self, version: str) -> Vocabulary | None:
        """The vocabulary of another version counted from exactly the texts of `version`, made
        `version`'s (`Vocabulary.adopt`); None when there is none. A rebuild of unchanged sources
        (`reindex` writes a new version of the same articles) would otherwise count them all again.
        The texts are read and hashed once more to tell (a twelfth of counting them on tantivy),
        so when they did change they are read twice: `reindex` asks only when it read back exactly
        the live articles, from unchanged sources."""
        target = self.path(version)
        candidates: list[tuple[Path, dict[str, str]]] = []
        for path in sorted(self.directory.glob(f"{self.backend.name}-*{SUFFIX}")):
            if path == target:
                continue
            try:
                meta = Vocabulary.meta_of(path)
            except Exception:  # damaged, or gone meanwhile: counted instead
                continue
            if counted_here(meta):
                candidates.append((path, meta))
        if not candidates:
            return None
        origin = counted_from(self._texts(version))
        for path, meta in candidates:
            if same_origin(meta, origin):
                try:
                    adopted = Vocabulary.adopt(path, target, origin)
                except OSError as exc:  # a copy that failed (a full disk): counting may still do
                    _log.warning("could not take %s for index version %s (%s); counting instead", path.name, version, exc)
                    continue
                if adopted is not None:
                    _log.info("the vocabulary of index version %s is that of %s (the same texts)", version, path.name)
                    return adopted
        return None

    def current(self) -> Vocabulary | None:
        """The live version's vocabulary; None while there is none to read (nothing indexed, or
        one being built): queries are then read without it (as typed, Telex/VNI still decoded)."""
        try:
            version = self.backend.live_version()
        except BackendError:
            return None
        if version is None:
            return None
        path = self.path(version)
        try:
            stat = path.stat()
        except OSError:
            self._build_later(version)
            return None
        key = (version, stat.st_mtime_ns, stat.st_ino)
        if self._current is None or self._current[0] != key:
            try:
                opened = Vocabulary.open(path)
            except Exception as exc:  # damaged, or of an older format: built again, once
                if version not in self._failed:
                    self._once(version, f"cannot read the vocabulary {path} ({exc}); building it again")
                    self._build_later(version, replace=True)
                return None
            # The readings of the replaced vocabulary go with it (they hold it in memory).
            read_query.cache_clear()
            self._current = (key, opened)
        return self._current[1]

    def generation(self) -> tuple[str, int, int] | None:
        """Which vocabulary `current` reads (version, and its file's mtime and inode), None while
        there is none: it changes when ingestion replaces the file after its commits, or when
        one built in the background appears."""
        current = self.current()
        held = self._current
        return held[0] if current is not None and held is not None and held[1] is current else None

    def _build_later(self, version: str, replace: bool = False) -> None:
        """Start building the vocabulary of `version` in a background thread, once."""
        with self._guard:
            if version in self._building or (version in self._failed and not replace):
                return
            self._building.add(version)
        threading.Thread(target=self._build_in_background, args=(version, replace),
                         name=f"vocabulary-{version}", daemon=True).start()

    def _build_in_background(self, version: str, replace: bool) -> None:
        started = time.perf_counter()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(self.directory / f".{self.backend.name}-{version}.lock", "w") as lock:
                try:  # one process builds; the others find its file when it is done
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                if replace or not self.path(version).exists():
                    self.build(version)
                    _log.info("built the vocabulary of index version %s in %.1f s", version,
                              time.perf_counter() - started)
        except Exception as exc:  # a read-only or full disk, an engine failure: searches go on
            self._once(version, f"cannot build the vocabulary of index version {version}: {exc}")
        finally:
            with self._guard:
                self._building.discard(version)
                self._failed.add(version)  # built or not, not again by this process for this file

    def _once(self, version: str, message: str) -> None:
        if version not in self._failed:
            self._failed.add(version)
            _log.warning("%s; queries are read without it meanwhile", message)

    def keep_only(self, versions: set[str | None]) -> None:
        """Delete the vocabularies of versions that no longer exist, and the temporary files and
        locks of builds that died."""
        prefix = f"{self.backend.name}-"
        wanted = {self.path(v).name for v in versions if v}
        try:
            files = list(self.directory.iterdir())
        except OSError:
            return
        for file in files:
            name = file.name.lstrip(".")
            if not name.startswith(prefix):
                continue
            try:
                stale = (name.endswith(SUFFIX) and file.name not in wanted
                         or name.endswith((".tmp", ".lock")) and name.split(".")[0] + SUFFIX not in wanted
                         or name.endswith(".tmp") and time.time() - file.stat().st_mtime > STALE_BUILD_SECONDS)
                if stale:
                    os.unlink(file)
            except OSError:
                pass
