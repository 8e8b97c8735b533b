"""Interviews: a question-and-answer article and the one person it interviews.

Vietnamese papers print an interview as paragraphs opening with a dash, the reporter's
question (ending with "?") then the answer:

    - Anh đã "mất hút" mấy năm trên phim trường?
    - 6 năm. Vì không muốn làm phim bao cấp...

The person answering is named in the title ("Lưu Trọng Ninh thích chơi với người điều
tiếng", "Siu Black: 'Tôi luôn tràn đầy sức sống'") or in the lead before the first question,
and nowhere next to a speech verb, so the speaker rules miss them and every answer with them.

`interview(title, paragraphs)` finds the layout (at least two questions each answered) and the
one person the title and lead name; `answers` are the passages that person said. Anything less
certain (no such layout, two people named, nobody) gives None: an interview is attributed
whole or not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extraction import speakers as speaker_rules
from indexer.extraction.text import CAPWORD, LO, UP, match_key, quotation_spans
from indexer.models import Speaker

MIN_QUESTIONS = 2
_DASH_RE = re.compile(r"\s*[-–—]\s*")
# "...?- 6 năm. Vì ...": turns printed in one paragraph, a dash after the end of a sentence.
_NEXT_TURN_RE = re.compile(rf"(?<=[.?!…”\"])\s*[-–—]\s*(?={UP}|[0-9“\"])")
# A title opening with a name: "Phương Thanh sẽ gây shock", "Siu Black: 'Tôi ...'".
_TITLE_NAME_RE = re.compile(rf"^\s*(?:(?i:ca sĩ|nhạc sĩ|đạo diễn|diễn viên|nhà văn|nhà thơ|họa sĩ|hoạ sĩ|giáo sư|"
                            rf"tiến sĩ|người mẫu|HLV|hoa hậu|nghệ sĩ|NSƯT|NSND|danh thủ|cầu thủ|tay vợt)\s+)?"
                            rf"(?P<name>{CAPWORD}(?:\s+{CAPWORD}){{1,3}})(?=\s*:|\s+{LO})")


@dataclass(frozen=True, slots=True)
class Interview:
    person: Speaker
    # (paragraph index, start, end) of each answer: what the person said.
    answers: tuple[tuple[int, int, int], ...]


def interview(title: str | None, paragraphs: list[str]) -> Interview | None:
    """The interview an article's body paragraphs print, with its one interviewee, or None."""
    answers: list[tuple[int, int, int]] = []
    questions = 0  # questions followed by a dashed answer
    first_question: int | None = None
    answering = asked = False
    for i, para in enumerate(paragraphs):
        turns = _turns(para)
        if not turns:
            # A paragraph without a dash goes on with the answer when the interviewee speaks in it
            # in the first person; a caption or the reporter's narration does not.
            text = para.rstrip()
            if answering and text and not text.endswith("?") and speaker_rules.FIRST_PERSON_RE.search(text):
                answers.append((i, len(para) - len(para.lstrip()), len(text)))
            else:
                answering = False
            continue
        for start, end in turns:
            if para[:end].rstrip().endswith("?"):
                asked = True
                first_question = i if first_question is None else first_question
                answering = False
            elif first_question is not None:
                questions += asked
                asked = False
                answers.append((i, start, end))
                answering = True
    if questions < MIN_QUESTIONS or first_question is None:
        return None
    person = _interviewee(title, paragraphs[:first_question])
    return Interview(person, tuple(answers)) if person is not None else None


def _turns(para: str) -> list[tuple[int, int]]:
    """(start, end) of each dash-opened turn of a paragraph ("- question?- answer. - question?"),
    the dash left out; none when the paragraph does not open with a dash."""
    first = _DASH_RE.match(para)
    if first is None or first.end() >= len(para) or para.lstrip()[:1] not in "-–—":
        return []
    turns = list(_NEXT_TURN_RE.finditer(para, first.end()))
    starts = [first.end()] + [m.end() for m in turns]
    ends = [m.start() for m in turns] + [len(para.rstrip())]
    return [(s, e) for s, e in zip(starts, ends) if e > s]


def _interviewee(title: str | None, lead: list[str]) -> Speaker | None:
    """The one person named in the title and the lead, in their fullest form."""
    names: dict[str, str] = {}
    texts = [t for t in (title or "", *lead) if t]
    for text in texts:
        quoted = [(qs, qe) for _, qs, qe in quotation_spans(text)]
        for start, end, kind in speaker_rules.name_mentions(text):
            if (kind == "bare" and " " not in text[start:end]) or any(qs <= start < qe for qs, qe in quoted):
                continue  # "Live show", or a name inside someone's words
            if speaker_rules.is_person_at(text, start, end):
                names.setdefault(match_key(text[start:end]), text[start:end])
    if title:
        m = _TITLE_NAME_RE.match(title)
        if m and speaker_rules.is_person_at(title, m.start("name"), m.end("name")):
            names.setdefault(match_key(m.group("name")), m.group("name"))
    # One person, however often and however fully named: every other form is part of the fullest.
    fullest = max(names, key=len, default=None)
    if fullest is None:
        return None
    if any(not (key == fullest or fullest.endswith(" " + key) or fullest.startswith(key + " ")) for key in names):
        return None
    return Speaker(name=names[fullest], role=None)
