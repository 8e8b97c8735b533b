"""Score the current speaker and province extraction against the held-out hand-read gold.

HELD OUT: `benchmarks/gold/extraction_heldout.jsonl` is a measuring stick, not a
development set. Developers of the extraction must not read the gold file, the
articles it names, or the output of `--verbose` while developing; run this script
for the aggregate figures only. `--verbose` (per-article differences) exists for
whoever audits the gold itself, never for tuning the extractor.
See `benchmarks/gold/README.md` for how the 45 articles were chosen and annotated.

Usage (from the repo root):

    python benchmarks/extraction_gold.py                 # aggregate figures only
    python benchmarks/extraction_gold.py --gold benchmarks/gold/extraction_heldout2.jsonl   # the second held-out set
    python benchmarks/extraction_gold.py --corpus other.jsonl.gz

What is measured (micro-averaged over all articles):

* speakers: an extracted speaker is correct when its name matches the gold
  speaker's name or one of its aliases after canonical comparison (lowercase,
  accents and punctuation removed, đ = d), or when one name is a whole-word
  suffix of the other and the shorter has at least two syllables ("ông Mai Công
  Hiệp" ~ "Mai Công Hiệp"). Each gold speaker is matched at most once (a maximum
  one-to-one matching), so a second extracted name for the same person is a false
  positive. Precision, recall and F1.
* province: accuracy over all articles; a null gold and a null extraction agree.
  Names are compared accent-insensitively after removing a leading "Tỉnh",
  "Thành phố" or "TP"; "Thừa Thiên Huế" and "Huế" are the same province (renamed).

Figures are printed for all articles and for the two category groups of the
selection. VNTC is streamed once and reading stops when every gold id is found.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # a script, not library code: make `indexer` importable
    sys.path.insert(0, str(REPO))

from indexer.extraction import extract_article  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"
DEFAULT_GOLD = REPO / "benchmarks" / "gold" / "extraction_heldout.jsonl"

GROUP_A = ("Chinh tri Xa hoi", "Phap luat", "Kinh doanh", "Doi song")
GROUP_B = ("The thao", "The gioi", "Van hoa", "Suc khoe", "Vi tinh", "Khoa hoc")
GROUPS = {
    "all": GROUP_A + GROUP_B,
    "news (CTXH, Phap luat, Kinh doanh, Doi song)": GROUP_A,
    "other six categories": GROUP_B,
}

# renamed, same territory: compared as one
PROVINCE_SAME = {"thua thien hue": "hue"}


def canon(text: str) -> str:
    """Lowercase, without accents or punctuation, single-spaced."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def names_match(a: str, b: str) -> bool:
    x, y = canon(a), canon(b)
    if not x or not y:
        return False
    if x == y:
        return True
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return len(short.split()) >= 2 and long.endswith(" " + short)


def speaker_matches(name: str, gold: dict) -> bool:
    return any(names_match(name, form) for form in [gold["name"], *gold.get("aliases", [])])


def matched_pairs(extracted: list[str], gold: list[dict]) -> int:
    """Size of a maximum one-to-one matching between extracted names and gold speakers."""
    edges = [[g for g, sp in enumerate(gold) if speaker_matches(name, sp)] for name in extracted]
    owner: dict[int, int] = {}  # gold index -> extracted index

    def augment(e: int, seen: set[int]) -> bool:
        for g in edges[e]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = e
                return True
        return False

    return sum(augment(e, set()) for e in range(len(extracted)))


def province_key(name: str | None) -> str | None:
    if name is None or not name.strip():
        return None
    key = canon(name)
    for prefix in ("tinh ", "thanh pho ", "tp "):
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    return PROVINCE_SAME.get(key, key)


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def find_records(corpus: Path, ids: set[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if '"id"' not in line:
                continue
            record = json.loads(line)
            if record.get("id") in ids:
                found[record["id"]] = record
                if len(found) == len(ids):
                    break
    return found


def gold_and_records(gold_path: Path, corpus: Path) -> tuple[list[dict], dict[str, dict]] | None:
    """The gold records and the corpus articles they name; None (said on stderr) when the corpus
    is absent or lacks some of them."""
    gold = load_gold(gold_path)
    if not corpus.exists():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return None
    records = find_records(corpus, {g["id"] for g in gold})
    missing = [g["id"] for g in gold if g["id"] not in records]
    if missing:
        print(f"{len(missing)} gold ids not in {corpus}: {missing[:5]}", file=sys.stderr)
        return None
    return gold, records


def ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true",
                        help="per-article differences: for auditing the gold only, NOT while developing")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    loaded = gold_and_records(args.gold, args.corpus)
    if loaded is None:
        return 1
    gold, records = loaded

    rows = []
    for g in gold:
        record = records[g["id"]]
        article = extract_article(record["text"], doc_id=record["id"], category=record["category"])
        names = [s.name for s in article.speakers]
        tp = matched_pairs(names, g["speakers"])
        province = article.locality.province if article.locality else None
        ok = province_key(province) == province_key(g["province"])
        rows.append({"category": g["category"], "tp": tp, "extracted": len(names),
                     "gold": len(g["speakers"]), "province_ok": ok})
        if args.verbose:
            gold_names = [s["name"] for s in g["speakers"]]
            print(f"{g['id']}  speakers gold={gold_names} extracted={names} matched={tp}  "
                  f"province gold={g['province']!r} extracted={province!r} {'ok' if ok else 'WRONG'}")
    elapsed = time.perf_counter() - start

    print(f"held-out extraction gold: {len(gold)} articles ({args.gold.name})")
    for label, categories in GROUPS.items():
        part = [r for r in rows if r["category"] in categories]
        tp = sum(r["tp"] for r in part)
        ext = sum(r["extracted"] for r in part)
        gl = sum(r["gold"] for r in part)
        p, r_ = ratio(tp, ext), ratio(tp, gl)
        f1 = ratio(2 * p * r_, p + r_) if p + r_ else 0.0
        prov = sum(r["province_ok"] for r in part)
        print(f"\n[{label}] {len(part)} articles")
        print(f"  speakers: precision {p:.3f} ({tp}/{ext})  recall {r_:.3f} ({tp}/{gl})  F1 {f1:.3f}")
        print(f"  province: accuracy {ratio(prov, len(part)):.3f} ({prov}/{len(part)})")
    print(f"\n{elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
