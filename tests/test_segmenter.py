"""Differential tests: the fast `segment` must equal stock pyvi byte for byte.

`segmenter.stock_segment` is stock `pyvi.ViTokenizer.tokenize` (and the
fallback path), so these tests need no pyvi import of their own.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.analysis import segmenter
from indexer.analysis.segmenter import segment, segment_many, stock_segment

from .conftest import REPO, needs_vntc

SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def fast() -> segmenter._FastSegmenter:
    """The loaded fast path; these tests are about it, so it must not have fallen back."""
    segment("")
    assert segmenter._fast is not None and segmenter._impl == segmenter._fast.segment, (
        "segment() fell back to stock pyvi; see the logged warning"
    )
    return segmenter._fast


def assert_same(text: str) -> None:
    expected = stock_segment(text)
    got = segment(text)
    assert got == expected, f"input {text!r}\n stock {expected!r}\n  fast {got!r}"


# -- text generators -----------------------------------------------------------------

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
          "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay",
          "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua",
          "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "uyê", "ươi", "oai"]
CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # huyền sắc hỏi ngã nặng
PUNCTUATION = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + [
    "…", "“", "”", "‘", "’", "–", "—", "«", "»", "•", "==>", "->", "...", ">>", "--", "::"]
NUMBERS = ["3.699", "2015-2020", "12,5", "1_000", "0", "07", "10/12/2020", "3.5%", "1.000.000",
           "2,5-3", "15h30", "100km", "v1.2.3", "٣٤", "²³", "Ⅻ", "１２", "1.", ".5", "1..2"]
URLS = ["https://vnexpress.net/thoi-su/ha-noi-123.html", "http://x.y/z?a=b&c=d#frag",
        "ftp://host/path_a", "www.tuoitre.vn", "https://vi.wikipedia.org/wiki/Việt_Nam",
        "mailto://a@b.c", "HTTP://HOST.VN/", "a://b"]
EMAILS = ["a.b@c.vn", "user+tag@mail.example.com", "x_y-z@sub.domain.org", "@", "a@b", "a@b.",
          "Nguyen.Van.A@gmail.com", "a@@b.com"]
ABBREVIATIONS = ["TP.", "Tp.", "ThS.", "TS.", "GS.TS.", "Mr.", "Mrs.", "Ms.", "Dr.", "UBND.",
                 "Đ.", "HĐND.", "tp.", "P.", "Q.1", "ĐH.", "A.B.C."]
EMOJI = ["😀", "👍🏽", "🇻🇳", "👨‍👩‍👧", "❤️", "☺", "🀄", "\U0001f600\U0001f600"]
CONTROL = ["\x00", "\x01", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x7f", "\x85",
           "\u200b", "\u200d", "\ufeff", "\u00a0", "\u2028", "\u3000", "\ufffd", "\u0301"]
ODD_CASE = ["ΟΔΟΣ", "Σ", "ΣΑΣ", "ας", "İstanbul", "ǅemal", "ǈ", "STRASSE", "ß", "ﬁ", "ΐ",
            "Ⓐ", "ᾼ", "ﬀ", "Ǳ", "HÀ_NỘI", "_", "__init__", "học_sinh", "a_", "_b", "x86_64"]
SEPARATORS = [" ", " ", " ", "", "\n", "  ", "\t", ", ", ". ", "\r\n", "\n\n", " - "]


@st.composite
def syllables(draw) -> str:
    """A Vietnamese-looking syllable with any tone mark, in any letter case."""
    nucleus = draw(st.sampled_from(NUCLEI))
    tone = draw(st.sampled_from(TONES))
    at = draw(st.integers(0, len(nucleus) - 1))  # tone on any vowel, as in real (mis)typing
    word = draw(st.sampled_from(ONSETS)) + nucleus[: at + 1] + tone + nucleus[at + 1:]
    word = unicodedata.normalize("NFC", word + draw(st.sampled_from(CODAS)))
    case = draw(st.sampled_from(["lower", "lower", "lower", "title", "upper", "mixed"]))
    if case == "title":
        return word.title()
    if case == "upper":
        return word.upper()
    if case == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
        return "".join(c.upper() if f else c for c, f in zip(word, flips))
    return word


PIECES = st.one_of(
    syllables(), syllables(), syllables(), syllables(), syllables(), syllables(),
    st.sampled_from(PUNCTUATION), st.sampled_from(NUMBERS), st.sampled_from(URLS),
    st.sampled_from(EMAILS), st.sampled_from(ABBREVIATIONS), st.sampled_from(EMOJI),
    st.sampled_from(CONTROL), st.sampled_from(ODD_CASE),
    st.integers(0, 10**9).map(str),
    st.text(max_size=4),  # anything at all (hypothesis leaves out lone surrogates)
)


@st.composite
def texts(draw, max_pieces: int = 60) -> str:
    pieces = draw(st.lists(PIECES, max_size=max_pieces))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(pieces), max_size=len(pieces)))
    text = "".join(p + s for p, s in zip(pieces, seps))
    form = draw(st.sampled_from(["NFC", "NFC", "NFD", "NFKD", "as-is"]))
    return text if form == "as-is" else unicodedata.normalize(form, text)


# -- (a) generated text ------------------------------------------------------------

@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_generated_text_matches_pyvi(text: str) -> None:
    assert_same(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts(max_pieces=2000))
def test_long_generated_text_matches_pyvi(text: str) -> None:
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode_matches_pyvi(text: str) -> None:
    assert_same(text)


_WHITESPACE = [" ", "\n", "\r", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2028", "\u3000", "\u200b"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_WHITESPACE) | st.sampled_from(PUNCTUATION + NUMBERS + URLS) | st.text(max_size=8)
                | st.just("Tp.") | st.just("TP.") | st.just("a@b.vn"), max_size=40).map("".join))
def test_syllable_split_is_pyvis_regex(text: str) -> None:
    # The chunk-wise split must give exactly what pyvi's regex finds, whatever the whitespace.
    assert segmenter._sylabelize(text) == segmenter._TOKEN_RE.findall(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_syllables_and_crf_labels_match_pyvi(text: str) -> None:
    # Label-level check: pyvi's post-processing hides some labels (e.g. next
    # to punctuation), so compare what the CRF itself says too.
    vi = segmenter._pyvi().ViTokenizer
    toks = vi.sylabelize(text)[1]
    assert segmenter.syllables(text) == toks
    if toks:
        expected = list(vi.model.predict([vi.sent2features(toks, False)])[0])
        assert fast().labels(toks) == expected


EDGE_CASES = [
    "", " ", "   ", "\n", "\n\n", "\t \r\n", "\u00a0", "\u3000\u2028", "\x1c\x1d\x1e\x1f",
    "a", "A", "1", ".", "_", "\n a \n", " leading and trailing ",
    "TP. Hồ Chí Minh", "ThS. Nguyễn Văn A", "Tp. Đà Nẵng", "Mr. Dr. Mrs. Ms.", "UBND TP. Hà Nội",
    "giá 3.699 đồng", "giai đoạn 2015-2020", "12,5%", "1_000_000", "10/12/2020",
    "https://vnexpress.net/ha-noi-123.html.", "email a.b@c.vn, x@y.z.", "http://x",
    "Hà\nNội", "Hà_Nội", "học_sinh giỏi", "__", "A_B", "a__b",
    "😀 Việt Nam 🇻🇳", "Việt😀Nam", "\x00", "a\x00b", "Hà\x00Nội", "\x7f\x85\u200b\ufeff",
    unicodedata.normalize("NFD", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    unicodedata.normalize("NFD", "Ứng dụng"), "\u0301", "a\u0301", "e\u0302\u0301",
    "ΟΔΟΣ ΣΑΣ Σ", "İstanbul İ", "ǅemal ǈ Ǳ", "ﬁ ﬀ ß STRASSE", "²³ ٣٤ Ⅻ １２",
    "==> -> ... >> ....", "Hà Nội -> Sài Gòn", "«Hà Nội»", "“Hà Nội”",
    "ĐẠI HỌC QUỐC GIA HÀ NỘI", "đại học quốc gia hà nội", "ĐạI hỌc", "Đ. Đ.",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_match_pyvi(text: str) -> None:
    assert_same(text)


def test_empty_and_whitespace_are_returned_unchanged() -> None:
    # (A newline is not "whitespace" here: pyvi makes it a token of its own.)
    for text in ["", " ", " \t\r ", "\u00a0\u3000", "\x1c\x1f"]:
        assert segment(text) == text == stock_segment(text)
    assert segment("\n\t") == "\n" == stock_segment("\n\t")


def test_lone_surrogates_fail_like_pyvi() -> None:
    # Text with a lone surrogate (json.loads can produce one) has no pyvi
    # output: python-crfsuite cannot UTF-8-encode the feature and, through a
    # Cython quirk, stock pyvi raises SystemError chained to that
    # UnicodeEncodeError.  The fast path must not silently produce output;
    # it raises the UnicodeEncodeError itself.
    for text in ["\ud800", "a \udcff b", "http://x\ud800y", "Hà Nội \udc80"]:
        with pytest.raises((SystemError, UnicodeEncodeError)) as stock_error:
            stock_segment(text)
        assert isinstance(stock_error.value, UnicodeEncodeError) or isinstance(
            stock_error.value.__cause__, UnicodeEncodeError)
        with pytest.raises(UnicodeEncodeError):
            segment(text)
    assert_same("Hà Nội")  # both still work afterwards


def test_very_long_text_is_one_sequence() -> None:
    # Tens of thousands of tokens in one call; pyvi tags them as ONE sequence.
    text = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS) * 6
    assert len(segmenter.syllables(text)) > 30_000
    assert_same(text)


def test_segment_many_equals_segment() -> None:
    batch = [p.read_text(encoding="utf-8") for p in SEEDS] + ["", "Hà Nội", " "]
    assert segment_many(batch) == [stock_segment(t) for t in batch]
    assert segment_many(iter(batch)) == [segment(t) for t in batch]


# -- (b) seed articles -------------------------------------------------------------

@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_files_match_pyvi(path: Path) -> None:
    assert len(SEEDS) == 5
    fast()
    text = path.read_text(encoding="utf-8")
    assert_same(text)
    assert_same(unicodedata.normalize("NFD", text))


# -- (c) VNTC sample ---------------------------------------------------------------

@pytest.mark.slow
def test_vntc_sample_matches_pyvi() -> None:
    """5,000 whole VNTC articles, every 16th line of the corpus (all ten categories).

    Stock pyvi needs about 30-70 s for these on one core, so whole articles are
    used (no truncation).
    """
    vntc = needs_vntc("the differential test segments 5,000 VNTC articles")
    fast()
    with gzip.open(vntc, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in itertools.islice(fh, 0, None, 16)]
    sample = [r for r in records if r.get("text")][:5000]
    assert len(sample) == 5000
    mismatches = [r.get("id") for r in sample if segment(r["text"]) != stock_segment(r["text"])]
    assert not mismatches, f"{len(mismatches)} articles differ, e.g. {mismatches[:5]}"


# -- fallback --------------------------------------------------------------------

def test_stock_fallback_function_is_pyvi() -> None:
    # The function segment() falls back to; it must be usable on its own.
    text = SEEDS[0].read_text(encoding="utf-8")
    out = stock_segment(text)
    assert "_" in out and out == segment(text)
    assert stock_segment("") == "" and stock_segment("  ") == "  "


# Writes a copy of pyvi whose model has one zero weight: crfsuite (stock pyvi) reads it, the
# fast path's model reader refuses it (crfsuite models hold no zero weights; see the docstring).
ALTER_MODEL_SCRIPT = r"""
import pickle, shutil, struct, sys
from pathlib import Path
from indexer.analysis import segmenter
source, copy = segmenter.pyvi_directory(), Path(sys.argv[1]) / "pyvi"
shutil.copytree(source, copy)
crf = pickle.loads((source / "models/pyvi3.pkl").read_bytes())  # the real sklearn_crfsuite.CRF
with open(crf.modelfile.name, "r+b") as fh:
    image = bytearray(fh.read())
    features = struct.unpack_from("<I", image, 28)[0]  # header: offset of the feature records
    struct.pack_into("<d", image, features + 12 + 12, 0.0)  # the first record's weight
    fh.seek(0)
    fh.write(image)
