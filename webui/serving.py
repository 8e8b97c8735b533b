"""Serving for production: `vnsearch serve` binds the listening socket once, then supervises
worker processes that each run waitress on that socket.

    serve(settings, ServeOptions(host="0.0.0.0", port=8000, workers=4))   # returns the exit status

Why waitress, tuned: its event loop reads each request completely before a worker thread sees
it, so a slow or half-open client costs a socket, never a thread. What starved the server was
waitress's defaults, 100 connections per process and 120 s before an idle one is closed: 100
half-open connections took every slot. Here each worker takes `connection_limit` (1000)
connections and closes one idle for `channel_timeout` (15 s). Gunicorn's sync and gthread
workers read the request in the worker itself; its documentation asks for a buffering proxy
in front of them against slow clients.

Why several processes: the analysis and the snippets are Python (one core per process under
the GIL), and a worker can die in native code (SIGBUS in tantivy's mmap when an index file is
truncated under it) without taking the server down: the supervisor starts another one.

Why one shared socket rather than a socket per worker (SO_REUSEPORT): the connections waiting
in the backlog are not lost when a worker dies; the others accept them. Which worker accepts
is balanced by the connections each holds (webui/balance.py).

Why the workers are new interpreters (`python -m indexer.cli serve --supervised-worker …`, the
sockets passed as file descriptors) rather than forked copies: the supervisor already holds
threads (numpy's BLAS pool starts at import) and the app holds tantivy and Elasticsearch client
threads; a forked copy of a threaded process can deadlock. Each worker builds its app itself,
from the environment.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from indexer.config import Settings

from .balance import ConnectionBalance, balanced_server, forget_worker, shared_slots
from .config import WebSettings, env_int

# Threads per worker: requests in flight at once in one process. Searches are short and mostly
# CPU, so a few cover the waits (Elasticsearch round trips) without queuing behind the GIL.
DEFAULT_THREADS = 4
# Beyond this many workers by default, memory (each holds its own app and readers) grows faster
# than throughput; --workers goes higher.
MAX_DEFAULT_WORKERS = 8
MAX_WORKERS = 64
MAX_THREADS = 64
# Connections one worker holds open; an idle or half-open one costs a socket and a few kB.
CONNECTION_LIMIT = 1000
# Seconds an idle connection (keep-alive, or a request that stopped arriving) stays open.
CHANNEL_TIMEOUT = 15
# How often waitress looks for idle connections: they close after 15 to 20 s.
CLEANUP_INTERVAL = 5
# The app only answers GET; a large body is refused instead of spooled to disk.
MAX_REQUEST_BODY_BYTES = 1 << 20
# Connections the kernel queues while every worker is busy accepting.
BACKLOG = 2048
# Seconds the workers get to finish their requests on SIGTERM before they are killed (within
# the 10 s Docker waits before it kills the container).
SHUTDOWN_GRACE = 8.0
# A worker that dies sooner than this after starting is restarted after a growing delay (a
# damaged index may kill every new worker at its first search).
STABLE_AFTER = 30.0
FIRST_RESTART_DELAY = 0.5
MAX_RESTART_DELAY = 30.0
# Where the `indexer` and `webui` packages live: the workers import these, whatever their
# working directory holds.
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class ServeError(ValueError):
    """Why the server cannot start, in one line (a ValueError: the command prints it, exit 2)."""


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    threads: int = DEFAULT_THREADS
    connection_limit: int = CONNECTION_LIMIT
    channel_timeout: int = CHANNEL_TIMEOUT

    def waitress(self) -> dict[str, Any]:
        """waitress adjustments of one worker (see waitress's `Adjustments`)."""
        return {
            "threads": self.threads,
            "connection_limit": self.connection_limit,
            "channel_timeout": self.channel_timeout,
            "cleanup_interval": CLEANUP_INTERVAL,
            "backlog": BACKLOG,
            "max_request_body_size": MAX_REQUEST_BODY_BYTES,
            # select() fails beyond file descriptor 1023; poll() has no such limit.
            "asyncore_use_poll": True,
            "ident": "vnsearch",
        }


def default_workers() -> int:
    """One worker per core this process may use, at most MAX_DEFAULT_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    if quota is not None:  # `docker run --cpus 2` limits time, not the cores the kernel lists
        cores = min(cores, max(1, round(quota)))
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def _cgroup_cpu_quota(path: Path = Path("/sys/fs/cgroup/cpu.max")) -> float | None:
    """CPUs' worth of time cgroup v2 grants this container ("200000 100000": 2.0), None if unlimited."""
    try:
        quota, period = path.read_text(encoding="ascii").split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        return None


def serve_options(host: str, port: int, workers: int | None = None, threads: int | None = None,
                  env: Mapping[str, str] | None = None) -> ServeOptions:
    """Options from the command line, else VNSEARCH_WORKERS / VNSEARCH_THREADS, else the defaults."""
    environ = os.environ if env is None else env
    return ServeOptions(
        host=host, port=port,
        workers=workers or env_int(environ, "VNSEARCH_WORKERS", 1, MAX_WORKERS) or default_workers(),
        threads=threads or env_int(environ, "VNSEARCH_THREADS", 1, MAX_THREADS) or DEFAULT_THREADS,
    )


# --- the listening socket -------------------------------------------------------------------


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address `host` names (as waitress would), or a ServeError.

    A port in use is one line naming it; an address this machine lacks (IPv6 in a container)
    is skipped while another one works.
    """
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sockets: list[socket.socket] = []
    problems: list[OSError] = []
    seen: set[tuple[int, str]] = set()
    for family, kind, proto, _, address in infos:
        if family not in (socket.AF_INET, socket.AF_INET6) or (family, str(address[0])) in seen:
            continue
        seen.add((family, str(address[0])))
        sock = socket.socket(family, kind, proto)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart despite TIME_WAIT
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(BACKLOG)
        except OSError as exc:
            sock.close()
            if exc.errno == errno.EADDRINUSE:
                for done in sockets:
                    done.close()
                raise ServeError(f"port {port} on {host} is in use: {exc.strerror}") from None
            problems.append(exc)
            continue
        sockets.append(sock)
        if port == 0:  # an ephemeral port differs per address: one address only
            break
    if not sockets:
        reason = problems[0].strerror if problems else "no usable address"
        raise ServeError(f"cannot listen on {host}:{port}: {reason}")
    return sockets


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


# --- the supervisor -------------------------------------------------------------------------


@dataclass
class _Worker:
    slot: int
    proc: subprocess.Popen[bytes]
    ready_fd: int  # read end of a pipe: "1" once the app is built, end of file when the worker exits
    started: float
    ready: bool = False


@dataclass
class _Slot:
    delay: float = FIRST_RESTART_DELAY
    restart_at: float | None = None


def describe_exit(code: int) -> str:
    """'killed by SIGBUS (signal 7)' or 'exited with status 3', from a returncode."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "an unknown signal"
        return f"killed by {name} (signal {-code})"
    return f"exited with status {code}"


@dataclass
class Supervisor:
    """Starts `options.workers` workers on `sockets`, restarts the ones that die, stops them all on SIGTERM/SIGINT."""

    sockets: list[socket.socket]
    options: ServeOptions
    backend: str
    log: TextIO = field(default_factory=lambda: sys.stderr)
    workers: dict[int, _Worker] = field(default_factory=dict)  # by pid
    slots: list[_Slot] = field(default_factory=list)
    stop_signal: int | None = None
    ever_ready: bool = False
    failed: str | None = None
    balance_fd: int = -1  # the workers' shared connection counts (webui/balance.py); -1 with one worker

    def say(self, message: str) -> None:
        print(f"vnsearch: {message}", file=self.log, flush=True)

    def _on_signal(self, signum: int, frame: object) -> None:
        if self.stop_signal is not None:  # a second Ctrl+C: no more waiting
            self._signal_workers(signal.SIGKILL)
        self.stop_signal = signum

    def run(self) -> int:
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.slots = [_Slot() for _ in range(self.options.workers)]
            # Each worker's open connections, for the others to balance by (webui/balance.py).
            self.balance_fd = shared_slots(self.options.workers) if self.options.workers > 1 else -1
            for slot in range(self.options.workers):
                self._spawn(slot)
            while self.stop_signal is None and self.failed is None:
                self._watch(0.2)
                self._reap()
                self._restart_due()
            self._shutdown()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if self.failed is not None:
            self.say(self.failed)
            return 2
        return 0

    def _spawn(self, slot: int) -> None:
        read_fd, write_fd = os.pipe()
        fds = [s.fileno() for s in self.sockets]
        config = {"fds": fds, "ready_fd": write_fd, "parent": os.getpid(), "options": asdict(self.options),
                  "balance_fd": self.balance_fd, "slot": slot}
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PACKAGE_ROOT), env.get("PYTHONPATH")) if p)
        # -P: the working directory is not put first on sys.path, so the workers run this very code.
        proc = subprocess.Popen([sys.executable, "-P", "-m", "indexer.cli", "serve", "--supervised-worker",
                                 json.dumps(config)],
                                pass_fds=[*fds, write_fd, *([self.balance_fd] if self.balance_fd >= 0 else [])],
                                env=env)
        os.close(write_fd)
        self.workers[proc.pid] = _Worker(slot, proc, read_fd, time.monotonic())
        self.slots[slot].restart_at = None

    def _watch(self, timeout: float) -> None:
        """Wait up to `timeout` s for a worker to say it is ready (or to close its pipe by exiting)."""
        by_fd = {w.ready_fd: w for w in self.workers.values() if w.ready_fd >= 0}
        if not by_fd:
            time.sleep(timeout)
            return
        readable, _, _ = select.select(list(by_fd), [], [], timeout)
        for fd in readable:
            worker = by_fd[fd]
            if os.read(fd, 16):
                worker.ready = True
                if not self.ever_ready:
                    self.ever_ready = True
                    o = self.options
                    self.say(f"serving the {self.backend} index on {_url(o.host, self.port)} with {o.workers} "
                             f"worker process{'es' if o.workers > 1 else ''} x {o.threads} threads (Ctrl+C stops)")
            os.close(fd)
            worker.ready_fd = -1

    @property
    def port(self) -> int:
        return int(self.sockets[0].getsockname()[1])

    def _reap(self) -> None:
        """Collect every exited child (also orphans, when this is PID 1 in a container)."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            worker = self.workers.pop(pid, None)
            if worker is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            worker.proc.returncode = code  # reaped here: Popen must not wait for it again
            if self.balance_fd >= 0:
                forget_worker(self.balance_fd, worker.slot)  # the others stop waiting for its count
            if worker.ready_fd >= 0:
                os.close(worker.ready_fd)
            if self.stop_signal is not None:
                continue
            if not self.ever_ready and not worker.ready:
                # Before any worker could start, a restart would fail the same way: say why and stop.
                self.failed = f"worker {pid} could not start: it {describe_exit(code)}"
                return
            self._schedule_restart(worker, code)

    def _schedule_restart(self, worker: _Worker, code: int) -> None:
        slot = self.slots[worker.slot]
        lived = time.monotonic() - worker.started
        if lived >= STABLE_AFTER:
            slot.delay = FIRST_RESTART_DELAY
        delay = slot.delay
        slot.delay = min(slot.delay * 2, MAX_RESTART_DELAY)
        slot.restart_at = time.monotonic() + delay
        self.say(f"worker {worker.proc.pid} {describe_exit(code)} after {lived:.1f} s; "
                 f"starting another in {delay:.1f} s")

    def _restart_due(self) -> None:
        now = time.monotonic()
        for index, slot in enumerate(self.slots):
            if slot.restart_at is not None and slot.restart_at <= now:
                self._spawn(index)

    def _signal_workers(self, signum: int) -> None:
        for pid in list(self.workers):
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass

    def _shutdown(self) -> None:
        """SIGTERM to every worker; those not gone after SHUTDOWN_GRACE seconds are killed."""
        self._signal_workers(signal.SIGTERM)
        deadline = time.monotonic() + SHUTDOWN_GRACE
        while self.workers and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.05)
        if self.workers:
            self.say(f"{len(self.workers)} worker(s) still running after {SHUTDOWN_GRACE:.0f} s: killing them")
            self._signal_workers(signal.SIGKILL)
            while self.workers:
                self._reap()
                time.sleep(0.05)
        for sock in self.sockets:
            sock.close()


def _raise_file_limit(wanted: int) -> int:
    """Raise this process's open-file limit towards `wanted`; the limit it has afterwards."""
    try:
        import resource
    except ImportError:  # not Unix
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return wanted if soft == resource.RLIM_INFINITY else soft


