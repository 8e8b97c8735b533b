"""Values found by the beginning of any of their words, by binary search over sorted suffixes.

    index = WordPrefixes([("speaker", "Nguyễn Văn A", "nguyen van a", 12), ...])
    index.matching("van a")     # every entry whose folded text has a word starting "van a", in input order

What suggestions ask of every speaker and place while someone types: a scan of thousands of
values with `startswith` and `in` was two thirds of a suggestion's time.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Generic, TypeVar

_E = TypeVar("_E")


class WordPrefixes(Generic[_E]):
    """Entries, each with a text of words joined by spaces (folded values), found by what a word
    of the text starts with: `text.startswith(p) or f" {p}" in text`, exactly."""

    def __init__(self, entries: Sequence[tuple[_E, str]]) -> None:
        self._entries = [entry for entry, _ in entries]
        # Every suffix of a text that starts at a word, with the entry's place.
        suffixes = sorted((text[at:], n) for n, (_, text) in enumerate(entries)
                          for at in (0, *(i + 1 for i, c in enumerate(text) if c == " ")))
        self._suffixes = [s for s, _ in suffixes]
        self._owners = [n for _, n in suffixes]

    def matching(self, prefix: str) -> list[_E]:
        """The entries with a word (and what follows it) starting with `prefix`, in input order;
        every entry for an empty prefix."""
        if not prefix:
            return list(self._entries)
        start = bisect_left(self._suffixes, prefix)
        # The first suffix past every one starting with `prefix`: the prefix with its last
        # character raised, after dropping the trailing ones that cannot be (U+10FFFF).
        head = prefix.rstrip("\U0010ffff")
        end = bisect_left(self._suffixes, head[:-1] + chr(ord(head[-1]) + 1), start) if head else len(self._suffixes)
        return [self._entries[n] for n in sorted(set(self._owners[start:end]))]
