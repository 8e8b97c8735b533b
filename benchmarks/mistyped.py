"""Mistyped queries, made deterministically from accented Vietnamese text.

    python benchmarks/mistyped.py [--queries ../shared/eval/vntc-ki/queries.jsonl] [--seed 14] [-n 10]

Three styles, each a function of the text and a random.Random (same seed, same output):

telex(text, rng) and vni(text, rng): every word that carries a diacritic (or đ) is replaced by the
keystrokes a user types for it with the Vietnamese input method switched off; words without any
(numbers, "Iraq", accent-free syllables such as "Minh"), punctuation and spacing stay as they are.
Each word draws its own style:
  - tone key (Telex s f r x j, VNI 1-5 for sắc huyền hỏi ngã nặng): at the end of the word with
    probability 0.7, else right after the keystrokes of the vowel that carries the mark as the
    text writes it ("hòa" -> "hofa", "hoà" -> "hoaf");
  - Telex modifiers: inline (aa ee oo for â ê ô, aw ow uw for ă ơ ư, dd for đ); ươ as "uow" or
    "uwow" (even odds), a lone ư as "w" with probability 0.2 ("tw"); with probability 0.25 the
    w is typed once at the end of the word instead ("dduongwf", the tone key before or after it
    at even odds) when the word's only ă/ơ/ư is one such letter or the pair ươ and the word has
    no other a, o or u for the w to land on;
  - VNI modifiers (6 â ê ô, 7 ơ ư, 8 ă, 9 đ): right after their letter ("d9o6ng2"; ươ as "u7o7"
    or "uo7" at even odds), or with probability 0.25 all typed at the end of the word before the
    tone digit ("viet65", ươ as one 7) when each digit can land on only one vowel (one â/ê/ô and
    no other a, e, o for a 6; one ă and no other a; one ơ/ư or the pair ươ and no other o, u);
  - case: a word starting with a capital keeps it (first keystroke only, or the whole word when
    it was all capitals) with probability 0.5, else is typed in lower case.

one_slip(text, rng): all diacritics stripped (đ -> d; case, punctuation and numbers kept), then
one slip in ONE word of 4 or more letters chosen uniformly (any such word, Vietnamese or not);
a text without one comes back accent-free and otherwise unchanged. The slip is, with
probabilities 0.4 / 0.3 / 0.3: a letter replaced by a QWERTY neighbour (same row left/right,
the two touching keys of the rows above and below), a letter dropped, or a letter doubled.
Replacement and drop never hit the word's first letter: typing studies find first-letter errors
rare (people look at a word's start), and a wrong first letter reads as a different word rather
than a slip; a doubled letter may be any. The replacement keeps the letter's case.

Written independently of indexer.analysis.input_methods (it only uses normalize's stripping), so
it is a fair test of the decoder.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.analysis.normalize import strip_diacritics  # noqa: E402

DEFAULT_QUERIES = REPO.parent / "shared" / "eval" / "vntc-ki" / "queries.jsonl"

_TONE_ORDER = "\u0301\u0300\u0309\u0303\u0323"  # sắc huyền hỏi ngã nặng
_TELEX_TONE = dict(zip(_TONE_ORDER, "sfrxj"))
_VNI_TONE = dict(zip(_TONE_ORDER, "12345"))
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TOKENS = re.compile(r"\w+|\W+")

TONE_AT_END = 0.7
TELEX_LONE_W = 0.2
TELEX_W_AT_END = 0.25
VNI_MODIFIERS_AT_END = 0.25
KEEP_CAPITAL = 0.5


class _Letter:
    """One letter of a word: plain ASCII letter, its quality mark (circumflex, breve, horn,
    "d" for the stroke of đ or ""), and its tone mark ("" when none)."""

    __slots__ = ("plain", "mark", "tone")

    def __init__(self, char: str) -> None:
        if char in "đĐ":
            self.plain, self.mark, self.tone = "d", "d", ""
            return
        decomposed = unicodedata.normalize("NFD", char.lower())
        self.plain, marks = decomposed[0], decomposed[1:]
        self.mark = next((m for m in marks if m in (_CIRCUMFLEX, _BREVE, _HORN)), "")
        self.tone = next((m for m in marks if m in _TONE_ORDER), "")


def _is_vietnamese(word: str) -> bool:
    """A word of letters only that has a diacritic or đ: the only words typed differently."""
    return word.isalpha() and strip_diacritics(word).replace("đ", "d").replace("Đ", "D") != word


def _cased(original: str, typed: str, rng: random.Random) -> str:
    if not original[0].isupper() or rng.random() >= KEEP_CAPITAL:
        return typed
    if len(original) > 1 and original.isupper():
        return typed.upper()
    return typed[0].upper() + typed[1:]


def _horn_pair(letters: list[_Letter], i: int) -> bool:
    return (i + 1 < len(letters) and letters[i].plain == "u" and letters[i].mark == _HORN
            and letters[i + 1].plain == "o" and letters[i + 1].mark == _HORN)


def _only_target(letters: list[_Letter], marked: list[int], candidates: str) -> bool:
    """Whether the marked letters (one, or the pair ươ) are the only `candidates` vowels."""
    others = [i for i, letter in enumerate(letters) if letter.plain in candidates and i not in marked]
    return not others


def _encode(word: str, rng: random.Random, vni: bool) -> str:
    letters = [_Letter(c) for c in word]
    tone_mark, toned = next(((letter.tone, i) for i, letter in enumerate(letters) if letter.tone), ("", -1))
    tone_key = (_VNI_TONE if vni else _TELEX_TONE).get(tone_mark, "")
    tone_at_end = rng.random() < TONE_AT_END
    defer = rng.random() < (VNI_MODIFIERS_AT_END if vni else TELEX_W_AT_END)
    pair_style = rng.random() < 0.5
    deferred = _deferred(letters, vni) if defer else None
    chunks: list[str] = []
    i = 0
    while i < len(letters):
        letter = letters[i]
        if deferred is not None and i in deferred:
            chunk = letter.plain
        elif _horn_pair(letters, i):
            if vni:
                chunks.append("u7o7" if pair_style else "uo7")
            else:
                chunks.append("uow" if pair_style else "uwow")
            if toned in (i, i + 1) and not tone_at_end and tone_key:  # after the ơ's keys
                chunks.append(tone_key)
                tone_key = ""
            i += 2
            continue
        else:
            chunk = _letter_keys(letter, vni, rng)
        chunks.append(chunk)
        if i == toned and not tone_at_end and tone_key:
            chunks.append(tone_key)
            tone_key = ""
        i += 1
    typed = "".join(chunks)
    if deferred is not None:
        modifiers = deferred[None]
        if not vni and tone_key and rng.random() < 0.5:
            typed += tone_key + modifiers
            tone_key = ""
        else:
            typed += modifiers
    return _cased(word, typed + tone_key, rng)


def _letter_keys(letter: _Letter, vni: bool, rng: random.Random) -> str:
    if not letter.mark:
        return letter.plain
    if vni:
        return letter.plain + {"d": "9", _CIRCUMFLEX: "6", _HORN: "7", _BREVE: "8"}[letter.mark]
    if letter.mark == "d":
        return "dd"
    if letter.mark == _CIRCUMFLEX:
        return letter.plain * 2
    if letter.mark == _HORN and letter.plain == "u" and rng.random() < TELEX_LONE_W:
        return "w"
    return letter.plain + "w"


def _deferred(letters: list[_Letter], vni: bool) -> dict[int | None, str] | None:
    """Letters typed plain with their modifiers at the end ({index: "", None: keys}), or None
    when the word does not allow it (see the module docstring)."""
    marked = [i for i, letter in enumerate(letters) if letter.mark]
    if not vni:
        hooked = [i for i in marked if letters[i].mark in (_BREVE, _HORN)]
        if not hooked or len(hooked) > 2 or (len(hooked) == 2 and not _horn_pair(letters, hooked[0])):
            return None
        if not _only_target(letters, hooked, "aou"):
            return None
        return {**{i: "" for i in hooked}, None: "w"}
    keys, done = [], []
    for mark, digit, candidates in ((_CIRCUMFLEX, "6", "aeo"), (_BREVE, "8", "a"), (_HORN, "7", "ou")):
        group = [i for i in marked if letters[i].mark == mark]
        if not group:
            continue
        if len(group) > 2 or (len(group) == 2 and not _horn_pair(letters, group[0])):
            return None
        if not _only_target(letters, group, candidates):
            return None
        keys.append(digit)
        done += group
    stroke = [i for i in marked if letters[i].mark == "d"]
    if stroke:
        keys.insert(0, "9")
        done += stroke
    if not keys:
        return None
    return {**{i: "" for i in done}, None: "".join(keys)}


def _map_words(text: str, rng: random.Random, vni: bool) -> str:
    return "".join(_encode(token, rng, vni) if _is_vietnamese(token) else token for token in _TOKENS.findall(text))


def telex(text: str, rng: random.Random) -> str:
    """`text` as typed in Telex keystrokes with the input method off (see the module docstring)."""
    return _map_words(text, rng, vni=False)


def vni(text: str, rng: random.Random) -> str:
    """`text` as typed in VNI keystrokes with the input method off (see the module docstring)."""
    return _map_words(text, rng, vni=True)


# -- one slip ----------------------------------------------------------------------

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    """QWERTY letters touching each letter: left and right, and the two touching keys in the
    row above (index i, i + 1) and below (index i - 1, i), the rows being staggered."""
    near: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for i, key in enumerate(row):
            keys = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            if r > 0:
                keys += [_ROWS[r - 1][j] for j in (i, i + 1) if j < len(_ROWS[r - 1])]
            if r < 2:
                keys += [_ROWS[r + 1][j] for j in (i - 1, i) if 0 <= j < len(_ROWS[r + 1])]
            near[key] = "".join(sorted(keys))
    return near


NEIGHBOURS = _neighbours()
_LETTER_RUNS = re.compile(r"[^\W\d_]+")


def accent_free(text: str) -> str:
    """All diacritics stripped, đ -> d; case, punctuation and numbers kept."""
    return strip_diacritics(text).replace("đ", "d").replace("Đ", "D")


def one_slip(text: str, rng: random.Random) -> str:
    """`text` accent-free with one typing slip in one word of 4+ letters (see the module docstring)."""
    plain = accent_free(text)
    words = [m for m in _LETTER_RUNS.finditer(plain) if len(m.group()) >= 4]
    if not words:
        return plain
    match = rng.choice(words)
    word = match.group()
    kind = rng.choices(("replace", "drop", "double"), weights=(0.4, 0.3, 0.3))[0]
    if kind == "double":
        i = rng.randrange(len(word))
        slipped = word[: i + 1] + word[i] + word[i + 1:]
    else:
        i = rng.randrange(1, len(word))
        if kind == "drop":
            slipped = word[:i] + word[i + 1:]
        else:
            options = NEIGHBOURS.get(word[i].lower(), "")
            if not options:  # a letter off the QWERTY letter rows: drop it instead
                slipped = word[:i] + word[i + 1:]
            else:
                new = rng.choice(options)
                slipped = word[:i] + (new.upper() if word[i].isupper() else new) + word[i + 1:]
    return plain[: match.start()] + slipped + plain[match.end():]


STYLES: dict[str, Callable[[str, random.Random], str]] = {"telex": telex, "vni": vni, "one_slip": one_slip}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print mistyped versions of the first queries of a collection.")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("-n", type=int, default=10)
    args = parser.parse_args(argv)
    with args.queries.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line, _ in zip(lines, range(args.n))]
    for name, style in STYLES.items():
        rng = random.Random(args.seed)
        print(f"== {name} (seed {args.seed})")
        for text in texts:
            print(f"{text}\n  -> {style(text, rng)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
