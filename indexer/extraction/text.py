"""Character classes and matching keys shared by the extraction modules.

Python's `re` has no \\p{Lu}; the Vietnamese upper/lower case letters are listed
once here and spliced into character classes. Tone placement and diacritics come from
indexer.analysis.normalize, the project's one copy of them.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

from indexer.analysis.normalize import INVISIBLE, strip_diacritics, to_old_placement
from indexer.extraction import lexicon

_LETTERS = [chr(c) for c in range(0x41, 0x1F00) if chr(c).isalpha() and "LATIN" in unicodedata.name(chr(c), "")]
UPPER = "".join(c for c in _LETTERS if c.isupper())
LOWER = "".join(c for c in _LETTERS if c.islower())
UP = f"[{re.escape(UPPER)}]"
LO = f"[{re.escape(LOWER)}]"

# A capitalised syllable ("Út", "Nguyễn", "A"), never an acronym ("HĐND") nor a number.
CAPWORD = rf"{UP}{LO}*(?![\w])"
CAPWORD_RE = re.compile(rf"^{UP}{LO}*$")



def starting_with(phrases: Iterable[str], *, ignore_case: bool = False) -> str:
    """A lookahead for the first letters of `phrases`, put in front of a pattern that can only
    start with one of them. `re` tries a pattern at every position of a text, and an alternation
    of hundreds of names costs at each; this lookahead fails at once wherever no name begins
    (2-3x faster scans of whole articles). With `ignore_case` it matches as `(?i:)` would."""
    letters = re.escape("".join(sorted({p[0] for p in phrases})))
    return f"(?=(?i:[{letters}]))" if ignore_case else f"(?=[{letters}])"


_DASHES = re.compile(r"\s*[-–—]\s*")
_SPACES = re.compile(r"\s+")


def match_key(text: str) -> str:
    """The key two spellings of a name or phrase match on: NFC, lower case, old tone placement
    ("Thanh Hóa" and "thanh hoá" -> "thanh hoá"), dashes and spaces unified. Accents are kept,
    unlike indexer.analysis.normalize.fold."""
    if len(text) <= 64:
        return _match_key_cached(text)
    return _match_key(text)


@functools.lru_cache(maxsize=100_000)
def _match_key_cached(text: str) -> str:
    return _match_key(text)


def _match_key(text: str) -> str:
    text = to_old_placement(unicodedata.normalize("NFC", text).lower())
    text = _DASHES.sub(" - ", text)
    return _SPACES.sub(" ", text).strip()


# Match keys of the words that open a person's name ("ông", "đồng chí"): places and speakers both ask.
HONORIFIC_KEYS = frozenset(match_key(h) for h in lexicon.HONORIFICS)


def clean_text(text: str) -> str:
    """HTML entities decoded ("&amp;", "&gt;&gt;" are in crawled text), NFC, no invisible
    characters, non-breaking spaces as spaces, \\n line ends."""
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    for ch in INVISIBLE:
        if ch in text:
            text = text.replace(ch, "")
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def squash(line: str) -> str:
    """One line with runs of spaces and tabs collapsed (str.split splits on exactly what `\\s`
    matches, and is 3x faster than a regex that substitutes every single space)."""
    return " ".join(line.split())


def strip_accents(text: str) -> str:
    """'Thành phố Hồ Chí Minh' -> 'thanh pho ho chi minh' (for gazetteer keyword keys)."""
    return strip_diacritics(text.lower()).replace("đ", "d")


def keyword_key(text: str) -> str:
    """The gazetteer's keyword form: no accents, no spaces, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", strip_accents(text))


_QUOTE_MARK_RE = re.compile(r"[“\"]")
UNCLOSED_QUOTE_WORDS = 6  # an opening mark never closed opens a quotation only this long, or longer


def _closing_mark(para: str, start: int, marks: str) -> int:
    """Where the quotation opened before `start` closes, or -1. A quotation opened inside it
    (`buôn "phao" lớn`, `“bước ngoặt”`) is closed first: an opening mark is “, or a straight
    quote after a space and before a letter."""
    depth = 0
    for pos in range(start, len(para)):
        ch = para[pos]
        if ch == "“" or (ch == '"' and (pos == 0 or para[pos - 1].isspace()) and para[pos + 1 : pos + 2].isalnum()):
            depth += 1
        elif ch in marks:
            if depth == 0:
                return pos
            depth -= 1
    return -1


def closed_quotations(para: str) -> tuple[tuple[int, int, int], ...]:
    """`quotation_spans(para, closed_only=True)`, memoised: the speaker rules read each paragraph's
    quotations in three passes."""
    if len(para) > 20_000:
        return tuple(quotation_spans(para, closed_only=True))
    return _closed_quotations_cached(para)


@functools.lru_cache(maxsize=2048)
def _closed_quotations_cached(para: str) -> tuple[tuple[int, int, int], ...]:
    return tuple(quotation_spans(para, closed_only=True))


def quotation_spans(para: str, *, closed_only: bool = False) -> list[tuple[int, int, int]]:
    """(mark, start, end) of the text inside each pair of quotation marks; an opening mark the
    corpus never closed runs to the paragraph's end, unless `closed_only`."""
    spans: list[tuple[int, int]] = []
    i = 0
    while True:
        m = _QUOTE_MARK_RE.search(para, i)
        if not m:
            break
        opener = m.group()
        j = _closing_mark(para, m.end(), "”\"" if opener == "“" else '"”')
        if j < 0:
            if closed_only:
                break
            inner = (m.end(), len(para))
            if len(para[slice(*inner)].split()) >= UNCLOSED_QUOTE_WORDS:
                spans.append(inner)
            break
        spans.append((m.end(), j))
        i = j + 1
    return [(s - 1, s + (len(para[s:e]) - len(para[s:e].lstrip(" .…"))), e) for s, e in spans]
