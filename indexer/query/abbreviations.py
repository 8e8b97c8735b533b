"""Abbreviations as data (indexer/data/abbreviations.tsv), expanded at query time in both directions.

Each group lists variants that mean the same ("UBND" and "Uỷ ban nhân dân").
Variants are analysed like any text, so the list itself is canonicalised, and
they are recognised in a query by their folded syllables, so "HDND" typed
without the đ still finds the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from indexer.analysis import DATA_DIR, analyze, fold

ABBREVIATIONS_FILE = "abbreviations.tsv"


@dataclass(frozen=True, slots=True)
class AbbreviationGroup:
    # Each variant as canonical lowercase syllables, e.g. ("uỷ", "ban", "nhân", "dân").
    variants: tuple[tuple[str, ...], ...]
    # The variants as the file writes them ("Ủy ban nhân dân"), to be shown.
    written: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_groups() -> tuple[dict[tuple[str, ...], AbbreviationGroup], int]:
    """Folded variant syllables -> group, and the longest variant's length."""
    index: dict[tuple[str, ...], AbbreviationGroup] = {}
    longest = 0
    path = DATA_DIR / ABBREVIATIONS_FILE
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # Each variant once (as analysed), with the first way the file writes it.
        by_variant: dict[tuple[str, ...], str] = {}
        for text in (v.strip() for v in line.split("|") if v.strip()):
            by_variant.setdefault(analyze(text).syllables, text)
        variants, written = tuple(by_variant), tuple(by_variant.values())
        if len(variants) < 2 or any(not v for v in variants):
            raise ValueError(f"{path}:{number}: a group needs at least two non-empty variants")
        group = AbbreviationGroup(variants, written)
        for variant in variants:
            index[tuple(fold(s) for s in variant)] = group
            longest = max(longest, len(variant))
    return index, longest


def find_abbreviations(syllables: tuple[str, ...]) -> list[tuple[int, int, AbbreviationGroup]]:
    """Non-overlapping (start, end, group) matches, longest first at each position."""
    index, longest = load_groups()
    folded = tuple(fold(s) for s in syllables)
    found: list[tuple[int, int, AbbreviationGroup]] = []
    i = 0
    while i < len(folded):
        for length in range(min(longest, len(folded) - i), 0, -1):
            group = index.get(folded[i : i + length])
            if group is not None:
                found.append((i, i + length, group))
                i += length
                break
        else:
            i += 1
    return found
