"""The shape of a crawled article: date line, title, captions, source marker, lead, body, byline.

Party Committee pages (the seeds) look like

    Thứ Tư, ngày 19 tháng 1 năm 2022          <- date line: published
    Quận 12: Tổng kết ...                     <- title (sometimes twice, once as "null <title>")
    Toàn cảnh Hội nghị                        <- image captions, before the marker
    (Thanhuytphcm.vn) - Sáng 7/12, ...        <- source marker + lead
    ...paragraphs, with captions in between ("X X": a caption written twice)...
    Song Anh                                  <- byline: author
    Ý kiến bạn đọc / refresh / Tin khác ...   <- site furniture

General news (VNTC) is "title line, then paragraphs", sometimes with the title
and its summary fused on the first line, a "(NLĐ) - " marker, or no title at
all. A first line that reads as a paragraph is not a title: the title is then
derived from its first sentence and the line stays in the body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from indexer.extraction import lexicon
from indexer.extraction.dates import parse_date_line
from indexer.extraction.places import gazetteer
from indexer.extraction.text import CAPWORD, LO, UP, clean_text, match_key, squash, strip_accents

HEADER_LINES = 4  # the date line is looked for among the first lines only, before the story starts
MARKER_LINES = 10  # so is the source marker
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 40
DERIVED_TITLE_CHARS = 150
CAPTION_MAX_WORDS = 25
LEAD_MIN_WORDS = 12

_BOILERPLATE = frozenset(match_key(b) for b in lexicon.BOILERPLATE_LINES)
_MARKER_RE = re.compile(r"^\(\s*(?P<src>[^()]{2,40}?)\s*\)\s*[-–—]+\s*(?P<rest>.*)$")
_INLINE_MARKER_RE = re.compile(r"\s\(\s*(?P<src>[^()]{2,40}?)\s*\)\s*[-–—]+\s*")
_DOMAIN_RE = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|info|gov|edu)$", re.I)
_ABBREVIATIONS = {match_key(k): v for k, v in lexicon.SOURCE_ABBREVIATIONS.items()}
_SENTENCE_END_RE = re.compile(r"(?<!\bTP)(?<!\bTp)(?<!\b[A-ZĐ])(?<!\d)[.!?…](?=[\s”\"]|$)|[.!?…](?=\s+[“\"]?" + UP + ")")
_LEADING_MOMENT_RE = re.compile(
    r"^(?:\(\s*[^()]{2,40}\)\s*[-–—]+\s*)?(?:(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm|ngày|hôm)"
    r"(?:\s+(?:nay|qua|ngày))?\s*\(?\s*\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?\s*\)?\s*,\s*)",
    re.IGNORECASE,
)
_NAMEPART = rf"(?:{CAPWORD}(?:\s+{CAPWORD}){{1,3}}|(?:{UP}\.\s?){{1,3}}(?:{UP}{LO}+)?)"
_BYLINE_RE = re.compile(
    r"^(?:(?:Tin|Bài|Ảnh|Bài và ảnh|Tin và ảnh|Tin, ảnh|Bài, ảnh|Thực hiện|Nhóm phóng viên)\s*:\s*)?"
    rf"(?P<name>{_NAMEPART}(?:\s*(?:[-–,]|và)\s*{_NAMEPART}){{0,2}})"
    r"(?:\s*\((?:[Tt]heo|[Nn]guồn|[Tt]ổng hợp)[^)]*\))?\s*$"
)
_RELATED_RE = re.compile(r"\S\s?\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)$")
_BYLINE_SUFFIX_RE = re.compile(r"\s+(?:thực hiện|ghi|tổng hợp|lược dịch|dịch|biên dịch)\.?$")
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$"
)


@dataclass
class Layout:
    title: str
    title_derived: bool
    body: list[str]
    lead: str
    published: dt.date | None = None
    source: str | None = None
    author: str | None = None
    captions: list[str] = field(default_factory=list)
    # Title, captions and body paragraphs in document order: where speakers are looked for.
    speech: list[str] = field(default_factory=list)


def parse(text: str) -> Layout:
    lines = _content_lines(text)
    if not lines:
        raise ValueError("no usable text: the article is empty or only site furniture")
    published = None
    for i, line in enumerate(lines[:HEADER_LINES]):
        published = parse_date_line(line)
        if published is not None:
            del lines[i]
            break
        if len(line.split()) > 25 or line.startswith("(") or (len(line) >= 80 and line.endswith((".", ":", "…"))):
            break  # the story has begun: a date further down belongs to it (a letter, a caption)
    if not lines:
        raise ValueError("no usable text: only a date line")

    source = None
    marker_at = None
    lead_text = None
    for i, line in enumerate(lines[:MARKER_LINES]):
        m = _MARKER_RE.match(line)
        if m and (src := _source_name(m.group("src"))):
            source, marker_at, lead_text = src, i, m.group("rest").strip()
            break
    if marker_at is None:  # "Title (NLĐ) - lead" fused on the first line
        m = _INLINE_MARKER_RE.search(lines[0])
        if m and (src := _source_name(m.group("src"))) and m.start() > 0:
            head, rest = lines[0][: m.start()].strip(), lines[0][m.end() :].strip()
            lines[0:1] = [head, f"({m.group('src')}) - {rest}"]
            source, marker_at, lead_text = src, 1, rest

    # Title
    title_derived = False
    if marker_at == 0 or not _title_like(lines[0]):
        first = (lead_text or "") if marker_at == 0 else lines[0]
        title, title_derived = derive_title(first), True
        start = 0
    else:
        title, start = lines[0], 1
    title_key = match_key(title)
    # A given title repeated as a line is dropped; a derived title is a copy of the text's own
    # first line, which stays the body's.
    rest_lines = [
        (i, line) for i, line in enumerate(lines)
        if i >= start and (title_derived or not (i < 6 and abs(len(line) - len(title)) < 8 and match_key(line) == title_key))
    ]

    # Captions between the title and the marker line
    captions: list[str] = []
    body_lines: list[str] = []
    speech: list[str] = [] if title_derived else [title]
    for i, line in rest_lines:
        if marker_at is not None and i < marker_at and not (title_derived and i == 0):
            cap = _undouble(line) or line
            captions.append(cap)
            speech.append(cap)
            continue
        if i == marker_at:
            line = lead_text or ""
            if not line:
                continue
        body_lines.append(line)

    # Links to related stories at the end ("Bão số 7 di chuyển về phía tây(23/09/2005)")
    while body_lines and _RELATED_RE.search(body_lines[-1]) and len(body_lines) > 1:
        body_lines.pop()

    # Byline: the short name line at the end
    author = None
    if body_lines:
        author = byline(body_lines[-1], title)
        if author is not None:
            body_lines.pop()

    # Captions inside the body: written twice, or a short line continued on a lower-case line
    body: list[str] = []
    j = 0
    while j < len(body_lines):
        line = body_lines[j]
        half = _undouble(line)
        if half:
            captions.append(half)
            speech.append(half)
            j += 1
            continue
        nxt = body_lines[j + 1] if j + 1 < len(body_lines) else None
        if nxt is not None and _caption_pair(line, nxt):
            cap = f"{line} {nxt}"
            captions.append(cap)
            speech.append(cap)
            j += 2
            continue
        body.append(line)
        speech.append(line)
        j += 1
    lead = body[0] if body else (lead_text or "")
    if len(lead.split()) < LEAD_MIN_WORDS and len(body) > 1:
        lead = f"{lead} {body[1]}"  # "Trả lời:", a sub-heading: the story starts in the next paragraph
    if not title.strip():
        if not body:
            raise ValueError("no usable text: only a source marker")
        title, title_derived = derive_title(body[0]), True
    return Layout(
        title=title, title_derived=title_derived, body=body, lead=lead, published=published,
        source=source, author=author, captions=captions, speech=speech,
    )


def _content_lines(text: str) -> list[str]:
    out = []
    for raw in clean_text(text).split("\n"):
        line = squash(raw)
        if line.startswith(lexicon.NULL_PREFIX) and len(line) > len(lexicon.NULL_PREFIX):
            line = line[len(lexicon.NULL_PREFIX) :].strip()
        if not line or _is_boilerplate(line):
            continue
        out.append(line)
    return out


def _is_boilerplate(line: str) -> bool:
    if len(line) > 60:
        return False
    key = match_key(line).rstrip(" :.").strip()
    key = re.sub(r"\s*[:(]?\s*\d+\s*\)?$", "", key)  # "Tổng lượt bình luận: 0", "Bình luận (3)"
    return key in _BOILERPLATE


def _source_name(raw: str) -> str | None:
    raw = raw.strip()
    if _DOMAIN_RE.match(raw):
        return raw.lower().removeprefix("www.")
    return _ABBREVIATIONS.get(match_key(raw))


def _title_like(line: str) -> bool:
    if len(line) > TITLE_MAX_CHARS or len(line.split()) > TITLE_MAX_WORDS:
        return False
    if line[:1].islower():
        return False
    if _DATE_LEAD_RE.match(line):
        return False  # "Sáng ngày 31/7, Ban chấp hành ..." opens a story, it does not title it
    ends_sentence = line.rstrip().endswith((".", "…"))
    inner_break = bool(re.search(r"[.!?…]\s+[“\"]?" + UP, line))
    return not (ends_sentence and (len(line) >= 80 or inner_break))


_DATE_LEAD_RE = re.compile(
    r"^(?:(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm|ngày|hôm)(?:\s+(?:nay|qua|ngày))?\s*\(?\s*\d{1,2}\s*[/.-]\s*\d{1,2}"
    r"(?:\s*[/.-]\s*\d{4})?\s*\)?\s*,)",
    re.IGNORECASE,
)


def derive_title(paragraph: str) -> str:
    """A title from a paragraph: its first sentence, without a leading "Sáng 31/7," and not too long."""
    m = _SENTENCE_END_RE.search(paragraph)
    sentence = paragraph[: m.start()] if m else paragraph
    sentence = _LEADING_MOMENT_RE.sub("", sentence).strip(" ,;:-–—")
    if not sentence:
        sentence = paragraph.strip()
    sentence = sentence[:1].upper() + sentence[1:]
    if len(sentence) > DERIVED_TITLE_CHARS:
        cut = sentence.rfind(" ", 0, DERIVED_TITLE_CHARS)
        sentence = sentence[: cut if cut > 40 else DERIVED_TITLE_CHARS].rstrip(" ,;:-–—") + "…"
    return sentence


def byline(line: str, title: str = "") -> str | None:
    """'Song Anh' -> 'Song Anh'; 'Ngọc Sơn (theo AFP)' -> 'Ngọc Sơn'; anything else -> None."""
    if len(line) > 60 or match_key(line) == match_key(title):
        return None
    line = _BYLINE_SUFFIX_RE.sub("", line)  # "THẾ DŨNG thực hiện"
    if line.isupper() and len(line) > 3:  # "MAI HƯƠNG" -> "Mai Hương" (but not "M.C.")
        if not re.fullmatch(r"(?:\w\.\s?)+\w*", line):
            line = " ".join(w.capitalize() for w in line.split())
    m = _BYLINE_RE.match(line)
    if not m:
        return None
    name = m.group("name").strip()
    words = re.findall(r"[^\W\d_]+", name)
    if not words:
        return None
    if not all(_SYLLABLE_RE.match(strip_accents(w)) for w in words if len(w) > 1):
        return None  # "Manchester United", "Real Madrid": not a Vietnamese pen name
    if match_key(name) in gazetteer().province_by_key:
        return None  # a place line ("Hà Nội"), not a byline
    return name


def _undouble(line: str) -> str | None:
    """'X X' (a caption written twice) -> 'X'."""
    n = len(line)
    if n < 10:
        return None
    mid = n // 2
    for i in range(max(1, mid - 3), min(n - 1, mid + 4)):
        if line[i] == " " and line[:i].strip() == line[i + 1 :].strip():
            return line[:i].strip()
    return None


_LIST_ITEM_RE = re.compile(r"^\s*(?:\w{1,3}[).]|[-–•+*])\s")


def _caption_pair(line: str, nxt: str) -> bool:
    """A short line without a full stop, continued on a short lower-case line: a split caption."""
    # Only a line that ends mid-phrase (a letter or digit, no punctuation) and starts a sentence;
    # "c) ...;" followed by "d) ..." is a list, and dropping it would lose body text.
    if not nxt[:1].islower() or not line.rstrip()[-1:].isalnum() or not line[:1].isupper():
        return False
    if _LIST_ITEM_RE.match(line) or _LIST_ITEM_RE.match(nxt):
        return False
    return len(line.split()) <= CAPTION_MAX_WORDS and len(nxt.split()) <= 12
