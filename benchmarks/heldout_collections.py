"""Two more news collections, built locally from ../shared/corpus, for checking that a ranking
chosen on ../shared/eval holds on news it was not chosen on. Nothing of them enters the repository.

    python benchmarks/heldout_collections.py --out /tmp/vnsearch-heldout
    python benchmarks/relevance.py --eval-root /tmp/vnsearch-heldout

- `dantri-ki`: the Dân trí articles (corpus/dantri-unc.jsonl.gz) without their title, each
  title (a lead sentence, rarely found in the text) a query judging its own article;
- `rss-ki`: 10,000 feed items (corpus/rss-2025-2026.jsonl.gz) without their title, 1,000
  titles as queries judging their own item (a summary of about 160 characters).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
QUERIES = 1000


def _records(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def write_collection(out: Path, docs: list[tuple[str, str, str]], rng: random.Random) -> None:
    """docs: (id, title, text without the title). Every title judges only its own document."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "docs.jsonl", "w", encoding="utf-8") as fh:
        for doc_id, _, text in docs:
            fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    chosen = rng.sample(docs, min(QUERIES, len(docs)))
    with open(out / "queries.jsonl", "w", encoding="utf-8") as queries, \
            open(out / "qrels.tsv", "w", encoding="utf-8") as qrels:
        qrels.write("query_id\tdoc_id\n")
        for doc_id, title, _ in chosen:
            queries.write(json.dumps({"id": f"q-{doc_id}", "text": title}, ensure_ascii=False) + "\n")
            qrels.write(f"q-{doc_id}\t{doc_id}\n")


def dantri(rng: random.Random) -> list[tuple[str, str, str]]:
    docs = []
    for r in _records(CORPUS / "dantri-unc.jsonl.gz"):
        title, text = (r.get("title") or "").strip(), (r.get("text") or "").strip()
        if text.startswith(title):
            text = text[len(title):].strip()
        if title and len(text) >= 200:
            docs.append((str(r["id"]), title, text))
    return docs


def rss(rng: random.Random, size: int = 10_000) -> list[tuple[str, str, str]]:
    items, titles, texts = [], set(), set()
    for r in _records(CORPUS / "rss-2025-2026.jsonl.gz"):
        title, text = (r.get("title") or "").strip(), (r.get("text") or "").strip()
        if len(title) < 20 or len(text) < 80 or title in titles or text in texts or title in text:
            continue
        titles.add(title)
        texts.add(text)
        items.append((str(r["id"]), title, text))
    rng.shuffle(items)
    return items[:size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("/tmp/vnsearch-heldout"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for name in ("dantri-unc.jsonl.gz", "rss-2025-2026.jsonl.gz"):
        if not (CORPUS / name).is_file():
            print(f"{CORPUS / name} is absent (the shared data folder beside the repository)", file=sys.stderr)
            return 1
    write_collection(args.out / "dantri-ki", dantri(random.Random(args.seed)), random.Random(args.seed))
    write_collection(args.out / "rss-ki", rss(random.Random(args.seed)), random.Random(args.seed))
    print(f"wrote {args.out}/dantri-ki and {args.out}/rss-ki")
    return 0


if __name__ == "__main__":
    sys.exit(main())
