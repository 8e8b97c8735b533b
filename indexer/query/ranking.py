"""From the analysed query to engine-neutral query trees: the ranked one and the strong-match rule.

Every query syllable is one "slot". In a query typed with accents it scores where the
article has it as typed, so "đổi mới" ranks articles that say "đổi mới" above ones that say
"dời mới"; typed without accents it scores accent-insensitively. Enough slots must match (a
minimum-should-match), adjacent query syllables add bigram clauses that reward proximity and
disambiguate accent-free text, and pyvi words and names of an accented query add smaller
signals. Given titles get a small boost. What a *strong* match is: `strong_rules`.
A word read as another (`indexer.query.understanding`: decoded from Telex/VNI, or a slip
corrected) matches either way; a correction scores below the typed form.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.analysis import Analysis, fold, has_diacritics
from indexer.query.abbreviations import AbbreviationGroup, find_abbreviations
from indexer.query.analysed import AnalysedQuery, Syllables
from indexer.query.tree import Bool, MatchAll, MatchNone, Node, Phrase, Term, should_one_of
from indexer.query.understanding import Reading, WordReading, plain_reading
from indexer.schema import text_field


@dataclass(frozen=True, slots=True)
class Weights:
    """Relative weights of the ranking signals: data, chosen on every collection under
    ../shared/eval together (law and news; benchmarks/relevance.py, docs/architecture.md).
    """

    # The body fields hold a given title too (an "all text" field); title fields add a small
    # boost on top. Law articles' headings help; news headlines are in the body already.
    title: float = 0.1
    body: float = 1.0
    exact: float = 1.0
    # Folded match of a syllable of an accented query: a different accent is another word.
    folded: float = 0.0
    # Folded-only slot (a query typed without accents): the folded field carries it all.
    unaccented: float = 1.0
    # Adjacent query syllables found side by side: accented and folded for an accented query,
    # folded for an accent-free one (where the pair also disambiguates: "doi_moi").
    bigram: float = 0.3
    folded_bigram: float = 0.3
    unaccented_bigram: float = 0.6
    # Multi-syllable pyvi words of an accented query.
    words: float = 0.3
    # Names: syllables written with a capital inside an accented query ("Mourinho", "Singapore").
    name: float = 1.0
    # Share of query syllables a document must contain; short queries need all of them.
    min_match_all_up_to: int = 3
    min_match_ratio: float = 0.3
    # A quoted phrase found as written, on top of its words.
    phrase: float = 1.0
    # A slip's correction (indexer.query.understanding) scores below the typed form. (A word
    # decoded from Telex/VNI scores as if typed so: 99.4-100% of the accent-free MRR@10 as is.)
    corrected: float = 0.5


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class _Slot:
    """One unit of the free text: a syllable, or an abbreviation group standing for several.

    A syllable read as another (`WordReading`) is matched as `syllable` (decoded or corrected)
    or as `literal` (as typed)."""

    syllable: str | None = None
    group: AbbreviationGroup | None = None
    literal: str | None = None
    corrected: bool = False


def _section_terms(kind: str, value: str, weight: float, w: Weights) -> list[Node]:
    return [
        Term(text_field("title", kind), value, weight * w.title),
        Term(text_field("body", kind), value, weight * w.body),
    ]


def _section_phrases(kind: str, terms: tuple[str, ...], weight: float, w: Weights) -> list[Node]:
    if len(terms) == 1:
        return _section_terms(kind, terms[0], weight, w)
    return [
        Phrase(text_field("title", kind), terms, 0, weight * w.title),
        Phrase(text_field("body", kind), terms, 0, weight * w.body),
    ]


def syllable_node(syllable: str, w: Weights, accented: bool | None = None) -> Node:
    """Match one query syllable: in an accented query (default: the syllable has accents) it
    scores as typed and matches folded too (scoring `w.folded`); else folded."""
    folded = fold(syllable)
    if accented is None:
        accented = has_diacritics(syllable)
    if accented:
        nodes = _section_terms("syllables", syllable, w.exact, w) + _section_terms("folded", folded, w.folded, w)
    else:
        nodes = _section_terms("folded", folded, w.unaccented, w)
    return should_one_of(nodes)


def sequence_node(syllables: tuple[str, ...], w: Weights) -> Node:
    """Match a syllable sequence as a phrase: exact when it has accents, folded always."""
    folded = tuple(fold(s) for s in syllables)
    nodes: list[Node] = []
    if any(has_diacritics(s) for s in syllables):
        nodes += _section_phrases("syllables", syllables, w.exact, w)
        nodes += _section_phrases("folded", folded, w.folded, w)
    else:
        nodes += _section_phrases("folded", folded, w.unaccented, w)
    return should_one_of(nodes)


def _group_node(group: AbbreviationGroup, w: Weights) -> Node:
    return should_one_of([sequence_node(variant, w) for variant in group.variants])


def _slots(runs: tuple[tuple[WordReading, ...], ...]) -> list[list[_Slot]]:
    """The slots of each run. Abbreviations are found across runs: "GD-ĐT" is two runs ("gd",
    "đt"), as a hyphen inside a word separates them, and one abbreviation; the group's slot
    goes to the run it starts in."""
    def slot(word: WordReading) -> _Slot:
        literal = word.typed if word.searched != word.typed else None
        return _Slot(syllable=word.searched, literal=literal, corrected=word.corrected)

    words = [w for run in runs for w in run]
    run_of = [r for r, run in enumerate(runs) for _ in run]
    slots: list[list[_Slot]] = [[] for _ in runs]
    i = 0
    for start, end, group in find_abbreviations(tuple(w.searched for w in words)):
        for k in range(i, start):
            slots[run_of[k]].append(slot(words[k]))
        slots[run_of[start]].append(_Slot(group=group))
        i = end
    for k in range(i, len(words)):
        slots[run_of[k]].append(slot(words[k]))
    return slots


def _slot_node(slot: _Slot, w: Weights, accented: bool) -> Node:
    if slot.group is not None:
        return _group_node(slot.group, w)
    syllable = slot.syllable or ""
    if slot.literal is None:
        return syllable_node(syllable, w, accented)
    literal = syllable_node(slot.literal, w, accented)
    if slot.corrected:  # the typed form first, its correction below it
        return should_one_of([literal] + _section_terms("folded", fold(syllable), w.corrected, w))
    return should_one_of([syllable_node(syllable, w, accented), literal])


def minimum_should_match(n_slots: int, w: Weights) -> int:
    if n_slots <= w.min_match_all_up_to:
        return n_slots
    return max(w.min_match_all_up_to, math.floor(n_slots * w.min_match_ratio))


@dataclass(frozen=True, slots=True)
class MatchQueries:
    """What a search asks the engine, as two query trees.

    `ranked` finds and orders every match, partial ones included (an article that paraphrases
    the query stays reachable by relevance). `strong` is a non-scoring rule that a match must
    also satisfy to be a *strong* match; totals, date-sorted pages and facet counts describe
    strong matches only. None when no rule applies: an empty query, only exclusions or only an
    OR group (abbreviation groups are matched accent-insensitively, like their recognition).
    """

    ranked: Node
    strong: Node | None = None


def free_text_query(analysis: Analysis, accented: bool, w: Weights,
                    reading: Reading | None = None) -> tuple[Node | None, list[Node], list[Node]]:
    """For the plain words: the required core (enough slots match), optional boosts, and the
    strong-match rules (see `strong_rules`). `accented`: see `AnalysedQuery.accented`;
    `reading`: how each word was read (default: as typed), parallel to the syllable runs."""
    core_slots: list[Node] = []
    boosts: list[Node] = []
    runs = _slots((reading or plain_reading(analysis)).runs)
    for slots in runs:
        core_slots += [_slot_node(s, w, accented) for s in slots]
        for a, b in zip(slots, slots[1:]):
            if a.syllable and b.syllable:
                boosts.append(_bigram_node(a.syllable, b.syllable, w, accented))
                if a.corrected or b.corrected:  # the pair as typed too, should the correction be wrong
                    boosts.append(_bigram_node(a.literal or a.syllable, b.literal or b.syllable, w, accented))
    if not core_slots:
        return None, [], []
    for word in analysis.words:
        if "_" in word and has_diacritics(word):
            boosts += _section_terms("words", word, w.words, w)
    if accented and w.name:
        names = _capitalised(analysis.canonical)
        boosts += [node for s in dict.fromkeys(analysis.syllables) if s in names
                   for node in _section_terms("syllables", s, w.name, w)]
    core = Bool(should=tuple(core_slots), minimum_should_match=minimum_should_match(len(core_slots), w))
    return core, boosts, strong_rules(runs, accented)


def _capitalised(text: str) -> set[str]:
    """Words written with a capital, but the first: in Vietnamese, names (headlines capitalise
    only their first word and names)."""
    words = _WORD.findall(text)
    return {word.lower() for word in words[1:] if word[:1].isupper()}


_WORD = re.compile(r"\w+")


# A strong match holds at least this share of the query's distinct words ...
STRONG_SHARE = 0.8
# ... and, from this many words on, two of them side by side as typed.
STRONG_ADJACENT_FROM = 3


def strong_rules(runs: list[list[_Slot]], accented: bool) -> list[Node]:
    """The rules a strong match satisfies, as non-scoring nodes over the body ("all text") fields.

    Vietnamese syllables are so common that "most of the query's syllables somewhere in the
    article" still matches a large share of a news archive, above all without accents (`doi`
    is đôi, đổi, đội, đời …). So a strong match must hold at least 80% of the query's distinct
    words (syllables or abbreviations) and, for three words or more, at least one adjacent pair
    of them ("doi_moi", which is almost only "đổi mới"): as typed in a query typed with accents,
    as ranking reads it, accent-insensitively in one typed without. Examples in
    docs/architecture.md.
    """
    slots: dict[Node, None] = {}
    pairs: dict[Node, None] = {}
    for run in runs:
        for slot in run:
            slots[_strict_slot(slot, accented)] = None
        for a, b in zip(run, run[1:]):
            if a.syllable and b.syllable:
                pairs[_strict_pair(a.syllable, b.syllable, accented)] = None
    if not slots:
        return []
    needed = math.ceil(STRONG_SHARE * len(slots) - 1e-9)  # 0.8 × 5 is 4, not 4.000…1
    rules: list[Node] = [Bool(should=tuple(slots), minimum_should_match=needed)]
    if len(slots) >= STRONG_ADJACENT_FROM and pairs:
        rules.append(should_one_of(tuple(pairs)))
    return rules


def _strict_slot(slot: _Slot, accented: bool) -> Node:
    if slot.group is not None:  # recognised accent-insensitively, so matched so
        return should_one_of([_strict_sequence(tuple(fold(s) for s in variant)) for variant in slot.group.variants])
    if slot.literal is not None:  # either reading of the word
        return should_one_of([_strict_slot(_Slot(syllable=slot.syllable), accented),
                              _strict_slot(_Slot(syllable=slot.literal), accented)])
    syllable = slot.syllable or ""
    if accented:
        return Term(text_field("body", "syllables"), syllable)
    return Term(text_field("body", "folded"), fold(syllable))


def _strict_sequence(syllables: tuple[str, ...], slop: int = 0, section: str = "body") -> Node:
    """A quoted phrase as written (its words within `slop` moves of each other): with its
    accents when it has any, else accent-insensitively."""
    if any(has_diacritics(s) for s in syllables):
        field, terms = text_field(section, "syllables"), syllables
    else:
        field, terms = text_field(section, "folded"), tuple(fold(s) for s in syllables)
    if len(terms) == 1:
        return Term(field, terms[0])
    if slop and len(terms) > 2:
        # Each word within `slop` moves of the next, pair by pair: a sloppy phrase of three or
        # more terms is matched differently by tantivy (it reorders the terms by frequency,
        # quickwit-oss/tantivy#2580) and Lucene; two-term ones alike.
        return Bool(must=tuple(Phrase(field, pair, slop) for pair in zip(terms, terms[1:])))
    return Phrase(field, terms, slop)


def _strict_pair(a: str, b: str, accented: bool) -> Node:
    if accented:
        return Term(text_field("body", "bigrams"), f"{a}_{b}")
    return Term(text_field("body", "folded_bigrams"), f"{fold(a)}_{fold(b)}")


def _bigram_node(a: str, b: str, w: Weights, accented: bool) -> Node:
    folded = f"{fold(a)}_{fold(b)}"
    if not accented:
        return should_one_of(_section_terms("folded_bigrams", folded, w.unaccented_bigram, w))
    return should_one_of(_section_terms("bigrams", f"{a}_{b}", w.bigram, w)
                         + _section_terms("folded_bigrams", folded, w.folded_bigram, w))


def clause_node(syllables: Syllables, w: Weights) -> Node | None:
    """One clause of an OR group, or an exclusion, as a single match."""
    if not syllables:
        return None
    if len(syllables) == 1:
        return syllable_node(syllables[0], w)
    return sequence_node(syllables, w)


@lru_cache(maxsize=1024)
def match_queries(query: AnalysedQuery, w: Weights = DEFAULT_WEIGHTS, reading: Reading | None = None) -> MatchQueries:
    """The analysed query as the ranked and the strong-match query trees; `reading` says how
    its words were read (`indexer.query.understanding.read_query`; default: as typed).

    Memoised: paging, facet clicks and the count probes of the no-results page ask again.
    """
    must: list[Node] = []
    boosts: list[Node] = []
    strong: list[Node] = []
    core, extra, rules = free_text_query(query.words, query.accented, w, reading)
    if core is not None:
        must.append(core)
        boosts += extra
        strong += rules
    for syllables, slop in zip(query.phrases, query.phrase_slops, strict=True):
        # Quoted on purpose: the phrase as written (or its words within `slop` moves) narrows
        # the strong matches and lifts the articles holding it, but never hides one that has
        # its words apart (a pasted headline's own article, a page that would be empty): those
        # are partial matches.
        boosts.append(should_one_of([sequence_node(syllables, w)], boost=w.phrase))
        strong.append(_strict_sequence(syllables, slop=slop))
    for syllables in query.titles:
        # `title:`: required in the title, as written (accent-insensitively when typed without).
        must.append(_strict_sequence(syllables, section="title"))
    for group in query.or_groups:
        alternatives = [n for n in (clause_node(c, w) for c in group) if n is not None]
        if alternatives:
            must.append(should_one_of(alternatives))
    must_not = tuple(n for n in (clause_node(c, w) for c in query.excluded) if n is not None)
    if not must and query.unsearchable:
        return MatchQueries(MatchNone())  # typed to be found, but nothing of it can be
    if not must:
        # Nothing searchable was typed (only punctuation, or only exclusions): list everything.
        ranked: Node = Bool(must=(MatchAll(),), must_not=must_not) if must_not else MatchAll()
        return MatchQueries(ranked)
    ranked = Bool(must=tuple(must), should=tuple(boosts), must_not=must_not)
    return MatchQueries(ranked, Bool(filter=tuple(strong)) if strong else None)


def is_browse(query: Node) -> bool:
    """True when a query tree ranks nothing: an empty query, only punctuation, only exclusions.
    Such a search lists everything (that is not excluded) instead of ranking."""
    return isinstance(query, MatchAll) or (isinstance(query, Bool) and query.must == (MatchAll(),)
                                           and not query.should)
