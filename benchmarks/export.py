"""Export of a whole result set through a real server: time to the first byte, total time, and
the memory of the server process while it streams.

    python benchmarks/export.py --data-dir /tmp/vnsearch-bench [--format csv] [--rows 10000 1000]

Runs `vnsearch serve --workers 1` over the index in `--data-dir` (build one with
benchmarks/search_latency.py), then asks `/export` for the newest `--rows` articles of the
archive (an empty query lists them all) in each format. The worker's resident memory is read
from /proc every 10 ms during each export: its peak is printed beside the resident memory
before the export; bounded streaming shows as the same growth for 1,000 and 10,000 rows.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(c) for c in text]
    return out


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def wait_ready(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def export_once(base: str, worker: int, fmt: str, rows: int) -> dict[str, float]:
    peak = [rss_kib(worker)]
    before = peak[0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(worker))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()
    # The `rows` newest articles: an empty query, cut by `limit`.
    with urllib.request.urlopen(f"{base}/export?format={fmt}&sort=newest&limit={rows}", timeout=600) as response:
        first = response.read(1)
        first_byte = time.perf_counter() - started
        size = len(first) + sum(len(chunk) for chunk in iter(lambda: response.read(65536), b""))
    total = time.perf_counter() - started
    done.set()
    watcher.join()
    return {"first_byte_ms": first_byte * 1000, "total_s": total, "bytes": size, "rss_before_mib": before / 1024,
            "rss_peak_mib": peak[0] / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--format", nargs="+", default=["csv", "jsonl", "ris"])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "VNSEARCH_DATA_DIR": str(args.data_dir)}
    server = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--port", str(port), "--workers", "1"],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        worker = children(server.pid)[0]
        with urllib.request.urlopen(base + "/?q=kinh+te", timeout=60) as r:  # warm: readers, vocabulary
            r.read()
        print(f"{'format':>6} {'rows':>6} {'first byte ms':>14} {'total s':>8} {'MB':>7} {'RSS before MiB':>15} "
              f"{'RSS peak MiB':>13}")
        for fmt in args.format:
            for rows in args.rows:
                m = export_once(base, worker, fmt, rows)
                print(f"{fmt:>6} {rows:>6} {m['first_byte_ms']:>14.0f} {m['total_s']:>8.2f} {m['bytes'] / 1e6:>7.1f} "
                      f"{m['rss_before_mib']:>15.0f} {m['rss_peak_mib']:>13.0f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
