"""One writer at a time: an advisory file lock that dies with its process.

`flock` is released by the kernel when the holder exits, even on `kill -9`, so a
lock left by a dead process is cleared by construction; the file's contents
(who holds it) are only there to name the running writer in the message.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

LOCK_FILE = "writer.lock"


class LockedError(RuntimeError):
    """Another writer holds the lock; the message names it."""


class WriterLock:
    def __init__(self, data_dir: str | Path, command: str) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self.command = command
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise LockedError(
                f"another writer is running: {holder} (lock {self.path}); wait for it to finish"
            ) from None
        # We hold the lock: whatever the file says is from a finished or dead process.
        os.ftruncate(fd, 0)
        info = {"pid": os.getpid(), "command": self.command, "started": dt.datetime.now().isoformat(timespec="seconds")}
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


@dataclass(frozen=True, slots=True)
class LockStatus:
    held: bool  # a running process holds the lock now
    holder: str | None  # who holds it, or who last held it and died without releasing it (kill -9)


def lock_status(data_dir: str | Path) -> LockStatus:
    """Whether a writer runs now, without creating the lock file or waiting for it.

    The probe takes a shared lock for an instant: it fails while a writer holds the exclusive one,
    and a writer starting in that instant is told another one runs (it may simply try again)."""
    path = Path(data_dir) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return LockStatus(held=False, holder=None)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return LockStatus(held=True, holder=_read_holder(fd))
        fcntl.flock(fd, fcntl.LOCK_UN)
        # Free, yet the file names a writer: it was killed before it could clear the file.
        left = os.pread(fd, 4096, 0).strip()
        return LockStatus(held=False, holder=_read_holder(fd) if left else None)
    finally:
        os.close(fd)


def _read_holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (ValueError, OSError):
        info = {}
    if not info:
        return "another vnsearch process"
    return f"`vnsearch {info.get('command', '?')}` (pid {info.get('pid', '?')}, started {info.get('started', '?')})"
