"""Speakers: people who chair, speak, report or are quoted, each with the role as written.

Who counts
----------
A person is a capitalised name of 2-5 syllables starting with a Vietnamese
family name (lexicon.SURNAMES), or 2-4 capitalised words after "ông"/"bà". The
person is a speaker when one mention is tied to speech:

* the name (with its role) is followed by a speech verb, possibly after
  auxiliaries: "Nguyễn Hải Vân cho biết", "Võ Thị Dung đã đánh giá cao",
  "Lê Quốc Phong, ..., dự và chủ trì Hội nghị", "ông X - Tổng thư ký VFF - cho biết";
* or by a colon and a quotation: 'Ông X: “...”';
* or the clause opens with "Theo": "Theo ông Trần Văn An, phó giám đốc ...";
* or the previous clause is a speech opener: "Phát biểu tại hội nghị, Chủ tịch
  HĐND TP Nguyễn Thị Lệ ghi nhận ...".
* or a description stands between the name and the verb: "X, một nhà phân tích độc lập ở Mỹ,
  nhận xét", "X - đối thủ của Y - khẳng định", "X ở Viện Hóa học, ..., khẳng định";
* or, as the subject of its clause, any predicate then a colon and a quotation in the first
  person: "X lại tỏ ra bức xúc: “Chúng tôi ...”";
* a single foreign word counts only when it looks like no Vietnamese syllable and a verb only a
  person uses follows it ("Syarita nói"); one before "cho biết" is a company as often as not.

Not speakers: people who are the object of the clause (spoken to, chairing in the passive, asked,
compared with, named inside another's description or statement), those someone else speaks for
(a spokesman's principal, a relative's kin), and names that are places, businesses, courts,
administrations, media, teams or software. The question-and-answer interviewee is found by
`indexer.extraction.interviews`.

People only attending ("tham dự", "đến dự") are not speakers, unless another
mention ties them to speech. A later mention by honorific and given name ("ông
Út cho biết") or by title alone ("đồng chí Phó Bí thư Thường trực Quận ủy đề
nghị") counts for the one person it fits; it never creates a new speaker.

The role
--------
The role is the title written next to the name: before it ("Chủ tịch HĐND TP
Nguyễn Thị Lệ", running back over comma-separated titles: "Phó Bí thư Thành ủy,
Chủ tịch HĐND TP Nguyễn Thị Lệ"), after it as an apposition ("Trần Văn Út, Phó
Bí thư Thường trực Quận ủy, chủ trì"; "Võ Thị Dung - Phó Bí thư Thành ủy đã"),
or in brackets; both sides are joined with ", " when both are present. A
speaker's role is the one written at their first speech-tied mention that has
one (completed by a longer form of the same title written elsewhere: "Bí thư"
-> "Bí thư Thành ủy"); failing that, the first role written anywhere for them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from indexer.analysis.syllables import is_valid_syllable
from indexer.models import Speaker
from indexer.extraction import lexicon
from indexer.extraction.places import is_place_name
from indexer.extraction.text import CAPWORD, HONORIFIC_KEYS, LO, UP, closed_quotations, match_key, starting_with


def _alt(words) -> str:
    """One regex alternation of literal phrases, longest first, any run of spaces between words."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in items)


_SURNAMES = _alt(lexicon.SURNAMES)
_HONORIFICS = _alt(lexicon.HONORIFICS)
_PERSON_HON = _alt(lexicon.PERSON_HONORIFICS)
_VERBS = _alt(lexicon.SPEECH_VERBS)
_AUX = _alt(lexicon.AUXILIARIES)
_NOT_VERB = _alt(lexicon.NOT_SPEECH_AFTER_VERB)
_MULTI_ROLES = [w for w in lexicon.ROLE_WORDS if " " in w or w.islower()]
_SINGLE_ROLES = [w for w in lexicon.ROLE_WORDS if not (" " in w or w.islower())]
_ROLE_START = (
    starting_with([*lexicon.ROLE_MODIFIERS, *lexicon.ROLE_WORDS], ignore_case=True)
    + rf"(?:(?:{_alt(lexicon.ROLE_MODIFIERS)})\s+)?"
    rf"(?:(?i:{_alt(_MULTI_ROLES)})|{_alt(_SINGLE_ROLES)})(?![\w])"
)
ROLE_START_RE = re.compile(_ROLE_START)

NAME_RE = re.compile(rf"{starting_with(lexicon.SURNAMES)}(?<!\w)(?:{_SURNAMES})(?:\s+{CAPWORD}){{1,4}}")
# Arabic particles inside a name: "Bashar al-Assad", "Mounir al-Motassadek".
_PARTICLE_NAME = rf"(?:al|el|ad|as|an)-{UP}{LO}+"
_FOREIGN_WORD = rf"(?:{CAPWORD}|{_PARTICLE_NAME}|{UP}\.)"  # "George W. Chamberlain"
FOREIGN_RE = re.compile(
    rf"{starting_with(['ông', 'bà', 'cô', 'chị', 'anh'], ignore_case=True)}(?<!\w)(?:ông|bà|cô|chị|anh|Ông|Bà|Cô|Chị)\s+(?P<name>(?!(?:{_SURNAMES})\s)(?:{CAPWORD})(?:\s+{_FOREIGN_WORD}){{0,2}}\s+(?:{CAPWORD}|{_PARTICLE_NAME}))"
)
# A foreign name written without ông/bà: a run of capitalised words ("Mikhail Kasyanov", "Ban
# Ki-moon", "George W. Bush"), trimmed to its name in _foreign_name.
# An initial before another name first ("Antonio M. Taguba"), else "M" would end the run.
# "Dominique de Villepin", "Ruud van Nistelrooy", "Osama bin Laden": a particle before the surname.
_NAME_PARTICLE = rf"(?:de|van|von|der|den|dos|del|da|di|du|bin|ibn)(?=\s+{UP})"
# "McLaughlin", "MacArthur", "O'Neill": a capital inside the word.
_PREFIXED_NAME = rf"(?:Mc|Mac|O'|O’|D'|D’){UP}{LO}+(?![\w])"
# "J.Koizumi", "J.T.Battenberg": initials glued to the surname (never "Q.Thủ Đức": _foreign_name).
_GLUED_INITIALS = rf"(?:{UP}\.){{1,2}}{UP}{LO}+(?![\w.])"
_FOREIGN_TOKEN = rf"(?:{UP}\.(?=\s+{UP})|{_GLUED_INITIALS}|{_PREFIXED_NAME}|{CAPWORD}(?:-\w+)*|{_PARTICLE_NAME}|{UP}\.|{_NAME_PARTICLE})"
FOREIGN_RUN_RE = re.compile(
    rf"(?<![\w.-])(?:{_GLUED_INITIALS}|{_PREFIXED_NAME}|{UP}\.(?=\s+{UP}{LO}+)|{UP}{LO}*(?:-\w+)*(?![\w.]))(?:\s+{_FOREIGN_TOKEN}){{0,6}}"
)
_NOT_FOREIGN = frozenset(w for phrase in lexicon.NOT_FOREIGN_NAME_WORDS for w in phrase.split())
# Not "Bộ trưởng ... Xã hội Mikhail Zurabov": "hội" there ends a title, not an association's kind.
_NOT_FOREIGN_BEFORE_RE = re.compile(rf"(?:^|\s)(?<![Xx]ã\s)(?i:{_alt(lexicon.NOT_FOREIGN_BEFORE)})\s*$")
# "hãng Giải trí Star Park", "Tập đoàn Dầu khí Petronas": the organisation's kind, then its name.
# "đội bóng hạng Nhất Millwall": a team's kind and league, then its name.
_ORG_THEN_NAME_PARTS_RE = re.compile(
    rf"(?:^|\s)(?i:hãng|công\s+ty|tập\s+đoàn|tổ\s+chức|nhóm|quỹ)\s+{UP}{LO}*(?:\s+{LO}+){{0,2}}\s*$"
    rf"|(?:^|\s)(?i:đội\s+bóng|đội|câu\s+lạc\s+bộ|CLB)\s+(?:hạng|giải)\s+{UP}{LO}*\s*$"
)
# "công ty đầu tư Troika Dialog", "ngân hàng đầu tư Morgan Stanley": a kind in lower case. Read
# before a foreign name with no title before the kind ("Giám đốc điều hành công ty đầu tư John
# Paulson" is the director), never before a Vietnamese one; not "ngân hàng là X".
_ORG_KIND_BEFORE_RE = re.compile(rf"(?:^|\s)(?i:hãng|công\s+ty|tập\s+đoàn|ngân\s+hàng|quỹ)(?:\s+(?!là\s){LO}+){{1,2}}\s*$")
# "cho VnExpress biết", "cho phóng viên biết": told a newspaper.
_TOLD = r"cho\s+(?:[^\s,.;:]+\s+){1,3}?biết"
# A speech verb that is part of a noun or an idiom: "kịch nói" (spoken drama), "chưa biết nói".
_NOT_IDIOM_BEFORE = r"(?<!kịch\s)(?<!biết\s)(?<!tiếng\s)"  # "tiếng nói": a voice
# "Sasser nói trên" (the above-mentioned Sasser), but "X nói trên đường về": said on the way.
_NOT_ABOVE_MENTIONED = r"(?!nói\s+trên(?!\s+(?:đường|đài|báo|tờ|kênh|truyền|sóng|sân|bục|xe|máy)))"
_NOT_IDIOM = _NOT_IDIOM_BEFORE + _NOT_ABOVE_MENTIONED  # "có mặt của X tại hội nghị nói trên"
_VERB_TAIL = (
    rf"(?:(?:{_AUX})\s+){{0,3}}(?:(?:tham\s+|đến\s+)?dự\s+và\s+)?"
    rf"(?!(?:{_NOT_VERB})(?!\w)){_NOT_IDIOM}(?:{_VERBS}|{_TOLD})(?!\w)"
)
VERB_AFTER_RE = re.compile(rf"\s*(?:[,–—-]\s*)?{_VERB_TAIL}")
QUOTE_AFTER_RE = re.compile(r"\s*:\s*[“\"‘']")
# A few words between the name and an unmistakable speech verb or a quotation; plain_gap vets them.
_GAP = r"(?P<gap>(?:[^\s,.;:!?()“”\"]+\s+){1,5}?)"
GAP_VERB_RE = re.compile(
    rf"\s*,?\s*{_GAP}(?!(?:{_NOT_VERB})(?!\w)){_NOT_IDIOM}(?:{_alt(lexicon.PLAIN_SPEECH_VERBS)})(?!\w)"
)
GAP_QUOTE_RE = re.compile(r"\s*(?P<gap>(?:[^\s,.;:!?()“”\"]+\s+){0,4}[^\s,.;:!?()“”\"]+)\s*:\s*[“\"‘']")
# Words that make a gap before a speech verb someone else's (lexicon.NOT_SPEECH_GAP).
_NOT_GAP_RE = re.compile(rf"(?:^|\s)(?i:{_alt(lexicon.NOT_SPEECH_GAP)})(?!\w)")
# Any predicate, then a colon and a quotation in the first person: "Anh X (21 tuổi) thấy vậy tới can
# ngăn: “...tôi...”", "X vò đầu: “Chúng tôi ...”". Only for the subject of its clause.
_FIRST_PERSON_QUOTE_RE = re.compile(
    r"\s*(?:\([^()]{1,80}\)\s*)?(?P<gap>(?:[^\s.;:!?()“”\"]+\s+){0,9}[^\s.;:!?()“”\"]+)\s*:\s*[“\"‘']"
    r"(?P<said>[^“”\"]{0,300})"
)
# The speaker speaking of themselves ("em" left out: "các em học sinh" is narration).
FIRST_PERSON_RE = re.compile(r"(?<!\w)(?i:tôi|tui|chúng\s+tôi|mình|tao|chúng\s+tao|chúng\s+ta|tớ)(?!\w)")


def first_person_quote(para: str, start: int, rest_at: int) -> re.Match | None:
    """'X <anything>: “... tôi ...”' where X (at `start`) is the subject of its clause."""
    m = _FIRST_PERSON_QUOTE_RE.match(para, rest_at)
    if m is None or not is_subject(para, start) or not FIRST_PERSON_RE.search(m.group("said")):
        return None
    gap = m.group("gap")
    if NAME_RE.search(gap) or FOREIGN_RE.search(gap) or _NOT_GAP_RE.search(gap):
        return None  # another person, or a passive or subordinate turn, before the colon
    return m


