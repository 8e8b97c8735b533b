"""Benchmark: stock pyvi vs indexer.analysis.segmenter.segment, one core.

Usage (from the repo root):

    python benchmarks/segmentation.py --n 2000

Takes the first N VNTC articles, segments them with stock
`pyvi.ViTokenizer.tokenize` and with `segment` in the same process, single
threaded and pinned to one CPU, alternating the order over several
repetitions.  "Syllables" are pyvi's sylabelize() tokens, the unit the CRF
tags (segmenter.syllables; tests check it equals pyvi's own sylabelize).
Prints, per implementation, the aggregate syllables/s of each repetition
(median and p95-slowest over repetitions), per-document syllables/s (median
and p95-slowest over all documents of all repetitions), the speed-up, and
whether every output was identical.  Repetition 1 includes the fast path's
cold per-token cache; later ones run warm, as a long indexing job does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # a script, not library code: make `indexer` importable
    sys.path.insert(0, str(REPO))

from indexer.analysis import segmenter  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"


def load_articles(path: Path, n: int) -> list[str]:
    texts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
                if len(texts) >= n:
                    break
    return texts


def pin_to_one_cpu() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def run(fn, texts: list[str]) -> tuple[list[str], list[float], float]:
    """Outputs, per-document seconds, wall seconds for the whole pass."""
    outputs: list[str] = []
    per_doc: list[float] = []
    clock = time.perf_counter
    start = clock()
    for text in texts:
        t0 = clock()
        outputs.append(fn(text))
        per_doc.append(clock() - t0)
    return outputs, per_doc, clock() - start


def pctl(values: list[float], q: float) -> float:
    """Nearest-rank percentile, q in [0, 100]."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="number of VNTC articles (default 2000)")
    ap.add_argument("--reps", type=int, default=5, help="repetitions per implementation (default 5)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="VNTC jsonl.gz")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    args = ap.parse_args()

    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    texts = load_articles(args.corpus, args.n)
    pinned = "not pinned" if args.no_pin else pin_to_one_cpu()
    syllables = [len(segmenter.syllables(t)) for t in texts]
    total = sum(syllables)
    print(f"{len(texts)} articles, {total} syllables, {sum(map(len, texts))} chars; "
          f"{args.reps} repetitions; {pinned}")

    impls = {"stock pyvi": segmenter.stock_segment, "segment": segmenter.segment}
    # Load both models outside the timed region (segment loads lazily).
    for fn in impls.values():
        fn(texts[0])
    print(f"segment() implementation: "
          f"{'fast path' if segmenter._impl is not segmenter.stock_segment else 'STOCK FALLBACK'}")

    rates: dict[str, list[float]] = {name: [] for name in impls}
    doc_rates: dict[str, list[float]] = {name: [] for name in impls}
    reference: list[str] | None = None
    identical = True
    mismatches = 0
    for rep in range(args.reps):
        order = list(impls) if rep % 2 == 0 else list(reversed(impls))
        for name in order:
            outputs, per_doc, wall = run(impls[name], texts)
            rates[name].append(total / wall)
            doc_rates[name].extend(s / t for s, t in zip(syllables, per_doc) if s and t > 0)
            if name == "stock pyvi" and reference is None:
                reference = outputs
            if name == "segment" and reference is not None:
                bad = sum(a != b for a, b in zip(outputs, reference))
                mismatches += bad
                identical &= bad == 0
            print(f"  rep {rep + 1}: {name:10s} {total / wall:>10,.0f} syllables/s ({wall:.2f} s)")
    # Repetition 1 runs stock first, so every segment() pass is compared.

    print()
    print(f"{'':12s} {'median':>12s} {'p95-slowest':>12s}   (aggregate syllables/s over repetitions)")
    for name in impls:
        print(f"{name:12s} {statistics.median(rates[name]):>12,.0f} {pctl(rates[name], 5):>12,.0f}")
    print(f"{'':12s} {'median':>12s} {'p95-slowest':>12s}   (per-document syllables/s, all repetitions)")
    for name in impls:
        print(f"{name:12s} {statistics.median(doc_rates[name]):>12,.0f} "
              f"{pctl(doc_rates[name], 5):>12,.0f}")
    speedup = statistics.median(rates["segment"]) / statistics.median(rates["stock pyvi"])
    doc_speedup = statistics.median(doc_rates["segment"]) / statistics.median(doc_rates["stock pyvi"])
    print(f"speed-up (median aggregate): {speedup:.2f}x; (median per-document): {doc_speedup:.2f}x")
    print(f"outputs identical: {'yes' if identical else f'NO ({mismatches} mismatching documents)'}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
