"""The abbreviation list (indexer/data/abbreviations.tsv): it parses, each group is recognised
however a user types it, longer groups win over the shorter ones inside them, and every variant
occurs in the VNTC news (benchmarks/abbreviations.py counts them)."""

from __future__ import annotations

import os

import pytest

from benchmarks.abbreviations import article_texts, count, missing, read_groups
from indexer.analysis import DATA_DIR, analyze, fold
from indexer.analysis.normalize import strip_diacritics
from indexer.query.abbreviations import ABBREVIATIONS_FILE, AbbreviationGroup, find_abbreviations, load_groups

from .conftest import needs_vntc

FILE = DATA_DIR / ABBREVIATIONS_FILE


def _lines() -> list[tuple[int, list[str]]]:
    """(line number, written variants) of every group line."""
    out = []
    for number, line in enumerate(FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((number, [v.strip() for v in line.split("|")]))
    return out


def _syllables(text: str) -> tuple[str, ...]:
    return analyze(text).syllables


def _group(text: str) -> AbbreviationGroup:
    """The one group that `text`, typed as a query, is recognised as, spanning all of it."""
    syllables = _syllables(text)
    found = find_abbreviations(syllables)
    assert [(start, end) for start, end, _ in found] == [(0, len(syllables))], (text, found)
    return found[0][2]


def _typed(variant: str) -> list[str]:
    """The ways a user types a variant: as written, in capitals, without accents (đ as d)."""
    plain = strip_diacritics(variant).replace("đ", "d").replace("Đ", "D")
    return [variant, variant.upper(), plain, plain.lower()]


GROUP_LINES = _lines()


# --- the file ------------------------------------------------------------------------------------


def test_the_file_parses_into_groups_of_two_variants_or_more() -> None:
    index, longest = load_groups()
    groups = {id(g): g for g in index.values()}
    assert len(groups) == len(GROUP_LINES) >= 70
    assert all(len(g.variants) >= 2 for g in groups.values())
    assert longest == max(len(v) for g in groups.values() for v in g.variants)
    for number, variants in GROUP_LINES:
        assert all(variants), f"line {number}: an empty variant (a doubled or trailing '|')"
        assert all(_syllables(v) for v in variants), f"line {number}: a variant without a syllable"


def test_no_variant_belongs_to_two_groups() -> None:
    # The loader indexes variants by their folded syllables: a second group with the same
    # variant would silently take it from the first.
    owner: dict[tuple[str, ...], int] = {}
    for number, variants in GROUP_LINES:
        for variant in {tuple(fold(s) for s in _syllables(v)) for v in variants}:
            assert variant not in owner, f"{' '.join(variant)!r}: lines {owner[variant]} and {number}"
            owner[variant] = number


def test_no_one_syllable_abbreviation_is_a_vietnamese_syllable_without_its_accents() -> None:
    # Recognition is accent-insensitive: "TƯ" (Trung ương) would turn every typed "tu" (tư, tự,
    # từ, tu …) into the group. indexer/data/syllables.txt lists the valid syllables.
    listed = DATA_DIR / "syllables.txt"
    if not listed.exists():
        pytest.skip(f"{listed} lists the valid syllables")
    valid = {fold(line.split("\t")[0]) for line in listed.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    traps = [(n, v) for n, variants in GROUP_LINES for v in variants
             if len(_syllables(v)) == 1 and fold(_syllables(v)[0]) in valid]
    assert not traps


# --- recognition ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "variants"), GROUP_LINES, ids=[v[0] for _, v in GROUP_LINES])
def test_every_variant_is_recognised_however_it_is_typed(number: int, variants: list[str]) -> None:
    group = _group(variants[0])
    for variant in variants:
        for typed in _typed(variant):
            assert _group(typed) is group, (number, typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tand", "toà án nhân dân"),
        ("TAND", "toà án nhân dân"),
        ("toa an nhan dan", "tand"),
        ("Toà án nhân dân", "tand"),
        ("vksnd", "viện kiểm sát nhân dân"),
        ("csdt", "cảnh sát điều tra"),
        ("CSĐT", "cảnh sát điều tra"),
        ("pccc", "phòng cháy chữa cháy"),
        ("phòng cháy, chữa cháy", "pccc"),
        ("gd-dt", "giáo dục và đào tạo"),
        ("GD&ĐT", "gdđt"),
        ("Sở Giáo dục - Đào tạo", None),  # "sở" stays a syllable; checked below
        ("nn-ptnt", "nông nghiệp và phát triển nông thôn"),
        ("NN&PTNT", "nnptnt"),
        ("LĐ-TB&XH", "lao động thương binh và xã hội"),
        ("ld-tbxh", "lđtbxh"),
        ("tngt", "tai nạn giao thông"),
        ("hlv", "huấn luyện viên"),
        ("CLB", "câu lạc bộ"),
        ("gs", "giáo sư"),
        ("pgs", "phó giáo sư"),
        ("bs", "bác sĩ"),
        ("dbscl", "đồng bằng sông cửu long"),
        ("TNHH", "trách nhiệm hữu hạn"),
        ("ttxvn", "thông tấn xã việt nam"),
        ("qdnd", "quân đội nhân dân"),
        ("cand", "công an nhân dân"),
        ("ubtvqh", "uỷ ban thường vụ quốc hội"),
        ("xhcn", "xã hội chủ nghĩa"),
        ("CNH-HĐH", "công nghiệp hoá hiện đại hoá"),
        ("cnh, hdh", "công nghiệp hoá hiện đại hoá"),
        ("dnnn", "doanh nghiệp nhà nước"),
        ("thcs", "trung học cơ sở"),
        ("BHYT", "bảo hiểm y tế"),
        ("ubmttq", "uỷ ban mặt trận tổ quốc"),
    ],
)
def test_new_groups_are_recognised(typed: str, expected: str | None) -> None:
    if expected is None:
        syllables = _syllables(typed)
        found = find_abbreviations(syllables)
        assert [(s, e) for s, e, _ in found] == [(1, len(syllables))]
        assert ("gdđt",) in found[0][2].variants
        return
    assert tuple(expected.split()) in _group(typed).variants


def test_an_abbreviation_among_other_words_is_recognised_alone() -> None:
    found = find_abbreviations(_syllables("vksnd tinh"))
    assert [(s, e) for s, e, _ in found] == [(0, 1)]
    assert ("viện", "kiểm", "sát", "nhân", "dân") in found[0][2].variants
    found = find_abbreviations(_syllables("xét xử tại TAND tỉnh Đồng Tháp"))
    assert [(s, e) for s, e, _ in found] == [(3, 4)]


def test_an_abbreviation_needs_whole_syllables() -> None:
    # No prefix trap: a variant never matches the start of a longer token.
    assert find_abbreviations(_syllables("tands vksndx clbs hlvs cty1 vnexpress tphcmx")) == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # The longest variant at a position wins over the shorter ones inside it.
        ("phó giáo sư", "pgs"),
        ("viện kiểm sát nhân dân", "vksnd"),
        ("viện kiểm sát", "vks"),
        ("uỷ ban thường vụ quốc hội", "ubtvqh"),
        ("uỷ ban mặt trận tổ quốc", "ubmttq"),
        ("thông tấn xã việt nam", "ttxvn"),
        ("đại học quốc gia", "đhqg"),
        ("cộng hoà xã hội chủ nghĩa", "chxhcn"),
        ("học sinh, sinh viên", "hssv"),
        ("HS-SV", "học sinh sinh viên"),
    ],
)
def test_the_longest_group_wins(typed: str, expected: str) -> None:
    assert tuple(expected.split()) in _group(typed).variants


