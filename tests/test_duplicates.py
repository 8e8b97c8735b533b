"""Republished copies (indexer.extraction.near_duplicates): copies found whatever their headline, accents
or a sentence added; distinct articles written from one template never merged."""

from __future__ import annotations

import json

from indexer.analysis import fold
from indexer.extraction.near_duplicates import BANDS, MIN_SHINGLES, SAME_ARTICLE, band_keys, group_copies, jaccard, packed

from .conftest import SEEDS, STORY, needs_shared



def test_a_copy_is_found_whatever_its_headline_accents_or_an_added_sentence() -> None:
    texts = {
        "site-a": "TP.HCM đẩy mạnh chuyển đổi số\n" + STORY,
        "site-b": "Quận 1: chuyển đổi số trong xây dựng Đảng\n" + STORY + " (Theo Báo Tuổi Trẻ)",
        "site-c": fold("TP.HCM đẩy mạnh chuyển đổi số\n" + STORY),  # accents lost on the way
        "other": "Đồng Tháp: chuyển đổi số trong nông nghiệp\n" + " ".join(reversed(STORY.split(". "))),
    }
    groups = group_copies({i: packed(band_keys(t)) for i, t in texts.items()},
                          exact=lambda a, b: jaccard(texts[a], texts[b]))
    assert groups == [["site-a", "site-b", "site-c"]]


def test_articles_from_one_template_are_not_merged() -> None:
    # Two articles of a penal code share most of their words: still two articles.
    template = ("1. Người nào {act}, nếu không thuộc một trong các trường hợp quy định tại các điều 110, 337 và 361 "
                "của Bộ luật này, thì bị phạt tù từ 06 tháng đến 05 năm. 2. Phạm tội thuộc một trong các trường hợp "
                "sau đây, thì bị phạt tù từ 03 năm đến 10 năm: a) Là chỉ huy hoặc sỹ quan; b) Trong khu vực có chiến "
                "sự; c) Trong chiến đấu; d) Gây hậu quả nghiêm trọng, rất nghiêm trọng hoặc đặc biệt nghiêm trọng.")
    texts = {"a": template.format(act="cố ý làm lộ bí mật công tác quân sự"),
             "b": template.format(act="chiếm đoạt, mua bán hoặc tiêu hủy tài liệu bí mật công tác quân sự")}
    assert jaccard(texts["a"], texts["b"]) < SAME_ARTICLE
    assert group_copies({i: packed(band_keys(t)) for i, t in texts.items()},
                        exact=lambda a, b: jaccard(texts[a], texts[b])) == []


def test_band_keys() -> None:
    first, again = band_keys(STORY), band_keys(STORY)
    assert len(first) == BANDS and len(set(first)) == BANDS and first == again  # stored: the same every run
    assert band_keys(fold(STORY)) == first  # accents do not matter
    assert band_keys("Tin ngắn: hội nghị khai mạc sáng nay.") == ()  # too short to tell
    assert band_keys(" ".join(f"từ{i}" for i in range(MIN_SHINGLES + 4)))
    assert group_copies({"a": b"", "b": b""}, exact=lambda a, b: 1.0) == []
    assert len(packed(first)) == 8 * BANDS and packed(()) == b""


def test_what_an_incremental_run_knows_is_not_compared_again() -> None:
    keys = {"a": packed(band_keys(STORY)), "b": packed(band_keys(STORY + " Hết.")),
            "c": packed(band_keys(STORY + " (Theo TTXVN)"))}
    asked: list[tuple[str, str]] = []

    def exact(a: str, b: str) -> float:
        asked.append((a, b))
        return 1.0

    # a and b were grouped before and are unchanged; c is new: compared once, to join them.
    groups = group_copies(keys, exact, linked=[{"a", "b"}], settled={"a", "b"})
    assert groups == [["a", "b", "c"]] and len(asked) == 1 and "c" in asked[0]
    # Two settled documents found apart before stay apart without being compared.
    asked.clear()
    assert group_copies({"a": keys["a"], "b": keys["b"]}, exact, settled={"a", "b"}) == [] and asked == []


def test_a_pair_sharing_several_bands_is_compared_once() -> None:
    # Two articles from one template share most bands and are not copies: one comparison.
    asked: list[tuple[str, str]] = []
    keys = {"a": packed(band_keys(STORY)), "b": packed(band_keys(STORY))}
    prepared: list[set[str]] = []
    assert group_copies(keys, lambda a, b: asked.append((a, b)) or 0.5, prepare=prepared.append) == []
    assert asked == [("a", "b")] and prepared == [{"a", "b"}]


def test_no_copies_among_the_seeds_and_the_law_articles() -> None:
    seeds = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    assert group_copies({i: packed(band_keys(t)) for i, t in seeds.items()},
                        exact=lambda a, b: jaccard(seeds[a], seeds[b])) == []
    docs = needs_shared("eval", "alqac2022", "docs.jsonl", why="the ALQAC law articles hold no copies")
    laws = {}
    for line in docs.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        laws[record["id"]] = record["text"]
    keys = {i: packed(band_keys(t)) for i, t in laws.items()}
    assert group_copies(keys, exact=lambda a, b: jaccard(laws[a], laws[b])) == []