def serve(settings: Settings, options: ServeOptions) -> int:
    """Bind, then supervise the workers until SIGTERM/SIGINT; the exit status of `vnsearch serve`.

    The workers read their settings from the environment, as `settings` was read.
    """
    WebSettings.from_env()  # a bad web setting stops here, once, not in every worker
    sockets = bind(options.host, options.port)
    # Each connection is a file descriptor; with the default limit of 1024, accept() would fail.
    _raise_file_limit(options.connection_limit + 128)
    return Supervisor(sockets, options, settings.backend).run()


# --- a worker -------------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Linux: SIGTERM this worker if the supervisor dies (even by SIGKILL), so none is left behind."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the supervisor died before prctl took effect
        raise SystemExit(0)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)  # waitress's loop ends on SystemExit and lets running requests finish (5 s)


def run_worker(config_json: str, make_app: Callable[[], Any]) -> int:
    """One worker: build the app (after exec: no thread of the supervisor's is copied), tell the
    supervisor, run waitress on the inherited sockets until SIGTERM/SIGINT.

    `config_json` is what the supervisor wrote; a failure of `make_app` (settings, the engine
    unreachable) propagates: the command prints it in one line and the worker exits.
    """
    config = json.loads(config_json)
    options = ServeOptions(**config["options"])
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    _die_with_parent(config["parent"])
    sockets = [socket.socket(fileno=fd) for fd in config["fds"]]

    balance_fd = config.get("balance_fd", -1)
    balance = ConnectionBalance(balance_fd, config["slot"], options.workers) if balance_fd >= 0 else None
    app = make_app()
    os.write(config["ready_fd"], b"1")
    os.close(config["ready_fd"])
    # waitress's warnings (connection limit reached, queue depth) go to stderr with the worker's pid.
    logging.basicConfig(format=f"vnsearch worker {os.getpid()}: %(levelname)s %(name)s: %(message)s")
    adjustments = options.waitress()
    files = _raise_file_limit(options.connection_limit + 128)
    adjustments["connection_limit"] = max(16, min(options.connection_limit, files - 128))
    balanced_server(app, sockets, balance, **adjustments).run()
    return 0
