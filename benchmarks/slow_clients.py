"""Do slow clients starve normal ones? `vnsearch serve` under half-open connections.

    python benchmarks/slow_clients.py                          # this checkout, index of seeds/
    python benchmarks/slow_clients.py --vntc 2000              # the first 2000 VNTC articles instead
    python benchmarks/slow_clients.py --repo /work/pre13       # another checkout's `vnsearch serve`

Starts the real server as a subprocess (`python -m indexer.cli serve`, the code path of
`vnsearch serve`, from `--repo`) over a small index built by that checkout's `vnsearch index`,
then times normal `GET /api/search?q=...` requests one after another for `--duration` seconds:
first with no other client (the reference), then while `--half-open` connections hold partial
request headers that are never finished (each one sends another header line every `--drip`
seconds, as slowloris does, so an idle timeout alone does not clear them). Prints n, p50, p95,
max and how many requests took more than 1 s or failed (timeout `--timeout` s). The target: the
half-open connections delay no request past 1 s.
"""

from __future__ import annotations

import argparse
import gzip
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"
QUERIES = ("doi moi phuong thuc lanh dao", "Đảng bộ", "chuyển đổi số", "hoi nghi", "kinh te", "Quận ủy")
SLOW_MS = 1000.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_index(repo: Path, data_dir: Path, vntc: int) -> None:
    """Index seeds/ (or the first `vntc` VNTC articles) with `repo`'s own `vnsearch index`."""
    if vntc:
        source = data_dir / f"vntc-first-{vntc}.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as fh, open(source, "w", encoding="utf-8") as out:
            for n, line in enumerate(fh):
                if n >= vntc:
                    break
                out.write(line)
        paths = [str(source)]
    else:
        paths = [str(repo / "seeds")]
    subprocess.run([sys.executable, "-m", "indexer.cli", "index", *paths], cwd=data_dir, env=server_env(repo, data_dir),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def server_env(repo: Path, data_dir: Path) -> dict[str, str]:
    return {**os.environ, "VNSEARCH_DATA_DIR": str(data_dir / "data"), "PYTHONPATH": str(repo)}


def start_server(repo: Path, data_dir: Path, port: int, extra: list[str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        # A session of its own: the whole process group is stopped at the end, workers included.
        return subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--port", str(port), *extra],
                                cwd=data_dir, env=server_env(repo, data_dir), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def wait_ready(base: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/search?q=doi+moi", timeout=5) as r:
                r.read()
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)


class HalfOpen:
    """`count` connections that sent the start of a request and never finish it."""

    def __init__(self, port: int, count: int, drip: float) -> None:
        self.port, self.count, self.drip = port, count, drip
        self.socks: list[socket.socket] = []
        self.closed_by_server = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> HalfOpen:
        for _ in range(self.count):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            s.sendall(b"GET /api/search?q=doi+moi HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: unfinished
            self.socks.append(s)
        if self.drip > 0:
            self._thread = threading.Thread(target=self._dripping, daemon=True)
            self._thread.start()
        return self

    def _dripping(self) -> None:
        n = 0
        while not self._stop.wait(self.drip):
            n += 1
            for s in list(self.socks):
                try:
                    s.sendall(f"X-Slow-{n}: 1\r\n".encode())
                except OSError:  # the server closed it
                    self.socks.remove(s)
                    self.closed_by_server += 1

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        for s in self.socks:
            s.close()


def time_requests(base: str, duration: float, timeout: float) -> tuple[list[float], int]:
    """Latencies in ms of sequential searches for `duration` s (a failure counts at its time), and failures."""
    latencies: list[float] = []
    failed = 0
    deadline = time.monotonic() + duration
    n = 0
    while time.monotonic() < deadline:
        url = f"{base}/api/search?" + urllib.parse.urlencode({"q": QUERIES[n % len(QUERIES)]})
        n += 1
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:
                r.read()
                ok = r.status == 200
        except OSError:
            ok = False
        latencies.append((time.perf_counter() - started) * 1000)
        failed += not ok
    return latencies, failed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def row(label: str, values: list[float], failed: int) -> str:
    slow = sum(v > SLOW_MS for v in values)
    return (f"{label:>22} {len(values):>5} {statistics.median(values):>9.1f} {percentile(values, 95):>9.1f} "
            f"{max(values):>9.1f} {slow:>7} {failed:>7}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="checkout whose `vnsearch serve` runs (default: this)")
    parser.add_argument("--vntc", type=int, default=0, help="index the first N VNTC articles instead of seeds/")
    parser.add_argument("--half-open", type=int, default=200, help="half-open connections (default 200)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of timed requests per phase")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds before a request counts as failed")
    parser.add_argument("--drip", type=float, default=5.0, help="seconds between header lines of a slow client "
                                                               "(0: send nothing more)")
    parser.add_argument("--serve-arg", action="append", default=[], help="extra argument to `vnsearch serve`")
    args = parser.parse_args()
    if args.vntc and not CORPUS.exists():
        print(f"{CORPUS} is absent (the shared data folder beside the repository)", file=sys.stderr)
        return 2
    repo = args.repo.resolve()

    with tempfile.TemporaryDirectory(prefix="vnsearch-slow-") as tmp:
        data_dir = Path(tmp)
        build_index(repo, data_dir, args.vntc)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = data_dir / "server.log"
        proc = start_server(repo, data_dir, port, args.serve_arg, log)
        try:
            wait_ready(base, proc, log)
            time_requests(base, 1.0, args.timeout)  # warm-up: every worker opens the index
            reference = time_requests(base, args.duration, args.timeout)
            with HalfOpen(port, args.half_open, args.drip) as slow:
                loaded = time_requests(base, args.duration, args.timeout)
                still_open = len(slow.socks)
        finally:
            stop_server(proc)

    corpus = f"first {args.vntc} VNTC articles" if args.vntc else "seeds/"
    print(f"`vnsearch serve` of {repo} over {corpus}; sequential GET /api/search for {args.duration:.0f} s "
          f"per row, timeout {args.timeout:.0f} s")
    print(f"{'':>22} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'> 1 s':>7} {'failed':>7}")
    print(row("no half-open", *reference))
    print(row(f"{args.half_open} half-open", *loaded))
    print(f"half-open connections still open at the end: {still_open} of {args.half_open} "
          f"(drip every {args.drip:g} s)")
    slow_count = sum(v > SLOW_MS for v in loaded[0]) + loaded[1]
    verdict = "met" if slow_count == 0 else "MISSED"
    print(f"target: no normal request delayed past 1 s by {args.half_open} half-open connections: {verdict}")
    return 0 if slow_count == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
