"""Indexing speed end to end, next to stock pyvi segmenting the same texts, in one run.

    python benchmarks/indexing.py --n 5000 [--repeat 3] [--workers N]

For N VNTC articles, `--repeat` times in a row: (1) stock `pyvi.ViTokenizer.tokenize` over
every article's text, single-threaded, in this process; (2) `vnsearch index` of the same
articles into a fresh embedded index (no cache), as a subprocess; (3) `vnsearch reindex` of
the same articles with nothing cached, then again with the cache warm. Prints seconds (median
and p95 over repetitions), documents/s, syllables/s, the peak resident memory of the indexing
process tree, and the two ratios as the median of each repetition's own ratio: a shared machine
drifts by a quarter over minutes, so each ratio compares runs made one after the other.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_measured(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak tree RSS (KiB) and stderr of a command."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kib(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err}")
    return elapsed, peak, err


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="analysis processes (default: one per core)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus} is absent")

    work = Path(tempfile.mkdtemp(prefix="vnsearch-bench-"))
    try:
        source = work / "articles.jsonl"
        with gzip.open(args.corpus, "rb") as fh:
            lines = list(itertools.islice(fh, args.n))
        source.write_bytes(b"".join(lines))
        texts = [json.loads(line)["text"] for line in lines]

        from pyvi import ViTokenizer

        from indexer.analysis.segmenter import syllables

        n_syllables = sum(len(syllables(t)) for t in texts)
        exe = [sys.executable, "-m", "indexer.cli"]
        workers = ["--workers", str(args.workers)] if args.workers else []
        stock, cold, peaks = [], [], []
        warm: list[float] = []
        rebuild_cold: list[float] = []
        for rep in range(args.repeat):
            started = time.perf_counter()
            for text in texts:
                ViTokenizer.tokenize(text)
            stock.append(time.perf_counter() - started)
            data = work / f"data{rep}"
            env = {**os.environ, "VNSEARCH_DATA_DIR": str(data)}
            seconds, peak, _ = run_measured([*exe, "index", str(source), *workers], env)
            cold.append(seconds)
            peaks.append(peak)
            shutil.rmtree(data / "cache")  # a rebuild with nothing cached (first reindex after a code change)
            seconds, peak, _ = run_measured([*exe, "reindex", str(source), *workers], env)
            rebuild_cold.append(seconds)
            peaks.append(peak)
            seconds, _, _ = run_measured([*exe, "reindex", str(source), *workers], env)
            warm.append(seconds)
            shutil.rmtree(data)

        def row(label: str, values: list[float]) -> str:
            med = statistics.median(values)
            return (f"{label:<44} {med:8.1f} s  p95 {p95(values):6.1f} s  {args.n / med:7.0f} docs/s  "
                    f"{n_syllables / med:9.0f} syllables/s")

        print(f"{args.n} VNTC articles, {n_syllables:,} syllables; {os.cpu_count()} cores; "
              f"{args.repeat} repetitions; workers {args.workers or 'one per core'}")
        print(row("stock pyvi segmentation only, 1 thread", stock))
        print(row("vnsearch index, fresh index, no cache", cold))
        print(row("vnsearch reindex, no cache (first run)", rebuild_cold))
        print(row("vnsearch reindex, cache warm (second run)", warm))

        def ratio(label: str, numerators: list[float], denominators: list[float]) -> None:
            each = [n / d for n, d in zip(numerators, denominators)]
            print(f"{label}: {statistics.median(each):.2f} (each repetition: {', '.join(f'{r:.2f}' for r in each)})")

        ratio("index (fresh, no cache) / stock segmentation", cold, stock)
        ratio("reindex second run / first run", warm, rebuild_cold)
        print(f"peak resident memory of the indexing process tree: median {statistics.median(peaks) / 1024:.0f} MiB, "
              f"max {max(peaks) / 1024:.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