# An apposition that is no role: "X, một trong những người ..., tuyên bố".
APPOSITION_RE = re.compile(rf"\s*,\s*(?P<app>[^,.;:!?()“”\"\n]{{3,120}}),\s*{_VERB_TAIL}")
# A longer one, with commas of its own, when it opens as a description ("X, một trợ lý giáo sư tại
# Đại học Westfield State ở Massachusetts, Mỹ, cho biết"), or without its closing comma before
# an unmistakable verb ("Taizo Son, một lãnh đạo của Movida Entertainment nhấn mạnh").
_DESCRIBED = r"(?:một|người|nhà|chuyên gia|thành viên|đại diện|cựu|vợ|chồng|mẹ|bố|cha|con|lãnh tụ|thủ lĩnh|lãnh đạo|(?:đồng\s+)?tác giả|trưởng nhóm|\d+\s+tuổi)(?!\w)\s?"
# A description of a person, not of a company ("Carrefour, một tập đoàn đa quốc gia, cho biết").
_DESCRIBED_AFTER_RE = re.compile(
    rf"\s*,\s*(?!(?i:một\s+)?(?:tập\s+đoàn|công\s+ty|hãng|tổ\s+chức|nhóm|thành\s+phố|tỉnh|quốc\s+gia|nước|trang"
    rf"|trường|bệnh\s+viện|cơ\s+quan|ngân\s+hàng|quỹ|đội|câu\s+lạc\s+bộ|nhà\s+(?:sản\s+xuất|máy|mạng|cung\s+cấp|phân"
    rf"\s+phối|đầu\s+tư|xuất\s+bản|hàng))(?!\w))(?:{_DESCRIBED})")
LONG_APPOSITION_RE = re.compile(
    rf"\s*,\s*(?P<app>(?:{_DESCRIBED}|(?:{_ROLE_START})\s|đứng\s+đầu\s|khi\s+được\s+hỏi\s)(?:[^.;:!?()“”\"\n]|\([^()]{{1,40}}\)){{3,160}}?)"
    rf"(?:,\s*{_VERB_TAIL}|\s+(?!(?:{_NOT_VERB})(?!\w)){_NOT_IDIOM}(?:{_alt(lexicon.PLAIN_SPEECH_VERBS)})(?!\w))"
)
# Where someone works, then the verb: "X ở Viện Hóa học, Viện Khoa học ... khẳng định", "X của Seagate
# cho hay", "X tại Đại học Bern, Thuỵ Sĩ, phát biểu".
_AFFILIATION_RE = re.compile(
    rf"\s+(?P<app>(?:ở|tại|thuộc|của)\s+{UP}(?:[^.;:!?()“”\"\n]|\([^()]{{1,40}}\)){{2,150}}?)(?:,\s*|\s+){_VERB_TAIL}"
)
# "Thủ tướng X - đối thủ của Yushchenko trong cuộc bầu cử - khẳng định": a description between dashes.
# "X - một quan chức địa phương, cho hay": closed by a comma instead, when it opens as a description
# or a title does (not "Phnom Penh - Siem Reap - Bangkok và ngược lại, cho biết": a route).
_DASH_APPOSITION_RE = re.compile(
    rf"\s+[-–—]\s*(?:(?P<app>[^-–—.;:!?“”\"\n]{{3,160}}?)\s+[-–—]"
    rf"|(?P<described>(?:{LO}|[A-ZĐ]{{2,}}(?!{LO})|(?:{_ROLE_START}))[^-–—.;:!?“”\"\n]{{2,160}}?),)\s*{_VERB_TAIL}")
_AUX_WORD_RE = re.compile(rf"(?<!\w)(?:{_AUX})(?!\w)")
# The last of a list of names that all speak: "các bị cáo X (...), Y (...) đều thừa nhận".
_ALL_RE = re.compile(r"\s*(?:đều|cùng)\s")
_LIST_GLUE_RE = re.compile(r"\s*(?:,|và)\s*$")
# Where an apposition stops: punctuation, a dash, or the start of the predicate.
_BOUNDARY_RE = re.compile(r"[,;:!?()“”\"\[\]]|(?<!TP)(?<!Tp)\.(?=\s|$)|\s[–—-]\s|\s[–—-]$")
_CUT_RE = re.compile(
    rf"\s(?:(?:{_AUX})|(?:{_VERBS})|tham\s+dự|đến\s+dự|cùng|là|và\s+các"
    r"|dự(?=\s+(?:và|hội|Hội|buổi|lễ|Lễ|đại|Đại|cuộc|phiên|kỳ|chương)))(?!\w)"
)
_BODY_BEFORE_VERB_RE = re.compile(r"(?:^|\s)(?:Ban|Uỷ\s+ban|Ủy\s+ban|Tiểu\s+ban)\s$")
_CLAUSE = r"[!?;:“”\"()\n]|(?<!TP)(?<!Tp)(?<!\b[A-ZĐ])\.(?=\s)"
# Greedy: the regex engine finds the last boundary from the end (one match, not a scan of all).
_LAST_CLAUSE_RE = re.compile(rf"(?s:.*)(?:{_CLAUSE})")
_LEADER_RE = re.compile(rf"^\s*(?i:{_alt(lexicon.ROLE_LEADERS)})\s+")
# An honorific ending the text before a name ("... ông "): speakers and statements both strip it.
HONORIFIC_END_RE = re.compile(rf"{starting_with(lexicon.HONORIFICS)}(?:^|(?<=\s))(?:{_HONORIFICS})\s*$")
# "Nhưng theo ông X", "Bởi theo X": a connective may come first.
_CONNECTIVE = r"(?:(?i:nhưng|và|còn|bởi|vì|song|mà|cũng|riêng|đặc biệt là|tuy nhiên|ngoài ra)\s*,?\s+)?"
# "Theo chân ca sĩ Eminem, ...", "theo dõi", "theo kiểu": "theo" that cites no one.
THEO_IDIOM_RE = re.compile(r"(?i:theo)\s+(?i:chân|dõi|đuổi|sau|kiểu|hướng|gương|đó|lệnh|lời\s+mời|tên)(?!\w)")
_QUOTE_OPEN_RE = re.compile(rf"^{_CONNECTIVE}(?i:{_alt(lexicon.QUOTE_OPENERS)})(?!\w)")
_SPEECH_OPEN_RE = re.compile(rf"^{_CONNECTIVE}(?i:{_alt(lexicon.SPEECH_OPENERS)})(?!\w)")
_NOT_PERSON_BEFORE_RE = re.compile(rf"(?:^|[\s(])(?:{_alt(lexicon.NOT_PERSON_BEFORE)})\s*$")
_NOT_PERSON = frozenset(match_key(n) for n in lexicon.NOT_PERSON_NAMES)
# "Nhà dự báo khí tượng Jonty Hall", "thị trường Nguyễn Văn A": a word of NOT_PERSON_BEFORE ("tượng",
# "cầu", "trường") ending a common compound, not naming a statue, a bridge or a school.
_COMPOUND_END_RE = re.compile(
    r"(?i:khí|hiện|đối|ấn|biểu|hình|trừu|tưởng)\s+tượng\s*$|(?i:yêu|nhu|toàn|địa)\s+cầu\s*$"
    r"|(?i:thị|môi|chiến|hiện|lập|thương)\s+trường\s*$"
)
_COUNTRY_SHORT = frozenset(lexicon.COUNTRY_SHORT_NAMES)
# "phu quân ca sĩ Hồng Ngọc nói", "vợ ông X cho biết": the spouse or kin speaks, not the person named
# ("Cha" capitalised is a priest's title).
_KIN_BEFORE_RE = re.compile(
    r"(?:^|\s)(?i:phu\s+quân|phu\s+nhân|vợ|chồng|con\s+trai|con\s+gái|con\s+rể|con\s+dâu|(?<!khủng\s)bố|mẹ|(?-i:cha)|ông\s+xã|bà\s+xã|người\s+yêu"
    r"|bạn\s+gái|bạn\s+trai|em\s+gái|em\s+trai|anh\s+trai|chị\s+gái|người\s+nhà)\s+(?P<of>của\s+)?(?P<title>(?:[^\s,.;:!?()“”\"]+\s+){0,5})$"
)
# Someone who speaks for the person named after "của": their representative, lawyer, family.
_SPOKEN_FOR_RE = re.compile(
    r"(?:^|\s)(?i:người\s+đại\s+diện|người\s+phát\s+ngôn|đại\s+diện|phát\s+ngôn\s+viên|luật\s+sư|trợ\s+lý"
    r"|thư\s+ký|cố\s+vấn|người\s+thân|gia\s+đình|giới\s+thiệu)"  # kin: _KIN_BEFORE_RE
    r"\s+(?:riêng\s+)?của\s+(?P<title>(?:[^\s,.;:!?()“”\"]+\s+){0,5})$"
)
_PASSIVE_RE = re.compile(r"(?<!\w)(?i:được|bị)(?!\w)")
# Before a name (its honorific and title): the name is the object of someone else's act ("trao đổi
# với Luật sư X"), or names whose government it is ("Chính quyền ông Kim Châng In bày tỏ").
_OBJECT_OF_RE = re.compile(
    rf"(?:^|\s)(?i:giao|cử|bổ\s+nhiệm|phân\s+công|chỉ\s+định|nhờ|(?<!khách\s)mời|buộc|cho\s+phép|cho|ám\s+sát|sát\s+hại|"
    rf"xét\s+xử|truy\s+tố|kết\s+án|khởi\s+tố|bắt\s+giữ|lật\s+đổ|chống\s+lại|"  # "biện hộ cho X": "cho"
    rf"được|bị|(?<![Đđ]ối\s)với|chính\s+quyền)\s+(?:(?:{_ROLE_START})[^,.;:!?()“”\"]{{0,60}}\s)?$"
    # "san bằng thành tích với huyền thoại Roberto Pruzzo": with whom, a word or two describing them
    rf"|(?:^|\s)(?<![Đđ]ối\s)với\s+{LO}+\s+(?:{LO}+\s+)?$"
)
# "báo cáo nhân sự sẽ do Chủ tịch X trình bày", "sẽ tổ chức chương trình “...”, do giáo sư X trình
# bày": a talk still to come ("do Thủ tướng X đã hứa" is because X promised: someone_elses).
_TO_COME_BY_RE = re.compile(
    rf"(?:^|\s)(?i:sẽ|sắp|dự\s+kiến)\s(?:[^.!?;]{{0,200}}\s)?do\s+(?:(?:{_ROLE_START})[^,.;:!?()“”\"]{{0,60}}\s)?$"
)


# A thing the person owns, then the honorific: "tên cướp kề dao vào cổ bà X gằn giọng", "con bò
# nhà anh X": the speaker is someone else.
_POSSESSED_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:cổ|mặt|đầu|chân|lưng|ngực|bụng|vai|má|gáy|tóc|nhà)\s+(?:ông|bà|anh|chị|cô|em|cháu|chú|bác)\s+$")


def without_honorific(before: str) -> str:
    """The text before a name without the honorific that ends it ("... giao ông " -> "... giao ").
    Only the last characters are tried: an end-anchored pattern is still tried at every position of
    the text it is given."""
    return before[:-24] + HONORIFIC_END_RE.sub("", before[-24:])


def someone_elses(before: str, after: str = "") -> bool:
    """Whether the text before a name (and its honorific) makes what follows someone else's act:
    they speak for the person (`spoken_for`), act on them ("giao ông X"), own what is named
    ("vào cổ bà X"), or the talk is still to come ("sẽ do ông X trình bày"; `after`, the text after
    the name, may show it done: "..., do Thủ tướng X đã khẳng định" is because X said so)."""
    text = without_honorific(before[-300:])
    to_come = " do " in text[-80:] and _TO_COME_BY_RE.search(text) and not _DONE_RE.match(after)
    return spoken_for(before) or bool(_OBJECT_OF_RE.search(text[-100:]) or to_come
                                      or _POSSESSED_BEFORE_RE.search(before[-30:]))


_DONE_RE = re.compile(r"\s*(?:đã|từng|vừa)\s")


def spoken_for(before: str) -> bool:
    """Whether the text before a name makes someone else speak for them: "người đại diện của X",
    "phát ngôn viên của Thủ tướng X" (only a title between "của" and the name), kin of them ("mẹ
    cầu thủ X", "con rể của cựu chiến binh tử nạn X": with "của", whatever describes X)."""
    text = without_honorific(" " + before[-100:])  # the phrase and a title fit in 100 characters
    for pattern in (_SPOKEN_FOR_RE, _KIN_BEFORE_RE):
        m = pattern.search(text)
        if m is not None:
            title = m.group("title").strip()
            if title.endswith(" là") or title == "là":
                continue  # "bạn gái của công nương là Simone Simmons tiết lộ": she is the kin
            # "con rể của cựu chiến binh tử nạn X": with "của", whatever describes X ("Phát ngôn
            # viên của Nhà Trắng X" is the spokesman: only kin go by "của").
            if not title or _whole_role(title) or pattern is _KIN_BEFORE_RE and m.group("of"):
                return True
    return False