def test_tp_alone_is_thanh_pho_and_tp_hcm_keeps_its_group() -> None:
    # Before the TP group, "tp" alone matched nothing; it is now "thành phố" (VNTC writes "TP"
    # alone for thành phố: "UBND TP", "địa bàn TP"). Ho Chi Minh City keeps its own group,
    # however it is typed: the longest variant wins.
    hcm = _group("Thành phố Hồ Chí Minh")
    for typed in ("TP.HCM", "TP HCM", "tp hcm", "tphcm", "TP. Hồ Chí Minh", "tp ho chi minh", "Sài Gòn"):
        assert _group(typed) is hcm, typed
    city = _group("tp")
    assert city is not hcm and ("thành", "phố") in city.variants and _group("thanh pho") is city
    found = find_abbreviations(_syllables("tp da nang"))
    assert [(s, e, g) for s, e, g in found] == [(0, 1, city)]
    found = find_abbreviations(_syllables("UBND TP Hà Nội"))
    assert [(s, e) for s, e, _ in found] == [(0, 1), (1, 2)] and found[1][2] is city


@pytest.mark.parametrize("typed", ["dh", "đh", "dt", "đt", "ts", "cp", "cd", "tu", "tư", "nd", "btc", "gd",
                                   "nld", "cty", "hn", "nsnn", "vn"])
def test_ambiguous_and_left_out_abbreviations_are_not_recognised(typed: str) -> None:
    # ĐH (đại học, Đại hội), ĐT, TS (tiến sĩ, thí sinh), CP (Chính phủ, cổ phần), CĐ, TƯ, NĐ, BTC,
    # GĐ, NLĐ; Cty, HN, NSNN, VN (for now): see the file's comments.
    assert find_abbreviations(_syllables(typed)) == []


# --- the corpus ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_variant_occurs_in_vntc() -> None:
    corpus = needs_vntc("every abbreviation variant is checked against the VNTC news")
    groups = read_groups(FILE)
    counts = count(groups, article_texts(corpus), jobs=min(4, os.cpu_count() or 1))
    assert counts.articles > 80_000
    assert not missing(counts), [(groups[g].line, v.label) for g, v in missing(counts)]
