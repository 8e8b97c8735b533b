"""The valid Vietnamese syllables: attested in VNTC and well formed.

indexer/data/syllables.txt lists them (canonical lower case, old tone placement, with their VNTC
counts), one per line. It is generated, never edited by hand:

    python -m indexer.analysis.syllables /work/shared/corpus/vntc.jsonl.gz > indexer/data/syllables.txt

A word makes the list when it passes the phonotactic check below (a real onset, a real rime —
medial + vowel nucleus + final, spelled as Vietnamese spells it: c/k/q, g/gh, ng/ngh, i/y, iê/yê —
a stop final c, ch, p, t only under the sắc or nặng tone, and the tone mark on the vowel where the
canonical old placement puts it) and is attested in VNTC (words counted over
canonicalize(text).lower() split with \\w+): at least 3 times when it is also a syllable of
pyvi's dictionary (models/words.txt), at least 10 times when it is not (names: Nguyễn, Nẵng, Pù),
and never when it has no diacritic and pyvi's dictionary lacks it. The check keeps out foreign
words (covid, bus, iphone: no such final) and accent-free spellings of accented syllables
(viet, nguoi: "iê" and "uô" need their circumflex); the dictionary keeps out the well-formed
ones ("khong", "giua" for không, giữa) and the counts most typos.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from indexer.analysis.normalize import canonicalize, has_diacritics
from indexer.analysis.segmenter import pyvi_directory

SYLLABLES_FILE = Path(__file__).resolve().parent.parent / "data" / "syllables.txt"

# Combining tone marks -> tone number: 0 none (ngang), 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng.
TONE_MARKS: dict[str, int] = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_QUALITY_MARKS = "\u0302\u0306\u031b"  # circumflex (â ê ô), breve (ă), horn (ơ ư)
_LETTERS = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")
_STOPS = ("c", "ch", "p", "t")

# Longest first: the onset is the longest prefix in this list ("gi" has its own rule in _parses).
ONSETS = ("ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")

# Rimes without a medial, toneless. "yê…" only stands without an onset, "iê…" only after one.
_PLAIN_RIMES = frozenset("""
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
y yêm yên yêng yêt yêu
o oc oi om on ong op ot ooc oong
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
""".split())
# Rimes with the medial o/u (written o before a, ă, e; u before the others).
_MEDIAL_RIMES = frozenset("""
oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt
oe oem oen oeo oet
uân uâng uât uây
uê uêch uênh
uy uya uych uynh uyp uyt uyu uyên uyêt
uơ
""".split())
# After qu (whose u is the medial): the medial rimes without their u, ô rimes (quốc), quới.
_QU_RIMES = frozenset({r[1:] for r in _MEDIAL_RIMES if r[0] == "u"}
                      | {r for r in _PLAIN_RIMES if r[0] in "aăâeêô"} | {"i", "it", "ơi"})
# Labial onsets take no medial o/u ("boa", "moan", "buy" are foreign), except the loan "buýt".
_LABIALS = frozenset({"b", "m", "p", "ph", "v"})
_FRONT = ("e", "ê", "i", "y")  # k, gh, ngh before these; c, g, ng never


def _rime_allowed(onset: str, rime: str) -> bool:
    if onset == "qu":
        return rime in _QU_RIMES
    if rime in _MEDIAL_RIMES:
        if onset in _LABIALS:
            return rime == "uyt"
        return onset not in ("c", "k", "gh", "ngh")
    if rime not in _PLAIN_RIMES:
        return False
    if rime.startswith("yê"):
        return onset == ""
    if rime.startswith("iê") and onset == "":
        return False
    front = rime.startswith(_FRONT)
    if onset == "k":
        return front
    if onset in ("gh", "ngh"):
        return front and not rime.startswith("y")
    if onset in ("c", "ng"):
        return not front
    if onset == "g":
        return not rime.startswith(("e", "ê", "y"))  # g + i… is the onset gi: gì, gìn, giếng
    return True


def _parses(toneless: str) -> list[tuple[str, str]]:
    """(onset, rime) splits of a toneless syllable; "gi" is ambiguous: già = gi+a, gìn = g+in."""
    if toneless.startswith("gi"):
        rest = toneless[2:]
        if rest and rest[0] in _VOWELS and rest[0] != "ê":
            return [("gi", rest)]
        return [("g", toneless[1:])]
    for onset in ONSETS:
        if toneless.startswith(onset):
            return [(onset, toneless[len(onset):])]
    return [("", toneless)]


def tone_position(rime: str) -> int:
    """Index in the toneless rime of the vowel that carries the tone mark, in the old placement:
    the (last) vowel with a quality mark; else the last vowel before a final consonant; else
    the second vowel of oa/oe/uy and of any three-vowel cluster, the first of other pairs."""
    cluster = len(rime)
    for i, char in enumerate(rime):
        if char not in _VOWELS:
            cluster = i
            break
    marked = [i for i in range(cluster) if rime[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if cluster < len(rime):
        return cluster - 1
    if cluster == 2:
        return 1 if rime in ("oa", "oe", "uy") else 0
    return 0 if cluster == 1 else 1


def _letters(syllable: str) -> tuple[str, int, int] | None:
    """(toneless NFC letters, tone, index of the letter under the tone mark or -1)."""
    letters: list[str] = []
    tone, position = 0, -1
    for char in unicodedata.normalize("NFD", syllable):
        if char in TONE_MARKS:
            if tone or not letters:
                return None
            tone, position = TONE_MARKS[char], len(letters) - 1
        elif char in _QUALITY_MARKS:
            if not letters:
                return None
            letters[-1] += char
        else:
            letters.append(char)
    toneless = [unicodedata.normalize("NFC", letter) for letter in letters]
    if not all(letter in _LETTERS for letter in toneless):
        return None
    return "".join(toneless), tone, position


def split(syllable: str) -> tuple[str, str, int] | None:
    """(onset, toneless rime, tone 0-5) of a well-formed lower-case syllable in canonical
    placement, else None: split("người") == ("ng", "ươi", 2), split("hoà") == ("h", "oa", 2)."""
    parsed = _letters(syllable)
    if parsed is None:
        return None
    toneless, tone, position = parsed
    for onset, rime in _parses(toneless):
        if not rime or not _rime_allowed(onset, rime):
            continue
        if rime.endswith(_STOPS) and tone not in (1, 5):
            continue
        if tone and position != len(onset) + tone_position(rime):
            continue
        return onset, rime, tone
    return None


def is_well_formed(syllable: str) -> bool:
    """The phonotactic check alone (no corpus): lower case, canonical placement."""
    return split(syllable) is not None


@lru_cache(maxsize=1)
def syllable_counts() -> dict[str, int]:
    """Every valid syllable with its VNTC count, read from indexer/data/syllables.txt."""
    counts: dict[str, int] = {}
    with SYLLABLES_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            syllable, _, count = line.rstrip("\n").partition("\t")
            counts[syllable] = int(count or 0)
    return counts


@lru_cache(maxsize=1)
def valid_syllables() -> frozenset[str]:
    """The valid syllables: canonical, lower case, old tone placement ("hoà", "thuỷ")."""
    return frozenset(syllable_counts())


@lru_cache(maxsize=65_536)  # speaker extraction asks for every capitalised word of every article
def is_valid_syllable(s: str) -> bool:
    """True for a listed syllable in any case and either tone placement: "Việt", "hòa", "hoà"."""
    return canonicalize(s).lower() in valid_syllables()


_WORD = re.compile(r"\w+")


def count_words(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_WORD.findall(canonicalize(text).lower()))
    return counts


def _texts(path: Path) -> Iterable[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)["text"]


def dictionary_syllables(words_file: Path | None = None) -> set[str]:
    """The syllables of pyvi's dictionary (one word or phrase a line), canonical lower case."""
    path = words_file or pyvi_directory() / "models" / "words.txt"
    return set(_WORD.findall(canonicalize(path.read_text(encoding="utf-8")).lower()))


