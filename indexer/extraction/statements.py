"""Statements: what each speaker said, as passages of the article body.

A statement is a `quote` (direct speech in quotation marks) or a `reported`
statement (a speaker, a speech verb and what they said). It is attributed to one
of the article's speakers (`indexer.extraction.speakers`), found by the same
rules, or it is not kept: a passage whose speaker is only a role or a group
("một cán bộ cho biết") says nothing about a person a search could ask for.

How a passage is tied to its speaker:

* after the speaker and a speech verb: "X cho biết, ...", "X nói: “...”",
  "Phát biểu tại hội nghị, Bí thư X nhấn mạnh ...";
* "Theo X, ...": the passage after the comma that closes the name and role;
* 'X: “...”', and an interview turn "X: Tôi thấy ..." at a paragraph's start;
* a quotation followed by its speaker: "“...”, ông X nói", "“...” - X cho biết";
* a later mention by given name, by title alone, or by pronoun ("ông cho biết",
  "Theo bà, ...") stands for the last speaker it fits;
* a quotation with no attribution of its own, opening a sentence right after a
  statement by someone, continues that statement's speaker, unless another
  person is named in between.

A reported statement runs to the end of its sentence; after a colon, to the end of
its paragraph. When the attribution sits inside the sentence ("Thứ gia vị làm nên ...,
ông Huấn cho biết, đó là ruốc Huế"), the whole sentence is the statement. A quotation
runs to its closing mark (or the paragraph's end when the corpus dropped it); quotations
inside it are part of it. Not statements: a topic ("kể về ..."), whom it was said to
("nói với phóng viên"), what points back ("cảnh báo như vậy"), a quotation put to the
speaker as a question ("“...”, ông X cho biết: ..."). Offsets are characters into
`Article.body`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extraction import lexicon, speakers as speaker_rules
from indexer.extraction.text import LO, UP, match_key, quotation_spans
from indexer.extraction.interviews import Interview
from indexer.models import Speaker, Statement

# Speech verbs that report content. The rest of lexicon.SPEECH_VERBS make a person a speaker
# ("chủ trì", "biểu dương", "quán triệt") but what follows them is no statement of theirs.
_CONTENT_VERBS = frozenset(lexicon.STATEMENT_VERBS)
_VERB_NAMES = sorted(lexicon.SPEECH_VERBS, key=len, reverse=True)
# Verbs that never introduce words of the speaker, even after "Phát biểu tại hội nghị, X ...".
_NO_CONTENT = frozenset({"chủ trì", "đồng chủ trì", "trao đổi", "góp ý", "chất vấn", "trình bày", "báo cáo"})
_VERB_ALT = "|".join(re.escape(v) for v in _VERB_NAMES)
_VERB_WORD_RE = re.compile(
    rf"(?<!\w)(?!(?:{'|'.join(re.escape(v) for v in lexicon.NOT_SPEECH_AFTER_VERB)})(?!\w))(?:{_VERB_ALT})(?!\w)"
)
_PRONOUNS = ("ông", "bà", "anh", "chị", "cô", "chú", "bác", "thầy", "cụ", "ngài", "em")
_MALE = frozenset({"ông", "anh", "chú", "bác", "thầy", "cụ", "ngài"})
_FEMALE = frozenset({"bà", "chị", "cô"})
_OPEN_QUOTES = "“\"‘"
_PRONOUN_RE = re.compile(
    r"(?:^|(?<=[\s,;:(“\"]))(?P<theo>(?i:theo)\s+)?(?P<pro>(?i:" + "|".join(_PRONOUNS) + r"))(?:\s+(?:ta|ấy))?(?=[\s,])"
)
# "nhận xét rất tinh rằng", "cảnh báo các nước phương Tây rằng": what is said starts after "rằng"
# (unless the words before it are already what was said: "cho biết ông đã nghĩ rằng").
_BEFORE_RANG_RE = re.compile(r"\s*(?:[^\s,.;:!?“”\"]+\s+){1,6}?rằng(?!\w)\s*[:,]?\s*")
_NOT_BEFORE_RANG = re.compile(r"(?<!\w)(?:tôi|chúng|ông|bà|họ|mình|nó|đã|sẽ|không|là|cho|nếu|khi)(?!\w)", re.IGNORECASE)
# What may come between the verb and the statement: "cho biết thêm rằng:", "nói là", ", ".
_LEAD_IN_RE = re.compile(r"\s*(?:và\s+(?:đánh\s+giá|ghi\s+nhận|biểu\s+dương|hoan\s+nghênh)\s+)?(?:(?:thêm|lại|tiếp|rõ|ngay|cao)(?=[\s:,])\s*)?(?:(?:rằng|là)(?!\w))?\s*(?P<colon>:)?\s*,?\s*")
# A full stop glued to the next sentence counts too ("cho biết.Hơn 20 công ty"), not inside "TP.HCM".
# An ellipsis followed by a lower-case word is a pause inside the sentence ("Phan Thanh Tuấn...
# xuống đội hai").
_SENTENCE_END_RE = re.compile(
    rf"(?<!\bTP)(?<!\bTp)(?<!\b[A-ZĐ])(?<!\d)[.!?…]+(?=\s|$)(?!(?:(?<=\.\.)|(?<=…))\s+{LO})|\n|(?<={LO})\.(?={UP}{LO})"
)
# Between a closing quotation mark and the speaker named after it: "”, ", "” - ", "”. "
_AFTER_QUOTE_RE = re.compile(r"[\s,.]*(?:[-–—]\s*)?")
_TURN_RE = re.compile(r"(?:\s*,(?:[^.:;!?“”\"]|\.(?=\S)){0,120})?\s*:\s*(?:[-–—]\s+)?")
_TURN_HEAD_RE = re.compile(r"[\s\-–—]*(?:\w+\s+){0,2}")
# What follows a speech verb that is not what was said: a topic ("kể về ..."), or whom and where
# it was said to ("nói với phóng viên", "nói trên tờ Bild").
_TOPIC_RE = re.compile(
    r"\s*(?:về\s|như\s+(?:vậy|thế)(?!\w)|(?:điều|thông\s+tin|tin|việc)\s+(?:này|đó|trên)(?!\w)|(?:lại\s+)?những\s+gì(?!\w)"
    r"|trên\s+(?:tại|ở|trong|khi|với|vào|hôm|ngày|sau|trước)\s"
    r"|trên\s+(?:tờ|báo|đài|kênh|truyền\s+hình|sóng)\s"
    # "kể cho tạp chí ... về ...": whom it was told to ("cho phóng viên biết rằng" goes on to it)
    r"|cho\s+(?:tờ|báo|tạp\s+chí|phóng\s+viên|PV|chúng\s+tôi|đài|kênh|hãng)(?!(?:\s+\S+){0,4}\s+biết)\s"
    # "thông báo cho hai cán bộ việc đã bị ghi hình": whom they told, then about what
    r"|cho\s+(?!phép)(?:[^\s,.;:]+\s+){1,6}?(?:việc|về)\s"
    # "trả lời chất vấn trong phiên ...": answered questions, saying nothing the text gives
    r"|(?:chất\s+vấn|câu\s+hỏi|phỏng\s+vấn)(?![^.!?“”\"]*?(?:(?<!\w)rằng(?!\w)|:))"
    r"|với\s)",  # "giải thích với cô bé ...", "nói với phóng viên": whom it was said to, then no telling where
    re.IGNORECASE,
)
# How a sentence opens when what comes before its speaker is a circumstance, not what they said.
_CIRCUMSTANCE_RE = re.compile(
    r"\s*(?:tại|theo|trong|sáng|trưa|chiều|tối|đêm|hôm|ngày|phát\s+biểu|báo\s+cáo|trả\s+lời|về|nói\s+về|"
    r"trước|sau|khi|thay\s+mặt|đánh\s+giá|chia\s+sẻ|trao\s+đổi|giải\s+thích|lý\s+giải|nhận\s+xét|"
    r"bình\s+luận|qua|từ|đến|với|ở)(?!\w)",
    re.IGNORECASE,
)
# Connectives that may open such a sentence: left out when telling circumstance from content.
_CONNECTIVE_RE = re.compile(
    r"\s*(?:(?:tuy\s+nhiên|ngoài\s+ra|bên\s+cạnh\s+đó|đồng\s+thời|cũng|còn|đặc\s+biệt|riêng|hơn\s+nữa|"
    r"mặt\s+khác|trong\s+khi\s+đó|vì\s+vậy|do\s+đó|nhưng|và)(?!\w)\s*,?\s*)*",
    re.IGNORECASE,
)
# Where a speech verb is followed, with no comma, colon or "rằng", by a circumstance: "phát biểu
# trong cuộc gặp ...", "cho biết tại cuộc họp báo hôm nay". What was said, if anything, follows a
# "rằng" or a colon later in the sentence, or a comma ends the circumstance and the rest goes on.
_ADJUNCT_RE = re.compile(
    r"\s*(?:tại|trong|khi|sau|ở|bên\s+lề|trước|vào|với|trên|qua)\s+(?:(?:một|các|những|buổi|lần)\s+)?"
    r"(?:cuộc|hội\s+nghị|hội\s+thảo|buổi|lễ|phiên|dịp|họp\s+báo|chuyến|đài|báo|tờ|kênh|truyền\s+hình|"
    r"phỏng\s+vấn|bài|thư|thông\s+cáo|diễn\s+đàn|kỳ\s+họp)(?!\w)",
    re.IGNORECASE,
)
# "đề nghị trong thời gian tới, các cấp ủy ...": a circumstance of what was said, then the rest of it.
_ADJUNCT_COMMA_RE = re.compile(r"[^.!?“”\"]*?,\s*\S")
_ADJUNCT_THEN_RE = re.compile(r"[^.!?“”\"]*?(?:(?<!\w)rằng(?!\w)|:)\s*")
# A name written as the object of its clause: "do ông X chủ trì", "được ông X chỉ đạo", "nói thẳng
# với ông X: “...”", "câu nói của A với B: “...”". What follows is not theirs to say.
# Also whom someone asks to speak, and for whom it is too early to: "nhờ ông X đánh giá ...", "còn quá
# sớm để ông X có thể khẳng định ...".
_OBJECT_BEFORE_RE = re.compile(  # "với", not "Đối với X, ..." (a topic, whose words follow)
    r"(?:^|\s)(?i:được|bị|do|(?<![Đđ]ối\s)với|cho|hỏi|nhờ|mời|yêu\s+cầu|đề\s+nghị|buộc|để"
    # "khác với quan điểm của ông Haniyeh, Tổng thống Abbas cho rằng": whose view, not who speaks
    r"|quan\s+điểm\s+của|lập\s+trường\s+của)\s*$"
)
# A contrast bringing in someone else ends a reported statement: "... nhất là với môn nhảy cao,
# nhưng với Suzanne Dando, nguyên là HLV ... thì ...".
_CONTRAST_BEFORE_RE = re.compile(r"(?:,\s*|\s)(?P<conj>(?i:nhưng|còn|trong\s+khi(?:\s+đó)?|song))\s+(?:\S+\s+){0,3}$")
# "Campuchia và Lào," left of a title cut at its commas: capitalised names only.
_PROPER_NAMES_SEGMENT_RE = re.compile(rf"{UP}\w*(?:\s+{UP}\w*)*(?:\s+và\s+{UP}\w*(?:\s+{UP}\w*)*)?\s*,")
_MORE_TITLE_RE = re.compile(
    r"(?:kiêm\s+)?(?:Thường\s+trực|Ủy\s+viên|Uỷ\s+viên|thành\s+viên|đại\s+diện)\s"
    r"|(?:nay|hiện|từng|nguyên)\s+là\s|(?:đối\s+tác|chuyên\s+gia|người\s+đứng\s+đầu)\s"
    r"|(?:con\s+(?:trai|gái)|vợ|chồng|mẹ|bố|cha|anh\s+trai|em\s+trai|chị\s+gái|em\s+gái|cháu)\s+(?:ruột\s+)?của\s"
)
# One comma-delimited segment of at most twenty words that is a title (checked with ROLE_START_RE
# or _MORE_TITLE_RE), a place of residence ("quận Gò Vấp", "TP HCM") or names only.
_ROLE_OR_PLACE_SEGMENT_RE = re.compile(
    r"(?P<place>(?i:quận|huyện|tỉnh|thành\s+phố|tp\.?|phường|xã|thị\s+xã|thị\s+trấn)\s)?"
    r"(?:[^\s,.;:!?“”\"]+\s+){0,19}[^\s,.;:!?“”\"]+\s*,\s*"
)
_PURPOSE_RE = re.compile(r"\s*(?:để|nếu|muốn|nhằm|về\s+lâu\s+dài)(?!\w)", re.IGNORECASE)
# A closing quotation mark, then at most a comma or a dash and the speaker's title, before a name.
_ATTRIBUTION_AFTER_QUOTE_RE = re.compile(
    rf"[”\"]\s*,?\s*(?:[-–—]\s*)?(?:(?:{speaker_rules.ROLE_START_RE.pattern})[^.!?“”\"\n]{{0,100}})?$"
)
_SHORT_CLAUSE_RE = re.compile(r"\s*(?:\([^()]{1,60}\)\s*)?(?:[^\s.;!?“”\"]+\s+){0,4}[^\s.;!?“”\"]+\s*[.!]")
_OBJECT_THEN_COLON_RE = re.compile(rf"(?:[^\s.;!?:“”\"]+\s+){{0,2}}[^\s.;!?:“”\"]+\s*:\s*(?={UP})")
# People the text names by kin or kind, not by name: a pronoun after them stands for them.
_UNNAMED_PERSON_RE = re.compile(
    r"(?<!\w)(?i:mẹ|bố|cha|vợ|chồng|con\s+trai|con\s+gái|anh\s+trai|chị\s+gái)\s+(?:tôi|mình|em|anh\s+ấy|chị\s+ấy)(?!\w)"
    r"|(?<!\w)(?i:một)\s+(?:người|cụ|ông|bà|phụ\s+nữ|thanh\s+niên|cán\s+bộ|nhân\s+viên|chủ|cô|anh|chị)(?!\w)"
)
_NARRATOR_TURN_RE = re.compile(
    r",?\s+(?:nhưng|song|mà)\s+(?:thực\s+(?:chất|tế|ra)|nhiều\s+khả\s+năng|có\s+lẽ|theo\s+nguồn\s+tin)(?!\w)"
    r"|,\s+lúc\s+(?:ấy|đó)\s"
)
_TOPIC_THEN_QUOTE_RE = re.compile(r"[^.!?“”\"]*:\s*[“\"]")
_ROLE_HEAD_RE = re.compile(rf"\s*(?:(?i:vị|ông|bà|anh|chị|cô)\s+)?(?:{speaker_rules.ROLE_START_RE.pattern})")
_QUOTE_CHARS_RE = re.compile(r"[“”\"]")
_ASIDE_RE = re.compile(r"\s*\([^()]{1,80}\)|\s+[-–—]\s[^-–—.;:!?()“”\"]{1,80}\s[-–—](?=\s)")
MIN_WORDS = 3  # a shorter "statement" is a word in quotation marks, not something said
MIN_FREE_QUOTE_WORDS = 6  # a quotation with no attribution of its own must read as speech


@dataclass(frozen=True, slots=True)
class _Anchor:
    """A speaker tied to speech at one place of a paragraph: the passage starts at `at`."""

    speaker: str
    start: int  # where the mention starts
    at: int  # where what they said starts (after the verb, the colon or the comma)
    colon: bool = False  # the passage follows a colon: it runs to the paragraph's end
    after_quote: bool = False  # the name attributes the quotation before it: '“...”, ông X nói'


def statements(
    paragraphs: list[str], found: tuple[Speaker, ...], talk: Interview | None = None
) -> tuple[Statement, ...]:
    """The statements of an article's body paragraphs (joined by blank lines in `Article.body`),
    each attributed to one of `found` (the article's speakers); in an interview (`talk`), the
    answers are the interviewee's, as quotations."""
    if not found:
        return ()
    answers: dict[int, list[tuple[int, int]]] = {}
    for i, s, e in talk.answers if talk is not None else ():
        answers.setdefault(i, []).append((s, e))
    people = _People(found)
    out: list[Statement] = []
    offset = 0
    last: Statement | None = None
    last_para = -10
    for pi, para in enumerate(paragraphs):
        quotes = quotation_spans(para)
        taken: list[tuple[int, int]] = []
        anchors = _anchors(para, people, quotes)
        para_out: list[Statement] = []
        for anchor in anchors:
            span = _passage(para, anchor, quotes, people)
            if span is None or _inside(span[:2], taken):
                continue
            start, end, kind = span
            taken.append((start, end))
            para_out.append(Statement(anchor.speaker, para[start:end], kind, offset + start))
        # Quotations with the speaker named after them, then those continuing the last speaker.
        for mark, qs, qe in quotes:
            if _inside((qs, qe), taken) or len(para[qs:qe].split()) < MIN_WORDS:
                continue
            who = _speaker_after(para, qe, people)
            if who == "":
                continue
            if who and not (_opens_sentence(para, mark) or para[:mark].rstrip().endswith(":")):
                continue  # "Sau khi xem bộ phim “Cánh đồng hoang”, ông X cho biết": a title, not their words
            if who is None:
                earlier = [st for st in para_out if st.offset < offset + qs]
                # From the paragraph before, only a quotation that opens its own paragraph.
                prev = earlier[-1] if earlier else (last if pi - last_para <= 1 and mark == 0 else None)
                if prev is None or len(para[qs:qe].split()) < MIN_FREE_QUOTE_WORDS:
                    continue
                if not _opens_sentence(para, mark) or people.named_between(paragraphs, prev, pi, qs, offset):
                    continue
                who = prev.speaker
            taken.append((qs, qe))
            para_out.append(Statement(who, para[qs:qe], "quote", offset + qs))
        if talk is not None:
            for start, end in answers.get(pi, ()):
                # The answer is theirs whole; what the rules found inside it ("Chị Mai nói với tôi:
                # “...”") is a quotation within their words, kept as found.
                span = _trimmed(para, start, end, "quote")
                if span is not None and not _inside(span[:2], taken):
                    para_out.append(Statement(talk.person.name, para[span[0] : span[1]], "quote", offset + span[0]))
        para_out.sort(key=lambda s: s.offset)
        if para_out:
            last, last_para = para_out[-1], pi
        out.extend(para_out)
        offset += len(para) + 2  # "\n\n" between paragraphs in Article.body
    return tuple(out)


class _People:
    """The article's speakers, and how a mention of one is resolved to them."""

    def __init__(self, found: tuple[Speaker, ...]) -> None:
        self.keys = {match_key(s.name): s.name for s in found}
        self.roles = {s.name: match_key(s.role) for s in found if s.role}
        self.vietnamese = {k for k in self.keys if speaker_rules.NAME_RE.fullmatch(self.keys[k])}
        self.gender: dict[str, str] = {}
        self.last: str | None = None  # the last speaker named or heard: whom "ông" stands for

    def resolve(self, mention: str) -> str | None:
        key = match_key(mention)
        if key in self.keys:
            return self.keys[key]
        # "ông Hoàng" is Nguyễn Trọng Hải Hoàng (a Vietnamese given name ends the name), never
        # Hoàng Anh; a foreign name may be cut either way ("Clijsters", "Kim"), and so may a
        # name by its surname when nobody's given name is that word ("ông Lý" for Lý Triệu Tinh).
        fits = [n for k, n in self.keys.items() if k.endswith(" " + key) or (k.startswith(key + " ") and k not in self.vietnamese)]
        if not fits:
            fits = [self.keys[k] for k in speaker_rules.by_surname(key, self.keys)]
        if not fits:  # "Lasser" for Mark Laaser, as the speaker rules merged them
            fits = [n for k, n in self.keys.items() if speaker_rules.misspelt_surname(key, k)]
        return fits[0] if len(fits) == 1 else None

    def by_role(self, role: str) -> str | None:
        key = match_key(role)
        fits = [n for n, r in self.roles.items() if r == key or r.endswith(", " + key) or r.startswith(key + ",")]
        return fits[0] if len(fits) == 1 else None

    def by_pronoun(self, pronoun: str) -> str | None:
        if self.last is None:
            return None
        gender = self.gender.get(self.last)
        pro = pronoun.lower()
        if gender == "m" and pro in _FEMALE or gender == "f" and pro in _MALE:
            return None
        return self.last

    def saw(self, name: str, honorific: str | None) -> None:
        hon = (honorific or "").lower()
        if hon in _MALE:
            self.gender.setdefault(name, "m")
        elif hon in _FEMALE:
            self.gender.setdefault(name, "f")

    def named_between(self, paragraphs: list[str], prev: Statement, pi: int, qs: int, offset: int) -> bool:
        """Whether someone other than `prev.speaker` may have said a quotation: another person named
        between `prev` and it, or a sentence just before it whose speech verb has a subject of its own."""
        para = paragraphs[pi]
        start_here = max(0, prev.offset + len(prev.text) - offset)
        texts = [para[start_here:qs]] if prev.offset >= offset else [paragraphs[pi - 1][-400:], para[:qs]]
        for text in texts:
            for s, e, _ in speaker_rules.name_mentions(text):
                if self.resolve(text[s:e]) != prev.speaker:
                    return True
        # "“...”, Lendoiro nói. Nhà cầm quân 57 tuổi cũng cho biết ... “...”": the sentence before the
        # quotation gives it a speaker of its own, described, not named: not the last speaker's.
        head = texts[-1].rstrip(" \n“\"‘.!?…:")
        last_sentence = head[_sentence_start(head, len(head)) :].lstrip(" ,;")
        if _VERB_WORD_RE.search(last_sentence) and not _PRONOUN_RE.match(last_sentence) and not any(
            self.resolve(last_sentence[s:e]) == prev.speaker for s, e, _ in speaker_rules.name_mentions(last_sentence)
        ):
            return True
        return False


def _anchors(para: str, people: _People, quotes: list[tuple[int, int, int]]) -> list[_Anchor]:
    """Every place in `para` where a known speaker is tied to something they say."""
    anchors: list[_Anchor] = []
    named: list[tuple[int, str]] = []  # (position, speaker) of each mention, for pronouns
    for start, end, _kind in sorted(speaker_rules.name_mentions(para)):
        name = people.resolve(para[start:end])
        before = para[max(0, start - speaker_rules.CONTEXT) : start]
        hon = speaker_rules.HONORIFIC_END_RE.search(before)
        if name is None or not speaker_rules.is_subject(para, start):
            named.append((start, ""))  # someone else, or named as an object: "ông" after them is nobody known
            if name is None:
                continue
        else:
            named.append((start, name))
        people.saw(name, hon.group().strip() if hon else None)
        if (_OBJECT_BEFORE_RE.search(before[: hon.start()] if hon else before) or speaker_rules.spoken_for(before)
                or speaker_rules.in_apposition(before, para[start:end])):
            continue  # "Anh Ngọc Hồng, con rể của cựu chiến binh Nguyễn Đức Hạnh, nói: ...": Hồng's words
        _, used = speaker_rules.role_after(para[end : end + speaker_rules.CONTEXT])
        anchor = _anchor_at(para, name, start, end + used, _theo_before(before), speaker_rules.opens_with_speech(before),
                            subject=speaker_rules.is_subject(para, start))
        if anchor:
            if _attributes_quote(para, start - len(before) + (hon.start() if hon else len(before)), quotes):
                anchor = _Anchor(anchor.speaker, anchor.start, anchor.at, anchor.colon, after_quote=True)
            anchors.append(anchor)
    for m in speaker_rules.ROLE_ONLY_RE.finditer(para):
        name = people.by_role(m.group("role").strip())
        if name:
            named.append((m.start(), name))
            anchor = _anchor_at(para, name, m.start(), m.end("role"), False)
            if anchor:
                anchors.append(anchor)
    named.sort()
    carried = people.last
    for m in _PRONOUN_RE.finditer(para):
        earlier = [(at, who) for at, who in named if at < m.start()]
        people.last = (earlier[-1][1] or None) if earlier else carried
        since = earlier[-1][0] if earlier else 0
        if _UNNAMED_PERSON_RE.search(para, since, m.start()):
            people.last = None  # "Mẹ tôi theo dõi ... Bà nói ...": "bà" is the mother, whom no name gives
        if any(a.start <= m.start("pro") < a.at for a in anchors):
            continue
        rest = para[m.end() :]
        theo = bool(m.group("theo"))
        if not theo and not (speaker_rules.VERB_AFTER_RE.match(rest) or speaker_rules.QUOTE_AFTER_RE.match(rest)):
            continue
        if theo and not re.match(r"\s*,", rest):
            continue
        if not theo and not _clause_start(para, m.start()):
            continue  # "hỏi ông nói gì": the pronoun is an object
        name = people.by_pronoun(m.group("pro"))
        if name:
            anchor = _anchor_at(para, name, m.start(), m.end(), theo)
            if anchor:
                if _attributes_quote(para, m.start(), quotes):
                    anchor = _Anchor(anchor.speaker, anchor.start, anchor.at, anchor.colon, after_quote=True)
                anchors.append(anchor)
    people.last = (named[-1][1] or None) if named else carried
    anchors.sort(key=lambda a: a.start)
    return anchors


def _attributes_quote(para: str, at: int, quotes: list[tuple[int, int, int]]) -> bool:
    """Whether the name (or pronoun) at `at` attributes the quotation closing just before it: a
    quotation of MIN_WORDS or more opening its sentence, not a title ("bộ phim “Cánh đồng hoang”,
    ông X cho biết")."""
    m = _ATTRIBUTION_AFTER_QUOTE_RE.search(para, max(0, at - 160), at)
    if m is None:
        return False
    return any(qe == m.start() and len(para[qs:qe].split()) >= MIN_WORDS and _opens_sentence(para, mark)
               for mark, qs, qe in quotes)


def _theo_before(before: str) -> bool:
    """Whether the clause before a name (its honorific and role included) opens with "Theo":
    "Theo ông X", "Theo Phó Chủ tịch UBND tỉnh, ông X"."""
    clause = speaker_rules.clause_before(before)
    if not (re.match(r"\s*(?i:theo)\s", clause) and len(clause.split()) <= 16):
        return False
    if speaker_rules.THEO_IDIOM_RE.match(clause.strip()):
        return False
    # "Theo Phó Chủ tịch UBND tỉnh, ông X": a title, then the name; "Theo trưng cầu của Viện ...,
    # Yushchenko nhận được ...": the source is the survey, and the name opens what it says.
    head, comma, _ = clause.strip()[4:].partition(",")
    return not comma or bool(speaker_rules.ROLE_START_RE.match(head.strip()))


def _anchor_at(
    para: str, name: str, start: int, rest_at: int, theo: bool, opener: bool = False, *, subject: bool = True
) -> _Anchor | None:
    """The anchor of a mention whose name (and role) ends at `rest_at`: `theo` when its clause
    opens with "Theo", `opener` when it opens with speech ("Phát biểu tại hội nghị, X ghi nhận"),
    `subject` when the name opens its clause (only then does 'X: “...”' make the quotation X's:
    "... vì biết Best đang còn dính với Alex và Gina: “...”" is not Gina's)."""
    # "X, Giám đốc Công ty EzVending (Hà Nội) nhận định", "X - một thành viên của nhóm - khẳng định"
    aside = _ASIDE_RE.match(para, rest_at)
    if aside and speaker_rules.VERB_AFTER_RE.match(para, aside.end()):
        rest_at = aside.end()
    rest = para[rest_at:]
    if theo:
        # The comma closing the name and its title ("Theo anh X, nguyên chiến sĩ hải quân từng
        # chứng kiến ..., nay là ..., đây là ..." goes past the title's own words).
        comma = re.match(r"\s*,\s*", rest) or re.match(r"(?:[^,.;:!?“”\"]|(?<=\d)[,.](?=\d)){0,160}?,(?!\d)\s*", rest)
        if not comma:
            return None
        at = rest_at + comma.end()
        # "Theo tiến sĩ X, Phó trưởng ban Đào tạo, Thường trực Hội đồng ..., do ...", "Theo X,
        # quận Gò Vấp, TP HCM, thì ...": more titles and the place they live, then what they said.
        while (seg := _ROLE_OR_PLACE_SEGMENT_RE.match(para, at)) and (
            speaker_rules.ROLE_START_RE.match(para, at) or seg.group("place") or _MORE_TITLE_RE.match(para, at)
            or _PROPER_NAMES_SEGMENT_RE.match(para, at)
        ):
            at = seg.end()
        then = re.match(r"thì\s+", para[at:])
        return _Anchor(name, start, at + (then.end() if then else 0))
    m = speaker_rules.VERB_AFTER_RE.match(rest) or speaker_rules.GAP_VERB_RE.match(rest) or _apposition(rest)
    if m:
        if "gap" in m.groupdict() and m.group("gap") is not None and not speaker_rules.plain_gap(m.group("gap")):
            return None
        verb = _verb_of(rest[: m.end()])
        if verb is not None and verb not in _CONTENT_VERBS and not (opener and not theo and verb not in _NO_CONTENT):
            follow = _LEAD_IN_RE.match(rest, m.end())
            if not (follow and (follow.group("colon") or rest[follow.end() : follow.end() + 1] in _OPEN_QUOTES)
                    or _TOPIC_THEN_QUOTE_RE.match(rest, m.end())):
                return None  # "X chủ trì hội nghị", "X biểu dương ...": no statement follows
        lead = _LEAD_IN_RE.match(rest, m.end())
        rang = _BEFORE_RANG_RE.match(rest, m.end())
        if rang and not _NOT_BEFORE_RANG.search(rang.group().rsplit("rằng", 1)[0]):
            return _Anchor(name, start, rest_at + rang.end())
        at = rest_at + (lead.end() if lead else m.end())
        return _Anchor(name, start, at, bool(lead and lead.group("colon")))
    fp = speaker_rules.first_person_quote(para, start, rest_at) if subject else None
    if fp is not None:
        colon = para.index(":", fp.end("gap"))
        return _Anchor(name, start, colon + 1 + len(para[colon + 1 :]) - len(para[colon + 1 :].lstrip()), True)
    m = re.match(r"\s*:\s*(?:[-–—]\s+)?", rest)
    if m and subject and rest[m.end() : m.end() + 1] in _OPEN_QUOTES:
        return _Anchor(name, start, rest_at + m.end(), True)  # 'X: “...”'
    # An interview turn opening its paragraph: "Ông X, cục phó Cục Thuế: - Nếu ..."
    turn = _TURN_RE.match(rest)
    if turn and _TURN_HEAD_RE.fullmatch(para[:start]):
        return _Anchor(name, start, rest_at + turn.end(), True)
    return None


def _apposition(rest: str) -> re.Match | None:
    """'X, đồng minh thân thiết của Sharon, cho hay': what describes X, then the verb."""
    m = speaker_rules.APPOSITION_RE.match(rest) or speaker_rules.LONG_APPOSITION_RE.match(rest)
    return m if m and speaker_rules.plain_gap(m.group("app"), apposition=True) else None


def _verb_of(text: str) -> str | None:
    low = text.lower()
    best = None
    for verb in _VERB_NAMES:
        i = low.rfind(verb)
        if i >= 0 and (best is None or i > best[0]):
            best = (i, verb)
    if best is None:
        return "cho biết" if re.search(r"cho\s.*biết", low) else None
    return best[1]


def _passage(
    para: str, anchor: _Anchor, quotes: list[tuple[int, int, int]], people: _People
) -> tuple[int, int, str] | None:
    """(start, end, kind) of what is said from `anchor.at`."""
    at = anchor.at
    if at >= len(para):
        return None
    lead_in = para[max(0, at - 12) : at]  # what closes the attribution: a comma, a colon, "rằng", "là"
    if anchor.after_quote and not anchor.colon and not re.search(r"(?<!\w)(?:rằng|là)\s*$", lead_in):
        # '“...” - Thứ trưởng X nói sau cuộc diễn tập ...': the quotation was what they said; what
        # follows the verb says where and when.
        return None
    if not anchor.colon and _ADJUNCT_RE.match(para, at) and not re.search(r"(?:[,:]|(?<!\w)(?:rằng|là))\s*$", lead_in):
        then = _ADJUNCT_THEN_RE.match(para, at)
        if then is not None:
            at = then.end()
            if at >= len(para):
                return None
        elif not _ADJUNCT_COMMA_RE.match(para, at):
            return None  # "Bush phát biểu trong cuộc gặp Thủ tướng Hà Lan ...": where, not what
    if para[at] in _OPEN_QUOTES:
        for mark, qs, qe in quotes:
            if mark == at:
                if not anchor.colon and re.match(rf"[”\"’']?\s+{LO}", para[qe:]):
                    # 'Villepin cho hay “các mạng lưới tội phạm” đang tiếp tay ...': a phrase quoted
                    # inside what was reported; the statement is the sentence.
                    end_m = _SENTENCE_END_RE.search(para, qe + 1)
                    return _trimmed(para, at, end_m.start() if end_m else len(para), "reported")
                return (qs, qe, "quote") if len(para[qs:qe].split()) >= MIN_WORDS else None
        text_end = len(para)
        return _trimmed(para, at + 1, text_end, "quote")
    if anchor.colon:
        end = len(para)
        # 'Anh Tình nói: Mới đào 3 ngày chưa được gì. Hai cháu Lợi, Dũng thì thú thật: Hôm qua ...':
        # an unquoted passage ends where the next person's colon-introduced words begin.
        for sentence_end in _SENTENCE_END_RE.finditer(para, at):
            following = para[sentence_end.end() : _next_end(para, sentence_end.end())]
            if re.search(r":\s*\S", following) and not _QUOTE_CHARS_RE.search(para[at : sentence_end.start()]):
                end = sentence_end.start()
                break
    else:
        m = _SENTENCE_END_RE.search(para, at)
        end = m.start() if m else len(para)
        opening = _sentence_start(para, anchor.start)
        head = speaker_rules.HONORIFIC_END_RE.sub("", para[opening : anchor.start])  # "..., ông Đức cho rằng"
        connective = _CONNECTIVE_RE.match(head)
        content = head[connective.end() if connective else 0 :]  # "Tuy nhiên, để bảo vệ ..., ông Đức cho rằng"
        # Only an attribution set off by commas ("..., ông Huấn cho biết, đó là ...") is inside
        # the sentence, or one after a purpose or a condition of what is said ("để bảo vệ ..., ông
        # Đức cho rằng nên ..."); "Cảm động trước ..., ông Thaksin cam kết ...", "Bức xúc trước ...,
        # ông Long cho rằng ..." open with a circumstance of the writer's.
        set_off = para[: anchor.at].rstrip().endswith(",") or bool(_PURPOSE_RE.match(content))
        if (set_off and head.rstrip().endswith(",") and len(content.split()) >= 4 and not _QUOTE_CHARS_RE.search(head)
                and not _ROLE_HEAD_RE.match(content)  # "Tiền vệ đội MU, Paul Scholes, mới tuyên bố"
                and not _CIRCUMSTANCE_RE.match(content) and not any(q[0] < anchor.start < q[2] for q in quotes)):
            # "Thứ gia vị làm nên ..., ông Huấn cho biết, đó là ruốc Huế": the attribution inside
            # the sentence; what was said is all of it.
            at = opening
        # A quotation opened inside the sentence runs on to its own end.
        for mark, qs, qe in quotes:
            if at <= mark < end < qe:
                end = qe + 1 if qe < len(para) else qe
        end = _before_contrast(para, at, end, anchor.speaker, people)
        if para[end : end + 1] == "?" and _PRONOUN_RE.match(para, anchor.start):
            return None  # "Theo ông, hạ tầng đã đáp ứng được ...?": the interviewer's question
    if _TOPIC_RE.match(para, at):
        # "Ông Hỷ đặt vấn đề về trách nhiệm của ...: “...”": the topic, then the words themselves.
        for mark, qs, qe in quotes:
            if at < mark and re.fullmatch(r"[^.!?“”\"]*:\s*", para[at:mark]):
                return (qs, qe, "quote") if len(para[qs:qe].split()) >= MIN_WORDS else None
        return None
    object_then_colon = _OBJECT_THEN_COLON_RE.match(para, at)
    if object_then_colon and object_then_colon.end() < end:
        at = object_then_colon.end()  # "thổ lộ chuyện riêng tư: Đến giờ tôi ...": what follows the colon
    return _trimmed(para, at, end, "reported")


def _before_contrast(para: str, at: int, end: int, speaker: str, people: _People) -> int:
    """Where a reported statement ends when a contrast brings in another person before its end, or
    the writer takes the word back ("..., nhưng thực chất đó là ...", "..., lúc ấy ...")."""
    turn = _NARRATOR_TURN_RE.search(para, at, end)
    if turn:
        end = turn.start()
    passage = para[at:end]  # its own mentions: a long paragraph's are not searched once per statement
    for s, _e, _k in speaker_rules.name_mentions(passage):
        s, _e = s + at, _e + at
        if at < s and people.resolve(para[s:_e]) != speaker:
            head = para[at:s]
            hon = speaker_rules.HONORIFIC_END_RE.search(head)
            m = _CONTRAST_BEFORE_RE.search(head[: hon.start()] if hon else head)
            if m:
                return at + m.start()
    return end


def _next_end(para: str, at: int) -> int:
    m = _SENTENCE_END_RE.search(para, at)
    return m.start() if m else len(para)


def _sentence_start(para: str, at: int) -> int:
    start = 0
    for m in _SENTENCE_END_RE.finditer(para, 0, at):
        start = m.end()
    return start


def _trimmed(para: str, start: int, end: int, kind: str) -> tuple[int, int, str] | None:
    text = para[start:end]
    if kind == "reported" and _TOPIC_RE.match(text):
        return None  # "kể về những người ...": a topic, not what was said
    lead = len(text) - len(text.lstrip(" .…,"))
    start += lead
    end = start + len(para[start:end].rstrip(" ,;:."))
    if len(para[start:end].split()) < MIN_WORDS:
        return None
    return start, end, kind


def _speaker_after(para: str, qe: int, people: _People) -> str | None:
    """The speaker named right after a closing quotation mark: '”, ông X nói', '” - X cho biết'.
    "" when someone is named there who is not one of the speakers (or cannot be told apart):
    the quotation is theirs, not the last speaker's."""
    after = para[qe + 1 : qe + 1 + speaker_rules.CONTEXT]
    gap = _AFTER_QUOTE_RE.match(after)
    window = after[gap.end() if gap else 0 :]
    for start, end, _ in speaker_rules.name_mentions(window):
        between = window[:start]
        if len(between.split()) > 12 or re.search(r"[.;!?:“”\"]", between):
            break
        _, used = speaker_rules.role_after(window[end:])
        verb = speaker_rules.VERB_AFTER_RE.match(window[end + used :])
        if not verb:
            # '“...”, đại biểu X (Tây Ninh) nêu quan điểm.': a short clause naming someone after the
            # quotation attributes it, whatever its verb; it is not the last speaker's.
            if _SHORT_CLAUSE_RE.match(window, end + used):
                return people.resolve(window[start:end]) or ""
            break
        lead = _LEAD_IN_RE.match(window, end + used + verb.end())
        if lead and lead.group("colon"):
            return ""  # "“câu hỏi”, ông X cho biết: ...": the colon opens their words; the quotation was put to them
        return people.resolve(window[start:end]) or ""
    m = _PRONOUN_RE.match(window)
    if m and not m.group("theo") and speaker_rules.VERB_AFTER_RE.match(window[m.end() :]):
        return people.by_pronoun(m.group("pro")) or ""
    m = speaker_rules.ROLE_ONLY_RE.match(window) or speaker_rules.ROLE_AFTER_QUOTE_RE.match(para, qe)
    if m:  # "”, ông Phó Chủ tịch nói", "”, Tổng thống Israel khẳng định"
        return people.by_role(m.group("role").strip()) or ""
    if re.match(r"(?:[^\s.;!?“”\"]+\s+){0,6}?(?:" + _VERB_ALT + r")(?!\w)", window):
        return ""  # "”, một cán bộ cho biết": someone unnamed
    return None


def _opens_sentence(para: str, mark: int) -> bool:
    """Whether a quotation opens its sentence. After a colon it does not: someone the anchors
    did not recognise introduced it ("Khổ chủ cho biết: “...”")."""
    head = para[:mark].rstrip()
    return not head or head[-1] in ".!?…”\"" or head.endswith(("-", "–"))


def _clause_start(para: str, at: int) -> bool:
    head = para[:at].rstrip()
    return not head or head[-1] in ".!?:…,;”\"“(-–—"


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in taken)