_CJK_SURNAMES = frozenset(lexicon.CJK_SURNAMES)
_EAST_ASIAN_SURNAMES = frozenset(lexicon.EAST_ASIAN_SURNAMES)  # "Chen Hsin Hsiung": the surname first
_EAST_ASIAN_FIRST = _CJK_SURNAMES | _EAST_ASIAN_SURNAMES
_PINYIN_RE = re.compile(
    r"(?i:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un"
    r"|ia|ie|iu|ua|uo|ui|er|a|o|e|i|u))+"
)


def _pinyin_given(words: list[str]) -> bool:
    """Whether words read as a pinyin given name Vietnamese cannot spell ("Weidong", "Xiao Li"), not
    "Larissa" ("Song Larissa ...": "song" is "but")."""
    return all(_PINYIN_RE.fullmatch(w) for w in words) and not all(is_valid_syllable(w) for w in words)


# Before a one-word place or institution glued to the name after it: "tại Moluccas Endro Prasetyo",
# "Giáo sư ĐH Algiers Mahmoud Belhimeur".
_AT_PLACE_RE = re.compile(r"(?:^|\s)(?:tại|ở|từ|ĐH|ĐHQG|[Đđ]ại\s+học)\s+$")
_REGNAL_RE = re.compile(r"\s+[IVX]{1,6}(?![\w.])")
_HOUSE_NUMBER_BEFORE_RE = re.compile(r"(?:^|\s)\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*\s+$")
_DISTRICT_AFTER_RE = re.compile(r"\s*,\s*(?i:quận|q\.|phường|p\.|huyện|thị\s+xã|tp\.?|thành\s+phố)(?!\w)")
# A business's kind and up to three lower-case words, before a name: "cửa hàng vàng bạc Kim Phụng" is
# no person; with a company's kind too ("Công ty Mai Linh", "taxi"), the name is an organisation
# wherever else it stands (a driver is "tài xế taxi tên là X": a person, hence two regexes).
_BUSINESS_KINDS = _alt(lexicon.BUSINESS_BEFORE)
_BUSINESS_BEFORE_RE = re.compile(rf"(?:^|[\s(])(?i:{_BUSINESS_KINDS})(?:\s+{LO}+){{0,3}}\s*$")
_COMPANY_BEFORE_RE = re.compile(
    rf"(?:^|[\s(])(?i:{_BUSINESS_KINDS}|công\s+ty|tập\s+đoàn|hãng|cty|taxi)(?:\s+{LO}+){{0,3}}\s*$"
)
# Countries, clubs and agencies of several words ("Bồ Đào Nha"), whose tail may read as a name.
_NAMED_NOT_PERSON = frozenset(match_key(n) for n in lexicon.NOT_FOREIGN_NAME_WORDS if " " in n)
_PERSONHONORIFIC_END_RE = re.compile(rf"(?:^|(?<=\s))(?i:{_PERSON_HON})\s*$")
# A title alone right after a closing quotation mark, then the verb: "“...”, Tổng thống Israel khẳng định".
ROLE_AFTER_QUOTE_RE = re.compile(
    rf"[”\"]\s*[,–—-]?\s*(?P<role>{_ROLE_START}[^,.;:!?()“”\"]{{0,60}}?)(?=\s+{_VERB_TAIL})"
)
ROLE_ONLY_RE = re.compile(
    rf"{starting_with(lexicon.PERSON_HONORIFICS, ignore_case=True)}(?<!\w)(?i:{_PERSON_HON})\s+(?P<role>{_ROLE_START}[^,.;:!?()“”\"]{{0,80}}?)(?=\s+{_VERB_TAIL})"
)
SHORT_RE = re.compile(
    rf"{starting_with([*lexicon.PERSON_HONORIFICS, 'theo'], ignore_case=True)}(?<!\w)(?P<theo>(?i:theo)\s+)?(?i:{_PERSON_HON})\s+(?P<given>{CAPWORD}(?:\s+{CAPWORD})?)(?!\s+{CAPWORD})"
)
CONTEXT = 400  # characters either side of a name that its role and verb are looked for in
MAX_ROLE_WORDS = 22  # one title
MAX_ROLES_WORDS = 45  # a chain of titles ("Uỷ viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh uỷ, ...")


@dataclass
class _Person:
    name: str
    first: tuple[int, int]
    roles: list[tuple[tuple[int, int], str, bool]] = field(default_factory=list)
    tied: bool = False
    # "full", "short" (honorific + given name: "chị Lan"), "bare" / "bare1" (a foreign name of
    # 2-4 words / 1 word without honorific); someone named only "bare1" must turn out to have a full name.
    kinds: set[str] = field(default_factory=set)
    honorific: str | None = None  # "ông", "bà", "anh", "chị" or "cô" when the article writes one before the name

    def role(self) -> str | None:
        chosen = next((role for _, role, tied in self.roles if tied), None)
        if chosen is None:
            return self.roles[0][1] if self.roles else None
        # "Bí thư" at the speech, "Bí thư Thành ủy" elsewhere: the same title, written in full.
        key = match_key(chosen)
        longer = [r for _, r, _ in self.roles if len(r) > len(chosen) and match_key(r).startswith(key + " ")]
        return longer[0] if longer else chosen


@dataclass
class _Mention:
    key: str
    start: int
    rest: int  # where the text after the name and its role starts
    tied: bool
    all_speak: bool  # "... đều thừa nhận": the verb is shared with a list before


def speakers(paragraphs: list[str]) -> tuple[Speaker, ...]:
    """Speakers of an article, in the order they first appear, from its paragraphs (captions included).

    The first paragraph is taken for the headline (layout's `speech` puts the title first, or the
    first line that stands for one), where "X: ..." is X's words only when quoted or "tôi"."""
    people: dict[str, _Person] = {}
    # Foreign names the article also writes after "nhóm", "hãng" ...: an organisation wherever it
    # stands ("Nhóm Hồi giáo nổi dậy Ansar al-Sunna tuyên bố", "Nhóm Ansar al-Sunna từng ...").
    organisations: set[str] = set()
    for pi, para in enumerate(paragraphs):
        mentions: list[_Mention] = []
        # Closed quotations only: where the corpus dropped the closing mark, the attribution that
        # follows the speech would read as part of it ('"Nền kinh tế ... đã qua, Hans-Werner Sinn ... nhận định.').
        quote_marks = closed_quotations(para)
        quoted = [(start, end) for _, start, end in quote_marks]
        for start, end, kind in name_mentions(para):
            name = para[start:end]
            before, after = para[max(0, start - CONTEXT) : start], para[end : end + CONTEXT]
            role_before, opener_tie, honorific = _role_before(before)
            if _HOUSE_NUMBER_BEFORE_RE.search(before[-12:]) and _DISTRICT_AFTER_RE.match(after):
                continue  # "cửa hiệu thời trang 35 Nguyễn Văn Tráng, quận 1": an address
            if not _is_person(name, before, honorific, role_before):
                if _COMPANY_BEFORE_RE.search(before[-45:]):
                    organisations.add(match_key(name))  # "Công ty Mai Linh": then "Mai Linh khuyến cáo" is the company
                continue
            if kind == "full" and _inside_organisation(name, before, after, honorific):
                continue  # "Cơ Quan Tư Vấn Nguồn Nhân Lực": a run of capitals longer than any name
            role_behind, used = role_after(after)
            aside = _BRACKETED_RE.match(after, used) if used else None  # "X, Vụ trưởng ... (Bộ Thương mại) nói"
            if aside and VERB_AFTER_RE.match(after, aside.end()):
                used = aside.end()
            rest = after[used:]
            # 'X: “...”' ties X only as the subject of its clause ("trước trận gặp Barca B: “...”").
            direct = bool(VERB_AFTER_RE.match(rest) or (QUOTE_AFTER_RE.match(rest) and (
                role_before or is_subject(para, start) or _WORDS_OF_RE.search(clause_before(before)))))
            tied = (opener_tie or direct or _loosely_tied(rest) or first_person_quote(para, start, end + used) is not None
                    or _named_after_quote(para, quote_marks, start, rest) or _speaks_later_in_clause(para, start, rest)
                    # a title cut short ("Giám đốc trung tâm hỗ trợ doanh nghiệp vừa và nhỏ ... cho biết"):
                    # the whole description, then the verb
                    or bool(used) and _loosely_tied(after))
            if someone_elses(before, rest):
                # "Theo người đại diện của Brad Pitt, ...", "qua giới thiệu của ông X đã ...", "giao
                # ông X làm người phát ngôn để giải đáp", "Theo luật vừa được Tổng thống X ký".
                tied = False
            if any(qs <= start < qe for qs, qe in quoted) or in_apposition(before, name):
                # Named inside someone's quotation (a verb there is not theirs: "Lizarazu đã đề xuất
                # với chúng tôi", ông Hoeness xác nhận), or inside another person's apposition ("Bà
                # Hồ Thị Niềm, mẹ cầu thủ Phạm Văn Quyến, tâm sự").
                tied = False
            if kind == "bare":
                if re.search(r"(?:^|\s)của\s*$", before) and not _WORDS_OF_RE.search(before[-40:]):
                    # "chuyên gia thẩm mỹ của Arosa Spa, ..., cho biết": whose, not who (but "theo
                    # lời của Alejandro Mancuso, ..." is his word)
                    tied = False
                if re.match(r" (?=\S)", after) and NAME_RE.match(after, 1):
                    organisations.add(match_key(name))
                    continue  # "Phó tổng giám đốc Sea Saigon Phạm Hồng Sơn": the company, then the person
                if _NOT_FOREIGN_BEFORE_RE.search(before[-30:]) or _ORG_THEN_NAME_PARTS_RE.search(before[-50:]) \
                        or not role_before and _ORG_KIND_BEFORE_RE.search(before[-50:]):
                    organisations.add(match_key(name))
                    continue  # "hãng Toyota", "đài phát thanh Ekho Moskvy"
                if role_before and _ROLE_TAIL_RE.search(role_before):
                    continue  # "X, giám đốc nghiên cứu tại Ipsos Insight": a place of work, not a name
                if len(name.split()) == 1 and "." not in name[1:-1]:  # "D.Corlou" is a name and an initial
                    # "Phó Giám đốc Sacomreal": a company as often as a person; "HLV Mourinho" a person.
                    # "Chủ tịch Bayern, Rummenigge nhấn mạnh": a title and a comma, then the surname.
                    titled = _person_title_before(before) or (role_before and before.rstrip().endswith(","))
                    kind = "bare" if titled and not _DASHED_NAME_RE.match(after) else "bare1"
                    if kind == "bare1" and (_speaks_as_a_person(name, before, rest) or tied and len(name) > 2
                                            and _DESCRIBED_AFTER_RE.match(after) and not _PREV_WORD_RE.search(before[-20:])):
                        # "Smith nói: “Tôi ...”", "Venkatesh gào lên", "Yaron, một nhà xã hội học
                        # người Israel, cho biết": only a person does or is that
                        kind = "bare"
                elif not role_before and not (tied and _looks_foreign(name)):
                    # A foreign name without its title must look like one and speak to count on its
                    # own; else it is kept to be confirmed by a later mention ("ông Lippi nói" after
                    # "HLV trưởng đội tuyển Italy, Marcello Lippi.").
                    kind, tied = "weak", False
            if not tied and rest.lstrip().startswith(":"):
                said = rest.lstrip()[1:]
                # The first paragraph is the headline (or stands for one), whose "X: ..." is as often a
                # label ("Terry: Cầu thủ xuất sắc nhất nước Anh") as X's words: those are quoted (tied
                # above) or in the first person.
                tied = _interview_turn(before, role_before) and (
                    pi > 0 or FIRST_PERSON_RE.search(said.split(".", 1)[0][:200]) is not None)
            role = ", ".join(r for r in (role_before, role_behind) if r) or None
            key = match_key(name)
            person = people.setdefault(key, _Person(name=name, first=(pi, start)))
            person.kinds.add(kind)
            window = before[-12:]
            hon_word = _LAST_WORD_RE.search(window)
            if person.honorific is None and hon_word and _honorific_word(
                    hon_word.group(1), before[: len(before) - len(window) + hon_word.start(1)]):
                person.honorific = hon_word.group(1).lower()
            if role:
                person.roles.append(((pi, start), role, tied))
            person.tied = person.tied or tied
            mentions.append(_Mention(key, start, end + used, tied, tied and bool(_ALL_RE.match(rest))))
        _tie_lists(para, mentions, people)
    _merge_short_names(people)
    # Later mentions only ever tie someone to speech: nothing to do once everyone is tied.
    if people and not all(p.tied for p in people.values()):
        described = any(_role_kind(part) for p in people.values() for _, r, _ in p.roles for part in r.split(", "))
        for pi, para in enumerate(paragraphs):
            _title_only_mentions(para, people)
            if described:  # someone holds a title a descriptor can name ("HLV người Romania này")
                _descriptor_mentions(para, people)
            _given_name_mentions(para, people)
            _bare_name_mentions(para, people)
        _pronoun_mentions(paragraphs, people)
    # only a given name alone is dropped for a shop's name: look for shops when there is one
    businesses = _business_names(paragraphs) if any(p.kinds <= {"short"} for p in people.values()) else set()
    text = "\n".join(paragraphs) if people else ""
    found = sorted((p for key, p in people.items()
                    if p.tied and not p.kinds <= {"bare1", "weak"} and not (key in businesses and p.kinds <= {"short"} and p.honorific is None)
                    and not _common_noun_first(p.name, text) and not (key in organisations and p.kinds <= {"bare"})
                    and not (key in organisations and p.honorific is None and not any(tied for _, _, tied in p.roles))),
                   key=lambda p: p.first)
    for p in found:
        if " " not in p.name:
            if p.kinds <= {"short"}:
                p.name = _fuller_given_name(p.name, paragraphs, people)
            if " " not in p.name and not is_valid_syllable(p.name):
                p.name = _fuller_foreign_name(p.name, paragraphs, people)
    return tuple(Speaker(name=p.name, role=p.role()) for p in found)


