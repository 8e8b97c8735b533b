"""How often a highlight marks another word than the one meant, for queries typed without accents.

    python benchmarks/highlight_accuracy.py [--collection ../shared/eval/vntc-ki] [--queries 200]

The queries of a collection (its headlines or questions, which have their accents) are typed
without accents and searched, top 20 in relevance order and newest first. Every marked word of
every snippet whose folded form is one of the query's is checked against the query as written:
"đối" or "mọi" marked for `doi moi`, meant as "đổi mới", is another word. Prints the share of
such words, over all marked words of the query's syllables. Uses the collection's scratch index
of benchmarks/relevance.py (built on first use).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.analysis import analyze, canonicalize, fold  # noqa: E402
from indexer.evaluation import load_queries  # noqa: E402
from indexer.models import SearchRequest, Sort  # noqa: E402
from indexer.search.service import SearchService  # noqa: E402

from benchmarks.relevance import collection_backend  # noqa: E402

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_WORD = re.compile(r"\w+")


def other_words(service: SearchService, meant: str, sort: Sort, size: int = 20) -> tuple[int, int]:
    """(marked words of the query's syllables, those that are another word than meant)."""
    syllables = analyze(meant).syllables
    forms: dict[str, set[str]] = {}
    for s in syllables:
        forms.setdefault(fold(s), set()).add(s)
    result = service.search(SearchRequest(text=fold(meant), size=size, sort=sort, with_facets=False))
    marked = other = 0
    for hit in result.hits:
        for span in _MARK.findall(hit.snippet):
            for word in _WORD.findall(span):
                canonical = canonicalize(word).lower()
                meant_forms = forms.get(fold(canonical))
                if meant_forms is None:  # an abbreviation's expansion, not one of the typed words
                    continue
                marked += 1
                other += canonical not in meant_forms
    return marked, other


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", type=Path, default=REPO.parent / "shared" / "eval" / "vntc-ki")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/vnsearch-relevance"))
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    service = SearchService(collection_backend(args.collection, args.data_dir))
    queries = load_queries(args.collection / "queries.jsonl")[: args.queries]
    print(f"{args.collection.name}: {len(queries)} queries typed without accents, top 20")
    print("| order | marked words of the query's syllables | another word than meant | share |")
    print("|---|---|---|---|")
    for sort in (Sort.RELEVANCE, Sort.NEWEST):
        marked = other = 0
        for q in queries:
            m, o = other_words(service, q.text, sort)
            marked, other = marked + m, other + o
        print(f"| {sort.value} | {marked} | {other} | {other / max(marked, 1):.1%} |")
    for example in ("Đổi mới phương thức lãnh đạo", "TP HCM"):
        for sort in (Sort.RELEVANCE, Sort.NEWEST):
            m, o = other_words(service, example, sort)
            print(f"{fold(example)!r}, {sort.value}: {o} of {m} marked words are another word ({o / max(m, 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
