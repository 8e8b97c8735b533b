"""Valid syllables (indexer/data/syllables.txt) and Telex/VNI keystrokes decoded to them."""

from __future__ import annotations

import random
import re
import time
import unicodedata
from collections.abc import Callable

import pytest

from benchmarks.mistyped import accent_free, one_slip, telex, vni
from indexer.analysis.input_methods import Decoded, decode, table_size
from indexer.analysis.normalize import canonicalize, has_diacritics
from indexer.analysis.syllables import (
    SYLLABLES_FILE,
    is_valid_syllable,
    is_well_formed,
    syllable_counts,
    valid_syllables,
)

COMMON = "việt nghị quyết đồng người đường thư tướng hoà thuỷ quý gì già giữa khuya rượu thuở yêu uỷ quốc hoặc ngoài"


# -- the syllable list -------------------------------------------------------------


@pytest.mark.parametrize("syllable", COMMON.split() + ["nam", "hoa", "xoong", "buýt", "nguyễn"])
def test_common_syllables_are_valid(syllable: str) -> None:
    assert syllable in valid_syllables()


@pytest.mark.parametrize("word", ["covid", "bus", "iphone", "abc", "viet", "nguoi", "khong", "giua", "top", "hòa", "ủy"])
def test_foreign_words_and_accent_free_junk_are_not(word: str) -> None:
    assert word not in valid_syllables()


def test_is_valid_syllable_takes_any_case_and_either_tone_placement() -> None:
    assert is_valid_syllable("Việt") and is_valid_syllable("HOÀ") and is_valid_syllable("hòa")
    assert is_valid_syllable("thủy") and is_valid_syllable("thuỷ")
    assert not is_valid_syllable("covid") and not is_valid_syllable("")


@pytest.mark.parametrize(
    "word, ok",
    [
        ("quyết", True), ("kiếm", True), ("kà", False), ("cê", False), ("ghà", False), ("ghế", True),
        ("nghỉ", True), ("ngỉ", False), ("ngà", True), ("nghà", False), ("tạp", True), ("tap", False),
        ("tàp", False), ("hoà", True), ("hòa", False), ("hoàng", True), ("hòang", False), ("mùa", True),
        ("muà", False), ("yên", True), ("iên", False), ("tiên", True), ("tyên", False), ("qua", True),
        ("qa", False), ("bus", False), ("ôk", False), ("ăn", True), ("ă", False), ("thuở", True),
    ],
)
def test_phonotactic_check(word: str, ok: bool) -> None:
    assert is_well_formed(word) is ok


def test_the_data_file_is_sorted_canonical_and_well_formed() -> None:
    lines = SYLLABLES_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and any("python -m indexer.analysis.syllables" in line for line in lines[:8])
    entries = [line.split("\t") for line in lines if not line.startswith("#")]
    words = [word for word, _ in entries]
    assert words == sorted(set(words)) and len(words) > 5000
    assert all(canonicalize(w).lower() == w == unicodedata.normalize("NFC", w) and is_well_formed(w) for w in words)
    assert all(int(count) >= 3 for _, count in entries)
    assert syllable_counts()["người"] > 100_000


# -- decoding ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, syllable, method",
    [
        ("vieetj", "việt", "telex"), ("ddoongf", "đồng", "telex"), ("nghij", "nghị", "telex"),
        ("quyeets", "quyết", "telex"), ("nguowif", "người", "telex"), ("dduowngf", "đường", "telex"),
        ("dduongwf", "đường", "telex"), ("tw", "tư", "telex"), ("hoaf", "hoà", "telex"),
        ("hofa", "hoà", "telex"), ("thuyr", "thuỷ", "telex"), ("thury", "thuỷ", "telex"),
        ("vieejt", "việt", "telex"), ("nguoiwf", "người", "telex"), ("dduongfw", "đường", "telex"),
        ("gif", "gì", "telex"), ("giuwax", "giữa", "telex"), ("quoocs", "quốc", "telex"),
        ("hoawcj", "hoặc", "telex"), ("ruouwj", "rượu", "telex"), ("coong", "công", "telex"),
        ("vie65t", "việt", "vni"), ("vie6t5", "việt", "vni"), ("viet65", "việt", "vni"),
        ("viet56", "việt", "vni"), ("d9o6ng2", "đồng", "vni"), ("dong962", "đồng", "vni"), ("dong92", "đòng", "vni"),
        ("nguo72i", "người", "vni"), ("ngu7o7i2", "người", "vni"), ("hoa2", "hoà", "vni"),
        ("thuy3", "thuỷ", "vni"), ("quye61t", "quyết", "vni"), ("tu7", "tư", "vni"),
    ],
)
def test_decodes_keystrokes(typed: str, syllable: str, method: str) -> None:
    assert decode(typed) == Decoded(typed, syllable, method)


@pytest.mark.parametrize("typed", ["VIEETJ", "Vieetj", "VieeTJ", "VIE65T", "DDoongf"])
def test_any_case_decodes_to_lower_case_keeping_the_typed_word(typed: str) -> None:
    decoded = decode(typed)
    assert decoded is not None and decoded.typed == typed and decoded.syllable in ("việt", "đồng")