def _common_noun_first(name: str, text: str) -> bool:
    """'Hồ Đầm Rong' where the article also writes 'hồ Đầm Rong': a lake, whose word for lake
    is also a surname."""
    first, _, rest = name.partition(" ")
    if not rest or f"{first.lower()} {rest}" not in text:
        return False
    # after a lower-case word that is no honorific: not "Ông lê Tiến Thông" (a slip), "Carla del Ponte"
    return any(prev.islower() and match_key(prev) not in HONORIFIC_KEYS
               for prev in re.findall(rf"(\w+)\s+{re.escape(first.lower())}\s+{re.escape(rest)}(?!\w)", text))


_BUSINESS_NAME_RE = re.compile(  # not "đại sứ quán Mỹ", "lãnh sự quán Pháp"
    rf"(?<!\w)(?:(?<!sứ\s)(?<!sự\s)(?i:quán)|(?i:{_BUSINESS_KINDS}))\s+(?P<name>{CAPWORD}(?:\s+{CAPWORD}){{0,3}})")


def _business_names(paragraphs: list[str]) -> set[str]:
    """Names the article gives a shop, restaurant or hotel: "Chủ quán Tí Nị cho biết" (the café's
    owner), then "quán Tí Nị phải làm thêm nhà vệ sinh". Only a given name alone is dropped for it:
    a full name is a person's, whose business may bear it ("cơ sở Nguyễn Văn A")."""
    return {match_key(m.group("name")) for para in paragraphs for m in _BUSINESS_NAME_RE.finditer(para)}


def _fuller_given_name(name: str, paragraphs: list[str], people: dict[str, _Person]) -> str:
    """'anh Long' in an article that also writes "Thanh Long" (no surname anywhere): the person
    is named as the article names them most fully. One such form only, never a place, never
    another person's name."""
    pattern = re.compile(rf"(?<![\w.])({CAPWORD})\s+{re.escape(name)}(?![\w])")
    forms = set()
    for para in paragraphs:
        for m in pattern.finditer(para):
            first = m.group(1)
            # "Anh" capitalised inside a sentence is a name's first syllable ("mà Anh Tú nhìn tôi").
            inside = first == "Anh" and re.search(rf"{LO}\s+$", para[: m.start()]) is not None
            if (match_key(first) in HONORIFIC_KEYS and not inside or match_key(first) in _FUNCTION_WORDS
                    or ROLE_START_RE.match(first) or not is_valid_syllable(first)):
                continue
            forms.add(f"{first} {name}")
    if len(forms) != 1:
        return name
    form = forms.pop()
    if is_place_name(form) or match_key(form) in _NOT_PERSON or match_key(form) in _NAMED_NOT_PERSON:
        return name
    if any(match_key(form) in key for key in people if key != match_key(name)):
        return name
    return form


def _fuller_foreign_name(name: str, paragraphs: list[str], people: dict[str, _Person]) -> str:
    """'HLV Lippi' in an article that writes "Marcello Lippi" once, without tying him to speech:
    the person is named in full. The one foreign name of two to four words that ends so."""
    forms = set()
    for para in paragraphs:
        for m in FOREIGN_RUN_RE.finditer(para):
            span = _foreign_name(para, m.start(), m.end())
            if span is None:
                continue
            full = para[span[0] : span[1]]
            if " " in full and full.endswith(" " + name):
                forms.add(full)
    if len(forms) != 1:
        return name
    form = forms.pop()
    if any(match_key(form) == key for key in people if key != match_key(name)):
        return name  # someone else already, speaking or not
    return form


def _loosely_tied(rest: str) -> bool:
    """Speech a few words on: 'X, phấn chấn tâm sự', 'X ở hạng cân 60 kg quả quyết', 'X (...) kêu oan
    cho rằng', 'X vẫn lạc quan: "...', 'X, một trong những người ..., tuyên bố'."""
    for pattern in (GAP_VERB_RE, GAP_QUOTE_RE):
        m = pattern.match(rest)
        if m and plain_gap(m.group("gap")):
            return True
    app = APPOSITION_RE.match(rest) or LONG_APPOSITION_RE.match(rest) or _DASH_APPOSITION_RE.match(rest)
    if app is None:
        app = _AFFILIATION_RE.match(rest)
        if app is not None and _AUX_WORD_RE.search(app.group("app")):
            return False  # "X tại Trung tâm ... đã tiến hành phân tích": the predicate began before the verb
    return app is not None and plain_gap(app.group("app") or app.group("described"), apposition=True)


_AGENT_NOUN_RE = re.compile(
    r"(?i:nhà|người|chuyên\s+viên|ban)\s+(?:phân\s+tích|bình\s+luận|phát\s+ngôn|nghiên\s+cứu|tư\s+vấn|báo\s+cáo)(?!\w)"
    r"|(?i:khi\s+)?được\s+hỏi(?!\w)"  # "X, khi được hỏi ..., đáp": asked, then the answer is theirs
)


_OBJECT_NAME_RE = re.compile(
    rf"(?<!\w)(?:của|nơi|mà|với|cho|tại|ở)\s+(?:(?:ông|bà|anh|chị|{_ROLE_START})\s+)?{UP}{LO}*(?:[\s-]+{UP}{LO}*){{0,4}}"
)


def plain_gap(gap: str, *, apposition: bool = False) -> bool:
    """Words between a name and its verb that leave the name the speaker: no other person, no
    passive or subordinate turn ("bị", "khi", "theo" ...)."""
    if apposition:
        # In a description, a person named after "của", "nơi", "mà" ... is its object, not a
        # second subject: "X, đứng đầu bệnh viện ..., nơi Yushchenko được điều trị, cho biết".
        gap = _OBJECT_NAME_RE.sub(" ", gap)
    if any(not _place_at(gap, m.start(), m.end()) for m in NAME_RE.finditer(gap)) or SHORT_RE.search(gap) \
            or FOREIGN_RE.search(gap):
        return False  # another person ("CLB Hà Nội" is a place: "X của CLB Hà Nội cho biết")
    if apposition:
        # "một nhà phân tích độc lập ở Mỹ": a noun made of a verb is no speech of its own.
        return not VERB_AFTER_RE.search(_AGENT_NOUN_RE.sub(" ", gap))
    return not _NOT_GAP_RE.search(gap)


# After a quotation: '"...", Salazar nức nở.', '"...!" - anh X hào hứng.' (a comma or dash, an
# honorific or title, the name, then a few words of manner and the sentence ends).
_NAME_AFTER_QUOTE_RE = re.compile(
    rf"[”\"]\s*[,–—-]\s*(?:(?:(?i:{_PERSON_HON})|(?:{_ROLE_START})[^,.;:!?()“”\"]{{0,40}}?)\s+)?$")
_MANNER_TO_END_RE = re.compile(rf"\s*(?:{LO}+\s+){{0,2}}{LO}+\s*[.!?…](?:\s|$)")
MIN_ATTRIBUTED_QUOTE_WORDS = 6  # '"Hương phù sa", Tăng Thanh Hà đóng vai chính.' quotes a title


def _named_after_quote(para: str, quoted: Iterable[tuple[int, int, int]], start: int, rest: str) -> bool:
    """Whether the name right after a quotation that opens its sentence, followed only by how it
    was said, is who said it (not "Khi nghe câu “...”, bà X bật khóc": she heard it)."""
    tail = _NAME_AFTER_QUOTE_RE.search(para, max(0, start - 60), start)
    if tail is None or not _MANNER_TO_END_RE.match(rest):
        return False
    mark, qs, qe = next(((m, a, b) for m, a, b in quoted if b == tail.start()), (-1, 0, 0))
    opens = mark >= 0 and para[:mark].rstrip()[-1:] in ("", ".", "!", "?", "…", ":", "-", "–", "—")
    return opens and len(para[qs:qe].split()) >= MIN_ATTRIBUTED_QUOTE_WORDS


# "... và quả quyết:", "... rồi nói": a second predicate of the same subject, a speech verb.
_AND_THEN_SAID_RE = re.compile(rf"\s(?:và|rồi|nhưng|song)\s+{_VERB_TAIL}")
_CLAUSE_STOP_RE = re.compile(r"[.!?;:](?:\s|$)|[“”\"]")


def _speaks_later_in_clause(para: str, start: int, rest: str) -> bool:
    """'Trung vệ Alessandro Nesta nhất trí cao với Fiore và quả quyết: ...': the subject of its
    sentence who does something, then says something."""
    end = _CLAUSE_STOP_RE.search(rest)
    sentence = rest[: end.start() if end else 200][:200]
    return bool(_AND_THEN_SAID_RE.search(sentence)) and is_subject(para, start)


def _place_at(text: str, start: int, end: int) -> bool:
    """Whether a name-like run is a place: "Hà Nội", "Hà Nội T&T" (a club)."""
    words = text[start:end].split()
    return any(is_place_name(" ".join(words[:k])) for k in range(2, min(4, len(words)) + 1))


def _interview_turn(before: str, role_before: str | None) -> bool:
    """'Nhà văn Nguyễn Ngọc Tư: Tôi thấy ...', 'Giám đốc X, ông Y: Tất cả ...', '- Ông X: ...' open
    their paragraph (a dash or bullet may come first)."""
    opening = before.strip().lstrip("-–—•* ").strip()
    hon = HONORIFIC_END_RE.search(opening)
    if hon and hon.start() > 0:
        opening = opening[: hon.start()].strip(" ,")
    key = match_key(opening)
    return not opening or key == match_key(role_before or "") or key in HONORIFIC_KEYS


def _tie_lists(para: str, mentions: list[_Mention], people: dict[str, _Person]) -> None:
    """'các bị cáo X (...), Y (...) đều thừa nhận': everyone listed before the shared verb speaks."""
    for i in range(len(mentions) - 2, -1, -1):
        m, nxt = mentions[i], mentions[i + 1]
        if nxt.all_speak and not m.tied and m.rest <= nxt.start and _LIST_GLUE_RE.match(para[m.rest : nxt.start]):
            m.tied = m.all_speak = True
            people[m.key].tied = True
            for k, (pos, role, _) in enumerate(people[m.key].roles):
                if pos[1] == m.start:
                    people[m.key].roles[k] = (pos, role, True)


_INITIALS_KEY_RE = re.compile(r"^(?:\w\.\s?){1,2}(?=\w)")


