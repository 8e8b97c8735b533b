"""Relevance on a judged collection, with ranking weights overridable for tuning.

    python benchmarks/relevance.py [--collection ../shared/eval/alqac2022] [--set min_match_ratio=0.4 ...]

Indexes the collection's docs.jsonl into a scratch embedded index (kept under
--data-dir between runs), then prints MRR@10 / Recall@10 / Recall@100 / nDCG@10
for the questions as written and stripped of all diacritics.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from indexer.backends.tantivy import TantivyBackend
from indexer.evaluation import load_qrels, load_queries, metrics, run, without_diacritics
from indexer.ingest import Progress, index_paths
from indexer.ranking import DEFAULT_WEIGHTS
from indexer.search import SearchService

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collection", default=str(REPO.parent / "shared" / "eval" / "alqac2022"))
    parser.add_argument("--data-dir", default="/tmp/vnsearch-relevance")
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE", help="override a ranking weight")
    args = parser.parse_args()
    collection = Path(args.collection)
    backend = TantivyBackend(args.data_dir)
    if backend.live_version() is None:
        report = index_paths(backend, [collection / "docs.jsonl"], Progress(every=10**9))
        print(report.summary(), file=sys.stderr)
    overrides = {}
    fields = {f.name: f.type for f in dataclasses.fields(DEFAULT_WEIGHTS)}
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in fields:
            parser.error(f"--set: unknown weight {name!r}; known: {', '.join(fields)}")
        overrides[name] = int(value) if fields[name] in (int, "int") else float(value)
    weights = dataclasses.replace(DEFAULT_WEIGHTS, **overrides)
    service = SearchService(backend, weights)
    queries = load_queries(collection / "queries.jsonl")
    qrels = load_qrels(collection / "qrels.tsv")
    for label, qs in (("as written", queries), ("no diacritics", without_diacritics(queries))):
        started = time.perf_counter()
        results = {qid: [d for d, _ in ranked] for qid, ranked in run(service, qs, 100)}
        elapsed = time.perf_counter() - started
        scores = metrics(results, qrels)
        shown = "  ".join(f"{k} {v:.4f}" for k, v in scores.items() if k != "queries")
        print(f"{label:>14}: {shown}  ({len(qs)} queries, {elapsed / len(qs) * 1000:.1f} ms/query)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
