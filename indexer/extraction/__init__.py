"""Raw crawled article text -> Article: title, body, dates, author, source, locality, speakers, statements.

`extract_article(text, doc_id=...)` is the one entry point. The parts:

* `layout`   - date line, title, captions, "(Site.vn) -" marker, lead, body, byline;
* `dates`    - published (the date line) and the event date in the lead;
* `places`   - province/district through the vietnamadminunits gazetteer;
* `speakers` - people who chair, speak, report or are quoted, with their roles;
* `statements` - what each of them said: quotations and reported speech, with offsets;
* `interviews` - a question-and-answer article, its interviewee and their answers;
* `lexicon`  - the word lists all of them work from.

What an article does not state stays None or empty: nothing is invented.
"""

from __future__ import annotations

import datetime as dt

from dataclasses import replace

from indexer.extraction.text import match_key
from indexer.models import Article, Speaker
from indexer.extraction import dates, interviews, layout, places, speakers, statements

__all__ = ["extract_article"]


def extract_article(
    text: str,
    *,
    doc_id: str,
    source_hint: str | None = None,
    category: str | None = None,
    published: dt.date | None = None,
) -> Article:
    """Extract a typed Article from raw crawled text.

    `source_hint` (e.g. the crawler's site name) wins over a source marker found in
    the text; `published` (a date the record gives) over the date line. Raises ValueError
    only when there is no usable text at all.
    """
    if not isinstance(text, str):
        raise ValueError(f"article text must be a string, not {type(text).__name__}")
    page = layout.parse(text)
    published = published or page.published
    event, dates_article = dates.event_date(page.lead, published)
    if published is None and dates_article:
        published = event  # "Ngày 06/01/2022, ..." with no date line: the news is of that day
    source = (source_hint or "").strip().lower() or page.source
    body = "\n\n".join(page.body)
    locality = places.locality(
        "" if page.title_derived else page.title, page.lead, body, source or page.source, published
    )
    if locality.province is None and source_hint and page.source:
        locality = places.locality("", "", "", page.source)
    talk = interviews.interview(None if page.title_derived else page.title, page.body)
    found = speakers.speakers(page.speech if talk is None else _without_answers(page.speech, page.body, talk))
    if talk is not None:
        found, talk = _with_interviewee(found, talk)
    return Article(
        id=doc_id,
        title=page.title,
        title_derived=page.title_derived,
        body=body,
        published=published,
        event_date=event,
        source=source,
        category=(category or "").strip() or None,
        author=page.author,
        locality=locality,
        speakers=found,
        statements=statements.statements(page.body, found, talk),
    )


def _without_answers(speech: list[str], body: list[str], talk: interviews.Interview) -> list[str]:
    """The paragraphs speakers are read from, an interview's answers blanked out: what the
    interviewee says of others ("Anh Phước Sang nói tôi hợp với vai này") is their word, as
    inside a quotation. Blanks keep every other offset where it was."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for index, start, end in talk.answers:
        spans.setdefault(index, []).append((start, end))
    out = []
    at = 0  # the body's paragraphs come in the speech in their order, between the title and captions
    for para in speech:
        if at < len(body) and para == body[at]:
            for start, end in spans.get(at, ()):
                para = para[:start] + " " * (end - start) + para[end:]
            at += 1
        out.append(para)
    return out


def _with_interviewee(found: tuple[Speaker, ...], talk: interviews.Interview) -> tuple[tuple[Speaker, ...], interviews.Interview]:
    """The speakers with the interviewee among them: as already found (same person, fuller name
    or role kept), else added."""
    key = match_key(talk.person.name)
    for speaker in found:
        other = match_key(speaker.name)
        if other == key or other.endswith(" " + key) or key.endswith(" " + other):
            longer = speaker if len(other) >= len(key) else Speaker(talk.person.name, speaker.role)
            return tuple(longer if s is speaker else s for s in found), replace(talk, person=longer)
    return (*found, talk.person), talk
