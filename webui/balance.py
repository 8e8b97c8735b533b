"""Keep-alive connections spread evenly over the worker processes of `vnsearch serve`.

Every worker accepts from the one shared listening socket, and whichever wakes first takes the
next connection: eight clients connecting at once ended 4/4, 5/3 or 6/2 on two workers, and
keep-alive kept them there, so one process (one core under the GIL) could serve three quarters
of the traffic while the other idled (the load runs with the highest p95 had the lowest p50,
the mark of such a split; balanced, p95 fell by 6-10 ms in three paired runs). So
each worker writes how many connections it holds, and when, into its slot of a small shared
memory (a memfd the supervisor passes to every worker), and accepts a connection only while it
holds no more than every other worker that wrote in the last STALE_SECONDS; the others, woken by
the same connection, leave it and look again a millisecond later, for MAX_DEFER_SECONDS at most
(the least busy worker may be unable to accept: out of file descriptors, its loop held up). A
hung worker stops writing and is not waited for, one at its connection limit writes
NOT_LISTENING, and the supervisor clears the slot of a worker that exits as it reaps it.
"""

from __future__ import annotations

import mmap
import os
import struct
import time
from collections.abc import Callable
from typing import Any

from waitress.server import MultiSocketServer, TcpWSGIServer

# One slot per worker: connections it holds, and time.monotonic() (system-wide on Linux) when written.
SLOT = struct.Struct("<qd")
# A worker's event loop writes at least once a second (waitress's loop timeout) while it lives.
STALE_SECONDS = 3.0
# What a worker at its connection limit writes: the others do not leave connections to it.
NOT_LISTENING = 2**62
# How long a worker that left a connection to another waits before looking again (the event
# loop wakes again at once while the connection waits).
DEFER_SECONDS = 0.001
# A worker leaves new connections to a less busy one for this long at most, then accepts anyway:
# that one may be failing to accept (out of file descriptors) or its loop may be held up.
MAX_DEFER_SECONDS = 0.02
# Not woken for this long since it last left one, a worker's wait is over (another took that
# connection): longer than a busy event loop's round, shorter than the time between connections.
DEFER_GAP_SECONDS = 0.1


def shared_slots(workers: int) -> int:
    """A file descriptor of zeroed memory for `workers` slots (all stale until written); -1 where
    there is no memfd (not Linux): the workers then accept as they wake, unbalanced."""
    try:
        fd = os.memfd_create("vnsearch-connections")
    except (AttributeError, OSError):
        return -1
    os.ftruncate(fd, SLOT.size * workers)
    return fd


def forget_worker(fd: int, slot: int) -> None:
    """Mark an exited worker's slot stale at once: a count it wrote before dying must not keep
    the others from accepting until it ages (the supervisor reaps within 0.2 s)."""
    os.pwrite(fd, SLOT.pack(0, 0.0), slot * SLOT.size)


class ConnectionBalance:
    """One worker's view of the shared slots."""

    def __init__(self, fd: int, slot: int, workers: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._memory = mmap.mmap(fd, SLOT.size * workers)
        self.slot, self.workers, self._clock = slot, workers, clock
        self._deferring_since: float | None = None
        self._deferred_at = 0.0  # when it last left a connection to another

    def note(self, connections: int) -> None:
        """Write how many connections this worker holds (NOT_LISTENING: it takes none now)."""
        at = self.slot * SLOT.size
        self._memory[at : at + SLOT.size] = SLOT.pack(connections, self._clock())  # one copy, not field by field

    def may_accept(self, connections: int) -> bool:
        """Note `connections`; whether this worker should take the next one: no other live
        worker holds fewer, or it has left connections to others for MAX_DEFER_SECONDS."""
        self.note(connections)
        now = self._clock()
        for other in range(self.workers):
            if other != self.slot:
                held, written = SLOT.unpack_from(self._memory, other * SLOT.size)
                if now - written < STALE_SECONDS and held < connections:
                    break
        else:
            self._deferring_since = None
            return True
        # Woken again soon: the same connection still waits. A longer gap means another worker
        # took it (this one was not woken again): the next connection starts a new wait.
        if self._deferring_since is None or now - self._deferred_at > DEFER_GAP_SECONDS:
            self._deferring_since = now
        self._deferred_at = now
        if now - self._deferring_since >= MAX_DEFER_SECONDS:
            self._deferring_since = None
            return True
        return False


def balanced_server(app: Any, sockets: list[Any], balance: ConnectionBalance | None, **adjustments: Any) -> Any:
    """waitress's create_server(app, sockets=...) for TCP sockets, each listener accepting only
    while `balance` allows (every connection when it is None)."""
    from waitress.adjustments import Adjustments
    from waitress.task import ThreadedTaskDispatcher

    adj = Adjustments(sockets=sockets, **adjustments)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    socket_map: dict[int, Any] = {}
    listeners = [_BalancedServer(app, socket_map, True, sock, dispatcher=dispatcher, adj=adj, bind_socket=False,
                                 sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname()), balance=balance)
                 for sock in adj.sockets]
    fixed = len(socket_map)  # the listeners and their triggers: the rest are connections
    for listener in listeners:
        listener.fixed = fixed
    if len(listeners) == 1:
        return listeners[0]
    return MultiSocketServer(socket_map, adj, [(s.effective_host, s.effective_port) for s in listeners],
                             dispatcher, listeners[-1].log_info)


class _BalancedServer(TcpWSGIServer):
    fixed = 0

    def __init__(self, *args: Any, balance: ConnectionBalance | None, **kwargs: Any) -> None:
        self.balance = balance
        super().__init__(*args, **kwargs)

    def connections(self) -> int:
        return len(self._map) - self.fixed

    def readable(self) -> bool:
        # Called by the event loop every time round (at least once a second): the count stays fresh.
        listening = bool(super().readable())
        if self.balance is not None:
            self.balance.note(self.connections() if listening else NOT_LISTENING)
        return listening

    def handle_accept(self) -> None:
        # Every worker is woken by a new connection; one that holds more than another leaves it
        # to that one (which listens: it holds the fewest), and looks again after a moment.
        if self.balance is not None and not self.balance.may_accept(self.connections()):
            time.sleep(DEFER_SECONDS)
            return
        super().handle_accept()
