"""Interviews: question-and-answer articles give their interviewee as a speaker and the answers
as that person's statements; anything less certain gives nothing."""

from __future__ import annotations

from indexer.extraction import extract_article
from indexer.extraction.interviews import interview


def article(title: str, *paras: str):
    return extract_article(title + "\n" + "\n".join(paras), doc_id="x")


def test_the_person_named_in_the_title_answers_the_dashed_questions():
    a = article("Ca sĩ Quang Dũng và live show mới",
                "Live show sẽ ra mắt giữa năm nay, ca sĩ cho biết.",
                "- Cảm tưởng của anh về một năm hoạt động nghề nghiệp?",
                "- Với tôi, năm nay có ý nghĩa rất đặc biệt. Tôi đã đoạt giải thưởng đầu tiên.",
                "Tôi sẽ tiếp tục hát nhạc trữ tình cho khán giả của mình.",
                "- Anh nghĩ sao về dòng nhạc thị trường?",
                "- Tôi có khán giả của riêng mình nên sẽ không thay đổi.",
                "Ca sĩ Quang Dũng trong buổi tập.")
    assert [s.name for s in a.speakers] == ["Quang Dũng"]
    said = [(s.speaker, s.kind, s.text.split(".")[0]) for s in a.statements]
    assert said == [
        ("Quang Dũng", "quote", "Với tôi, năm nay có ý nghĩa rất đặc biệt"),
        ("Quang Dũng", "quote", "Tôi sẽ tiếp tục hát nhạc trữ tình cho khán giả của mình"),
        ("Quang Dũng", "quote", "Tôi có khán giả của riêng mình nên sẽ không thay đổi"),
    ]  # the caption, with no first person, is no answer
    for s in a.statements:
        assert a.body[s.offset : s.offset + len(s.text)] == s.text


def test_turns_printed_in_one_paragraph_and_a_lead_naming_the_interviewee():
    a = article("Làm gì để du học tốt?",
                "Giáo sư Joseph E. Stiglitz trở lại Việt Nam lần thứ tư.",
                "- Giáo sư nhận xét thế nào về kinh tế Việt Nam?- 6 năm qua tăng trưởng nhanh. "
                "- Vậy nên làm gì?- Theo tôi cần đa dạng hoá.")
    assert [s.name for s in a.speakers] == ["Joseph E. Stiglitz"]
    assert [s.text for s in a.statements] == ["6 năm qua tăng trưởng nhanh", "Theo tôi cần đa dạng hoá"]


def test_no_interview_without_the_layout_or_with_two_people_named():
    # One question only.
    assert interview("Phương Thanh sẽ gây shock", ["Chị trở lại.", "- Chị thế nào?", "- Tôi khoẻ."]) is None
    # Two people in the title and lead: whose answers they are is not known.
    assert interview("Nguyễn Văn An và Trần Văn Bình nói về bóng đá",
                     ["Hai HLV gặp nhau.", "- Anh nghĩ sao?", "- Tôi thấy tốt.", "- Còn trận tới?", "- Sẽ thắng."]) is None
    # Nobody named.
    assert interview("Bóng đá Việt Nam đi về đâu",
                     ["Một chuyên gia trả lời.", "- Ông nghĩ sao?", "- Tôi thấy tốt.", "- Còn trận tới?", "- Thắng."]) is None


def test_questions_must_be_answered_and_narration_about_children_is_no_answer():
    # Two questions but one answered: no interview.
    assert interview("Phương Thanh trở lại", ["Chị vừa đi diễn về.", "- Chị thế nào?", "- Tôi khoẻ.",
                                               "Tôi vừa đi diễn về.", "- Còn dự định?"]) is None
    talk = interview("Phương Thanh trở lại", ["Chị vừa đi diễn về.", "- Chị thế nào?", "- Tôi khoẻ.",
                                               "- Còn dự định?", "- Tôi sẽ ra album.",
                                               "Các em học sinh đã đến xem buổi diễn."])
    assert talk is not None and [i for i, _, _ in talk.answers] == [2, 4]


def test_people_the_interviewee_quotes_in_an_answer_are_not_speakers():
    a = article("Diễn viên Hà Kiều Anh: vai diễn mới",
                "Hà Kiều Anh vừa nhận vai chính trong một bộ phim truyền hình.",
                "- Vì sao chị nhận vai này?",
                "- Anh Phước Sang nói tôi hợp với vai diễn này do có cùng độ tuổi.",
                "- Chị có ngại cảnh quay khó?",
                "- Không, tôi đã quen rồi. Ông Nguyễn Văn Thiều cho biết đoàn phim rất chu đáo.")
    assert [s.name for s in a.speakers] == ["Hà Kiều Anh"]
    assert {s.speaker for s in a.statements} == {"Hà Kiều Anh"}
