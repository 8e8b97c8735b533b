"""Locality: the province an article is about, from the places it names (districts, wards,
well-known places) weighed by where they are named, in the units of the article's date.

Every sentence here is written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.extraction import extract_article
from indexer.extraction.places import (
    FORMER_PROVINCES_FILE,
    HISTORY_FILE,
    LANDMARKS_FILE,
    _data_lines,
    gazetteer,
    locality,
    provinces_2025,
)
from indexer.extraction.text import match_key
from indexer.models import Locality

HCM = "Thành phố Hồ Chí Minh"
HN = "Thành phố Hà Nội"
D = dt.date


def paragraphs(*texts: str) -> str:
    return "\n\n".join(texts)


# --- places that name their province ----------------------------------------------------------


def test_districts_and_well_known_places_give_the_city_the_text_never_names():
    lead = "Nhiều hộ dân ở huyện Củ Chi bỏ lúa, chuyển sang trồng rau trong nhà lưới."
    body = paragraphs(
        "Mỗi sáng, rau từ Củ Chi và Hóc Môn được chở về các chợ đầu mối.",
        "Một phần rau theo xe tải qua bến phà Cát Lái đi các tỉnh miền Đông.",
    )
    assert locality("Rau sạch lên ngôi", lead, body) == Locality(HCM, "Huyện Củ Chi")


def test_districts_through_the_body_place_an_article_without_a_place_in_its_head():
    body = paragraphs(
        "Trên đường Cộng Hòa, quận Tân Bình, nhiều mặt bằng treo biển cho thuê.",
        "Ở quận Gò Vấp và quận Phú Nhuận, giá thuê cũng giảm mạnh.",
        "Chủ nhà cho biết khách thuê chủ yếu là các quán cà phê nhỏ.",
    )
    assert locality("Giá thuê cửa hàng giảm", "Nhiều chủ nhà phải hạ giá.", body) == Locality(HCM)


def test_the_districts_of_a_province_name_it():
    lead = "Nông dân huyện Chợ Gạo đang vào vụ thu hoạch thanh long."
    body = "Thương lái từ Gò Công cũng về Chợ Gạo mua hàng."
    assert locality("Được mùa thanh long", lead, body) == Locality("Tiền Giang", "Huyện Chợ Gạo")


def test_a_ward_and_a_nickname_name_a_city():
    lead = "Gia đình chị Hoa sống ở phường Cát Dài đã ba mươi năm, nổi tiếng khắp đất Cảng."
    assert locality("Tiệm may đầu ngõ", lead, "Chị kể về những ngày khó khăn.") == Locality("Thành phố Hải Phòng")


def test_a_landmark_inside_a_typed_unit_is_one_mention():
    assert [m.kind for m in gazetteer().mentions("Cháy nhà ở quận Gò Vấp")] == ["district"]
    assert [m.kind for m in gazetteer().mentions("Cháy nhà ở Gò Vấp")] == ["landmark"]


# --- what does not win --------------------------------------------------------------------------


def test_a_place_named_in_passing_does_not_win():
    lead = "Rời Đà Nẵng từ năm 2001, anh Tâm mở tiệm sửa xe nhỏ."
    body = paragraphs(
        "Tiệm của anh nằm trong một con hẻm ở quận Bình Thạnh, TP.HCM.",
        "Khách quen từ quận 3 và quận Phú Nhuận vẫn tìm đến.",
        "Năm ngoái anh mở thêm một tiệm ở quận Gò Vấp.",
    )
    assert locality("Người thợ sửa xe", lead, body) == Locality(HCM)


def test_a_home_town_in_one_paragraph_of_several_does_not_place_the_article():
    body = paragraphs(
        "Đội tuyển bơi giành thêm hai huy chương vàng trong buổi chiều.",
        "Người về nhất sinh ra ở Hải Phòng, tập bơi từ nhỏ ở Hải Phòng, rồi đầu quân cho Hải Phòng.",
        "Ngày mai các vận động viên sẽ thi nội dung tiếp sức.",
    )
    assert locality("Thêm hai huy chương vàng", "Đoàn thể thao có ngày thi đấu thành công.", body) == Locality()


def test_a_company_named_after_a_province_does_not_place_a_national_article():
    body = paragraphs(
        "Đoàn kiểm tra làm việc với Công ty Phân bón Ninh Bình về giá bán.",
        "Công ty Phân bón Ninh Bình đã tăng giá bốn lần trong năm.",
        "Đoàn đề nghị Công ty Phân bón Ninh Bình giải trình chi phí.",
    )
    assert locality("Giá phân bón tăng", "Bộ Tài chính kiểm tra giá phân bón.", body) == Locality()
    placed = body.replace("Công ty Phân bón Ninh Bình", "tỉnh Ninh Bình")
    assert locality("Giá phân bón tăng", "Bộ Tài chính kiểm tra giá phân bón.", placed) == Locality("Ninh Bình")


def test_a_national_article_naming_several_cities_stays_null():
    body = paragraphs(
        "Tại Hà Nội, các cây xăng đông khách từ chiều.",
        "Ở TP.HCM và Đà Nẵng, người dân cũng đổ xăng đầy bình.",
        "Tại Cần Thơ, giá mới được niêm yết ngay.",
    )
    assert locality("Giá xăng tăng", "Giá bán lẻ xăng dầu tăng trên cả nước.", body) == Locality()


def test_one_province_among_many_in_the_lead_is_not_the_place():
    lead = ("Chặng đua hôm qua đi từ Hà Nội qua Hà Nam, Ninh Bình đến Thanh Hóa; "
            "hôm nay đoàn đua đi Thanh Hóa - Nghệ An.")
    assert locality("Áo vàng đổi chủ", lead, "") == Locality()


def test_a_nickname_or_a_title_in_quotes_is_not_a_place():
    lead = 'Công an quận Hoàn Kiếm bắt băng trộm do "Sài Gòn" cầm đầu.'
    assert locality("Bắt băng trộm", lead, "") == Locality(HN, "Quận Hoàn Kiếm")
    assert locality("Phim mới", "Bộ phim “Chuyện tình Sài Gòn” ra rạp tuần sau.", "") == Locality()


# --- units of the article's date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "published", "expected"),
    [
        ("Kẹt xe kéo dài trên xa lộ qua quận 9, TP.HCM.", D(2005, 3, 1), Locality(HCM, "Quận 9")),
        ("Kẹt xe kéo dài trên xa lộ qua quận 9, TP.HCM.", D(2022, 3, 1), Locality(HCM, "Thành phố Thủ Đức")),
        ("Kẹt xe kéo dài trên xa lộ qua quận 9, TP.HCM.", None, Locality(HCM, "Thành phố Thủ Đức")),
        ("Chợ mới mở ở Q.Thủ Đức, TP.HCM.", D(2005, 3, 1), Locality(HCM, "Quận Thủ Đức")),
        ("Chợ mới mở ở Q.Thủ Đức, TP.HCM.", D(2020, 12, 31), Locality(HCM, "Quận Thủ Đức")),
        ("Chợ mới mở ở Q.Thủ Đức, TP.HCM.", D(2021, 1, 1), Locality(HCM, "Thành phố Thủ Đức")),
        ("Nhà máy mới ở thị xã Dĩ An, Bình Dương.", D(2015, 6, 1), Locality("Bình Dương", "Thị xã Dĩ An")),
        ("Nhà máy mới ở thị xã Dĩ An, Bình Dương.", D(2021, 6, 1), Locality("Bình Dương", "Thành phố Dĩ An")),
        # A change the history file does not date: the gazetteer's unit, whatever the date.
        ("Chợ mới mở ở thị xã Thủ Dầu Một.", D(2005, 3, 1), Locality("Bình Dương", "Thành phố Thủ Dầu Một")),
    ],
)
def test_districts_as_they_were_on_the_articles_date(lead, published, expected):
    assert locality("Tin địa phương", lead, "", None, published) == expected


def test_a_former_province_and_its_districts():
    assert locality("Hà Tây: lũ ở huyện Ba Vì", "", "") == Locality("Hà Tây", "Huyện Ba Vì")
    assert locality("Hà Tây: lũ ở huyện Ba Vì", "", "", None, D(2010, 5, 1)) == Locality(HN, "Huyện Ba Vì")
    # Its districts alone: before the merger its, after it the city's; undated, today's unit.
    assert locality("Lũ ở huyện Ba Vì", "", "", None, D(2005, 5, 1)) == Locality("Hà Tây", "Huyện Ba Vì")
    assert locality("Lũ ở huyện Ba Vì", "", "") == Locality(HN, "Huyện Ba Vì")
    lead = "Một xưởng gỗ ở thị xã Hà Đông, tỉnh Hà Tây bị cháy."
    assert locality("Cháy xưởng gỗ", lead, "", None, D(2006, 1, 1)) == Locality("Hà Tây", "Thị xã Hà Đông")


def test_the_2025_provinces_after_the_reform():
    assert locality("Tiền Giang: mưa lớn", "", "", None, D(2025, 6, 30)) == Locality("Tiền Giang")
    assert locality("Tiền Giang: mưa lớn", "", "", None, D(2025, 9, 1)) == Locality("Đồng Tháp")
    # No districts any more.
    assert locality("Cháy nhà", "Cháy ở quận 1, TP.HCM.", "", None, D(2026, 1, 5)) == Locality(HCM)
    # Two former provinces now one: the evidence adds up.
    lead = "Mưa lớn ở Bình Dương và Bà Rịa - Vũng Tàu."
    assert locality("Mưa lớn", lead, "", None, D(2024, 9, 1)) == Locality()
    assert locality("Mưa lớn", lead, "", None, D(2025, 9, 1)) == Locality(HCM)
    assert locality("Tổng kết", "Hội nghị diễn ra.", "", "tinhuytiengiang.vn", D(2025, 9, 1)) == Locality("Đồng Tháp")


def test_every_legacy_province_has_a_2025_province():
    new = provinces_2025()
    assert set(new) == set(gazetteer().province_by_key.values())
    assert len(set(new.values())) == 34
    assert new["Thành phố Huế"] == "Thành phố Huế" and new["Bình Thuận"] == "Lâm Đồng"


def test_extract_article_passes_its_date_to_the_locality():
    text = (
        "Thứ hai, 10/1/2005, 14:22 GMT+7\n"
        "Kẹt xe ở cửa ngõ phía đông\n"
        "Sáng nay, xe tải nối đuôi nhau trên xa lộ qua Q.Thủ Đức, TP.HCM.\n"
    )
    assert extract_article(text, doc_id="d").locality == Locality(HCM, "Quận Thủ Đức")
    undated = text.split("\n", 1)[1]
    assert extract_article(undated, doc_id="u").locality == Locality(HCM, "Thành phố Thủ Đức")


# --- the data files --------------------------------------------------------------------------------


def _known_province(name: str) -> bool:
    return match_key(name) in gazetteer().province_by_key


def test_every_landmark_names_a_province_of_the_gazetteer():
    lines = _data_lines(LANDMARKS_FILE)
    assert lines
    for line in lines:
        name, province = line.split("\t")
        assert name.strip() and _known_province(province), line
        assert not _known_province(name), f"{name} is a province: the aliases file's business"


def test_the_history_files_name_the_gazetteers_units():
    g = gazetteer()
    districts = {d for places in g.by_type.values() for _, d in places}
    for line in _data_lines(HISTORY_FILE):
        day, province, unit, former = line.split("\t")
        dt.date.fromisoformat(day)
        assert _known_province(province) and unit in districts, line
        assert all(f.strip() for f in former.split(";")), line
    for line in _data_lines(FORMER_PROVINCES_FILE):
        name, until, successor, former_districts = line.split("\t")
        dt.date.fromisoformat(until)
        assert _known_province(successor) and not _known_province(name), line
        assert all(d.strip() in districts for d in former_districts.split(";")), line
