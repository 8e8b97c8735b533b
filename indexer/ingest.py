"""Ingestion: sources -> analysed index documents -> the engine, with a report at the end."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .backends.base import SearchBackend
from .schema import IndexDocument, build_document
from .sources import Skipped, SourceDoc, read_sources

BATCH_SIZE = 256


@dataclass(slots=True)
class IndexReport:
    indexed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    version: str | None = None

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        rate = self.indexed / self.seconds if self.seconds else 0.0
        return (f"indexed {self.indexed} documents, skipped {len(self.skipped)} "
                f"in {self.seconds:.1f} s ({rate:.0f} docs/s) into {self.version}")


class Progress:
    """A progress bar on a terminal, plain log lines otherwise."""

    def __init__(self, stream: TextIO = sys.stderr, every: int = 1000) -> None:
        self.stream = stream
        self.every = every
        self.count = 0
        self.started = time.perf_counter()
        self._bar = None
        if stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(unit=" docs", file=stream, smoothing=0.1)

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.count // self.every != (self.count - n) // self.every:
            rate = self.count / max(time.perf_counter() - self.started, 1e-9)
            print(f"… {self.count} documents ({rate:.0f} docs/s)", file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def new_version_name() -> str:
    return "v" + dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S%f")


def analysed(items: Iterable[SourceDoc | Skipped], report: IndexReport, progress: Progress) -> Iterator[IndexDocument]:
    """Analyse articles in input order; skipped inputs are reported, never raised."""
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
            progress.warn(f"skipped {item}")
            continue
        yield build_document(item.article)
        progress.advance()


def index_paths(backend: SearchBackend, paths: Iterable[str | Path], progress: Progress | None = None) -> IndexReport:
    """Add or update the articles found in `paths`; creates the index on first use."""
    progress = progress or Progress()
    report = IndexReport()
    started = time.perf_counter()
    version = backend.live_version()
    created = version is None
    if created:
        version = new_version_name()
        backend.create_version(version)
    report.version = version
    try:
        with backend.writer(version) as writer:
            batch: list[IndexDocument] = []
            for doc in analysed(read_sources(paths), report, progress):
                batch.append(doc)
                if len(batch) >= BATCH_SIZE:
                    writer.upsert(batch)
                    report.indexed += len(batch)
                    batch = []
            writer.upsert(batch)
            report.indexed += len(batch)
            writer.commit()
    except BaseException:
        if created:
            backend.drop_version(version)
        raise
    finally:
        progress.close()
    if created:
        backend.switch_live(version)
    report.seconds = time.perf_counter() - started
    return report
