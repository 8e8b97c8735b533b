"""What the user typed, parsed and analysed once: the input of ranking, highlighting, the
no-results help and suggestions alike.

`analyse_query` is the only place a query's text meets the syntax parser and the Vietnamese
analysis; everything downstream reads the `AnalysedQuery` and never parses or analyses again.
It is memoised, so the search service, the no-results help of the same request and the next
page of results all get the same object.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from indexer.analysis import Analysis, analyze, has_diacritics
from indexer.query.syntax import parse

Syllables = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnalysedQuery:
    text: str  # as typed
    # The plain words and the quoted phrases' words in the order typed, quotes removed: what
    # ranking weighs (a pasted headline with quotation marks ranks like the same headline).
    words: Analysis
    # Each quoted phrase outside OR groups, as syllables: what a strong match holds as written.
    phrases: tuple[Syllables, ...]
    # Each OR group: the syllables of each of its clauses (one of them must match).
    or_groups: tuple[tuple[Syllables, ...], ...]
    # Each excluded word or phrase, as syllables.
    excluded: tuple[Syllables, ...]
    # Something was typed to be found (a letter, digit, symbol such as an emoji, or an invisible
    # character) and none of it is searchable (no syllable; a token over the analysis's length
    # limit): such a query finds nothing instead of listing everything like an empty one.
    unsearchable: bool = False
    # Where the plain words and quoted phrases (`words`) are in `text`: the did-you-mean rewrites
    # only there, never inside an exclusion or an OR group.
    word_spans: tuple[tuple[int, int], ...] = ()
    # `speaker:` names as typed: the search is for what these people said.
    speakers: tuple[str, ...] = ()
    # How far apart each of `phrases` may be (its proximity, 0: as written), in the same order.
    phrase_slops: tuple[int, ...] = ()
    # `title:` words or phrases, as syllables: each must be in the title.
    titles: tuple[Syllables, ...] = ()
    # `province:` values as typed: the search is of articles about these provinces.
    provinces: tuple[str, ...] = ()

    @property
    def accented(self) -> bool:
        """Typed with accents anywhere in its words: then every syllable means itself as typed
        ("nam" in "Việt Nam" is not "năm"); typed without, syllables match accent-insensitively."""
        return any(map(has_diacritics, self.words.syllables))

    def fewer_words(self) -> list[str]:
        """The query with one of its whitespace-separated words left out, each text once, in order."""
        words = self.text.split()
        texts = (" ".join(words[:i] + words[i + 1:]) for i in range(len(words)))
        return list(dict.fromkeys(texts))


@lru_cache(maxsize=1024)
def analyse_query(text: str) -> AnalysedQuery:
    """Parse and analyse a query once (memoised: paging, facet clicks and the no-results help's
    count probes ask for the same texts again)."""
    parsed = parse(text)
    words = analyze(parsed.words_text())
    or_groups = tuple(tuple(_syllables(c.text) for c in group) for group in parsed.or_groups())
    phrases = [(s, c.slop) for s, c in ((_syllables(c.text), c) for c in parsed.phrases()) if s]
    titles = tuple(s for s in (_syllables(c.text) for c in parsed.titles) if s)
    searchable = bool(words.syllables) or any(clause for group in or_groups for clause in group) or bool(titles)
    positive = " ".join([parsed.words_text(), *(c.text for group in parsed.or_groups() for c in group),
                         *(c.text for c in parsed.titles)])
    return AnalysedQuery(
        text=text,
        words=words,
        phrases=tuple(s for s, _ in phrases),
        phrase_slops=tuple(slop for _, slop in phrases),
        or_groups=or_groups,
        excluded=tuple(_syllables(c.text) for c in parsed.excluded),
        unsearchable=not searchable and any(map(_meant_to_be_found, positive)),
        word_spans=tuple(parsed.word_spans()),
        speakers=tuple(dict.fromkeys(c.text for c in parsed.speakers)),
        titles=titles,
        provinces=tuple(dict.fromkeys(c.text for c in parsed.provinces)),
    )


def _meant_to_be_found(char: str) -> bool:
    """Letters, digits, symbols and invisible format characters; not spaces or punctuation,
    which an empty-looking query ("", ",,", "…") may hold and still list everything."""
    category = unicodedata.category(char)
    return category[0] in "LNS" or category == "Cf"


def _syllables(text: str) -> Syllables:
    return analyze(text).syllables