def _merge_short_names(people: dict[str, _Person]) -> None:
    """'Kim Khánh' after 'Nguyễn Thị Kim Khánh' is the same person: keep the full name."""
    for key in [k for k in people if _INITIALS_KEY_RE.match(k)]:  # "S.Hussein", "L. Zaoralek": Saddam Hussein
        surname = _INITIALS_KEY_RE.sub("", key)
        full = [k for k in people if k != key and k.endswith(" " + surname) and k[:1] == key[:1]
                and not _INITIALS_KEY_RE.match(k)]
        if len(full) == 1:
            _merge_into(people, key, full[0])
    for key in sorted(people, key=len):
        full = [k for k in people if k != key and (k.endswith(" " + key) or k.endswith("." + key))]  # "A.Larijani"
        if not full and " " not in key:
            # "bà Pat" after "Pat Kaplan"; "ông Sa" after "ông Sa Tử Khang" (a Chinese name: the
            # family name first, and no Vietnamese one).
            full = [k for k in people if k.startswith(key + " ")
                    and (not is_valid_syllable(key) or (key not in SURNAME_KEYS and "full" in people[k].kinds
                                                        and not NAME_RE.fullmatch(people[k].name)))]
            if not full and people[key].kinds <= {"short"}:
                full = [k for k in by_surname(key, people) if "full" in people[k].kinds]
        if len(full) > 1 and people[key].kinds <= {"short", "bare1"}:
            del people[key]  # "ông Út" with two Út named in full: nobody can tell which
        if len(full) == 1:
            _merge_into(people, key, full[0])
    _merge_misspelt(people)


def by_surname(key: str, keys: Iterable[str]) -> list[str]:
    """'ông Lý' for Lý Triệu Tinh, when no name ends with Lý (checked first by the caller): the
    names (match keys) starting with a surname said alone, Chinese-style."""
    return [k for k in keys if k.startswith(key + " ")] if key in SURNAME_KEYS else []


def _merge_into(people: dict[str, _Person], key: str, into_key: str) -> None:
    """The person named `key` is the one named `into_key`, more fully: one person."""
    short, into = people.pop(key), people[into_key]
    if "full" in short.kinds and into.kinds <= {"bare", "weak"} and len(key.split()) >= 2:
        # "ông Juergen Goebel" sets the bounds of "Cologne Juergen Goebel": a city glued on.
        into.name = short.name
    into.tied = into.tied or short.tied
    into.kinds |= short.kinds  # "ông Lippi" confirms "Marcello Lippi" (a weak foreign name)
    into.roles = sorted(into.roles + short.roles, key=lambda r: r[0])
    into.first = min(into.first, short.first)


def _merge_misspelt(people: dict[str, _Person]) -> None:
    """'Micheal Owen' and 'Michael Owen', 'Lasser' and 'Mark Laaser' in one article: one foreign
    person, a letter swapped."""
    # "Lasser bộc bạch" after "Mark Laaser": the surname alone, misspelt, of one person only
    fulls_all = [k for k in people if " " in k]
    for short in [k for k in people if " " not in k and (len(k) >= 5 or "." in k)]:
        fulls = [k for k in fulls_all if k in people and misspelt_surname(short, k)]
        if len(fulls) == 1:
            _merge_into(people, short, fulls[0])
    keys = sorted(people, key=lambda k: people[k].first)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a not in people or b not in people:
                continue
            wa, wb = a.split(), b.split()
            if len(wa) != len(wb) or len(wa) < 2 or wa[-1] != wb[-1] or is_valid_syllable(wa[-1]):
                continue
            if all(x == y or (len(x) > 3 and SequenceMatcher(None, x, y).ratio() >= 0.8) for x, y in zip(wa, wb)):
                _merge_into(people, b, a)


def misspelt_surname(short: str, full: str) -> bool:
    """Whether one foreign word is the last word of a longer name, a letter or two off ("lasser",
    "mark laaser"), or that word after the name's initial ("d.corlou", "didier corlou"); keys as
    match_key gives them."""
    if " " not in full or " " in short:
        return False
    last = full.rsplit(" ", 1)[-1]
    surname = _INITIALS_KEY_RE.sub("", short)
    if surname != short:  # "d.corlou" for Didier Corlou: the initial and the surname itself
        return surname == last and short[0] == full[0]
    # a slip keeps the first letter; the ratio can reach 0.8 only if 2 x the shorter length does
    # (difflib's real_quick_ratio): both checked before the costly ratio
    return len(short) >= 5 and short != last and short[0] == last[0] \
        and 2 * min(len(short), len(last)) >= 0.8 * (len(short) + len(last)) and not is_valid_syllable(short) \
        and SequenceMatcher(None, short, last).ratio() >= 0.8


def name_mentions(para: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, kind) of each candidate name: kind "full" (a Vietnamese name, or a foreign one
    after ông/bà), "short" (honorific + given name: "chị Lan"), "bare" (a foreign name on its own).

    Memoised: speakers and statements read the same paragraphs (a third of extraction's time
    went to finding the same names twice)."""
    if len(para) > 20_000:
        return tuple(_name_mentions(para))
    return _name_mentions_cached(para)


@functools.lru_cache(maxsize=2048)
def _name_mentions_cached(para: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(_name_mentions(para))


def _name_mentions(para: str) -> Iterator[tuple[int, int, str]]:
    taken: list[tuple[int, int]] = []
    for m in NAME_RE.finditer(para):
        for span in _trim(para, m.start(), m.end()):
            taken.append(span)
            yield (*span, "full")
    for m in FOREIGN_RE.finditer(para):
        for span in _trim(para, m.start("name"), m.end("name"), foreign=True):
            taken.append(span)
            yield (*span, "full")

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in taken)

    for m in SHORT_RE.finditer(para):
        span = (m.start("given"), m.end("given"))
        if free(*span) and _short_name_ok(para, m):
            taken.append(span)
            yield (*span, "short")
    for m in FOREIGN_RUN_RE.finditer(para):
        span = _foreign_name(para, m.start(), m.end())
        if span and _AT_PLACE_RE.search(para, max(0, span[0] - 9), span[0]):
            # "phát ngôn viên cảnh sát tại Moluccas Endro Prasetyo": a one-word place after "tại",
            # then the name.
            tokens = [(t.start(), t.end()) for t in _TOKEN_RE.finditer(para, span[0], span[1])]
            span = (tokens[1][0], tokens[-1][1]) if len(tokens) >= 3 else None
        if span and free(*span):
            numeral = _REGNAL_RE.match(para, span[1])  # "John XXIII", "Margrethe II"
            if numeral:
                span = (span[0], numeral.end())
            taken.append(span)
            yield (*span, "bare")
    for m in (*DESCRIBED_GIVEN_RE.finditer(para), *GIVEN_AFTER_DESCRIPTOR_RE.finditer(para)):
        span = (m.start("name"), m.end("name"))
        first = para[span[0] :].split(maxsplit=1)[0]
        if first.lower() == "theo" and " " in m.group("name"):
            span = (span[0] + len(first) + 1, span[1])  # "Theo Thủy, nhân viên ...": Thủy
        given = para[span[0] : span[1]]
        key = match_key(given)
        if free(*span) and all(is_valid_syllable(w) for w in given.split()) and not ROLE_START_RE.match(given) \
                and not any(match_key(w) in _NOT_GIVEN for w in given.split()) and not is_place_name(given) \
                and key not in _NOT_PERSON and key not in _NAMED_NOT_PERSON \
                and match_key(given.split()[0]) not in SURNAME_KEYS:  # "Phạm Văn": a name cut short
            taken.append(span)
            yield (*span, "short")  # a person named by given name, as after "chị"


def _short_name_ok(para: str, m: re.Match) -> bool:
    """'chị Lan', 'ông Út' name a person; 'ông Giám đốc', 'Bà Rịa', 'Thủ tướng Anh Blair' do not."""
    if ROLE_START_RE.match(para, m.start("given")) or len(m.group("given")) < 2:
        return False  # "ông Giám đốc"; "chị H." hides the name
    if re.match(r"-\w|\s+kiều(?!\w)", para[m.end("given") :]):
        return False  # "ông Saxe-Coburg": part of a longer name; "anh Việt kiều": an overseas Vietnamese
    if match_key(m.group("given").split()[0]) in _NOT_GIVEN:
        return False  # "các đồng chí Tỉnh uỷ viên"
    hon = para[m.start() : m.start("given")].strip()
    if m.group("theo"):
        hon = hon[len(m.group("theo").strip()) :].strip()
    # A capitalised honorific inside a sentence is a country ("Anh") or part of a place ("Bà Rịa").
    if hon[:1].isupper() and para[: m.start()].rstrip()[-1:] not in ("", ".", "!", "?", ":", "\n", "“", '"', "-"):
        return False
    return not is_place_name(f"{hon} {m.group('given')}")


_LOWER_END_RE = re.compile(rf"{LO}\s+$")


def _person_title_before(before: str) -> bool:
    """Whether a title only a person holds ends the text before a name, perhaps with their country:
    "HLV Mourinho", "Tổng thống Mỹ Bush", "Thủ tướng Nhật Bản Koizumi"."""
    if _PERSON_ROLE_END_RE.search(before[-40:]):
        return True
    words = before[-60:].split()
    for k in (1, 2):
        country = words[-k:]
        # "Mỹ", "Hy Lạp", "Nhật Bản" (a short name, then "Bản"), "Ảrập Xêút", a place the gazetteer knows
        if len(words) > k and country[0][:1].isupper() and (
                " ".join(country) in _COUNTRY_SHORT or country[0] in _COUNTRY_SHORT
                or all(w in _NOT_FOREIGN for w in country) or is_place_name(" ".join(country))) \
                and _PERSON_ROLE_END_RE.search(" ".join(words[:-k]) + " "):
            return True
    return False


# Words a capital letter labels: "bảng A", "hạng B", "nhóm C", "vitamin D".
_LETTER_LABEL_BEFORE_RE = re.compile(
    r"(?:^|\s)(?i:bảng|hạng|nhóm|loại|khối|lớp|mục|điểm|phần|tầng|khu|phòng|số|vitamin|kiểu|dạng|cấp|giải|tuýp|týp"
    r"|nhãn|hàng|ô|cột|dòng|chữ|phương\s+án|đội|toa|dãy|lô)\s+$")


def _foreign_name(para: str, start: int, end: int) -> tuple[int, int] | None:
    """The foreign name at the end of a capitalised run: 'Nga Mikhail Kasyanov' -> 'Mikhail Kasyanov'.

    Leading Vietnamese syllables and known countries, clubs and agencies are dropped; what is left
    must start with a word Vietnamese cannot spell ("Yasuo", "Karimov"), hold 1-4 words and
    none of the organisation words ("United", "Reuters")."""
    tokens = [(t.start(), t.end()) for t in _TOKEN_RE.finditer(para, start, end)]
    # "Air France Jean-Cyril Spinetta", "Hamas Khaled Meshaal": the name after the organisation.
    last_org = max((i for i, t in enumerate(tokens) if para[slice(*t)] in _NOT_FOREIGN), default=-1)
    if 0 <= last_org < len(tokens) - 2:
        tokens = tokens[last_org + 1 :]
    # "tiến sĩ Tim Guilford", "HLV Ken Allen": after a title only a person holds, a first name that
    # Vietnamese can also spell is the name's start (a country there is dropped: "HLV Đức Klinsmann").
    titled = None  # read once, when the first word could be dropped
    while tokens and (is_valid_syllable(para[slice(*tokens[0])]) or para[slice(*tokens[0])] in _NOT_FOREIGN):
        if titled is None:
            titled = len(tokens) in (2, 3) and bool(_PERSON_ROLE_END_RE.search(para[max(0, tokens[0][0] - 40) : tokens[0][0]]))
        first = para[slice(*tokens[0])]
        # "Tan Weidong", "He Xiaoli", "Song Zhengyu": a Chinese or Korean surname that Vietnamese can
        # also spell, before a given name it cannot, is the name's start; so is "Chen" before
        # "Hsin Hsiung" (an East Asian surname, then words no Vietnamese could write).
        if first in _EAST_ASIAN_FIRST and 2 <= len(tokens) <= 3:
            rest_words = [para[slice(*t)] for t in tokens[1:]]
            if first in _CJK_SURNAMES and _pinyin_given(rest_words):
                break
            if first in _EAST_ASIAN_SURNAMES and not any(is_valid_syllable(w) for w in rest_words):
                break
        if titled and tokens[0][0] == start and first not in _NOT_FOREIGN and first not in _COUNTRY_SHORT \
                and not is_place_name(first) and not is_valid_syllable(para[slice(*tokens[1])]):
            break
        tokens.pop(0)
    words = [para[slice(*t)] for t in tokens]
    # "J. Solana", "M. Sayyed Saiid": an initial, then a surname Vietnamese cannot spell (never "Q. Bình
    # Thạnh", nor "bảng A. Mourinho cho biết": a group's letter ends the sentence before the name)
    initial = len(words) >= 2 and len(words[0]) == 2 and words[0][1] == "." and not is_valid_syllable(words[1]) \
        and not _LETTER_LABEL_BEFORE_RE.search(para, max(0, tokens[0][0] - 12), tokens[0][0])
    if not 1 <= len(words) <= 4 or words[0].endswith(".") and not initial or any(w in _NOT_FOREIGN for w in words):
        return None
    if any(is_valid_syllable(w.rsplit(".", 1)[1]) for w in words if "." in w[1:-1]):
        return None  # "Q.Thủ Đức", "P.Bến Nghé": an abbreviated unit, not initials
    if any(is_place_name(" ".join(words[i:])) for i in range(1, len(words))):
        return None  # "Unilever Việt Nam"
    return tokens[0][0], tokens[-1][1]


def _trim(para: str, start: int, end: int, *, foreign: bool = False):
    """Cut a matched run down to the person's name: no leading place, no trailing role word."""
    tokens = [(t.start(), t.end()) for t in _TOKEN_RE.finditer(para, start, end)]
    if not foreign:
        cut = next((i + 1 for i, t in enumerate(tokens[1:3], 1) if match_key(para[tokens[0][0] : t[1]]) in _NOT_PERSON), 0)
        if cut:
            # "Đồng Tâm Võ Quốc Thắng": the company, then the name; "Hàn Quốc Ban Ki-moon": a
            # country, then a name NAME_RE cannot read (the foreign-name rules find it).
            if cut >= len(tokens) - 1 or not NAME_RE.fullmatch(para, tokens[cut][0], tokens[-1][1]):
                return
            tokens = tokens[cut:]
    # "Lâm Đồng Huỳnh Đức Hòa", "Hồ Chí Minh Lê Thanh Hải": a place fused to the name that follows.
    for k in range(min(3, len(tokens) - 2), 0, -1):
        if is_place_name(para[tokens[0][0] : tokens[k - 1][1]]) and NAME_RE.match(para, tokens[k][0]):
            tokens = tokens[k:]
            break
    else:
        if not foreign and any(is_place_name(para[tokens[0][0] : tokens[k][1]])
                               and all(t[1] - t[0] == 1 for t in tokens[k + 1 :]) for k in (1, 2) if k < len(tokens)):
            return  # "Hà Nội T&T": a place (here a club) with a letter after it, no name ("Vũ Quang Vinh" is one)
        tokens = _drop_place_tail(para, tokens)
    # "Uỷ ban châu Âu Romano Prodi", "gạo Thái Pramote Vanichanont": a country ends the title, a
    # foreign name follows (no Vietnamese name goes on in syllables Vietnamese cannot spell).
    for k in (2, 1):
        if len(tokens) > k + 1 and " ".join(para[slice(*t)] for t in tokens[:k]) in _COUNTRY_SHORT \
                and not is_valid_syllable(para[slice(*tokens[k])]):
            tokens = tokens[k:]
            break
    for i in range(2, len(tokens)):  # "Nguyễn Văn An Giám đốc ..." -> "Nguyễn Văn An"
        if ROLE_START_RE.match(para, tokens[i][0]):
            tokens = tokens[:i]
            break
    window = para[max(0, tokens[0][0] - 30) : tokens[0][0]]
    prev = _PREV_WORD_RE.search(window) if len(tokens) == 5 else None
    if not foreign and prev:
        # "Phó giám đốc Thảo Cầm Viên Phan Việt Lâm": a capitalised word inside the sentence (after
        # a lower-case one; not a title or honorific) starts a place or body the run goes on with;
        # the name is the tail. Not "Theo Nguyễn Thị Hoàng Lan Anh" (the sentence opens there).
        if _LOWER_END_RE.search(window, 0, prev.start(1)) and not ROLE_START_RE.match(prev.group(1)) \
                and match_key(prev.group(1)) not in HONORIFIC_KEYS:
            for k in (2, 1):  # a name of three words first, the commonest
                if NAME_RE.fullmatch(para, tokens[k][0], tokens[-1][1]) and match_key(para[slice(*tokens[k])]) in SURNAME_KEYS:
                    tokens = tokens[k:]
                    break
    if not foreign and not 2 <= len(tokens) <= 5:
        return
    if foreign and not 2 <= len(tokens) <= 4:
        return
    yield tokens[0][0], tokens[-1][1]


