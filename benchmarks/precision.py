"""Result-set precision: do date-sorted pages list strong matches, not noise?

    python benchmarks/precision.py [--collection ../shared/eval/vntc-ki] [--n 200]

Takes the first --n headlines of the collection with 3 to 8 syllables and no quotation marks,
types them without diacritics, and asks `GET /api/search?q=…&sort=newest&size=20` (the Flask
app, on the collection's scratch index shared with benchmarks/relevance.py). A hit is precise
when its article holds at least 80% of the query's distinct syllables, accents ignored (an
abbreviation matched through its long form, `tphcm` by "Hồ Chí Minh", counts as missing).
Prints the share of precise hits, the median and p90 `total`, the median `partial_total`, and
how many queries were relaxed (no strong match) or found nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.relevance import collection_backend  # noqa: E402
from indexer.analysis import analyze, fold  # noqa: E402
from indexer.evaluation import load_queries  # noqa: E402
from indexer.search.service import SearchService  # noqa: E402
from webui import create_app  # noqa: E402

QUOTES = "\"“”„«»"
MIN_SHARE = 0.8


def headline_queries(collection: Path, n: int) -> list[str]:
    chosen = []
    for query in load_queries(collection / "queries.jsonl"):
        if any(q in query.text for q in QUOTES):
            continue
        if 3 <= len(analyze(query.text).syllables) <= 8:
            chosen.append(fold(query.text))
        if len(chosen) == n:
            break
    return chosen


def share_held(query: str, article_text: str) -> float:
    wanted = set(analyze(query).folded)
    held = set(analyze(article_text).folded)
    return len(wanted & held) / len(wanted) if wanted else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collection", default=str(REPO.parent / "shared" / "eval" / "vntc-ki"))
    parser.add_argument("--data-dir", default="/tmp/vnsearch-relevance")
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    collection = Path(args.collection)
    service = SearchService(collection_backend(collection, Path(args.data_dir)))
    client = create_app(service=service).test_client()
    texts: dict[str, str] = {}
    precise = hits = relaxed = empty = 0
    strong_precise = strong_hits = 0
    totals, partials = [], []
    for query in headline_queries(collection, args.n):
        answer = client.get("/api/search", query_string={"q": query, "sort": "newest", "size": 20})
        if answer.status_code != 200:
            print(f"{query!r}: HTTP {answer.status_code}", file=sys.stderr)
            return 1
        data = answer.get_json()
        totals.append(data["total"])
        partials.append(data.get("partial_total", 0))  # absent before partial matches were told apart
        relaxed += bool(data.get("relaxed"))
        empty += not data["hits"]
        for hit in data["hits"]:
            if hit["id"] not in texts:
                article = service.article(hit["id"])
                texts[hit["id"]] = f"{article.title}\n{article.body}" if article else ""
            held = share_held(query, texts[hit["id"]]) >= MIN_SHARE
            hits += 1
            precise += held
            if not hit.get("partial"):
                strong_hits += 1
                strong_precise += held
    if not totals:
        print(f"no headline of 3-8 syllables without quotation marks in {collection}", file=sys.stderr)
        return 1
    print(f"{len(totals)} headlines of 3-8 syllables, typed without diacritics, sort=newest size=20")
    print(f"hits holding >= {MIN_SHARE:.0%} of the query's syllables: {precise}/{hits} = {precise / max(hits, 1):.3f}")
    print(f"  of the strong ones (not labelled partial): {strong_precise}/{strong_hits} = "
          f"{strong_precise / max(strong_hits, 1):.3f}")
    print(f"total (strong matches): median {statistics.median(totals):.0f}, "
          f"p90 {sorted(totals)[int(0.9 * len(totals))]}, of {service.backend.count()} articles")
    print(f"partial_total: median {statistics.median(partials):.0f}; relaxed (no strong match): {relaxed}; "
          f"no hit at all: {empty}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
