"""Relevance on every judged collection, in one table; ranking weights overridable for tuning.

    python benchmarks/relevance.py [--eval-root ../shared/eval] [--collection DIR ...]
                                   [--set min_match_ratio=0.4 ...] [--mistyped]

Each collection is a folder with docs.jsonl, queries.jsonl and qrels.tsv (every folder under
--eval-root that has them, unless --collection names some). Each is indexed into a scratch
embedded index under --data-dir, kept between runs and rebuilt when the document code changes.
Prints MRR@10 / Recall@10 / Recall@100 / nDCG@10 for the queries as written and stripped of
all diacritics, the number of queries that found nothing, then the mean over all collections.
--mistyped adds the queries as typed with the input method off (Telex, VNI) and accent-free with
one slip (benchmarks/mistyped.py, seed 14), each with its share of the accent-free MRR@10.
"""

from __future__ import annotations

import argparse
import random
import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend  # noqa: E402
from indexer.ingest.cache import DOCUMENT_VERSION  # noqa: E402
from indexer.evaluation import evaluate  # noqa: E402
from indexer.evaluation import load_qrels, load_queries, without_diacritics  # noqa: E402
from indexer.ingest import Progress, index_paths  # noqa: E402
from indexer.query.ranking import DEFAULT_WEIGHTS, Weights  # noqa: E402
from indexer.search.service import SearchService  # noqa: E402
from indexer.search.vocabularies import ArchiveVocabulary  # noqa: E402
from indexer.evaluation import EvalQuery  # noqa: E402
from benchmarks import mistyped  # noqa: E402

COLLECTION_FILES = ("docs.jsonl", "queries.jsonl", "qrels.tsv")


def collections(eval_root: Path, named: list[str]) -> list[Path]:
    if named:
        return [Path(c) for c in named]
    return sorted(p for p in eval_root.iterdir() if all((p / f).is_file() for f in COLLECTION_FILES))


def weights_from(items: list[str], parser: argparse.ArgumentParser) -> Weights:
    fields = {f.name: f.type for f in dataclasses.fields(DEFAULT_WEIGHTS)}
    overrides: dict[str, Any] = {}  # each value of its field's type (checked above)
    for item in items:
        name, _, value = item.partition("=")
        if name not in fields:
            parser.error(f"--set: unknown weight {name!r}; known: {', '.join(fields)}")
        try:
            overrides[name] = int(value) if fields[name] in (int, "int") else float(value)
        except ValueError:
            parser.error(f"--set {name}: {value!r} is not a number")
    return dataclasses.replace(DEFAULT_WEIGHTS, **overrides)


def collection_backend(collection: Path, data_dir: Path) -> TantivyBackend:
    """The collection's scratch index, built again whenever the document code changed."""
    backend = TantivyBackend(Settings(data_dir=data_dir / f"{collection.name}-{DOCUMENT_VERSION}"))
    if backend.live_version() is None:
        report = index_paths(backend, [collection / "docs.jsonl"], Progress(every=10**9))
        print(f"{collection.name}: {report.summary()}", file=sys.stderr)
    ArchiveVocabulary(backend).ensure(backend.live_version() or "")
    return backend


MISTYPED_SEED = 14


def mistyped_queries(queries: list[EvalQuery]) -> list[tuple[str, list[EvalQuery]]]:
    """The queries as typed with the input method off and with one slip (benchmarks/mistyped.py)."""
    out = []
    for label, typist in (("telex", mistyped.telex), ("vni", mistyped.vni), ("one slip", mistyped.one_slip)):
        rng = random.Random(MISTYPED_SEED)
        out.append((label, [EvalQuery(q.id, typist(q.text, rng)) for q in queries]))
    return out


def evaluate_collection(service: SearchService, collection: Path, mistyped_too: bool = False) -> dict[str, dict[str, float]]:
    queries = load_queries(collection / "queries.jsonl")
    qrels = load_qrels(collection / "qrels.tsv")
    out = {}
    variants = [("as written", queries), ("no diacritics", without_diacritics(queries))]
    if mistyped_too:
        variants += mistyped_queries(queries)
    for label, qs in variants:
        started = time.perf_counter()
        scores = evaluate(service, qs, qrels)
        scores["ms/query"] = (time.perf_counter() - started) / len(qs) * 1000
        out[label] = scores
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--collection", action="append", default=[], help="a collection folder (repeatable)")
    parser.add_argument("--data-dir", default="/tmp/vnsearch-relevance")
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE", help="override a ranking weight")
    parser.add_argument("--mistyped", action="store_true", help="also Telex, VNI and one-slip queries")
    args = parser.parse_args()
    weights = weights_from(args.set, parser)
    chosen = collections(Path(args.eval_root), args.collection)
    if not chosen:
        parser.error(f"no collection (docs.jsonl, queries.jsonl, qrels.tsv) under {args.eval_root}")
    columns = ("MRR@10", "Recall@10", "Recall@100", "nDCG@10")
    print(f"| collection | queries | {' | '.join(columns)} | empty | ms/query |")
    print("|---|---|" + "---|" * (len(columns) + 2))
    means: dict[str, list[float]] = {}
    for collection in chosen:
        service = SearchService(collection_backend(collection, Path(args.data_dir)), weights)
        results = evaluate_collection(service, collection, args.mistyped)
        for label, scores in results.items():
            cells = " | ".join(f"{scores[c]:.4f}" for c in columns)
            share = ""
            if label not in ("as written", "no diacritics"):
                share = f" ({scores['MRR@10'] / results['no diacritics']['MRR@10']:.1%} of accent-free)"
            print(f"| {collection.name} | {label}{share} | {cells} | {scores['empty']:.0f} | {scores['ms/query']:.1f} |",
                  flush=True)
            means.setdefault(label, []).append(scores["MRR@10"])
    for label, values in means.items():
        print(f"mean MRR@10 over {len(values)} collection(s), {label}: {sum(values) / len(values):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