@pytest.mark.parametrize(
    "typed",
    [
        "covid", "h5n1", "u23", "g7", "2024", "abc", "",  # codes, numbers, English
        "xoong", "boong", "nam", "hoa", "tin",  # already syllables
        "việt", "hoà", "đi",  # already accented
        "vieetjs", "vie65t1", "hoafs",  # two tone keys
        "fvieet", "5viet", "n5am",  # tone key before any vowel
        "vieet", "mama", "ddd", "w7", "vieet9x",  # modifiers making no valid syllable
        "viet", "nguoi", "khong",  # accent-free, no keys: nothing to decode
        "tieengx" + "s",  # tone key twice
    ],
)
def test_not_a_syllable_typed(typed: str) -> None:
    assert decode(typed) is None


def test_english_words_can_decode_as_telex() -> None:
    # Telex gives s the meaning sắc: callers keep the word as typed beside the decoding.
    decoded = decode("bus")
    assert decoded is not None and decoded.syllable == "bú"
    assert not is_valid_syllable("bus")


# An encoder of its own: Telex or VNI with every modifier right after its letter, the tone key
# at the end of the word or right after the vowel that carries the mark.
_TONES = "\u0301\u0300\u0309\u0303\u0323"
_VNI_MODS = {"\u0302": "6", "\u0306": "8", "\u031b": "7"}


def _encode(syllable: str, vni: bool, tone_at_end: bool) -> str:
    typed, tone_key = "", ""
    for char in syllable:
        if char == "đ":
            typed += "d9" if vni else "dd"
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        typed += base
        for mark in sorted(marks, key=lambda m: m in _TONES):  # the quality mark first
            if mark not in _TONES:
                typed += _VNI_MODS[mark] if vni else (base if mark == "\u0302" else "w")
            elif tone_at_end:
                tone_key = ("12345" if vni else "sfrxj")[_TONES.index(mark)]
            else:
                typed += ("12345" if vni else "sfrxj")[_TONES.index(mark)]
    return typed + tone_key


# The "oo" syllables share keystrokes with a more frequent syllable: "moocs" is mốc, not moóc.
_SHARED_KEYS = {"coóng", "goòng", "loòng", "toòng", "moóc", "soóc", "hốc", "xông", "bông", "gông"}


@pytest.mark.parametrize("vni_method", [False, True])
@pytest.mark.parametrize("tone_at_end", [True, False])
def test_every_syllable_round_trips(vni_method: bool, tone_at_end: bool) -> None:
    failures = []
    for syllable in sorted(valid_syllables()):
        typed = _encode(syllable, vni_method, tone_at_end)
        if typed == syllable:
            continue  # no diacritic: nothing to type
        decoded = decode(typed)
        if decoded is None or decoded.syllable != syllable:
            failures.append((syllable, typed, decoded and decoded.syllable))
    assert {f[0] for f in failures} <= _SHARED_KEYS, failures[:20]


def test_the_tables_are_quick_to_build() -> None:
    from indexer.analysis import input_methods

    input_methods._table.cache_clear()
    input_methods._toned.cache_clear()
    start = time.perf_counter()
    sizes = table_size()
    assert time.perf_counter() - start < 2  # about 0.2 s
    assert all(2000 < size < 100_000 for size in sizes.values())


# -- the mistyped-query generator (benchmarks/mistyped.py) decodes back -----------------

PHRASES = [
    "Người dân đường phố Hà Nội đón Tết",
    "Quyết định của Thủ tướng về thuế thu nhập",
    "Đội tuyển Việt Nam thắng đậm trên sân khách",
    "Giá xăng dầu tăng mạnh, người tiêu dùng lo lắng",
    "Hoà bình và khoẻ mạnh cho thế hệ trẻ",
    "Trường học mở cửa trở lại sau mùa lũ",
    "Bộ Y tế cảnh báo dịch cúm gia cầm",
    "Xuất khẩu gạo sang Iraq năm 2004 đạt kỷ lục",
]
_WORDS = re.compile(r"\w+")


@pytest.mark.parametrize("style", [telex, vni])
def test_generated_keystrokes_decode_to_the_original(style: Callable[[str, random.Random], str]) -> None:
    rng = random.Random(14)
    total = recovered = 0
    for _ in range(20):
        for phrase in PHRASES:
            typed = style(phrase, rng)
            assert not has_diacritics(typed)
            pairs = list(zip(_WORDS.findall(phrase), _WORDS.findall(typed), strict=True))
            for original, keys in pairs:
                if not has_diacritics(original):
                    assert keys == original  # Iraq, 2004, Nam stay
                    continue
                total += 1
                decoded = decode(keys)
                recovered += decoded is not None and decoded.syllable == canonicalize(original).lower()
    assert recovered / total > 0.99


def test_generators_are_deterministic() -> None:
    for style in (telex, vni, one_slip):
        assert style(PHRASES[0], random.Random(3)) == style(PHRASES[0], random.Random(3))


def _edits(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def test_one_slip_makes_one_edit_in_one_long_word() -> None:
    rng = random.Random(14)
    for _ in range(50):
        for phrase in PHRASES:
            plain = accent_free(phrase)
            slipped = one_slip(phrase, rng)
            assert _edits(plain, slipped) == 1
            changed = [(a, b) for a, b in zip(plain.split(), slipped.split()) if a != b]
            assert len(changed) == 1 and len(changed[0][0]) >= 4
    assert one_slip("Mặt nạ rau, lê và táo", rng) == "Mat na rau, le va tao"
