"""Latency of `GET /api/search` (facets, the timeline and highlighted snippets included) over a
VNTC index, or any JSON Lines corpus (`--corpus`, gzip).

    python benchmarks/search_latency.py --data-dir /tmp/vnsearch-bench            # test client
    python benchmarks/search_latency.py --data-dir /tmp/vnsearch-bench --server   # real waitress server

The first run indexes the first `--n` articles of ../shared/corpus/vntc.jsonl.gz into
`--data-dir`; later runs reuse that index. Queries are one to five consecutive words of article
titles, typed with or without diacritics, a third of them filtered by category or source and a
few browsing (empty query) with a filter; `--said SHARE` turns that share into searches of what
a speaker said (`speaker:"Name" words`). Prints p50 / p95 latency in milliseconds; the target
is p95 <= 50 ms. The CPU time the process spent on each request is printed beside it: on a
busy machine it shows what the wall-clock figures owe to waiting for a core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.config import Settings
from indexer.analysis import fold  # noqa: E402
from indexer.backends.tantivy import TantivyBackend  # noqa: E402
from indexer.ingest import IngestOptions, Progress, index_paths  # noqa: E402
from indexer.query.tree import MatchAll  # noqa: E402
from indexer.search.plan import FacetSpec, SearchPlan  # noqa: E402
from indexer.search.service import SearchService  # noqa: E402
from indexer.search.vocabularies import ArchiveVocabulary  # noqa: E402
from webui import create_app  # noqa: E402
from benchmarks import mistyped  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"
TARGET_P95_MS = 50.0
_WORD = re.compile(r"\w+")


def read_records(corpus: Path, n: int) -> list[dict]:
    records: list[dict[str, Any]] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(records) >= n:
                break
            records.append(json.loads(line))
    return records


def ensure_index(data_dir: Path, records: list[dict]) -> TantivyBackend:
    backend = TantivyBackend(Settings(data_dir=data_dir))
    if backend.live_version() is not None and backend.count() >= len(records):
        print(f"reusing the index in {data_dir} ({backend.count()} articles)", file=sys.stderr)
        ArchiveVocabulary(backend).ensure(backend.live_version() or "")  # an index made before vocabularies
        return backend
    data_dir.mkdir(parents=True, exist_ok=True)
    source = data_dir / f"vntc-first-{len(records)}.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"indexing {len(records)} articles into {data_dir} (once) …", file=sys.stderr)
    started = time.perf_counter()
    report = index_paths(backend, [source], Progress(every=2000), IngestOptions(data_dir=data_dir))
    print(f"indexed in {time.perf_counter() - started:.0f} s; {len(report.skipped)} skipped", file=sys.stderr)
    return backend


def make_queries(records: list[dict], count: int, rng: random.Random,
                 mistyped_share: float = 0.0) -> list[tuple[str, dict[str, str]]]:
    """(kind, params) pairs: title words with / without accents, some filtered, a few browsing;
    with `mistyped_share`, that share of the queries typed in Telex or VNI or with one slip."""
    categories = sorted({r["category"] for r in records if r.get("category")})
    sources = sorted({r["source"] for r in records if r.get("source")})
    queries: list[tuple[str, dict[str, str]]] = []
    while len(queries) < count:
        r = rng.choice(records)
        words = _WORD.findall(r["text"].split("\n", 1)[0])
        if not words:
            continue
        length = rng.randint(1, min(5, len(words)))
        start = rng.randint(0, len(words) - length)
        text = " ".join(words[start : start + length])
        folded = rng.random() < 0.5
        if folded:
            text = fold(text)
        kind = "folded" if folded else "accented"
        if mistyped_share and rng.random() < mistyped_share:
            kind, typist = rng.choice([("telex", mistyped.telex), ("vni", mistyped.vni), ("slip", mistyped.one_slip)])
            text = typist(" ".join(words[start : start + length]), rng)
        params = {"q": text}
        roll = rng.random()
        if roll < 0.17 and categories:
            params["category"] = rng.choice(categories)
            kind += "+category"
        elif roll < 0.33 and sources:
            params["source"] = rng.choice(sources)
            kind += "+source"
        elif roll < 0.38 and categories:
            params = {"category": rng.choice(categories)}
            kind = "browse+category"
        queries.append((kind, params))
    return queries


def frequent_speakers(backend: TantivyBackend, size: int) -> list[str]:
    plan = SearchPlan(query=MatchAll(), size=0, facets={"speaker": FacetSpec("speaker", size)})
    return [name for name, _ in backend.search(plan).facets.get("speaker", [])]


def with_said(queries: list[tuple[str, dict[str, str]]], speakers: list[str], share: float,
              rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """The queries with `share` of them turned into searches of what a speaker said."""
    out = []
    for kind, params in queries:
        if speakers and rng.random() < share:
            words = params.get("q", "") if rng.random() < 0.7 else ""
            params = {"q": f'speaker:"{rng.choice(speakers)}" {words}'.strip()}
            kind = "said"
        out.append((kind, params))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_test_client(app, queries):
    client = app.test_client()

    def get(params: dict[str, str]) -> int:
        response = client.get("/api/search", query_string=params)
        response.get_data()
        return response.status_code

    return get, lambda: None


def run_server(app, queries):
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    base = f"http://127.0.0.1:{server.effective_port}/api/search?"
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    def get(params: dict[str, str]) -> int:
        with urllib.request.urlopen(base + urllib.parse.urlencode(params), timeout=30) as response:
            response.read()
            return response.status

    return get, server.close


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="where the benchmark index lives (reused)")
    parser.add_argument("--n", type=int, default=10_000, help="articles to index (default 10000)")
    parser.add_argument("--queries", type=int, default=300, help="measured queries (default 300, at least 200)")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--server", action="store_true", help="through a real waitress server, not the test client")
    parser.add_argument("--mistyped", type=float, default=0.0, metavar="SHARE",
                        help="this share of queries typed in Telex, VNI or with one slip (benchmarks/mistyped.py)")
    parser.add_argument("--said", type=float, default=0.0, metavar="SHARE",
                        help='this share of queries asks what a speaker said: speaker:"Name" and the '
                             'query words (or none), a name from the 300 most frequent speakers')
    parser.add_argument("--query-pool", type=int, default=10_000,
                        help="draw queries from the first this-many articles, so runs at different --n "
                             "measure the same queries (default 10000)")
    args = parser.parse_args()
    if args.queries < 200:
        parser.error("--queries must be at least 200")
    if not args.corpus.exists():
        print(f"{args.corpus} is absent (the shared data folder beside the repository)", file=sys.stderr)
        return 2

    records = read_records(args.corpus, args.n)
    backend = ensure_index(args.data_dir, records)
    app = create_app(service=SearchService(backend))
    rng = random.Random(args.seed)
    pool = records[: args.query_pool]
    warmup = make_queries(pool, args.warmup, rng, args.mistyped)
    queries = make_queries(pool, args.queries, rng, args.mistyped)
    if args.said:
        speakers = frequent_speakers(backend, 300)
        warmup, queries = (with_said(q, speakers, args.said, rng) for q in (warmup, queries))
    get, stop = (run_server if args.server else run_test_client)(app, queries)
    try:
        for _, params in warmup:
            get(params)
        timings: dict[str, list[float]] = {}
        all_ms, cpu_ms = [], []
        for kind, params in queries:
            cpu_started, started = time.process_time(), time.perf_counter()
            status = get(params)
            ms = (time.perf_counter() - started) * 1000
            cpu_ms.append((time.process_time() - cpu_started) * 1000)
            if status != 200:
                print(f"HTTP {status} for {params}", file=sys.stderr)
                return 1
            all_ms.append(ms)
            timings.setdefault(kind.split("+")[0] if "+" in kind else kind, []).append(ms)
            if "+" in kind:
                timings.setdefault("with a filter", []).append(ms)
    finally:
        stop()

    via = "waitress server over HTTP" if args.server else "Flask test client"
    print(f"GET /api/search with facets and snippets, {backend.count()} articles, {len(all_ms)} queries, {via}")
    print(f"{'queries':>22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    rows = [("all", all_ms)] + sorted(timings.items())
    for name, values in rows:
        print(f"{name:>22} {len(values):>5} {statistics.median(values):>8.1f} {percentile(values, 95):>8.1f} "
              f"{max(values):>8.1f}")
    print(f"{'CPU time, all':>22} {len(cpu_ms):>5} {statistics.median(cpu_ms):>8.1f} {percentile(cpu_ms, 95):>8.1f} "
          f"{max(cpu_ms):>8.1f}")
    p95 = percentile(all_ms, 95)
    verdict = "met" if p95 <= TARGET_P95_MS else "MISSED"
    print(f"p50 {statistics.median(all_ms):.1f} ms, p95 {p95:.1f} ms (target p95 <= {TARGET_P95_MS:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
