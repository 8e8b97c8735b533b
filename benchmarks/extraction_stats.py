"""Run the article extractor over the VNTC corpus: coverage, crashes, speed, and samples to read.

Usage (from the repo root):

    python benchmarks/extraction_stats.py                      # the whole corpus
    python benchmarks/extraction_stats.py --limit 5000         # the first 5,000 articles
    python benchmarks/extraction_stats.py --sample 20 --seed 1 # 20 random articles to read by hand
    python benchmarks/extraction_stats.py --corpus other.jsonl.gz

Never stops at a bad article: an exception is counted and reported with the
article id. The record's `source` is passed as `source_hint`, as ingestion would.
Prints how many articles got a published date, an event date, a province, a
district, at least one speaker, a statement, an author, how many speakers and
statements (quotes, reported) in all, and articles per second.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # a script, not library code: make `indexer` importable
    sys.path.insert(0, str(REPO))

from indexer.extraction import extract_article  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"


def records(path: Path, limit: int | None = None):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"id": f"line {n + 1}", "text": None, "_error": str(exc)}


def extract(record: dict):
    text: Any = record.get("text")  # None and non-strings too: extract_article says what is wrong
    return extract_article(
        text,
        doc_id=str(record.get("id")),
        source_hint=record.get("source") or None,
        category=record.get("category") or None,
    )


def stats(path: Path, limit: int | None, show_errors: int) -> int:
    counts: Counter[str] = Counter()
    speakers_total = 0
    statements: Counter[str] = Counter()
    errors: list[tuple[str, str]] = []
    empty: list[str] = []
    started = time.perf_counter()
    for record in records(path, limit):
        counts["articles"] += 1
        doc_id = str(record.get("id"))
        try:
            article = extract(record)
        except ValueError as exc:  # the documented "no usable text" outcome
            empty.append(f"{doc_id}: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
            errors.append((doc_id, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"))
            continue
        counts["extracted"] += 1
        counts["published"] += article.published is not None
        counts["event_date"] += article.event_date is not None
        counts["province"] += article.locality.province is not None
        counts["district"] += article.locality.district is not None
        counts["speaker"] += bool(article.speakers)
        counts["author"] += article.author is not None
        counts["source"] += article.source is not None
        speakers_total += len(article.speakers)
        said = getattr(article, "statements", ())  # older versions extract none
        counts["statement"] += bool(said)
        statements.update(s.kind for s in said)
    seconds = time.perf_counter() - started
    n = counts["articles"] or 1
    print(f"corpus: {path}")
    print(f"articles: {counts['articles']:,}  extracted: {counts['extracted']:,}  "
          f"no usable text (ValueError): {len(empty):,}  crashes: {len(errors):,}")
    for key, label in (
        ("published", "a published date"), ("event_date", "an event date"), ("province", "a province"),
        ("district", "a district"), ("speaker", "at least one speaker"), ("statement", "a statement"),
        ("author", "an author"),
        ("source", "a source"),
    ):
        print(f"  with {label:<22} {counts[key]:>7,}  {100 * counts[key] / n:5.1f}%")
    print(f"  speakers in all: {speakers_total:,}")
    print(f"  statements in all: {sum(statements.values()):,} ({statements['quote']:,} quotes, "
          f"{statements['reported']:,} reported)")
    print(f"time: {seconds:.1f} s, {counts['articles'] / seconds:,.0f} articles/s")
    for line in empty[:show_errors]:
        print(f"  empty: {line}")
    for doc_id, message in errors[:show_errors]:
        print(f"  CRASH {doc_id}: {message}")
    return 1 if errors else 0


def sample(path: Path, n: int, seed: int, limit: int | None, chars: int) -> None:
    rng = random.Random(seed)
    chosen: list[dict] = []
    for i, record in enumerate(records(path, limit)):  # reservoir sampling: one pass, little memory
        if len(chosen) < n:
            chosen.append(record)
        else:
            j = rng.randint(0, i)
            if j < n:
                chosen[j] = record
    for record in chosen:
        print("=" * 100)
        print(f"{record.get('id')}  [{record.get('source')}/{record.get('category')}]")
        try:
            a = extract(record)
        except Exception as exc:  # noqa: BLE001
            print(f"  -> {type(exc).__name__}: {exc}")
            continue
        print(f"  title:     {a.title}")
        print(f"  published: {a.published}   event: {a.event_date}   author: {a.author}   source: {a.source}")
        print(f"  locality:  {a.locality.province} / {a.locality.district}")
        for s in a.speakers:
            print(f"  speaker:   {s.name}  ({s.role})")
        print("-" * 100)
        print((record.get("text") or "")[:chars])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"JSON Lines (.gz) file (default {DEFAULT_CORPUS})")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--sample", type=int, default=0, help="print N random articles' extraction instead of stats")
    parser.add_argument("--seed", type=int, default=0, help="random seed for --sample")
    parser.add_argument("--chars", type=int, default=600, help="characters of text to print per sample")
    parser.add_argument("--show-errors", type=int, default=20, help="how many crashes to print in full")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    if args.sample:
        sample(args.corpus, args.sample, args.seed, args.limit, args.chars)
        return 0
    return stats(args.corpus, args.limit, args.show_errors)


if __name__ == "__main__":
    raise SystemExit(main())
