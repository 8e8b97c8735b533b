"""The little query language of the search box: "quoted phrases", -exclusion, OR, proximity
(`"đổi mới lãnh đạo"~5`, or `"đổi mới" NEAR/5 "lãnh đạo"`: each word within 5 moves of the next),
`speaker:"Full Name"` (or `speaker:Name`) for what that person said, `title:` (words or a phrase
in the title) and `province:` (articles about that province).

Parsing never fails: an unclosed quote or a lone "-" falls back to plain words; a field prefix
with nothing after it is a plain word; `~` without a number after a phrase is dropped; a
`NEAR/N` without a clause on both sides is a word.
The result is structure only; `indexer.query.analysed` analyses it, `indexer.query.ranking` ranks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Straight and typographic double quotes; Vietnamese keyboards and word processors produce both.
_OPEN_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
_ALL_QUOTES = set(_OPEN_QUOTES) | set(_OPEN_QUOTES.values())
_OR = "OR"
# Field prefixes the parser knows; anything else with a colon ("TP.HCM:", "10:30") is a word.
SPEAKER_FIELD = "speaker:"
TITLE_FIELD = "title:"
PROVINCE_FIELD = "province:"
_FIELDS = {SPEAKER_FIELD: "speaker", TITLE_FIELD: "title", PROVINCE_FIELD: "province"}
# The widest proximity asked ("…"~1000 reads as ~50): beyond it, "near" means nothing.
MAX_SLOP = 50
_NEAR = re.compile(r"NEAR/(\d+)")
_SLOP = re.compile(r"~(\d+)")


@dataclass(frozen=True, slots=True)
class Clause:
    text: str
    phrase: bool = False
    # Proximity: the clause's words within this many moves of each other (0: as written).
    slop: int = 0
    # Where `text` is in the query as typed (to rewrite a word in place), not part of its value.
    span: tuple[int, int] = field(default=(0, 0), compare=False)


@dataclass(slots=True)
class ParsedQuery:
    # Each unit is one required-or-ranked piece; a unit with several clauses is an OR group.
    units: list[tuple[Clause, ...]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    # `speaker:` values, as typed: the search is for what they said.
    speakers: list[Clause] = field(default_factory=list)
    # `title:` values: words or phrases the title must hold.
    titles: list[Clause] = field(default_factory=list)
    # `province:` values, as typed.
    provinces: list[Clause] = field(default_factory=list)

    def phrases(self) -> list[Clause]:
        """The quoted phrases outside OR groups (and NEAR pairs): what a strong match must
        contain as written, or within their slop."""
        return [unit[0] for unit in self.units if len(unit) == 1 and unit[0].phrase]

    def or_groups(self) -> list[tuple[Clause, ...]]:
        """The OR groups: one of their clauses must match."""
        return [unit for unit in self.units if len(unit) > 1]

    def word_spans(self) -> list[tuple[int, int]]:
        """Where the plain words and quoted phrases (what `words_text` joins) are in the query."""
        return [unit[0].span for unit in self.units if len(unit) == 1]

    def words_text(self) -> str:
        """The plain words and the quoted phrases' words, in the order typed, quotes removed: what
        ranking weighs. A pasted headline with quotation marks ranks like the same headline
        without them; the quotes only decide what counts as a strong match."""
        return " ".join(unit[0].text for unit in self.units if len(unit) == 1)


def _field_value(text: str, i: int) -> tuple[tuple[str, tuple[int, int]] | None, int]:
    """The value of a field prefix ending at `i`: a quoted phrase or one word, with its span, and
    where the text goes on. None when nothing follows the colon."""
    n = len(text)
    if i < n and text[i] in _OPEN_QUOTES:
        closers = [p for p in (text.find(q, i + 1) for q in _ALL_QUOTES) if p >= 0]
        close = min(closers) if closers else n
        value = text[i + 1 : close]
        return ((value.strip(), (i + 1, close)) if value.strip() else None), min(n, close + 1)
    j = i
    while j < n and not text[j].isspace() and text[j] not in _ALL_QUOTES:
        j += 1
    return ((text[i:j], (i, j)) if j > i else None), j


Token = tuple[str, str, bool, tuple[int, int], int]


def _capped(digits: str) -> int:
    """A typed slop, at most MAX_SLOP (a long run of digits is read as its first few)."""
    return min(int(digits[:4]), MAX_SLOP)


def _lex(text: str) -> list[Token]:
    """Split into (kind, text, negated, span, slop) tokens: kind is "word", "phrase", "or", "near",
    or a field ("speaker", "title", "province")."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            negated = True
            i += 1
            ch = text[i]
        prefix = next((f for f in _FIELDS if text[i : i + len(f)].lower() == f), None) if not negated else None
        if prefix is not None:
            value, after = _field_value(text, i + len(prefix))
            if value is not None:
                tokens.append((_FIELDS[prefix], value[0], False, value[1], 0))
                slop = _SLOP.match(text, after)
                i = slop.end() if slop else after  # a proximity after a field value means nothing: dropped
                continue
        if ch in _OPEN_QUOTES:
            close = text.find(_OPEN_QUOTES[ch], i + 1)
            if ch == '"' or close < 0:
                # A typographic opener may be closed by a straight quote and vice versa.
                candidates = [p for p in (text.find(q, i + 1) for q in _ALL_QUOTES) if p >= 0]
                close = min(candidates) if candidates else -1
            if close > i + 1:
                slop = _SLOP.match(text, close + 1)
                tokens.append(("phrase", text[i + 1 : close], negated, (i + 1, close),
                               _capped(slop.group(1)) if slop else 0))
                i = slop.end() if slop else close + 1
                continue
            if close == i + 1:  # empty quotes
                i = close + 1
                continue
            i += 1  # unclosed quote: drop it, the rest reads as plain words
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _ALL_QUOTES:
            j += 1
        if j == i:  # a closing quote with no opener before it ("e”", "»"): drop it
            i += 1
            continue
        word, span = text[i:j], (i, j)
        i = j
        near = _NEAR.fullmatch(word)
        if word == _OR and not negated:
            tokens.append(("or", word, False, span, 0))
        elif near and not negated:
            tokens.append(("near", word, False, span, _capped(near.group(1))))
        elif word.startswith("~") and tokens and tokens[-1][0] == "phrase" and _SLOP.fullmatch(word):
            continue  # "…" ~5: a slop written apart from its phrase is left out, not searched
        elif word.strip("-"):
            tokens.append(("word", word, negated, span, 0))
    return tokens


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    pending_or = False
    or_span = (0, 0)
    near: tuple[int, tuple[int, int]] | None = None  # a NEAR/N waiting for the clause after it
    for kind, value, negated, span, slop in _lex(text):
        if kind == "speaker":
            parsed.speakers.append(Clause(value, phrase=True, span=span))
            continue
        if kind == "province":
            parsed.provinces.append(Clause(value, phrase=True, span=span))
            continue
        if kind == "title":
            parsed.titles.append(Clause(value, phrase=True, span=span))
            continue
        if kind == "near":
            # Joins the clause before with the one after: both within N moves of each other.
            if parsed.units and len(parsed.units[-1]) == 1 and not pending_or and near is None:
                near = (slop, span)
                continue
            kind, slop = "word", 0  # nothing to join: a word, as written
        if near is not None and not negated and kind in ("word", "phrase"):
            before = parsed.units[-1][0]
            joined = Clause(f"{before.text} {value}", phrase=True, slop=max(near[0], before.slop, slop),
                            span=(before.span[0], span[1]))
            parsed.units[-1] = (joined,)
            near = None
            continue
        if near is not None:  # "a NEAR/3 -b", "a NEAR/3 OR": the NEAR was a word
            parsed.units.append((Clause(text[near[1][0]:near[1][1]], span=near[1]),))
            near = None
        if kind == "or":
            # OR joins the previous positive unit with the next clause; a dangling OR is a word.
            if parsed.units and not pending_or:
                pending_or, or_span = True, span
            else:
                parsed.units.append((Clause(value, span=span),))
            continue
        clause = Clause(value, phrase=(kind == "phrase"), slop=slop, span=span)
        if negated:
            parsed.excluded.append(clause)
            continue
        if pending_or:
            parsed.units[-1] = parsed.units[-1] + (clause,)
            pending_or = False
        else:
            parsed.units.append((clause,))
    if pending_or:  # "a OR" at the end: the OR was just a word
        parsed.units.append((Clause(_OR, span=or_span),))
    if near is not None:  # "a NEAR/3" at the end: a word
        parsed.units.append((Clause(text[near[1][0]:near[1][1]], span=near[1]),))
    return parsed
