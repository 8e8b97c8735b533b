"""The same collections through the embedded engine and through Elasticsearch/OpenSearch: MRR@10,
per-query top-10 overlap, and query latency, side by side in one run.

    python -m tests.opensearch_node &                      # a real OpenSearch node; prints its URL
    python benchmarks/engines.py --elasticsearch-url URL [--collection DIR ...] [--layouts 1 3 3-nodfs]

Each collection (every folder under --eval-root with docs.jsonl, queries.jsonl and qrels.tsv)
is indexed into a scratch tantivy index and into the cluster, once per --layouts entry (N shards,
with dfs_query_then_fetch when N > 1, or N-nodfs without; indices dropped afterwards), by the
same ingestion code, from the same warm caches (so "index s" times writing, not segmenting).
Every query, as written and without diacritics, goes through `SearchService.ids` on each;
printed per engine: MRR@10, the mean share of tantivy's top 10 that the engine's top 10 holds,
and p50 / p95 ms per query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.backends.elasticsearch import ElasticsearchBackend  # noqa: E402
from indexer.backends.tantivy import TantivyBackend  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.evaluation import EvalQuery, load_qrels, load_queries, metrics, without_diacritics  # noqa: E402
from indexer.ingest import IngestOptions, Progress, index_paths  # noqa: E402
from indexer.search.engine import SearchBackend  # noqa: E402
from indexer.search.service import SearchService  # noqa: E402
from indexer.search.vocabularies import ArchiveVocabulary  # noqa: E402
from benchmarks.relevance import collections  # noqa: E402


def build(backend: SearchBackend, docs: Path, data_dir: Path) -> float:
    """Index `docs` into `backend` (the same code for every engine); seconds taken."""
    started = time.perf_counter()
    report = index_paths(backend, [docs], Progress(every=10**9), IngestOptions(data_dir=data_dir))
    if not report.ok:
        raise SystemExit(f"{docs}: {len(report.skipped)} skipped")
    ArchiveVocabulary(backend).ensure(backend.live_version() or "")
    return time.perf_counter() - started


def ranked(service: SearchService, queries: list[EvalQuery]) -> tuple[dict[str, list[str]], list[float]]:
    out, took = {}, []
    for q in queries:
        started = time.perf_counter()
        out[q.id] = [doc_id for doc_id, _ in service.ids(q.text, 100)]
        took.append((time.perf_counter() - started) * 1000)
    return out, took


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--collection", action="append", default=[])
    parser.add_argument("--elasticsearch-url", required=True)
    parser.add_argument("--layouts", nargs="*", default=["1"], help="shards per index: 1, 3, 3-nodfs ...")
    args = parser.parse_args()
    print("| collection | queries | engine | index s | MRR@10 | top-10 overlap with tantivy | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for collection in collections(Path(args.eval_root), args.collection):
        qrels = load_qrels(collection / "qrels.tsv")
        queries = load_queries(collection / "queries.jsonl")
        with tempfile.TemporaryDirectory(prefix="vnsearch-engines-") as scratch:
            root = Path(scratch)
            engines: list[tuple[str, SearchBackend]] = [("tantivy", TantivyBackend(Settings(data_dir=root / "tantivy")))]
            for layout in args.layouts:
                shards, _, nodfs = layout.partition("-")
                remote = ElasticsearchBackend(Settings.from_env({
                    "VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": args.elasticsearch_url,
                    "VNSEARCH_INDEX_PREFIX": f"vnsearch-bench-{uuid.uuid4().hex[:8]}", "VNSEARCH_ES_WAIT": "30",
                    "VNSEARCH_ES_SHARDS": shards, "VNSEARCH_ES_DFS": "off" if nodfs else "auto",
                    "VNSEARCH_DATA_DIR": str(root / "remote")}))
                server = remote.server
                engines.append((f"{server.get('distribution') or 'elasticsearch'} {server.get('number', '?')}, "
                                f"{shards} shard{'s' if shards != '1' else ''}{', no dfs' if nodfs else ''}", remote))
            try:
                # One data directory for all, its caches warmed first (untimed): every engine is then
                # timed writing the same finished documents, not segmenting them.
                build(TantivyBackend(Settings(data_dir=root / "warm-up")), collection / "docs.jsonl", root / "ingest")
                built = {name: build(backend, collection / "docs.jsonl", root / "ingest") for name, backend in engines}
                for label, qs in (("as written", queries), ("no diacritics", without_diacritics(queries))):
                    reference: dict[str, list[str]] = {}
                    for name, backend in engines:
                        found, took = ranked(SearchService(backend), qs)
                        if not reference:
                            reference = found
                        overlap = statistics.mean(
                            len(set(found[q.id][:10]) & set(reference[q.id][:10])) / max(1, min(10, len(reference[q.id])))
                            for q in qs)
                        mrr = metrics(found, qrels)["MRR@10"]
                        print(f"| {collection.name} {label} | {len(qs)} | {name} | {built[name]:.1f} | {mrr:.4f} | "
                              f"{overlap:.3f} | {statistics.median(took):.1f} | {p95(took):.1f} |", flush=True)
            finally:
                for _, backend in engines:
                    if isinstance(backend, ElasticsearchBackend):
                        for version in backend.versions():
                            backend.drop_version(version)
                    backend.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
