"""What an ingestion run tells its user: the report at the end and the progress on the way."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

from indexer.ingest.sources import Skipped


@dataclass(slots=True)
class IngestReport:
    command: str = "index"
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    analysed_sections: int = 0
    cached_sections: int = 0
    cached_documents: int = 0
    seconds: float = 0.0
    version: str | None = None
    dry_run: bool = False
    # Republished copies in the index after the run: groups, articles in them, and documents
    # written again because their group changed (indexer/ingest/copies.py).
    copy_groups: int = 0
    copies_grouped: int = 0
    copies_rewritten: int = 0
    copies_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        docs = self.added + self.updated + self.unchanged
        rate = docs / self.seconds if self.seconds else 0.0
        verb = "would change" if self.dry_run else "done"
        lines = [
            f"{self.command} {verb}: added {self.added}, updated {self.updated}, deleted {self.deleted}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)}",
            f"  {self.seconds:.1f} s, {rate:.0f} docs/s; segmented {self.analysed_sections} texts, "
            f"{self.cached_sections} texts and {self.cached_documents} documents from cache; "
            f"index version {self.version}",
        ]
        if not self.dry_run:
            lines.append(f"  republished copies: {self.copy_groups} groups of {self.copies_grouped} articles; "
                         f"{self.copies_rewritten} documents regrouped ({self.copies_seconds:.1f} s)")
        reasons: dict[str, int] = {}
        for item in self.skipped:
            key = item.reason.split(" (")[0]
            reasons[key] = reasons.get(key, 0) + 1
        lines += [f"  skipped: {count} × {reason}" for reason, count in sorted(reasons.items())]
        return "\n".join(lines)


class Progress:
    """Documents/s and time left on a terminal; plain log lines otherwise."""

    def __init__(self, stream: TextIO = sys.stderr, every: int = 1000) -> None:
        self.stream = stream
        self.every = every
        self.total: int | None = None  # set by start()
        self.count = 0
        self.started = time.perf_counter()
        self._bar: Any = None

    def start(self, total: int | None) -> None:
        self.total = total
        self.started = time.perf_counter()
        if self.stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit=" docs", file=self.stream, smoothing=0.05, dynamic_ncols=True)

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.count // self.every != (self.count - n) // self.every:
            elapsed = max(time.perf_counter() - self.started, 1e-9)
            rate = self.count / elapsed
            left = f", {(self.total - self.count) / rate:.0f} s left" if self.total and rate else ""
            of = f"/{self.total}" if self.total else ""
            print(f"… {self.count}{of} documents ({rate:.0f} docs/s{left})", file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