# A house number: after a comma, "số", "nhà", "tại", "ở" (not "Quận 11 Nguyễn Hải Vân").
# "HLV Magdalena - Eduardo Retat - cho biết": the word after the title is the team; the person follows.
_DASHED_NAME_RE = re.compile(rf"\s+[-–—]\s+{CAPWORD}(?:\s+{CAPWORD}){{0,3}}\s+[-–—]\s")
_TOKEN_RE = re.compile(r"\S+")
# A given name (one or two words) opening its sentence, then a comma and a noun for a person.
# ... or after a noun for a person: "diễn viên trẻ Trung Hiếu", "sinh viên năm cuối Tuấn".
GIVEN_AFTER_DESCRIPTOR_RE = re.compile(
    # lower-case or opening a sentence ("Ca sĩ Tấn Minh nói"), spelt out: (?i:) would scan 3x slower
    rf"(?<!\w)(?:{_alt([*lexicon.PERSON_DESCRIPTORS, *(d[0].upper() + d[1:] for d in lexicon.PERSON_DESCRIPTORS)])})"
    rf"(?:\s+(?:trẻ|nữ|nam|năm\s+\w+))?\s+(?P<name>{CAPWORD}\s+{CAPWORD})(?!\s*{CAPWORD})"
)
DESCRIBED_GIVEN_RE = re.compile(
    rf"(?:^|(?<=[.!?…]\s)|(?<=\snên\s)|(?<=\sthì\s)|(?<=\scòn\s)|(?<=\skhi\s))"
    rf"(?P<name>{CAPWORD}(?:\s+{CAPWORD})?)\s*,\s*(?:{_alt(lexicon.PERSON_DESCRIPTORS)})(?!\w)"
)
# Words that open a clause before a name and are never part of it ("Theo Thủy, ...").
_FUNCTION_WORDS = frozenset(("theo", "tại", "và", "của", "với", "cho", "khi", "nên", "thì", "còn", "nhưng",
                             "bởi", "vì", "do", "như", "để", "từ", "sau", "trước", "cùng", "việc", "các", "những"))
_NOT_GIVEN = frozenset(match_key(w) for w in lexicon.HONORIFICS) | _FUNCTION_WORDS | frozenset((
    "tôi", "họ", "nó", "ông ấy", "bà ấy", "tỉnh", "thành phố", "huyện", "quận", "xã", "phường", "bộ", "sở",
    "tây", "tàu",  # "ông Tây": a Westerner; "ông Tàu": a Chinese
    "ban", "đảng", "hội", "tòa", "toà", "trường", "công ty", "nhà nước", "chính phủ", "quốc hội", "ủy ban",
    "uỷ ban", "đoàn", "đội", "viện", "cục", "phòng", "tổ", "nhóm", "ngành", "quân đội", "công an",
))
_CAPWORD_RE = re.compile(CAPWORD)
_PARTICLE_RE = re.compile(r"(?:al|el|ad|as|an)-")
# "lời khuyên của thủ quân tuyển Anh David Beckham: “...”": the words that follow are theirs.
_WORDS_OF_RE = re.compile(r"(?i:lời|ý kiến|câu nói|phát biểu|tuyên bố|nhận xét|thông điệp)(?:\s+\w+)?\s+của\s")
_THEO_START_RE = re.compile(r"^(?i:theo)(?:\s+|$)")
_LAST_WORD_RE = re.compile(r"(\w+)\s+$")
_BRACKETED_RE = re.compile(r"\s*\(([^()]{1,200})\)")
_SEPARATOR_RE = re.compile(r"\s*(?:,|[–—-])\s*")
_CLOSING_DASH_RE = re.compile(r"\s+[–—-](?=\s)")
_ROLE_TAIL_WORD_RE = re.compile(r"\s+(?:và|với|của)$")
_CAP_END_RE = re.compile(rf"{CAPWORD}\s*$")
_CAP_START_RE = re.compile(rf"\s+{CAPWORD}")
_HOUSE_NUMBER_RE = re.compile(r"(?:^|[,(:]\s*|(?:số|nhà|tại|ở)\s+)\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*\s+$")
# ... and a club: "Giám đốc điều hành CLB Trần Văn Đường" is the club's director, not the club.
_ADMIN_UNIT_END_RE = re.compile(r"(?:^|\s)(?:tỉnh|thành phố|TP|quận|huyện|thị xã|xã|phường|thị trấn|CLB)\s*$")
_PERSON_ROLE_END_RE = re.compile(rf"(?:^|\s)(?i:{_alt(lexicon.PERSON_ONLY_ROLES)})\s+$")
_PREV_WORD_RE = re.compile(rf"(?:^|\s)({CAPWORD})\s+$")
_CAP_BEFORE_RE = re.compile(rf"(?:^|\s)({CAPWORD}(?:\s+{CAPWORD})?)\s+$")