def select(counts: Counter[str], dictionary: set[str], min_count: int = 3, min_count_unlisted: int = 10) -> list[str]:
    """The syllables that make the list (see the module docstring), sorted."""
    def kept(word: str, count: int) -> bool:
        if word in dictionary:
            return count >= min_count
        return has_diacritics(word) and count >= min_count_unlisted
    return sorted(w for w, n in counts.items() if kept(w, n) and is_well_formed(w))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print indexer/data/syllables.txt, made from VNTC.")
    parser.add_argument("corpus", type=Path, help="VNTC as JSON Lines (.jsonl.gz), one object with `text` a line")
    parser.add_argument("--min-count", type=int, default=3, help="for syllables in pyvi's dictionary")
    parser.add_argument("--min-count-unlisted", type=int, default=10, help="for accented syllables not in it")
    args = parser.parse_args(argv)
    counts = count_words(_texts(args.corpus))
    kept = select(counts, dictionary_syllables(), args.min_count, args.min_count_unlisted)
    out = sys.stdout
    out.write("# Valid Vietnamese syllables: canonical lower case, old tone placement (hoà, thuỷ), TAB, VNTC count.\n")
    out.write("# VNTC words that pass the phonotactic check of indexer/analysis/syllables.py, seen at least\n")
    out.write(f"# {args.min_count} times if pyvi's dictionary has them, else (accented only) {args.min_count_unlisted} times.\n")
    out.write("# Generated, do not edit:\n")
    out.write("#   python -m indexer.analysis.syllables /work/shared/corpus/vntc.jsonl.gz > indexer/data/syllables.txt\n")
    for word in kept:
        out.write(f"{word}\t{counts[word]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
