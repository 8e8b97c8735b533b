"""The little query language of the search box: "quoted phrases", -exclusion, OR, and
`speaker:"Full Name"` (or `speaker:Name`) for what that person said.

Parsing never fails: an unclosed quote or a lone "-" falls back to plain words; a `speaker:`
with nothing after it is a plain word.
The result is structure only; `indexer.query.analysed` analyses it, `indexer.query.ranking` ranks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Straight and typographic double quotes; Vietnamese keyboards and word processors produce both.
_OPEN_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
_ALL_QUOTES = set(_OPEN_QUOTES) | set(_OPEN_QUOTES.values())
_OR = "OR"
# Field prefixes the parser knows; anything else with a colon ("TP.HCM:", "10:30") is a word.
SPEAKER_FIELD = "speaker:"


@dataclass(frozen=True, slots=True)
class Clause:
    text: str
    phrase: bool = False
    # Where `text` is in the query as typed (to rewrite a word in place), not part of its value.
    span: tuple[int, int] = field(default=(0, 0), compare=False)


@dataclass(slots=True)
class ParsedQuery:
    # Each unit is one required-or-ranked piece; a unit with several clauses is an OR group.
    units: list[tuple[Clause, ...]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    # `speaker:` values, as typed: the search is for what they said.
    speakers: list[Clause] = field(default_factory=list)

    def phrases(self) -> list[Clause]:
        """The quoted phrases outside OR groups: what a strong match must contain as written."""
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


def _lex(text: str) -> list[tuple[str, str, bool, tuple[int, int]]]:
    """Split into (kind, text, negated, span) tokens: kind is "word", "phrase", "or" or "speaker"."""
    tokens: list[tuple[str, str, bool, tuple[int, int]]] = []
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
        if not negated and text[i : i + len(SPEAKER_FIELD)].lower() == SPEAKER_FIELD:
            value, after = _field_value(text, i + len(SPEAKER_FIELD))
            if value is not None:
                tokens.append(("speaker", value[0], False, value[1]))
                i = after
                continue
        if ch in _OPEN_QUOTES:
            close = text.find(_OPEN_QUOTES[ch], i + 1)
            if ch == '"' or close < 0:
                # A typographic opener may be closed by a straight quote and vice versa.
                candidates = [p for p in (text.find(q, i + 1) for q in _ALL_QUOTES) if p >= 0]
                close = min(candidates) if candidates else -1
            if close > i + 1:
                tokens.append(("phrase", text[i + 1 : close], negated, (i + 1, close)))
                i = close + 1
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
        if word == _OR and not negated:
            tokens.append(("or", word, False, span))
        elif word.strip("-"):
            tokens.append(("word", word, negated, span))
    return tokens


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    pending_or = False
    or_span = (0, 0)
    for kind, value, negated, span in _lex(text):
        if kind == "speaker":
            parsed.speakers.append(Clause(value, phrase=True, span=span))
            continue
        if kind == "or":
            # OR joins the previous positive unit with the next clause; a dangling OR is a word.
            if parsed.units and not pending_or:
                pending_or, or_span = True, span
            else:
                parsed.units.append((Clause(value, span=span),))
            continue
        clause = Clause(value, phrase=(kind == "phrase"), span=span)
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
    return parsed
