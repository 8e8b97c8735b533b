"""What folding republished copies costs a search, over an index that holds many.

    python benchmarks/copies.py --data-dir DIR [--queries 300 --seed 7]

DIR is a vnsearch data directory with a tantivy index (for instance of the whole of VNTC, whose
3,685 groups hold 7,417 articles). Queries are the first words of the titles of grouped articles
(so that most pages hold copies) and of others, half each; each is searched as the page does it
(facets, snippets, copies folded and listed) and with neither the fold nor the copy lists (what
the page cost before copies were grouped), interleaved query by query in one process on one index.
Prints p50 / p95 in milliseconds of each, and how many pages left copies out.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.backends.tantivy import TantivyBackend  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.models import SearchRequest  # noqa: E402
from indexer.schema import copy_group_of  # noqa: E402
from indexer.search.service import SearchService  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    backend = TantivyBackend(Settings(data_dir=args.data_dir))
    service = SearchService(backend)
    grouped: list[str] = []
    alone: list[str] = []
    for stored in backend.iter_stored():
        title = " ".join((stored.get("title") or "").split()[:4])
        if title:
            (grouped if copy_group_of(stored) else alone).append(title)
    rng = random.Random(args.seed)
    half = args.queries // 2
    texts = rng.sample(grouped, min(half, len(grouped))) + rng.sample(alone, min(half, len(alone)))
    rng.shuffle(texts)
    print(f"{len(grouped):,} grouped articles, {len(alone):,} others; {len(texts)} queries")
    for text in texts[:20]:  # warm up: caches, the vocabulary
        service.search(SearchRequest(text=text))
    folded: list[float] = []
    listed: list[float] = []
    left_out = 0
    for text in texts:
        for fold, times in ((True, folded), (False, listed)):
            request = SearchRequest(text=text, fold_copies=fold, list_copies=fold)
            started = time.perf_counter()
            result = service.search(request)
            times.append((time.perf_counter() - started) * 1000)
            left_out += bool(fold and result.copies_left_out)
    for name, times in (("folded (the page)", folded), ("neither", listed)):
        print(f"{name:>18}: p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms")
    print(f"{left_out} of {len(texts)} folded pages left copies out")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
