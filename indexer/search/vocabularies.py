"""The archive's vocabulary (`indexer.query.vocabulary`) of each index version, on disk beside the
index: `<data dir>/vocabulary/<backend>-<version>.sqlite`.

Ingestion builds it from the stored articles once a version is written, before it goes live, so
a search never waits for it; a live version without one (an index built before vocabularies
existed) gets it built on first use. Every engine gets the same file from the same text.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from indexer.query.vocabulary import Vocabulary
from indexer.search.engine import BackendError, SearchBackend

VOCABULARY_DIR = "vocabulary"
_log = logging.getLogger(__name__)


class ArchiveVocabulary:
    def __init__(self, backend: SearchBackend) -> None:
        self.backend = backend
        self._current: tuple[tuple[str, int, int], Vocabulary] | None = None
        self._failed: set[str] = set()

    @property
    def directory(self) -> Path:
        return Path(self.backend.settings.data_dir) / VOCABULARY_DIR

    def path(self, version: str) -> Path:
        return self.directory / f"{self.backend.name}-{version}.sqlite"

    def build(self, version: str) -> Vocabulary:
        """Count the words of every stored article of `version` (title and text)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        texts = (f"{stored.get('title') or ''}\n{stored.get('body') or ''}"
                 for stored in self.backend.iter_stored(version))
        return Vocabulary.build(texts, self.path(version))

    def current(self) -> Vocabulary | None:
        """The live version's vocabulary; None when nothing is indexed or it cannot be had (then
        queries are read without it: as typed, Telex/VNI still decoded)."""
        try:
            version = self.backend.live_version()
        except BackendError:
            return None
        if version is None:
            return None
        path = self.path(version)
        try:
            stat = path.stat()
        except FileNotFoundError:
            return self._built_late(version)
        except OSError:
            return None
        key = (version, stat.st_mtime_ns, stat.st_ino)
        if self._current is None or self._current[0] != key:
            try:
                self._current = (key, Vocabulary.open(path))
            except Exception as exc:  # a damaged file: rebuilt next time ingestion runs
                self._once(version, f"cannot read the vocabulary {path}: {exc}")
                return None
        return self._current[1]

    def _built_late(self, version: str) -> Vocabulary | None:
        if version in self._failed:
            return None
        try:
            _log.info("building the vocabulary of index version %s (made before vocabularies)", version)
            self.build(version)
        except (OSError, BackendError) as exc:
            self._once(version, f"cannot build the vocabulary of index version {version}: {exc}")
            return None
        return self.current()

    def _once(self, version: str, message: str) -> None:
        if version not in self._failed:
            self._failed.add(version)
            _log.warning("%s; queries are read without it", message)

    def keep_only(self, versions: set[str | None]) -> None:
        """Delete the vocabularies of versions that no longer exist."""
        wanted = {self.path(v).name for v in versions if v}
        try:
            files = list(self.directory.iterdir())
        except OSError:
            return
        for file in files:
            if (file.name.startswith(f"{self.backend.name}-") and file.name.endswith(".sqlite")
                    and file.name not in wanted):
                try:
                    os.unlink(file)
                except OSError:
                    pass
