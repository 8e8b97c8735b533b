"""Canonical form, folding, segmentation and abbreviations."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.analysis import analyze, canonicalize, fold, has_diacritics, index_tokens
from indexer.query.abbreviations import find_abbreviations
from indexer.analysis.segmenter import segment
from indexer.backends.tantivy import _analyzers

VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"
ALL_LETTERS = sorted(
    {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)} | {"đ", "d"}
)


@pytest.mark.parametrize(
    "old, canonical",
    [
        ("Quận ủy", "Quận uỷ"),
        ("Tỉnh uỷ", "Tỉnh uỷ"),
        ("khóa X", "khoá X"),
        ("hòa bình", "hoà bình"),
        ("HÒA BÌNH", "HOÀ BÌNH"),
        ("Hòa", "Hoà"),
        ("khỏe", "khoẻ"),
        ("thủy lợi", "thuỷ lợi"),
        ("Ủy ban", "Uỷ ban"),
        # Closed syllables and "qu" already have one placement: untouched.
        ("hoàng toán khuyến", "hoàng toán khuyến"),
        ("quý quỳ", "quý quỳ"),
        # Icelandic eth used for Đ, and decomposed input.
        ("\u00d0ồng Tháp", "Đồng Tháp"),
        (unicodedata.normalize("NFD", "Đồng Tháp hòa"), "Đồng Tháp hoà"),
    ],
)
def test_canonical_tone_placement(old: str, canonical: str) -> None:
    assert canonicalize(old) == canonical


def test_canonical_form_is_the_one_pyvi_joins_into_words() -> None:
    # pyvi's word list is written with the mark on the second vowel (hoà, uỷ, khoá).
    # In context, only the canonical spelling is joined into one word.
    assert segment("Giữ gìn hoà bình thế giới") == "Giữ_gìn hoà_bình thế_giới"
    assert segment("Giữ gìn hòa bình thế giới") == "Giữ_gìn hòa bình thế_giới"
    assert "hoà_bình" in analyze("Giữ gìn hòa bình thế giới").words


def test_both_spellings_analyse_identically() -> None:
    assert analyze("Quận ủy Quận 12 khóa X").syllables == analyze("Quận uỷ Quận 12 khoá X").syllables


def test_fold_strips_every_tone_and_d_stroke() -> None:
    assert fold("Đổi mới phương thức lãnh đạo") == "doi moi phuong thuc lanh dao"
    for letter in ALL_LETTERS:
        assert fold(letter).isascii() and len(fold(letter)) == 1, letter
    assert not has_diacritics("doi moi") and has_diacritics("đôi") and has_diacritics("mới")


def test_python_folding_matches_the_engine_analyser() -> None:
    engine = _analyzers()["vn_folded"]
    words = [letter + "n" for letter in ALL_LETTERS] + [letter.upper() for letter in ALL_LETTERS]
    # Lowercase (tokens arrive lowercased) but still accented: the engine's folding must agree.
    assert engine.analyze(" ".join(w.lower() for w in words)) == [fold(w) for w in words]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | st.lists(st.sampled_from(
    ["Đổi", "mới", "HĐND", "Søren", "straße", "Æsir", "Łódź", "ΟΔΟΣ", "İstanbul", "ﬁnal", "Ｗ", "3.699", "x²"]),
    max_size=12).map(" ".join))
def test_engine_analysers_never_change_a_python_token(text: str) -> None:
    # Query terms reach the engines unanalysed, so an indexed token must be exactly the token the
    # Python analysis made: the engines' analysers may only split it off. This is also why the
    # embedded engine needs no lowercase filter: every token is lowercase already.
    tokens = index_tokens(analyze(text))
    analyzers = _analyzers()
    for kind, stream in tokens.items():
        analyzer = analyzers["vn_folded" if kind.startswith("folded") else "vn"]
        assert analyzer.analyze(stream) == stream.split(), kind
        assert stream == stream.lower(), kind


def test_analysis_drops_punctuation_and_keeps_numbers() -> None:
    a = analyze("Đồng chí Trần Văn Út, Phó Bí thư (khóa X) có 3.699 đảng viên; 15-NQ/TW.")
    assert "," not in a.syllables and "(" not in a.syllables
    assert "3.699" in a.syllables and "15" in a.syllables and "nq" in a.syllables
    assert a.words[:2] == ("đồng_chí", "trần_văn")
    assert all(s == s.lower() for s in a.syllables)
    # Bigrams never cross punctuation.
    assert "út_phó" not in a.bigrams and "trần_văn" in a.bigrams
    assert "tran_van" in a.folded_bigrams


def test_index_tokens_are_whitespace_streams() -> None:
    tokens = index_tokens(analyze("Đổi mới phương thức"))
    assert tokens["words"] == "đổi_mới phương_thức"
    assert tokens["syllables"] == "đổi mới phương thức"
    assert tokens["folded"] == "doi moi phuong thuc"
    assert tokens["folded_bigrams"] == "doi_moi moi_phuong phuong_thuc"


def test_empty_and_punctuation_only_text() -> None:
    assert analyze("").syllables == ()
    assert analyze(" ... !!! ").syllables == ()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("TP.HCM", "thành phố hồ chí minh"),
        ("TPHCM", "thành phố hồ chí minh"),
        ("TP HCM", "thành phố hồ chí minh"),
        ("HĐND", "hội đồng nhân dân"),
        ("hdnd", "hội đồng nhân dân"),
        ("UBND", "uỷ ban nhân dân"),
        ("MTTQ", "mặt trận tổ quốc"),
        ("BCH", "ban chấp hành"),
        ("BTV", "ban thường vụ"),
        ("Thành phố Hồ Chí Minh", "tphcm"),
        ("Hội đồng nhân dân", "hđnd"),
        ("uy ban nhan dan", "ubnd"),
    ],
)
def test_abbreviations_expand_both_ways(query: str, expected: str) -> None:
    syllables = analyze(query).syllables
    found = find_abbreviations(syllables)
    assert len(found) == 1, found
    start, end, group = found[0]
    assert (start, end) == (0, len(syllables))
    assert tuple(expected.split()) in group.variants


def test_abbreviation_needs_whole_syllables() -> None:
    assert find_abbreviations(analyze("ubnda tphcmx").syllables) == []


def test_lone_surrogates_do_not_break_analysis() -> None:
    assert analyze("Hà Nội \ud800 mới").syllables == ("hà", "nội", "mới")


def test_folding_table_is_the_engines() -> None:
    # The data file must be what the installed tantivy folds (a tantivy upgrade may add letters):
    # regenerate with `python -m indexer.analysis.folding > indexer/data/ascii_folding.tsv`.
    from indexer.analysis.folding import engine_folding, read_table

    assert read_table() == engine_folding()
    assert fold("Søren Straße Æsir Łódź") == "soren strasse aesir lodz"
    assert has_diacritics("søren") and not has_diacritics("soren")