def _drop_place_tail(para: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'Công ty Tàu cao tốc Kiên Giang Quách Hồng': the run starts inside the place 'Kiên Giang'."""
    m = _CAP_BEFORE_RE.search(para, max(0, tokens[0][0] - 30), tokens[0][0]) if tokens else None
    if not m:
        return tokens
    for k in range(1, len(tokens) - 1):
        head = para[m.start(1) : tokens[k - 1][1]]
        if is_place_name(head) and NAME_RE.match(para, tokens[k][0]):
            return tokens[k:]
    return tokens


_NEXT_CAP_RE = re.compile(rf"\s+{CAPWORD}")
_ORG_BEFORE_RE = re.compile(rf"(?:^|\s)({CAPWORD})\s+$")
# A name opening its clause and followed by a comma: what comes after, up to the verb, is about them.
_NAME_BEFORE_COMMA_RE = re.compile(rf"{CAPWORD}(?:\s+(?:{CAPWORD}|{_PARTICLE_NAME}|{UP}\.)){{1,4}}\s*$")
# "anh Lò Văn Phính - người vừa theo anh Phúng đi cướp xác con bò về - kể": inside a dash apposition.
_DASH_APPOSITION_OPEN_RE = re.compile(
    rf"{starting_with(list(lexicon.SURNAMES) + list(lexicon.PERSON_HONORIFICS), ignore_case=True)}"
    rf"(?:(?:{_SURNAMES})(?:\s+{CAPWORD}){{1,4}}|(?<!\w)(?i:{_PERSON_HON})\s+{CAPWORD}(?:\s+{CAPWORD}){{0,2}})"
    rf"\s+[-–—]\s+(?!(?:{_PERSON_HON})\s){LO}[^-–—,]{{0,120}}$")  # not "anh Thới - chị Chúc": a couple
_APPOSITION_HEAD_RE = re.compile(
    rf"^\s*(?:(?i:{_HONORIFICS})\s+)?(?:{_SURNAMES})(?:\s+{CAPWORD}){{1,4}}\s*,[^,;:.!?“”\"]*$"
)


_HYPHEN_LOWER_RE = re.compile(rf"-{LO}")  # "Lê-chúa", not "Jean-Pierre"
SURNAME_KEYS = frozenset(match_key(n) for n in lexicon.SURNAMES)


# Verbs companies, teams and places are not said to do: a single foreign word before one is a person.
_PERSON_VERB_RE = re.compile(
    rf"\s*(?:(?:{_AUX})\s+){{0,2}}{_NOT_ABOVE_MENTIONED}(?:nói|tâm\s+sự|kể|kể\s+lại|bộc\s+bạch|thổ\s+lộ|than\s+thở|nhớ\s+lại|cười|gào\s+lên"
    rf"|thốt\s+lên|trả\s+lời\s+phỏng\s+vấn)(?!\w)"
)


def _speaks_as_a_person(name: str, before: str, rest: str) -> bool:
    """A single foreign word ("Smith", "Venkatesh") that only a person could be: no Vietnamese
    syllable, four letters or more, the subject of its clause, and a verb of a person after it."""
    if is_valid_syllable(name) or len(name) < 4 or name in _NOT_FOREIGN or not _CLAUSE_START_RE.search(before):
        return False
    return bool(_PERSON_VERB_RE.match(rest))


def _foreign_then_vietnamese(name: str) -> bool:
    """'Yamaha Thành Công', 'Mitsubishi An Dân': a foreign word, then Vietnamese ones with their marks."""
    words = name.split()
    return len(words) >= 2 and not is_valid_syllable(words[0]) and all(
        is_valid_syllable(w) for w in words[1:]) and not words[-1].isascii()


def _looks_foreign(name: str) -> bool:
    """A name no Vietnamese could be: its first word is no syllable, and its last is none either, a
    Vietnamese surname ("Jennifer Phạm", "Lee Nguyễn"), or unmarked after a long first name ("Vladimir
    Mau"); not "First In", "Falck A", "Lê-chúa Trịnh", "Yamaha Thành Công"."""
    words = name.split()
    first, last = words[0], words[-1]
    if first in _CJK_SURNAMES and len(words) >= 2 and _pinyin_given(words[1:]):
        return True  # "Tan Weidong", "He Xiaoli"
    if is_valid_syllable(first) or _HYPHEN_LOWER_RE.search(first) or len(last) < 2:
        return False
    # "Vladimir Mau": a long first name no Vietnamese could have, then a surname of three letters or
    # more written without Vietnamese marks (not "Yamaha Thành Công")
    return not is_valid_syllable(last) or match_key(last) in SURNAME_KEYS or len(first) >= 5 and len(last) >= 3 and last.isascii()


def _inside_organisation(name: str, before: str, after: str, honorific: bool) -> bool:
    """A name read inside a longer run of capitalised words ("Cơ Quan Tư Vấn Nguồn Nhân Lực"):
    a capitalised word that is no honorific nor title before it ..."""
    if honorific:
        return False
    prev = _ORG_BEFORE_RE.search(before[-20:])
    if prev is None or match_key(prev.group(1)) in HONORIFIC_KEYS or ROLE_START_RE.match(prev.group(1)):
        return False
    # ... and a capital after it, or a country or place at its end ("Học Viện Quản Lý Ấn Độ").
    return bool(_NEXT_CAP_RE.match(after)) or _ends_with_place(name)


def _ends_with_place(name: str) -> bool:
    words = name.split()
    tails = (" ".join(words[i:]) for i in range(1, len(words) - 1))
    # Countries only: a Vietnamese given name is often a district's name too ("Huỳnh Đức Hòa").
    return any(match_key(t) in _NOT_PERSON or match_key(t) in _NAMED_NOT_PERSON for t in tails)


def in_apposition(before: str, name: str = "") -> bool:
    """Whether the name stands inside another person's apposition: the clause opens with them
    and a comma ("Bà Hồ Thị Niềm, mẹ cầu thủ ..."), or names them before its last comma
    ("phó thủ tướng Ehud Olmert, đồng minh thân thiết của Sharon, cho hay")."""
    clause = clause_before(before)
    if _APPOSITION_HEAD_RE.match(clause) or _DASH_APPOSITION_OPEN_RE.search(clause):
        return True
    head, comma, tail = clause.rpartition(",")
    if not comma or "," in tail or len(tail.split()) > 12:
        return False
    last = _NAME_BEFORE_COMMA_RE.search(head)
    if last is None or match_key(last.group()) == match_key(name):
        return False  # "Richard Ellis, Tổng giám đốc tập đoàn CB Richard Ellis": the same name
    if NAME_RE.fullmatch(last.group()):
        return True
    span = _foreign_name(head, last.start(), last.end())  # "Ông Jeff Immelt, Tổng Giám đốc X, ..."
    return span is not None and " " in head[span[0] : span[1]]


def _is_person(name: str, before: str, honorific: bool, role_before: str | None = None) -> bool:
    key = match_key(name)
    if key in _NOT_PERSON:
        return False
    prev = _PREV_WORD_RE.search(before[-20:])
    longer = f"{prev.group(1)} {name}" if prev else ""
    if prev and (match_key(longer) in _NOT_PERSON or match_key(longer) in _NAMED_NOT_PERSON or is_place_name(longer)):
        return False  # "Bồ Đào Nha": the name is the end of a country's
    strong = bool(_PERSONHONORIFIC_END_RE.search(before[-20:]))
    if is_place_name(name) and not strong:
        return False  # "Hồ Chí Minh", "Hà Nội", "Lâm Đồng" ...
    if not honorific and _HOUSE_NUMBER_RE.search(before[-16:]):
        return False  # "182 Lương Thế Vinh, quận Thanh Xuân": an address
    if not honorific and _BUSINESS_BEFORE_RE.search(before[-45:]):
        return False  # "cửa hàng vàng bạc Kim Phụng": a business named after its owner
    if not honorific and _NOT_PERSON_BEFORE_RE.search(before[-25:]) and not _COMPOUND_END_RE.search(before[-25:]):
        # "đường Nguyễn Huệ", "tư tưởng Hồ Chí Minh"; but "Phó Chủ tịch UBND tỉnh Lê Minh Ánh" is
        # the province's official: a title before the unit, and a full name that is no place.
        return bool(role_before) and bool(_ADMIN_UNIT_END_RE.search(before[-25:])) and len(name.split()) >= 3
    return True


def is_person_at(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is a person by the rules a speaker's name follows
    (no place, street, organisation, company, nor a run of capitals longer than a name)."""
    name = text[start:end]
    before, after = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    role_before, _, honorific = _role_before(before)
    if not _is_person(name, before, honorific, role_before) or _inside_organisation(name, before, after, honorific):
        return False
    return honorific or not (_NOT_FOREIGN_BEFORE_RE.search(before[-30:]) or _ORG_THEN_NAME_PARTS_RE.search(before[-50:]))


def clause_before(before: str) -> str:
    """The text after the last clause boundary (punctuation, a sentence's full stop)."""
    last = _LAST_CLAUSE_RE.match(before)
    return before[last.end() :] if last else before


def opens_with_speech(before: str) -> bool:
    """Whether the clause before a name opens with speech: "Theo ...", "Phát biểu tại hội nghị, ..."."""
    return _role_before(before)[1]


def _role_before(before: str) -> tuple[str | None, bool, bool]:
    """(role written before the name, whether the clause opens with speech, whether an honorific precedes)."""
    clause = clause_before(before)
    honorific = False
    m = HONORIFIC_END_RE.search(clause)
    if m:
        honorific = True
        clause = clause[: m.start()]
    segments = clause.split(",")
    parts: list[str] = []
    opener_segments = segments
    if not segments[-1].strip() and len(segments) > 1 and _whole_role(_LEADER_RE.sub("", segments[-2])):
        # The role is the whole segment before the comma ending at the name (or its honorific):
        # "Phó ban các ĐTQG, Nguyễn Trọng Giáp, cho biết", "Đại diện Sở X, ông Y", "Chính HLV X, Y".
        parts.append(_LEADER_RE.sub("", segments[-2]).strip())
        opener_segments = segments[:-2] + [""]
    elif not honorific:
        i = len(segments) - 1
        while i >= 0:
            seg = segments[i]
            k = _role_offset(seg)
            if k is None:
                break
            parts.insert(0, seg[k:].strip())
            if seg[:k].strip():
                opener_segments = segments[:i] + [seg[:k]]
                break
            opener_segments = segments[:i] + [""]
            i -= 1
    role = _clean_role(", ".join(parts)) if parts else None
    tail = opener_segments[-1].strip() if opener_segments else ""
    if tail:
        theo = _QUOTE_OPEN_RE.match(tail)
        # Not "Theo chân ...", nor "Theo luật vừa được ... ký": a document the person acted on.
        tie = bool(theo and not THEO_IDIOM_RE.search(tail[: theo.end() + 20]) and not _PASSIVE_RE.search(tail)
                   or _SPEECH_OPEN_RE.match(tail))
    else:
        prev = opener_segments[-2].strip() if len(opener_segments) > 1 else ""
        tie = bool(prev and _SPEECH_OPEN_RE.match(prev))
    return role, tie, honorific


def _role_offset(seg: str) -> int | None:
    """Where a role starts in this comma-separated segment (it must run to the segment's end)."""
    if not seg.strip():
        return None
    for m in ROLE_START_RE.finditer(seg):
        text = seg[m.start() :]
        if _CUT_RE.search(" " + text.strip()) and not _whole_role(text):
            continue
        if any(not is_place_name(n.group()) for n in NAME_RE.finditer(text)) or _names_someone(text):
            # "Bộ trưởng GD-ĐT Nguyễn Minh Hiển và Bộ trưởng KH-ĐT Võ Hồng Phúc": not Phúc's role;
            # "HLV phó Fachri Husaini tỏ ra ... trước trận gặp Barca B": not Barca B's.
            continue
        if len(text.split()) > MAX_ROLE_WORDS:
            continue
        return m.start()
    return None


def _whole_role(seg: str) -> bool:
    seg = seg.strip()
    return bool(seg) and bool(ROLE_START_RE.match(seg)) and not _CUT_RE.search(" " + seg) and len(seg.split()) <= MAX_ROLE_WORDS


def role_after(after: str) -> tuple[str | None, int]:
    """(role written right after the name, characters it used)."""
    parts: list[str] = []
    pos = 0
    m = _BRACKETED_RE.match(after)
    if m:
        inner = m.group(1).strip()
        if ROLE_START_RE.match(inner) and len(inner.split()) <= MAX_ROLE_WORDS:
            parts.append(inner)
        pos = m.end()
    while True:
        sep = _SEPARATOR_RE.match(after, pos)
        if not sep:
            break
        seg_start = sep.end()
        if not ROLE_START_RE.match(after, seg_start):
            break
        end = len(after)
        b = _BOUNDARY_RE.search(after, seg_start)
        while b and _inner_dash(after, b):  # "châu Á - Thái Bình Dương", "Sở Văn hóa - Du lịch"
            b = _BOUNDARY_RE.search(after, b.end())
        if b:
            end = b.start()
        c = _CUT_RE.search(after, seg_start, end)
        while c is not None and _BODY_BEFORE_VERB_RE.search(after, seg_start, c.start() + 1):
            c = _CUT_RE.search(after, c.end(), end)  # "Ban chỉ đạo quốc gia về CNTT": a body, not a verb
        cut = c is not None
        if c is not None:
            end = c.start()
        seg = after[seg_start:end].strip()
        if not seg or _names_someone(seg):
            break  # "X, Thủ tướng Malaysia Abdullah Badawi, ...": the next person's title
        parts.append(seg)
        pos = end
        if cut:
            break
        # a closing dash: "ông X - Tổng thư ký VFF - cho biết"
        close = _CLOSING_DASH_RE.match(after, pos)
        if close and VERB_AFTER_RE.match(after, close.end()):
            pos = close.end()
            break
    role = _clean_role(", ".join(parts)) if parts else None
    return role, pos


def _names_someone(text: str) -> bool:
    """Whether a role-like text names a person of its own: a foreign name of two words or more, or
    a Vietnamese full name that is no place and no street or school ("bác sĩ Phạm Súy")."""
    for m in FOREIGN_RUN_RE.finditer(text):
        span = _foreign_name(text, m.start(), m.end())
        if span and " " in text[span[0] : span[1]]:
            return True
    for m in NAME_RE.finditer(text):
        if not is_place_name(m.group()) and match_key(m.group()) not in _NOT_PERSON \
                and not _NOT_PERSON_BEFORE_RE.search(text[max(0, m.start() - 25) : m.start()]) \
                and not any(is_place_name(" ".join(m.group().split()[i:])) for i in range(1, 3)):
            return True
    return False


def _inner_dash(text: str, b: re.Match) -> bool:
    """A dash inside a name ("châu Á - Thái Bình Dương"), not one that closes the role: neither a
    speech verb nor another role follows it, and the text goes on."""
    if not b.group().strip() in "-–—" or b.end() >= len(text):
        return False
    return not (VERB_AFTER_RE.match(text, b.end()) or ROLE_START_RE.match(text, b.end()) or _CUT_RE.match(" " + text[b.end() : b.end() + 30]))


def _clean_role(role: str) -> str | None:
    role = " ".join(role.split()).strip(" ,;-–—")
    role = _ROLE_TAIL_WORD_RE.sub("", role)
    if not role or len(role.split()) > MAX_ROLES_WORDS:
        return None
    return role


def _title_only_mentions(para: str, people: dict[str, _Person]) -> None:
    """'đồng chí Phó Bí thư Thường trực Quận ủy đề nghị', '“...”, Tổng thống Israel khẳng định'
    -> the one person with that role speaks."""
    for m in (*ROLE_ONLY_RE.finditer(para), *ROLE_AFTER_QUOTE_RE.finditer(para)):
        role = m.group("role")
        if NAME_RE.search(role):
            continue
        key = match_key(_clean_role(role) or "")
        if not key:
            continue
        matches = [
            p for p in people.values()
            if any(match_key(r) == key or match_key(r).endswith(", " + key) or match_key(r).startswith(key + ",") for _, r, _ in p.roles)
        ]
        if len(matches) == 1:
            matches[0].tied = True


# People named again by what they are and where they are from: "HLV người Romania này cho rằng",
# "Theo nhà cầm quân người Áo, ...", "Cầu thủ người Anh cảnh báo". Each kind, the words for it.
_DESCRIPTOR_KINDS: dict[str, tuple[str, ...]] = {
    "coach": ("HLV", "huấn luyện viên", "nhà cầm quân", "chiến lược gia"),
    "player": ("cầu thủ", "tiền đạo", "tiền vệ", "hậu vệ", "trung vệ", "thủ môn", "thủ thành", "danh thủ", "chân sút"),
    "tennis": ("tay vợt", "tay vợt nữ"),
    "singer": ("ca sĩ", "nam ca sĩ", "nữ ca sĩ"),
    "actor": ("diễn viên", "nam diễn viên", "nữ diễn viên"),
    "director": ("đạo diễn", "nhà làm phim"),
}
_DESCRIPTOR_KIND = {match_key(w): kind for kind, words in _DESCRIPTOR_KINDS.items() for w in words}
_DESCRIPTOR_RE = re.compile(
    rf"(?:^|(?<=[.!?…]\s)|(?<=[.!?…]”\s)|(?<=[”\"],\s)|(?<=,\s))(?P<theo>(?i:theo)\s+)?"
    rf"(?P<noun>(?i:{_alt(w for words in _DESCRIPTOR_KINDS.values() for w in words)}))"
    rf"\s+(?:người\s+{CAPWORD}(?:\s+{CAPWORD})?|\d+\s+tuổi)(?:\s+này)?(?=[\s,])"
)


def _descriptor_mentions(para: str, people: dict[str, _Person]) -> None:
    """'HLV người Romania này cho rằng' -> the one person in the article with a coach's title."""
    quoted = [(qs, qe) for _, qs, qe in closed_quotations(para)]
    for m in _DESCRIPTOR_RE.finditer(para):
        if any(qs <= m.start() < qe for qs, qe in quoted):
            continue  # inside someone's words
        rest = para[m.end() : m.end() + CONTEXT]
        if not (m.group("theo") and rest.lstrip().startswith(",") or VERB_AFTER_RE.match(rest) or QUOTE_AFTER_RE.match(rest)):
            continue
        kind = _DESCRIPTOR_KIND[match_key(m.group("noun"))]
        matches = [p for p in people.values() if any(_role_kind(part) == kind for _, r, _ in p.roles for part in r.split(", "))]
        if len(matches) == 1:
            matches[0].tied = True


def _role_kind(role: str) -> str | None:
    key = match_key(role)
    return next((kind for word, kind in _DESCRIPTOR_KIND.items() if key == word or key.startswith(word + " ")), None)


def _given_name_mentions(para: str, people: dict[str, _Person]) -> None:
    """'ông Út cho biết', 'Theo bà Lệ, ...' -> the one person whose name ends so."""
    for m in SHORT_RE.finditer(para):
        tail_after = para[m.end("given") : m.end("given") + CONTEXT]
        if not (m.group("theo") or VERB_AFTER_RE.match(tail_after) or QUOTE_AFTER_RE.match(tail_after)):
            continue
        if not _short_name_ok(para, m):
            continue  # "Tôn Anh Dũng giải thích": "Anh" inside a name is no honorific
        before = para[max(0, m.start() - CONTEXT) : m.start()]
        # (with the honorific: "vào cổ bà Lan" owns; someone_elses strips it for the rest)
        if someone_elses(para[max(0, m.start("given") - CONTEXT) : m.start("given")]) or in_apposition(before, m.group("given")):
            continue  # "Nabil Abu Rdeneh, trợ lý của ông Arafat, cảnh báo": the assistant speaks
        given = match_key(m.group("given"))
        matches = [p for p in people.values() if match_key(p.name).endswith(" " + given)]
        if len(matches) == 1:
            matches[0].tied = True


# A sentence opening with "Ông", "Bà", "Anh", "Chị", "Cô", or the pronoun after a comma ('"...",
# ông nói', "Sau trận đấu, anh cho biết").
_PRONOUN_SUBJECT_RE = re.compile(
    r"(?:(?:^|(?<=[.!?…]\s)|(?<=[.!?…]”\s))(?P<pro>Ông|Bà|Anh|Chị|Cô)|(?<=,\s)(?P<low>ông|bà|anh|chị|cô))"
    r"\s+(?:(?:cũng|còn|thì|lại)\s+)?")
# The honorifics a person is recorded with, for a later pronoun to fit ("Bà Mai ..." then "Ông cho
# biết" is someone else).
_TRACKED_HONORIFICS = ("ông", "bà", "anh", "chị", "cô")
_SAME_PRONOUN = {"chị": "cô"}  # "chị Lan ... Cô cho biết"


def _honorific_word(word: str, before: str) -> bool:
    """Whether the word before a name is its honorific: "Anh", "Chị", "Cô" capitalised only where a
    sentence opens ("Thủ tướng Anh Tony Blair": the country)."""
    low = word.lower()
    if low not in _TRACKED_HONORIFICS:
        return False
    return low in ("ông", "bà") or word.islower() or before.rstrip()[-1:] in ("", ".", "!", "?", ":", "“", '"', "-", "–")


def _pronoun_mentions(paragraphs: list[str], people: dict[str, _Person]) -> None:
    """'Ông Nguyễn Trung Học, Cục trưởng Hải quan, cũng đồng tình ... Ông đề xuất ...': a sentence
    opening with a pronoun ("Ông", "Bà", "Anh", "Chị", "Cô") and a speech verb ties the person
    named last before it, in its paragraph or the one before, when no one else was named in
    between and the honorific fits."""
    last: _Person | None = None
    for para in paragraphs:
        named: list[tuple[int, _Person | None]] = []
        quoted = [(qs, qe) for _, qs, qe in closed_quotations(para)]
        for start, end, _ in name_mentions(para):
            if any(qs <= start < qe for qs, qe in quoted):
                continue  # named inside someone's words
            # Only the subject of its clause is whom a later "Ông" stands for; anyone else named
            # after it ("khiển trách đại tá Thomas Pappas") leaves nobody to stand for.
            who = _person_named(para[start:end], people)
            named.append((start, who if is_subject(para, start) else None))
        named.sort(key=lambda n: n[0])
        for m in _PRONOUN_SUBJECT_RE.finditer(para):
            if not VERB_AFTER_RE.match(para, m.end()) or any(qs <= m.start() < qe for qs, qe in quoted):
                continue  # no speech; or "anh" inside someone's words is whom they talk to
            before = [who for at, who in named if at < m.start()]
            person = before[-1] if before else last
            if person is None or person.tied:
                continue
            pronoun = (m.group("pro") or m.group("low")).lower()
            honorific = _SAME_PRONOUN.get(person.honorific or "", person.honorific)
            if honorific and honorific != _SAME_PRONOUN.get(pronoun, pronoun):
                continue  # "Bà Mai ..." then "Ông cho biết": someone else
            if honorific is None and pronoun not in ("ông", "bà") and not m.group("low"):
                continue  # "Anh cho biết" opening a sentence is as often the United Kingdom
            person.tied = True
        last = named[-1][1] if named else last


def is_subject(para: str, start: int) -> bool:
    """Whether a name at `start` opens its clause: nothing before it in the clause but an
    honorific, a title, "Theo" or a clause before a comma ("Đồng thời, Phó Chủ tịch UBND tỉnh,
    ông X ...")."""
    clause = clause_before(para[max(0, start - CONTEXT) : start]).split(",")[-1]
    hon = HONORIFIC_END_RE.search(clause)
    if hon:
        clause = clause[: hon.start()]
    clause = _THEO_START_RE.sub("", clause.strip())  # "Theo bà X, ...": the source is the subject too
    return not clause or bool(ROLE_START_RE.match(clause)) and len(clause.split()) <= MAX_ROLE_WORDS


def _person_named(mention: str, people: dict[str, _Person]) -> _Person | None:
    key = match_key(mention)
    if key in people:
        return people[key]
    fits = [p for k, p in people.items() if k.endswith(" " + key)]
    return fits[0] if len(fits) == 1 else None


# A role ending so runs on into an organisation: "tại", "của", "thuộc trường".
_ROLE_TAIL_RE = re.compile(r"\s(?:tại|của|ở|thuộc|trường|hãng|cho|với|và)$")
_CLAUSE_START_RE = re.compile(r"(?:^|[.,;:!?“”\"()\n])\s*$")
_ROLE_END_RE = re.compile(rf"(?:^|\s){_ROLE_START}\s*$")


def _bare_name_mentions(para: str, people: dict[str, _Person]) -> None:
    """'Tâm cho biết:', 'Ancelotti nói thêm', 'Theo lời khai của Thúy' -> the one person whose name
    ends so. A Vietnamese given name is also a common word, so it needs the verb right after it."""
    last: dict[str, list[_Person]] = {}
    for p in people.values():
        words = p.name.split()
        # A person the article names by given name alone ("chị Tâm") is found by it too: "Tâm cho biết".
        if len(words) >= 2 or ("short" in p.kinds and match_key(words[0]) not in _NOT_GIVEN):
            last.setdefault(match_key(words[-1]), []).append(p)
            particle = _PARTICLE_RE.match(words[-1])  # "Motassadek" for Mounir al-Motassadek
            if particle and len(words) >= 2:
                last.setdefault(match_key(words[-1][particle.end():]), []).append(p)
            if words[0] in _EAST_ASIAN_FIRST and 2 <= len(words) <= 3 and not all(is_valid_syllable(w) for w in words):
                last.setdefault(match_key(words[0]), []).append(p)  # "Chen" for Chen Hsin Hsiung
    for m in _CAPWORD_RE.finditer(para):
        persons = last.get(match_key(m.group()))
        if not persons or len(persons) != 1 or persons[0].tied:
            continue
        before, rest = para[max(0, m.start() - CONTEXT) : m.start()], para[m.end() : m.end() + CONTEXT]
        # (a surname written first, "Chen" for Chen Hsin Hsiung, leaves no head)
        head = persons[0].name[: -len(m.group())].strip() if persons[0].name.endswith(m.group()) else ""
        # Without the surname: "Hồng Sơn cho biết" after "Nguyễn Hồng Sơn", a Vietnamese name.
        middle = head.split(maxsplit=1)[1] if " " in head and NAME_RE.fullmatch(persons[0].name) else ""
        if head and match_key(before[-len(head) - 1 :].strip()) == match_key(head):
            if persons[0].kinds <= {"weak"} and _foreign_then_vietnamese(persons[0].name):
                continue  # a foreign brand, then Vietnamese words: a business ("Yamaha Thành Công cho biết")
            before = before[: -len(head) - 1]  # the whole name written again: "Trung Hiếu đã tâm sự"
        elif middle and match_key(before[-len(middle) - 1 :].strip()) == match_key(middle) \
                and not _CAP_END_RE.search(before[: -len(middle) - 1][-40:]):
            before = before[: -len(middle) - 1]
        elif _CAP_END_RE.search(before[-40:]) or _CAP_START_RE.match(rest):
            continue  # part of a longer name: "Việt Nam", "Tâm Anh"
        if _CAP_START_RE.match(rest):
            continue
        if someone_elses(before):
            continue  # "Theo người đại diện của Pitt, ...": someone else speaks for them
        opener = _role_before(before)[1]
        if not opener and not (_CLAUSE_START_RE.search(before) or _ROLE_END_RE.search(before[-60:])):
            continue  # not the subject of its clause ("sợ cháu Nhi kể lại"), nor after a title ("Trọng tài Việt")
        direct = bool(VERB_AFTER_RE.match(rest) or QUOTE_AFTER_RE.match(rest))
        foreign = not is_valid_syllable(m.group())
        if foreign and _NOT_FOREIGN_BEFORE_RE.search(before[-30:]):
            continue  # "Hội đồng Nobel cho biết" is not Alfred Nobel
        if direct or opener or (foreign and _loosely_tied(rest)):
            persons[0].tied = True
            persons[0].kinds.add("confirmed")  # "Motassadek thừa nhận": the weak foreign name speaks
