"""Statements: what each speaker said, attributed, as passages of the body with their offsets.

The seeds are checked statement by statement (each passage's speaker, kind, where it starts and
where it ends); general-news constructions (quotations before and after their speaker,
follow-on quotations, pronouns, "Theo X,", interview turns) and what is *not* a statement are
checked on short texts written for the purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extraction import extract_article
from indexer.models import Article, Statement

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> Article:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return extract_article(path.read_text(encoding="utf-8"), doc_id=path.stem)


def said(article: Article) -> list[tuple[str, str, str, str]]:
    """(speaker, kind, first five words, last three words) of each statement."""
    return [(s.speaker, s.kind, " ".join(s.text.split()[:5]), " ".join(s.text.split()[-3:])) for s in article.statements]


def assert_offsets(article: Article) -> None:
    for s in article.statements:
        assert article.body[s.offset : s.offset + len(s.text)] == s.text


def said_in(*paras: str) -> list[tuple[str, str, str]]:
    """(speaker, kind, text) of each statement of an article made of a title line and these
    paragraphs, every offset checked against the body."""
    article = extract_article("Tin\n" + "\n".join(paras), doc_id="x")
    assert_offsets(article)
    return [(s.speaker, s.kind, s.text) for s in article.statements]


# Every statement of the five seeds, read by hand: who, how, and the passage's first and last words.
SEED_STATEMENTS = {
    "000": [("Trần Văn Út", "reported", "trong thời gian tới, các", "ở địa phương")],
    "001": [
        ("Lê Thị Hồng Nga", "reported", "9 tháng đầu năm, Đảng", "địa bàn TP…"),
        ("Lê Thị Hồng Nga", "reported", "Công tác tuyên truyền, giáo", "của Đảng bộ"),
        ("Nguyễn Thị Lệ", "reported", "vai trò lãnh đạo của", "dịch Covid -19"),
        ("Nguyễn Thị Lệ", "reported", "Đảng ủy Khối cần tập", "trong nội bộ"),
        ("Nguyễn Thị Lệ", "reported", "Đảng ủy Khối cần xây", "phạm pháp luật"),
        ("Nguyễn Thị Lệ", "reported", "Đảng ủy Khối, các cấp", "của năm 2021"),
    ],
    "002": [("Lê Quốc Phong", "reported", "Trong 15 năm qua Ban", "có sai phạm")],
    "003": [
        ("Nguyễn Hải Vân", "reported", "trong nhiệm kỳ 2015-2020, cấp", "Điều lệ Đảng"),
        ("Ngô Văn Luận", "reported", "các cấp ủy đảng tiếp", "cấp đề ra"),
    ],
    "004": [
        ("Võ Thị Dung", "reported", "những kết quả mà Ban", "nhiệm kỳ qua"),
        ("Trần Hữu Trí", "reported", "các nội dung trọng tâm", "địa bàn quận"),
    ],
}


@pytest.mark.parametrize("prefix", sorted(SEED_STATEMENTS))
def test_seed_statements_are_attributed_right(prefix):
    article = seed(prefix)
    assert said(article) == SEED_STATEMENTS[prefix]
    assert_offsets(article)
    assert {s.speaker for s in article.statements} <= {s.name for s in article.speakers}


def test_reported_statement_after_a_colon_runs_to_the_paragraph_end():
    [statement] = seed("002").statements
    assert statement.text.startswith("Trong 15 năm qua")
    assert "Nhận thức của các cấp uỷ ngày càng được nâng cao" in statement.text  # the next sentence too


def test_reported_statement_without_colon_ends_with_its_sentence():
    vân = seed("003").statements[0]
    assert vân.text.endswith("thi hành Điều lệ Đảng")
    assert "Việc học tập" not in vân.text


NEWS = (
    "Giá xăng tăng\n"
    "Ông Nguyễn Văn An, Giám đốc Sở Công thương, cho biết giá xăng sẽ tăng từ tuần sau.\n"
    "“Chúng tôi đã chuẩn bị đủ nguồn hàng cho cả mùa cao điểm sắp tới”, ông An nói.\n"
    "“Người dân không cần phải lo lắng về chuyện thiếu xăng trong những ngày tới.”\n"
    "Theo bà Trần Thị Bình, chuyên gia kinh tế, giá tăng sẽ kéo theo chi phí vận tải.\n"
    "Bà nói thêm: “Các doanh nghiệp vận tải sẽ phải tính lại giá cước của mình”.\n"
    "Một cán bộ của Sở cho biết, nhiều cửa hàng đã tăng giờ mở cửa để phục vụ người dân.\n"
)


def test_general_news_constructions():
    a = extract_article(NEWS, doc_id="news")
    assert said(a) == [
        ("Nguyễn Văn An", "reported", "giá xăng sẽ tăng từ", "từ tuần sau"),
        ("Nguyễn Văn An", "quote", "Chúng tôi đã chuẩn bị", "điểm sắp tới"),
        ("Nguyễn Văn An", "quote", "Người dân không cần phải", "những ngày tới."),
        ("Trần Thị Bình", "reported", "giá tăng sẽ kéo theo", "phí vận tải"),
        ("Trần Thị Bình", "quote", "Các doanh nghiệp vận tải", "cước của mình"),
    ]
    assert_offsets(a)


def test_a_quotation_followed_by_someone_else_is_not_the_last_speakers():
    text = (
        "Họp báo\nÔng Nguyễn Văn An cho biết dự án sẽ xong vào cuối năm nay.\n"
        "“Chúng tôi chưa nhận được bất kỳ thông báo nào về chuyện này”, một người dân ở đây nói."
    )
    assert said(extract_article(text, doc_id="x")) == [("Nguyễn Văn An", "reported", "dự án sẽ xong vào", "cuối năm nay")]


def test_a_pronoun_stands_for_the_last_person_named_and_fits_their_gender():
    text = (
        "Tin sáng\nÔng Lê Văn Hùng cho biết đường sẽ thông xe vào tháng tới.\n"
        "Bà Phạm Thị Mai, người dân ở đây, rất vui mừng với tin này.\n"
        "Ông nói thêm rằng công trình đã được kiểm tra kỹ lưỡng từ đầu."
    )
    a = extract_article(text, doc_id="x")
    # "Ông" cannot be bà Mai, the last person named: it stays unattributed rather than guessed.
    assert [s.speaker for s in a.statements] == ["Lê Văn Hùng"]


def test_scare_quotes_titles_and_topics_are_not_statements():
    text = (
        "Sách mới\nÔng Nguyễn Văn An giới thiệu cuốn “Hà Nội xưa” tại hội sách.\n"
        "Ông Nguyễn Văn An kể về những năm tháng “gian khó” của mình.\n"
        "Ông Nguyễn Văn An chủ trì buổi giao lưu với bạn đọc."
    )
    assert extract_article(text, doc_id="x").statements == ()


def test_an_interview_turn_is_a_reported_statement_of_the_person_named():
    text = (
        "Hỏi đáp\nTôi muốn hỏi về thủ tục cấp giấy phép xây dựng nhà ở?\n"
        "Ông Nguyễn Đình Tấn, cục phó Cục Thuế TP.HCM: - Ông cần nộp hồ sơ tại UBND quận nơi có nhà."
    )
    a = extract_article(text, doc_id="x")
    assert said(a) == [("Nguyễn Đình Tấn", "reported", "Ông cần nộp hồ sơ", "nơi có nhà")]


def test_statement_json_round_trip_and_bad_values_are_named():
    s = Statement("Nguyễn Văn An", "giá xăng sẽ tăng", "reported", 12)
    assert Statement.from_json(s.to_json()) == s
    with pytest.raises(ValueError, match=r"statements\[1\]\.kind"):
        Statement.from_json({"speaker": "A B", "text": "x y z", "kind": "rumour"}, "statements[1]")
    with pytest.raises(ValueError, match=r"statements\[0\]"):
        Statement.from_json({"speaker": "A B"}, "statements[0]")
    article = seed("003")
    assert Article.from_json(article.to_json()).statements == article.statements


def test_given_statements_are_placed_in_the_body_or_said_to_be_outside_it():
    from indexer.ingest.sources import article_from_record

    text = "Tin ngắn\nÔng Lê Văn A cho biết giá lúa tăng mạnh trong vụ này."
    given = [
        {"speaker": "Lê Văn A", "text": "giá lúa tăng mạnh", "kind": "reported", "offset": 3},  # wrong offset
        {"speaker": "Lê Văn A", "text": "lời không có trong bài", "kind": "quote"},
    ]
    article = article_from_record({"id": "x", "text": text, "statements": given})
    placed, outside = article.statements
    assert article.body[placed.offset : placed.offset + len(placed.text)] == placed.text
    assert outside.offset == -1


def test_a_speaker_named_only_by_given_names_keeps_the_fullest_form_the_article_writes():
    text = ("Du học sinh về nước\nThanh Long tốt nghiệp cao học ở Mỹ.\n"
            "“Tôi sẵn sàng chuyển sang cơ quan nhà nước nếu họ tuyển dụng”, anh Long nói.")
    a = extract_article(text, doc_id="x")
    assert [s.name for s in a.speakers] == ["Thanh Long"]
    assert [s.speaker for s in a.statements] == ["Thanh Long"]


def test_what_points_back_is_no_statement_and_a_team_is_no_speaker():
    text = ("Bảo hiểm\nÔng Lê Quang Bình, Vụ trưởng Vụ Bảo hiểm, cũng xác nhận thông tin này với VnExpress.\n"
            "HLV Magdalena - Eduardo Retat - cho biết: “Chúng tôi đã nói chuyện với anh ấy và đi đến thoả thuận”.")
    a = extract_article(text, doc_id="x")
    assert said(a) == [("Eduardo Retat", "quote", "Chúng tôi đã nói chuyện", "đến thoả thuận")]


def test_statements_are_analysed_in_one_text_and_indexed_each_under_its_speaker():
    from indexer.documents import STATEMENT_BREAK, build_document

    a = extract_article(NEWS, doc_id="news")
    doc = build_document(a)
    lines = doc.text["said_syl"].split("\n")
    assert len(lines) == 2 * len(a.statements)  # each statement as it is, then under its speaker
    assert lines[1].startswith("nguyen_van_an|giá nguyen_van_an|xăng")
    assert doc.keywords["said_by"] == ["nguyen_van_an", "tran_thi_binh", "*"]
    # A statement holding the break token itself: nothing misfiled, the article still indexed.
    odd = a.with_fields(statements=(a.statements[0].__class__("Nguyễn Văn An", f"lời. {STATEMENT_BREAK}. lạ", "quote", -1),))
    assert "said_syl" not in build_document(odd).text


def test_patterns_found_wrong_on_a_reviewed_sample_stay_right():
    def run(*paras):
        a = extract_article("Tin\n" + "\n".join(paras), doc_id="x")
        return [s.name for s in a.speakers], [(s.speaker, " ".join(s.text.split()[:4])) for s in a.statements]

    # A team before the colon is the object of "gặp", not a speaker; the coach, subject of the
    # clause, says the words in the first person.
    assert run("HLV phó Fachri Husaini tỏ ra sảng khoái trước trận gặp Barca B: “Chúng tôi chẳng còn lạ gì "
               "lối đá của họ”.")[0] == ["Fachri Husaini"]
    # Announcing retirement, asking to buy: no speech.
    assert run("Hai tay vợt Vũ Mạnh Cường và Ngô Thu Thủy tuy đã tuyên bố giải nghệ nhưng vẫn có tên.")[0] == []
    assert run("Sau đó Phan Thị Yên Phương hỏi mua căn nhà của bà Lan với giá cao.")[0] == []
    # A name inside another person's apposition does not take the verb.
    assert run("Phó thủ tướng Ehud Olmert, đồng minh thân thiết của Sharon, cho hay ông sẽ không trì hoãn "
               "kế hoạch.") == (["Ehud Olmert"], [("Ehud Olmert", "ông sẽ không trì")])
    # The person after the organisation; "Ông" is then theirs.
    names, said = run("Chủ tịch hãng Air France Jean-Cyril Spinetta cho rằng vụ tai nạn do thời tiết. "
                      "Ông còn cho hay hành khách sẽ được bồi thường.")
    assert names == ["Jean-Cyril Spinetta"] and {who for who, _ in said} == {"Jean-Cyril Spinetta"}
    # A full stop glued to the next sentence ends the statement.
    assert run("Cô Nguyễn Thị Sương cho biết cuộc thi thu hút nhiều học sinh.Hơn 20 công ty đã tài trợ.")[1] \
        == [("Nguyễn Thị Sương", "cuộc thi thu hút")]
    # A role heading the sentence is no part of what was said.
    assert run("Tiền vệ đội MU, Paul Scholes, mới tuyên bố chia tay đội tuyển quốc gia để tập trung cho CLB.")[1] \
        == [("Paul Scholes", "chia tay đội tuyển")]


def test_an_attribution_after_an_honorific_inside_the_sentence_and_words_said_to_someone():
    text = ("Hồ Gươm\nPhó giáo sư Hà Đình Đức cho biết nước hồ vẫn còn tốt. Tuy nhiên, để bảo vệ hệ vi tảo trong hồ, "
            "ông Đức cho rằng nên tiếp tục dọn dẹp xung quanh hồ.\n"
            "Đạo diễn Xuân Cường vẫn nhỏ nhẹ giải thích với cô bé cuộc thi này quan trọng với gia đình cô.")
    a = extract_article(text, doc_id="x")
    assert [(s.speaker, " ".join(s.text.split()[:4])) for s in a.statements] == [
        ("Hà Đình Đức", "nước hồ vẫn còn"),
        ("Hà Đình Đức", "Tuy nhiên, để bảo"),  # the whole sentence: its purpose clause is what he said
    ]


def test_objects_circumstances_contrasts_and_residences_found_wrong_on_a_second_sample():
    def run(*paras):
        a = extract_article("Tin\n" + "\n".join(paras), doc_id="x")
        assert_offsets(a)
        return [(s.speaker, " ".join(s.text.split()[:4]), " ".join(s.text.split()[-2:])) for s in a.statements]

    # Named as the object: who was spoken to, who chaired, who ordered (passive), says nothing here.
    assert run("Ông Trần Văn Bình cho biết đội bóng gặp khó. Trong cuộc họp, một người lạ đã nói thẳng với "
               "ông Bình: “Tôi sẽ không để yên chuyện này đâu”.") == [("Trần Văn Bình", "đội bóng gặp khó", "gặp khó")]
    assert run("Ông Lê Văn Hải cho biết dự án chậm. Cuộc họp do ông Hải chủ trì có biên bản kết luận: “Dự án "
               "không được miễn tiền thuê đất”.") == [("Lê Văn Hải", "dự án chậm", "án chậm")]
    # "Đối với X, ...: “...”" is X's.
    assert run("Cựu danh thủ George Best cho biết ông đã nhớ lại nhiều chuyện cũ.", "Đối với Best, cuộc gặp đó là "
               "một cơn ác mộng: “Tôi không ngờ mình lại mù quáng đến thế”.")[1][:2] == ("George Best", "Tôi không ngờ mình")
    # Where and when it was said is not what was said; a circumstance then a comma goes on to it.
    assert run("Tổng thống Bush phát biểu trong cuộc gặp Thủ tướng Hà Lan Jan Peter Balkenende.") == []
    assert run("Ông Nguyễn Văn Út đề nghị trong thời gian tới, các cấp ủy tăng cường kiểm tra.") == [
        ("Nguyễn Văn Út", "trong thời gian tới,", "kiểm tra")]
    # A contrast bringing in another person ends the statement, and the next quotation is not the
    # first speaker's.
    assert run("Nhà khoa học Alexander Olshanietzky nói rằng phụ nữ thi đấu tốt hơn sau khi nghỉ ngơi, nhưng "
               "với Suzanne Dando, nguyên là HLV thể dục của Anh thì lại khác. “Khi tôi còn trẻ, tôi chưa bao "
               "giờ nghỉ ngơi trước khi thi đấu”.") == [
        ("Alexander Olshanietzky", "phụ nữ thi đấu", "nghỉ ngơi")]
    # More titles and a place of residence after "Theo X," are no part of what was said.
    assert run("Theo tiến sĩ Hoàng Hữu Hòa, Phó trưởng ban Đào tạo, Thường trực Hội đồng tuyển sinh, do kỳ thi "
               "đông thí sinh, trường phải thuê thêm điểm thi.")[0][1] == "do kỳ thi đông"
    assert run("Thí sinh Nguyễn Hoàng Nga cho biết đề thi năm nay khó.", "Theo Nguyễn Hoàng Nga, quận Gò Vấp, "
               "TP HCM, thì đề nằm trong chương trình cơ bản.")[1][1] == "đề nằm trong chương"
    # An ellipsis before a lower-case word is a pause, not the end of the sentence.
    assert run("Ông Nguyễn Thành Vinh đề nghị chuyển ba cầu thủ Lưu, Cường, Tuấn... xuống đội hai.") == [
        ("Nguyễn Thành Vinh", "chuyển ba cầu thủ", "đội hai")]


def test_a_quotation_after_someone_described_with_a_speech_verb_is_not_the_last_speakers():
    text = ("Tin\n“Cánh cửa đã mở ra cho Irureta”, chủ tịch CLB, Lendoiro nói. Nhà cầm quân 57 tuổi cũng cho biết "
            "cảm xúc chia tay của mình. “Tôi đã có 7 năm không thể quên tại đây với các cầu thủ”.")
    a = extract_article(text, doc_id="x")
    assert [(s.speaker, s.text.split()[0]) for s in a.statements] == [("Lendoiro", "Cánh")]
    # Someone speaking for the person named after "của" is not that person.
    a = extract_article("Tin\nTheo người đại diện của Brad Pitt, hai người đã chia tay trong êm đẹp.", doc_id="x")
    assert a.speakers == () and a.statements == ()


def test_after_a_quotation_its_speaker_says_where_not_what_and_questions_put_to_someone_are_theirs():
    def run(*paras):
        a = extract_article("Tin\n" + "\n".join(paras), doc_id="x")
        assert_offsets(a)
        return [(s.speaker, s.kind, " ".join(s.text.split()[:4])) for s in a.statements]

    assert run("“Chúng tôi đã sẵn sàng cho mọi tình huống xấu nhất” - Thứ trưởng Bộ Công an Lê Ngọc Trọng nói sau "
               "cuộc diễn tập sáng nay tại quận Long Biên, thành phố Hà Nội.") == [
        ("Lê Ngọc Trọng", "quote", "Chúng tôi đã sẵn")]
    # The interviewer's question "Theo ông, ...?" is not the interviewee's statement ...
    assert run("Ông Nguyễn Văn An là chuyên gia giao thông.", "Theo ông, hạ tầng giao thông hiện đã đáp ứng được "
               "nhu cầu chưa?") == []
    # ... but a question a named person asks in their own statement is theirs.
    assert run("Theo ông Bùi Hoàng Danh, nếu ai không làm được kinh tế phụ thì cuộc sống của họ sẽ ra sao?")[0][:2] \
        == ("Bùi Hoàng Danh", "reported")
    # The writer taking the word back, or going on with the story, ends the statement.
    assert run("Ông Peter Mueller cho biết ông rời Áo sang Việt Nam vì chuyện gia đình lục đục nhưng thực chất đó "
               "là cuộc trốn chạy tội lỗi.")[0][2] == "ông rời Áo sang"
    a = extract_article("Tin\nÔng Peter Mueller cho biết ông rời Áo sang Việt Nam vì chuyện gia đình nhưng thực chất "
                        "đó là cuộc trốn chạy.", doc_id="x")
    assert a.statements[0].text.endswith("vì chuyện gia đình")
    # Someone for whom it is too early to say something has not said it.
    assert run("Ông Alfred Riedl cho biết đội đang tập tốt. Tuy nhiên, còn quá sớm để ông Riedl có thể khẳng định "
               "được sự ổn định của những cái tên mới.") == [("Alfred Riedl", "reported", "đội đang tập tốt")]
    # A circumstance of the writer's before the speaker is no part of what they said.
    assert run("Bức xúc trước việc làm kỳ lạ này, ông Lê Văn Long cho rằng đã có sự móc ngoặc giữa các bên.")[0][2] \
        == "đã có sự móc"


def test_shapes_found_wrong_on_a_fifth_sample():
    # Someone named after the quotation, whatever their verb, is its speaker, not the last one.
    assert said_in("Bà Nguyễn Thị Thanh Bình cho biết giá thuốc tăng mạnh.", "“Giá thuốc đã bị đẩy lên cao thời gian "
               "qua”, đại biểu Nguyễn Thị Bạch Mai (Tây Ninh) đưa ra quan điểm.") == [
        ("Nguyễn Thị Thanh Bình", "reported", "giá thuốc tăng mạnh")]
    # A pronoun after someone unnamed ("Mẹ tôi") is that someone.
    assert said_in("Nguyễn Thanh Vân cho biết anh rất vui với giải thưởng này. Mẹ tôi theo dõi truyền hình trực tiếp. "
               "Bà nói tôi ăn mặc chưa đẹp, nói năng còn ấp úng quá.") == [
        ("Nguyễn Thanh Vân", "reported", "anh rất vui với giải thưởng này")]
    # A phrase quoted inside a reported sentence: the sentence is the statement.
    assert said_in("Thủ tướng Dominique de Villepin cho hay “các mạng lưới tội phạm có tổ chức” đang tiếp tay cho bạo "
               "lực.")[0][:2] == ("Dominique de Villepin", "reported")
    # Short words then a colon: what follows the colon; and the next person's colon ends it.
    assert said_in("Ca sĩ Nguyễn Hồng Sơn thổ lộ chuyện riêng tư: Đến giờ tôi mới thực hiện được khát vọng lớn nhất.") \
        == [("Nguyễn Hồng Sơn", "reported", "Đến giờ tôi mới thực hiện được khát vọng lớn nhất")]
    assert said_in("Anh Nguyễn Văn Tình, quê ở Nghi Lộc, nói: Mới đào đãi 3 ngày 2 đêm chưa được gì. Hai cháu Lợi, Dũng "
               "thì thú thật: Hôm qua có đứa trúng lô đá.") == [
        ("Nguyễn Văn Tình", "reported", "Mới đào đãi 3 ngày 2 đêm chưa được gì")]
    # Countries left of a title cut at its commas are no part of the statement.
    assert said_in("Theo ông Gordon Cooper, Giám đốc của Visa International tại VN, Campuchia và Lào, “các trung tâm "
               "thông tin tín dụng là nền tảng”.")[0][2].startswith("các trung tâm")


def test_shapes_found_wrong_on_a_sixth_sample():
    # Someone named inside the speaker's description ("con rể của ...") is not the speaker.
    assert said_in("Ông Nguyễn Đức Hạnh là cựu chiến binh.", "Anh Ngọc Hồng, con rể của cựu chiến binh tử nạn Nguyễn "
               "Đức Hạnh, nước mắt chảy trào nói: “Cụ đã nhất quyết đi thăm lại chiến trường xưa”.") == []
    # How it was said, after a quotation, is not what was said.
    assert said_in("Bà Nguyễn Thị Lan cho biết bà rất buồn vì chuyện này. “Hình như mẹ không phải là người thân nhất”, "
               "bà nói giọng chua xót.")[-1] == ("Nguyễn Thị Lan", "quote", "Hình như mẹ không phải là người thân nhất")
    # Titles running past their own words after "Theo X,"; a decimal comma is no boundary.
    assert said_in("Theo anh Phạm Thanh Sang, nguyên chiến sĩ hải quân từng chứng kiến hiện tượng này trên đảo, nay là "
               "đội viên cứu hộ, đây là hiện tượng bình thường.") == [
        ("Phạm Thanh Sang", "reported", "đây là hiện tượng bình thường")]
    assert said_in("Theo trưng cầu của Viện Xã hội học Quốc tế Kiev, ông Viktor Yushchenko nhận được 56,5% số phiếu.") == []
    # Denials, whom someone was told, questions answered: no words of theirs given.
    assert said_in("Ông Christopher Hill đã bác bỏ yêu cầu của Bình Nhưỡng về quyền duy trì chương trình hạt nhân.") == []
    assert said_in("Ông Nguyễn Văn Lan cũng thông báo cho hai cán bộ công an việc đã bị ghi hình.") == []
    assert said_in("Bộ trưởng Võ Hồng Phúc đã trả lời chất vấn trong phiên báo cáo chuyên đề nên sẽ không tham gia.") == []
    # The writer's own forecast after "nhưng nhiều khả năng" is no part of the statement.
    assert said_in("Ông Nguyễn Trọng Hỷ tuyên bố đã chuẩn bị phương án thay thế HLV, nhưng nhiều khả năng chưa thể sớm "
               "thông báo.") == [("Nguyễn Trọng Hỷ", "reported", "đã chuẩn bị phương án thay thế HLV")]


def test_any_predicate_then_a_first_person_quotation_is_the_subjects():
    def run(*paras):
        a = extract_article("Tin\n" + "\n".join(paras), doc_id="x")
        assert_offsets(a)
        return [s.name for s in a.speakers], [(s.speaker, s.kind, s.text) for s in a.statements]

    assert run("Ông Nguyễn Nam Hùng, Giám đốc Sở TDTT Tiền Giang, lại tỏ ra bức xúc: “Chúng tôi không chấp nhận "
               "chuyện này”.") == (["Nguyễn Nam Hùng"], [("Nguyễn Nam Hùng", "quote", "Chúng tôi không chấp nhận "
                                                                            "chuyện này")])
    # Not in the first person (a poem read out), or not the subject: no speaker.
    assert run("Tổng thống Bush đến thăm trường học và đọc bài thơ: “Ngày xưa có một con dê”.") == ([], [])
    assert run("Nhưng Ellie từ chối, vì biết Best đang còn dính với Alex và Gina: “Tôi là vũ nữ”.") == ([], [])


def test_cases_a_review_of_the_rules_found_wrong():
    def run(*paras):
        a = extract_article("Tin\n" + "\n".join(paras), doc_id="x")
        assert_offsets(a)
        return [(s.speaker, s.text.split()[0]) for s in a.statements]

    # A time or a figure after the verb is what was said; only an occasion is where it was said.
    assert run("Ông Nguyễn Văn An cho biết trước đây công ty đã lỗ nặng.") == [("Nguyễn Văn An", "trước")]
    assert run("Ông Nguyễn Văn An cho biết trên 50% số hộ đã có điện.") == [("Nguyễn Văn An", "trên")]
    # A quoted title before the speaker is no quotation they attribute.
    assert run("Sau khi xem bộ phim “Cánh đồng hoang”, ông Nguyễn Văn An cho biết phim rất hay.") == [
        ("Nguyễn Văn An", "phim")]
    # "Theo như ông X," cites X.
    assert run("Theo như ông Nguyễn Văn An, dự án sẽ xong trong năm.") == [("Nguyễn Văn An", "dự")]
    # Answering a question, then "rằng": what was said.
    assert run("Ông Nguyễn Văn An trả lời câu hỏi của phóng viên rằng công ty sẽ mở rộng.") == [
        ("Nguyễn Văn An", "công")]
    # A follow-on quotation after ", ông nói." is still theirs; "khai thác" is no speech.
    assert run("“Chúng tôi đã cố gắng hết sức”, ông Nguyễn Văn An nói. “Năm sau chúng tôi sẽ làm tốt hơn "
               "nhiều”.") == [("Nguyễn Văn An", "Chúng"), ("Nguyễn Văn An", "Năm")]
    assert run("“Chúng tôi đã cố gắng hết sức”, ông Nguyễn Văn An nói. Công ty sẽ khai thác mỏ mới. “Năm sau "
               "chúng tôi sẽ làm tốt hơn nhiều”.")[1:] == [("Nguyễn Văn An", "Năm")]
