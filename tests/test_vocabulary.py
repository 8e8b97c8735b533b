"""indexer.query.vocabulary: the archive's word statistics, accent restoration, slip correction and
completion, on a small corpus written for these tests (no archive text)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.analysis import fold
from indexer.query.vocabulary import NUMBER, Choice, Vocabulary, is_accented, runs_of

# (sentence, how many articles repeat it). Chosen so that the most frequent accented form of a
# folded syllable is often NOT the right one in context: "doi" is mostly "đội", "nam" mostly "năm".
SENTENCES = [
    ("Đội bóng của tỉnh thắng trận chung kết.", 6),
    ("Đội tuyển quốc gia tập luyện ở sân mới.", 5),
    ("Đội trưởng đội cứu hộ nhận bằng khen.", 4),
    ("Công cuộc đổi mới đem lại nhiều thành tựu cho đất nước.", 3),
    ("Chính sách đổi mới giúp kinh tế Việt Nam phát triển.", 3),
    ("Mỗi năm có hàng nghìn học sinh vào trường học ở Việt Nam.", 3),
    ("Năm nay giá gạo tăng, năm ngoái giá gạo giảm.", 4),
    ("Nhà trường tổ chức lễ khai giảng năm học mới.", 3),
    ("Sinh viên trường đại học về quê ăn tết.", 3),
    ("Ông là bí thư tỉnh uỷ, bí thư chi bộ và bí thư huyện uỷ.", 3),
    ("Hai người bị thương nhẹ trong vụ va chạm.", 2),
    ("Đội U23 thắng 2 trận trong năm 2024.", 2),
    ("Người dân hoà bình về quê, đời sống khoẻ mạnh.", 2),
]


def corpus() -> Iterator[str]:
    for sentence, repeat in SENTENCES:
        for _ in range(repeat):
            yield sentence


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vocabulary]:
    path = tmp_path_factory.mktemp("vocabulary") / "vocabulary.sqlite"
    with Vocabulary.build(corpus(), path) as built:
        yield built


def chosen(choices: list[Choice]) -> list[str]:
    return [c.chosen for c in choices]


def test_counting_breaks_runs_at_punctuation_and_counts_numbers_as_one_token() -> None:
    assert list(runs_of("Năm nay, giá (gạo) tăng 10.000 đồng; U23 thắng!")) == [
        ["năm", "nay"], ["giá"], ["gạo"], ["tăng", NUMBER, "đồng"], [NUMBER, "thắng"]
    ]
    assert list(runs_of("Hòa bình, khỏe")) == [["hoà", "bình"], ["khoẻ"]]  # canonical tone placement


def test_forms_most_frequent_first(vocabulary: Vocabulary) -> None:
    forms = vocabulary.forms("doi")
    assert [form for form, _ in forms][:2] == ["đội", "đổi"]
    assert [n for _, n in forms] == sorted((n for _, n in forms), reverse=True)
    assert all(fold(form) == "doi" for form, _ in forms)
    assert vocabulary.forms("nam")[0][0] == "năm"
    assert vocabulary.forms("đổi") == forms  # the argument is folded first
    assert vocabulary.forms("zzz") == []
    assert vocabulary.count("đội") == 6 + 5 + 2 * 4 + 2 and vocabulary.document_frequency("đội") == 6 + 5 + 4 + 2


def test_read_restores_accents_from_context(vocabulary: Vocabulary) -> None:
    assert chosen(vocabulary.read(["doi", "moi"])) == ["đổi", "mới"]  # though "đội" is more frequent
    assert chosen(vocabulary.read(["doi", "bong"])) == ["đội", "bóng"]
    assert chosen(vocabulary.read(["viet", "nam"])) == ["việt", "nam"]  # though "năm" is more frequent
    assert chosen(vocabulary.read(["nam", "nay"])) == ["năm", "nay"]
    assert chosen(vocabulary.read(["chinh", "sach", "doi", "moi", "kinh", "te", "viet", "nam"])) == [
        "chính", "sách", "đổi", "mới", "kinh", "tế", "việt", "nam"]
    assert not any(c.corrected for c in vocabulary.read(["doi", "moi"]))  # accents only


def test_fixed_positions_are_kept_and_condition_their_neighbours(vocabulary: Vocabulary) -> None:
    assert chosen(vocabulary.read(["đổi", "moi"])) == ["đổi", "mới"]  # accented: fixed by default
    assert chosen(vocabulary.read(["doi", "moi"], [True, False])) == ["doi", "mới"]  # kept as typed
    assert chosen(vocabulary.read(["đội", "moi"], [True, False]))[0] == "đội"  # kept though less likely
    choices = vocabulary.read(["viet", "nam"], [False, True])
    assert chosen(choices) == ["việt", "nam"] and not any(c.corrected for c in choices)
    with pytest.raises(ValueError):
        vocabulary.read(["viet", "nam"], [True])


def test_one_slip_is_corrected(vocabulary: Vocabulary) -> None:
    choices = vocabulary.read(["nha", "truonng"])
    assert chosen(choices) == ["nhà", "trường"]
    assert choices[1] == Choice("truonng", "trường", True) and not choices[0].corrected
    assert chosen(vocabulary.read(["truogn", "dai", "hoc"])) == ["trường", "đại", "học"]  # transposition
    # The typed syllable is known and fits: no correction.
    choices = vocabulary.read(["truong", "dai", "hoc"])
    assert chosen(choices) == ["trường", "đại", "học"] and not any(c.corrected for c in choices)


def test_short_words_unknown_words_and_numbers_stay_as_typed(vocabulary: Vocabulary) -> None:
    assert chosen(vocabulary.read(["vef", "que"])) == ["vef", "quê"]  # 3 letters: never corrected
    assert chosen(vocabulary.read(["samsung", "thang"]))[0] == "samsung"  # never seen, far from all
    choices = vocabulary.read(["nam", "2024", "u23", "thang"])
    assert chosen(choices)[1:3] == ["2024", "u23"] and not any(c.corrected for c in choices)
    assert chosen(choices)[0] == "năm"  # the number still gives context: "năm 2024"


def test_complete_orders_the_archives_phrases_by_count(vocabulary: Vocabulary) -> None:
    phrases = vocabulary.complete(("bi",), "th", 10)
    assert phrases[0] == ("bí thư", 9)
    assert ("bị thương", 2) in phrases
    assert [n for _, n in phrases] == sorted((n for _, n in phrases), reverse=True)
    assert all(fold(p).startswith("bi th") for p, _ in phrases)
    assert [p for p, _ in vocabulary.complete(("bị",), "th", 10)] == ["bị thương", "bị thương nhẹ"]  # accents kept
    accented = [p for p, _ in vocabulary.complete(("bi",), "thư", 10)]  # "thư" typed: "thương" fits
    assert accented[0] == "bí thư" and "bị thương" in accented and all(p.split()[1].startswith("thư") for p in accented)
    assert [p for p, _ in vocabulary.complete(("bi",), "thươ", 10)] == ["bị thương", "bị thương nhẹ"]
    three = vocabulary.complete(("bi", "thu"), "", 10)
    assert three[0][0] == "bí thư tỉnh" or three[0][1] == three[1][1]
    assert all(len(p.split()) == 3 and p.startswith("bí thư ") for p, _ in three)
    single = vocabulary.complete((), "tr", 3)
    assert single[0] == ("trường", vocabulary.count("trường")) and len(single) == 3
    assert vocabulary.complete(("zzz",), "", 5) == [] and vocabulary.complete((), "", 5) == []
    assert not any(NUMBER in p for p, _ in vocabulary.complete(("nam",), "", 20))


def test_file_is_written_atomically_and_reopened(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.sqlite"
    old = Vocabulary.build(["Đội bóng thắng. Đội bóng thắng."], path)
    assert Vocabulary.open(path).forms("doi") == [("đội", 2)]

    def failing() -> Iterator[str]:
        yield "Đổi mới. Đổi mới."
        raise RuntimeError("the archive went away")

    with pytest.raises(RuntimeError):
        Vocabulary.build(failing(), path)
    assert Vocabulary.open(path).forms("doi") == [("đội", 2)]  # the old file is intact
    assert os.listdir(tmp_path) == ["vocabulary.sqlite"]  # and no temporary file is left

    new = Vocabulary.build(["Đổi mới. Đổi mới. Đổi mới."], path)
    assert new.forms("doi") == [("đổi", 3)]
    # An instance opened before still reads the file it opened.
    assert old.forms("doi") == [("đội", 2)]
    assert old.complete(("doi",), "b", 5) == [("đội bóng", 2), ("đội bóng thắng", 2)]
    assert os.listdir(tmp_path) == ["vocabulary.sqlite"]
    with pytest.raises(FileNotFoundError):
        Vocabulary.open(tmp_path / "missing.sqlite")


def test_empty_vocabulary_reads_syllables_as_typed(tmp_path: Path) -> None:
    empty = Vocabulary.build([], tmp_path / "empty.sqlite")
    assert len(empty) == 0 and empty.sizes["bigrams"] == 0
    assert empty.read(["doi", "moi", "truonng"]) == [Choice("doi", "doi", False), Choice("moi", "moi", False),
                                                     Choice("truonng", "truonng", False)]
    assert empty.read([]) == []
    assert empty.forms("doi") == [] and empty.complete(("doi",), "m", 5) == [] and empty.complete((), "d", 5) == []


def test_texts_without_accents_are_not_counted(tmp_path: Path) -> None:
    unaccented = "Cong cuoc doi moi dem lai nhieu thanh tuu cho dat nuoc. " * 5
    assert not is_accented(unaccented) and is_accented(unaccented.replace("doi moi", "đổi mới") * 3)
    vocabulary = Vocabulary.build([unaccented, "Đổi mới. Đổi mới."], tmp_path / "v.sqlite")
    assert vocabulary.forms("moi") == [("mới", 2)] and vocabulary.sizes["skipped_unaccented"] == 1


def test_bounded_build_keeps_the_frequent_bigrams(tmp_path: Path) -> None:
    small = Vocabulary.build(corpus(), tmp_path / "small.sqlite", max_pending_bigrams=40, max_pending_trigrams=40)
    assert small.sizes["bigrams"] <= 40
    assert chosen(small.read(["doi", "bong"])) == ["đội", "bóng"]
    assert small.complete(("doi",), "b", 1) == [("đội bóng", 6)]
