"""`vnsearch serve` for production, as a real server process: slow clients, a worker dying, a port
in use, the health endpoint, and a clean shutdown. Every server runs in a process group of its
own, killed whatever happens.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexer.backends.tantivy import TantivyBackend
from indexer.config import Settings
from indexer.search.service import SearchService
from webui import create_app

from .conftest import REPO

WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, timeout: float = 5) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def workers(self) -> list[int]:
        """The supervisor's child processes (Linux /proc)."""
        pid = self.proc.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:  # a kernel without CONFIG_PROC_CHILDREN: by parent pid
            children = []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rpartition(")")[2].split()
                except OSError:  # gone meanwhile
                    continue
                if int(fields[1]) == pid and fields[0] != "Z":
                    children.append(int(stat.parent.name))
            return children

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start(data_dir: Path, cwd: Path, *args: str, workers: int = WORKERS) -> Server:
    """`vnsearch serve` on a free port, answering searches (the workers' count from the environment)."""
    port = free_port()
    log = cwd / f"serve-{port}.log"
    env = {"VNSEARCH_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO),
           "VNSEARCH_WORKERS": str(workers), "VNSEARCH_THREADS": "2"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--port", str(port), *args],
                                cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(proc, port, log)
    deadline = time.monotonic() + 30
    while True:
        try:
            if server.get("/api/search?q=doi+moi", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(server)
            raise AssertionError(f"the server did not start:\n{server.output()}")
        time.sleep(0.1)


def stop(server: Server) -> None:
    """Kill the whole process group (supervisor and workers), whatever state it is in."""
    try:
        os.killpg(server.proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(seed_backend: TantivyBackend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(seed_backend.settings.data_dir, tmp_path_factory.mktemp("serve"))
    try:
        yield running
    finally:
        stop(running)


def half_open(port: int, count: int) -> list[socket.socket]:
    """Connections that sent part of a request's headers and never send the rest."""
    socks = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /api/search?q=doi+moi HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)
    return socks


def test_half_open_connections_do_not_starve_normal_requests(server: Server) -> None:
    socks = half_open(server.port, 150)  # waitress's default connection limit is 100
    try:
        for q in ("doi+moi", "dang+bo", "hoi+nghi"):
            started = time.monotonic()
            status, body = server.get(f"/api/search?q={q}", timeout=2)
            assert status == 200 and json.loads(body)["total"] >= 0
            assert time.monotonic() - started < 2
    finally:
        for s in socks:
            s.close()


def test_a_killed_worker_is_replaced_and_the_server_keeps_answering(server: Server) -> None:
    before = server.workers()
    assert len(before) == WORKERS, server.output()
    os.kill(before[0], signal.SIGKILL)
    for _ in range(10):  # the other worker answers meanwhile
        assert server.get("/api/search?q=doi+moi")[0] == 200
    deadline = time.monotonic() + 10
    while True:
        now = server.workers()
        if len(now) == WORKERS and before[0] not in now:
            break
        assert time.monotonic() < deadline, (before, now, server.output())
        time.sleep(0.1)
    assert f"worker {before[0]} killed by SIGKILL" in server.output()
    assert server.get("/api/healthz")[0] == 200


def test_port_in_use_is_one_line_and_a_failure(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"VNSEARCH_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
        done = subprocess.run([sys.executable, "-m", "indexer.cli", "serve", "--port", str(port)], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=30, start_new_session=True)
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"port {port} on 127.0.0.1 is in use" in lines[0], done.stderr
    assert "serving" not in done.stderr and "Traceback" not in done.stderr


def _probe_commands() -> list[list[str]]:
    """The health checks of the Dockerfile and of docker-compose.yml's web service."""
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(r"^HEALTHCHECK .*?CMD (\[.*\])\s*$", dockerfile, re.M)
    assert found, "the Dockerfile has no HEALTHCHECK … CMD [...]"
    commands = [json.loads(found.group(1))]
    yaml = pytest.importorskip("yaml", reason="PyYAML is in the test extra: pip install '.[test]'")
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[0] == "CMD"
    commands.append(test[1:])
    return commands


def test_health_endpoint_and_the_container_probes(server: Server) -> None:
    with urllib.request.urlopen(server.base + "/api/healthz", timeout=5) as r:
        assert r.status == 200 and r.headers["Cache-Control"] == "no-store"
        health = json.loads(r.read())
    assert health["status"] == "ok" and health["backend"] == "tantivy" and health["documents"] == 5
    assert health["version"] and health["index_version"]
    for command in _probe_commands():
        assert command[0] == "python" and "8000" in " ".join(command), command
        probe = [sys.executable, *[part.replace(":8000/", f":{server.port}/") for part in command[1:]]]
        done = subprocess.run(probe, capture_output=True, text=True, timeout=15)
        assert done.returncode == 0, (shlex.join(command), done.stderr)


def test_health_of_an_empty_data_dir_is_200_empty(tmp_path: Path) -> None:
    app = create_app(service=SearchService(TantivyBackend(Settings(data_dir=tmp_path))))
    response = app.test_client().get("/api/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "empty" and response.get_json()["documents"] == 0


def test_health_of_a_broken_index_is_503_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "tantivy").mkdir()
    (tmp_path / "tantivy" / "LIVE").write_text("v-gone", encoding="utf-8")  # names a version that is not there
    app = create_app(service=SearchService(TantivyBackend(Settings(data_dir=tmp_path))))
    response = app.test_client().get("/api/healthz")
    assert response.status_code == 503 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["status"] == "unavailable" and "v-gone" in body["reason"]


def test_sigterm_stops_the_workers_and_exits_cleanly(seed_backend: TantivyBackend, tmp_path: Path) -> None:
    running = start(seed_backend.settings.data_dir, tmp_path)
    try:
        workers = running.workers()
        assert len(workers) == WORKERS
        running.proc.send_signal(signal.SIGTERM)
        assert running.proc.wait(timeout=10) == 0, running.output()
        for pid in workers:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
        assert "Traceback" not in running.output()
    finally:
        stop(running)


def test_workers_and_threads_from_the_environment() -> None:
    from indexer.config import ConfigError
    from webui.serving import DEFAULT_THREADS, default_workers, serve_options

    assert serve_options("h", 1, env={}).workers == default_workers() >= 1
    assert serve_options("h", 1, env={}).threads == DEFAULT_THREADS
    options = serve_options("h", 1, env={"VNSEARCH_WORKERS": "3", "VNSEARCH_THREADS": "6"})
    assert (options.workers, options.threads) == (3, 6)
    assert serve_options("h", 1, workers=2, env={"VNSEARCH_WORKERS": "3"}).workers == 2  # the flag wins
    with pytest.raises(ConfigError, match="VNSEARCH_WORKERS"):
        serve_options("h", 1, env={"VNSEARCH_WORKERS": "many"})


def test_a_cpu_quota_bounds_the_default_workers(tmp_path: Path) -> None:
    from webui.serving import _cgroup_cpu_quota

    cpu_max = tmp_path / "cpu.max"
    cpu_max.write_text("200000 100000\n")
    assert _cgroup_cpu_quota(cpu_max) == 2.0
    cpu_max.write_text("max 100000\n")
    assert _cgroup_cpu_quota(cpu_max) is None
    assert _cgroup_cpu_quota(tmp_path / "absent") is None


# --- connections spread over the workers -----------------------------------------------------------


def test_a_worker_listens_only_while_no_live_worker_holds_fewer_connections() -> None:
    from webui.balance import MAX_DEFER_SECONDS, STALE_SECONDS, ConnectionBalance, forget_worker, shared_slots

    now = [1000.0]
    fd = shared_slots(3)
    try:
        a, b, c = (ConnectionBalance(fd, slot, 3, clock=lambda: now[0]) for slot in range(3))
        assert a.may_accept(0)  # nobody else has written: they are not waited for
        assert b.may_accept(0) and not a.may_accept(1) and b.may_accept(0)
        assert c.may_accept(0) and not b.may_accept(1) and a.may_accept(0)
        assert not c.may_accept(2) and c.may_accept(0)  # equal counts: each may take the next
        c.may_accept(1), b.may_accept(0)
        assert not a.may_accept(1)  # b holds fewer
        forget_worker(fd, 1)  # b exited: its zero no longer holds the others back
        assert a.may_accept(1)
        now[0] += STALE_SECONDS  # c went silent (hung): a no longer waits for it either
        assert a.may_accept(5)
        # b is back holding none but does not take what a leaves it (out of file descriptors):
        # a waits MAX_DEFER_SECONDS at most, then accepts, and waits again for the next one.
        b.may_accept(0)
        assert not a.may_accept(5)
        now[0] += MAX_DEFER_SECONDS / 2
        assert not a.may_accept(5)
        now[0] += MAX_DEFER_SECONDS
        assert a.may_accept(5) and not a.may_accept(6)
        # b takes that one (a is not woken again); a new connection a second later is left to b
        # too: the wait that ended without a's accepting is over, not still running.
        now[0] += 1.0
        b.may_accept(0)
        assert not a.may_accept(6)
    finally:
        os.close(fd)


def test_connections_opened_at_once_are_spread_evenly_over_the_workers(server: Server) -> None:
    """Eight keep-alive clients connecting together end four on each worker (each worker is one
    core under the GIL: six on one and two on the other doubled the tail under load)."""
    import http.client

    for _ in range(3):  # one 4/4 could be luck; three in a row without balancing seldom are
        clients = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=5) for _ in range(8)]
        try:
            for client in clients:
                client.connect()
            for client in clients:
                client.request("GET", "/api/search?q=doi+moi")
            for client in clients:
                response = client.getresponse()
                assert response.status == 200
                response.read()
            held = {pid: len(_established(pid, server.port)) for pid in server.workers()}
            assert sorted(held.values()) == [4, 4], held
        finally:
            for client in clients:
                client.close()
        deadline = time.monotonic() + 5
        while any(_established(pid, server.port) for pid in server.workers()):  # closed on both sides
            assert time.monotonic() < deadline
            time.sleep(0.05)


def _established(pid: int, port: int) -> set[int]:
    """Inodes of the established TCP connections to `port` that process `pid` holds (Linux /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01" and int(fields[9]) in inodes:
                found.add(int(fields[9]))
    return found
