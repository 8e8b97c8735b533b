"""Republished copies found by indexer.extraction.near_duplicates on VNTC, the seeds and ALQAC.

    python benchmarks/duplicates.py [--sample 50 --seed 17 --out /tmp/dup-sample.md]

Prints how many articles have a signature, how many groups of copies there are and their
sizes, the time taken, and the groups found among the seeds and the ALQAC law articles (which
hold no copies: every group there would be distinct articles merged). With --out, writes a
seeded random sample of groups, each member's id, length and opening, to read by hand.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.extraction.near_duplicates import band_keys, group_copies, jaccard, packed  # noqa: E402

SHARED = REPO.parent / "shared"


def vntc() -> dict[str, str]:
    out = {}
    with gzip.open(SHARED / "corpus" / "vntc.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            out[record["id"]] = record["text"]
    return out


def seeds() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))}


def alqac() -> dict[str, str]:
    out = {}
    with open(SHARED / "eval" / "alqac2022" / "docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            out[str(record["id"])] = record.get("text") or record.get("body") or ""
    return out


def run(name: str, texts: dict[str, str]) -> tuple[list[list[str]], dict]:
    started = time.perf_counter()
    keys = {i: packed(band_keys(t)) for i, t in texts.items()}
    keyed = time.perf_counter() - started
    compared = 0

    def exact(a: str, b: str) -> float:
        nonlocal compared
        compared += 1
        return jaccard(texts[a], texts[b])

    grouped = group_copies(keys, exact)
    took = time.perf_counter() - started
    sizes = collections.Counter(len(g) for g in grouped)
    signed = sum(bool(k) for k in keys.values())
    print(f"{name}: {len(texts):,} texts, {signed:,} with band keys, {len(grouped):,} groups holding "
          f"{sum(len(g) for g in grouped):,} articles; sizes {dict(sorted(sizes.items()))}; {compared:,} pairs "
          f"compared exactly; {keyed:.1f} s for the keys, {took:.1f} s in all")
    return grouped, keys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    for name, texts in (("seeds", seeds()), ("alqac2022", alqac())):
        grouped, _ = run(name, texts)
        for group in grouped[:10]:
            print("   ", group)
    texts = vntc()
    grouped, _ = run("vntc", texts)
    if args.out:
        chosen = random.Random(args.seed).sample(grouped, min(args.sample, len(grouped)))
        with open(args.out, "w", encoding="utf-8") as out:
            for n, group in enumerate(chosen, 1):
                out.write(f"\n## GROUP {n} ({len(group)} articles)\n")
                for doc_id in group:
                    text = texts[doc_id]
                    sim = jaccard(texts[group[0]], text)
                    opening = " ".join(text.split())[:700]
                    out.write(f"- {doc_id} ({len(text):,} chars, similarity to the first {sim:.2f}): {opening}\n")
        print(f"{len(chosen)} groups written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