(copy / "models/pyvi3.pkl").write_bytes(pickle.dumps(crf, protocol=2))
"""

FALLBACK_SCRIPT = r"""
import logging, sys
logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
from indexer.analysis import segmenter
assert segmenter.pyvi_directory().parent == __import__("pathlib").Path(sys.argv[1]), "not the altered copy"
text = "Ông Nguyễn Văn A, ThS. tại TP. Hồ Chí Minh, nói: giá vàng tăng 3.699 đồng."
expected = segmenter._pyvi().ViTokenizer.tokenize(text)  # stock pyvi on the altered model
assert segmenter.segment(text) == expected
assert segmenter.segment_many([text, ""]) == [expected, ""]
assert segmenter._impl is segmenter.stock_segment
print("fallback ok")
"""


def test_unloadable_model_falls_back_to_stock_pyvi_with_one_warning(tmp_path: Path) -> None:
    # Separate interpreters, so the altered pyvi and the chosen implementation do not leak into
    # this process.
    for script, path in ((ALTER_MODEL_SCRIPT, str(REPO)), (FALLBACK_SCRIPT, f"{tmp_path}{os.pathsep}{REPO}")):
        proc = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)], cwd=REPO, capture_output=True, text=True,
            timeout=300, env={**os.environ, "PYTHONPATH": path},
        )
        assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "fallback ok"
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "using stock pyvi" in warnings[0], proc.stderr
    assert "zero weight" in warnings[0]


def test_installed_pyvi_is_the_verified_one() -> None:
    # The fast path skips its load-time comparison with stock pyvi only for these files. A new
    # pyvi release fails here: run this file's differential tests on it, then update the digest.
    installed = segmenter.pyvi_fingerprint(segmenter.pyvi_directory())
    assert installed == segmenter.VERIFIED_PYVI


def test_loading_the_verified_model_needs_no_scikit_learn() -> None:
    # Importing stock pyvi loads scikit-learn (over a second); workers and servers start without it.
    script = ("import sys; from indexer.analysis import segmenter; "
              "print(segmenter.segment('Hà Nội'), segmenter._fast is not None, 'sklearn' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["Hà_Nội", "True", "False"]


def test_comparison_with_stock_pyvi_passes_on_the_installed_pyvi() -> None:
    # What an unverified pyvi goes through at load: word lists, syllables, labels, output.
    checked = segmenter._FastSegmenter(compare_with_stock=True)
    assert checked.segment("Giữ gìn hoà bình") == stock_segment("Giữ gìn hoà bình")


def test_fast_path_is_in_use() -> None:
    # Everything above compares segment() with pyvi; make sure segment() is
    # the fast path here and not the fallback compared with itself.
    assert fast().segment("Hà Nội") == "Hà_Nội"
