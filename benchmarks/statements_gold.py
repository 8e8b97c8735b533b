"""Score statement extraction (who said what) against hand-read gold.

HELD OUT: `benchmarks/gold/statements_heldout.jsonl` is a measuring stick. Develop
against `benchmarks/gold/statements_dev.jsonl` (`--gold ... --verbose`); run this
script on the held-out file for aggregate figures only. See
`benchmarks/gold/STATEMENTS.md` for how both sets were drawn and annotated.

Usage (from the repo root):

    python benchmarks/statements_gold.py                                      # held-out, aggregate
    python benchmarks/statements_gold.py --gold benchmarks/gold/statements_dev.jsonl --verbose

What is measured (micro-averaged over all articles):

* attribution precision: an extracted statement is right when its passage
  overlaps the place of a gold statement's opening words in the article and its
  speaker matches that statement's speaker (benchmarks/extraction_gold.py's name
  match: accent-insensitive, or a whole-word suffix of two syllables or more). An
  extraction overlapping only statements by unnamed people (gold speaker null),
  or none at all, is wrong: the extractor names a person for each statement.
* recall: the share of gold statements by named people that an extraction
  matches. Statements by unnamed people are counted apart; the extractor keeps
  none by design, since a search by speaker cannot ask for them.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # a script, not library code: make `indexer` and `benchmarks` importable
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_gold import DEFAULT_CORPUS, gold_and_records, names_match, ratio  # noqa: E402
from indexer.extraction import extract_article  # noqa: E402

DEFAULT_GOLD = REPO / "benchmarks" / "gold" / "statements_heldout.jsonl"


def locate(body: str, start_words: str) -> tuple[int, int] | None:
    """Where a gold statement's opening words are in the extracted body (whitespace-insensitive)."""
    # NFC as the extracted body is: the corpus writes some letters decomposed.
    pattern = r"\s+".join(re.escape(w) for w in unicodedata.normalize("NFC", start_words).split())
    m = re.search(pattern, body)
    return (m.start(), m.end()) if m else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true",
                        help="per-statement differences: for the development set only, never the held-out one")
    args = parser.parse_args(argv)
    if args.verbose and args.gold.name == DEFAULT_GOLD.name:
        print("--verbose is for the development set: the held-out gold prints aggregates only", file=sys.stderr)
        return 2

    started = time.perf_counter()
    loaded = gold_and_records(args.gold, args.corpus)
    if loaded is None:
        return 1
    gold, records = loaded

    extracted = right = named = named_found = unnamed = unlocated = 0
    by_kind = {"quote": [0, 0], "reported": [0, 0]}  # kind -> [named gold, found]
    for g in gold:
        record = records[g["id"]]
        article = extract_article(record["text"], doc_id=record["id"], category=record["category"])
        body = article.body
        spans = []
        for st in g["statements"]:
            where = locate(body, st["start"])
            if where is None:
                unlocated += 1  # in the title or a caption: the extractor reads the body only
            spans.append(where)
        hit = [False] * len(g["statements"])
        for ex in article.statements:
            ex_span = (ex.offset, ex.offset + len(ex.text))
            ok = False
            for k, st in enumerate(g["statements"]):
                where = spans[k]
                if where is None or not (where[0] < ex_span[1] and ex_span[0] < where[1]):
                    continue
                if st["speaker"] and names_match(ex.speaker, st["speaker"]):
                    ok = hit[k] = True
            extracted += 1
            right += ok
            if args.verbose and not ok:
                print(f"WRONG  {g['id']}  {ex.speaker} | {ex.kind} | {ex.text[:110]}")
        for k, st in enumerate(g["statements"]):
            if st["speaker"] is None:
                unnamed += 1
                continue
            named += 1
            named_found += hit[k]
            by_kind[st["kind"]][0] += 1
            by_kind[st["kind"]][1] += hit[k]
            if args.verbose and not hit[k]:
                print(f"MISSED {g['id']}  {st['speaker']} | {st['kind']} | {st.get('verb')} | {st['start']}")
    elapsed = time.perf_counter() - started

    statements = sum(len(g["statements"]) for g in gold)
    print(f"statement gold: {len(gold)} articles, {statements} statements ({args.gold.name})")
    print(f"  attribution precision {ratio(right, extracted):.3f} ({right}/{extracted} extracted statements)")
    print(f"  recall (named speakers) {ratio(named_found, named):.3f} ({named_found}/{named})")
    for kind, (n, f) in by_kind.items():
        print(f"    {kind}: {ratio(f, n):.3f} ({f}/{n})")
    print(f"  statements by unnamed people (not extracted by design): {unnamed}")
    if unlocated:
        print(f"  gold statements outside the extracted body (title, captions): {unlocated}")
    print(f"{elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
