"""A posting cut into the units a card list is made of — sentences and list items, each a verbatim
span with its offsets — and what the heading over each says it is (cards/sections.py).

Feeds are not tidy: EURAXESS text is flat (blocks joined by 2+ spaces, some HTML left in),
headings sit inline ("Duties: …", "… Salary: €37,874") or glued to the text without a colon
("We offer Our institution is …", "… Postdoctoral Fellow Your tasks"), and its lists were lost, so
the text after a heading is often the next section. Hence headings found inside blocks, and a
reach for each heading: 15 units (8 after a colon lead-in, 2 after a site field or a salary line),
a lead-in covering its list and not the prose after it. The classifier's training sentences are
cut by this same module (eval/section_data.py), so what it learnt is what it is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summariser.cards.document import CardText
from summariser.cards.sections import CARD_LABELS, heading_label, lead_in_label

REACH = {"heading": 15, "leadin": 8, "meta": 2}
_SHORT_VALUE = re.compile(r"(?i)salary|stipend|remuneration|lønn")  # headings whose value is a line, not a section
# words that start a sentence after a heading glued to it without a colon ("We offer Our institution is …")
STARTERS = set(
    "The A An Our We You Your This In At As For To Applicants Candidates Applications Please It Salary Competitive "
    "Attractive Excellent Flexible Full Funding Ability Experience Knowledge Good Strong Fluent Master Masters "
    "Completed Degree Applicant Candidate Successful Participation Research Conducting Carrying Development Develop "
    "Vi Du Vår Vårt Gode God Erfaring Søknaden Stillingen".split()
)


@dataclass(frozen=True)
class Unit:
    """A sentence or list item: `text == posting[start:end]`. `label` is what its heading says
    (a card label, 'other', 'meta', 'ambiguous', 'intro' before any heading, or None past a
    heading's reach or under a heading nobody wrote a rule for); `origin` how it got it."""

    start: int
    end: int
    text: str
    bullet: bool
    label: str | None
    origin: str  # 'heading', 'leadin', 'meta' or 'intro'
    heading: str
    apart: bool = False  # a line break lies between it and its heading: the layout is intact, not flat text


# ------------------------------------------------------------------ blocks and headings inside them
# 2+ spaces, and any HTML tag but the inline ones a sentence runs through (links, emphasis)
_BLOCK_BREAK = re.compile(r"[ \t\u00a0]{2,}|<\s*/?\s*(?!(?:a|em|i|sup|sub|abbr)\b)[a-z][a-z0-9]*\b[^>]*>", re.I)
_LIST_TAG = re.compile(r"<\s*li\b", re.I)
_JOINED = re.compile(r"[a-zæøå](?=[A-ZÆØÅ][a-zæøå])")
_COLON = re.compile(r"(?:^|(?<=[.!?;)\]]\s)|(?<=:\s))[\W_]{0,3}([A-ZÆØÅ][^.:!?\n]{1,140}?)\s*:(?!\d|//)")


def _words(s: str) -> int:
    return len(s.split())


def blocks(doc: CardText) -> list[tuple[int, int, bool]]:
    """(start, end, follows a <li>) for the posting's blocks: lines, 2+-space runs and HTML blocks."""
    out = []
    for line in doc.lines:
        pos, listed = line.start, False
        for m in _BLOCK_BREAK.finditer(doc.text, line.start, line.end):
            if m.start() > pos:
                out.append((pos, m.start(), listed))
            listed = bool(_LIST_TAG.match(m.group())) or (listed and not doc.text[pos : m.start()].strip())
            pos = m.end()
        if line.end > pos:
            out.append((pos, line.end, listed))
    return [(a + len(doc.text[a:b]) - len(doc.text[a:b].lstrip()), b, li) for a, b, li in out if doc.text[a:b].strip()]


def events(block: str, known_heading: bool = False) -> list[tuple[int, int, str | None, str, str]]:
    """(start, end, label, kind, heading) for the headings and lead-ins inside one block;
    `known_heading`: the posting marks the block as a heading (markdown '#', bold)."""
    n = _words(block)
    if n <= 8 and ((label := heading_label(block)) is not None or known_heading):
        return [(0, len(block), label, "heading", block)]
    found = []
    for m in _COLON.finditer(block):
        phrase, k = m.group(1), _words(m.group(1))
        if k <= 8 and (label := heading_label(phrase)) is not None:
            found.append((m.start(), m.end(), label, "heading", phrase))
        elif k <= 20 and (label := lead_in_label(phrase)) is not None:
            found.append((m.start(), m.end(), label, "leadin", phrase))
        elif m.start() == 0 and k <= 5:
            found.append((m.start(), m.end(), None, "heading", phrase))  # unknown heading: closes the section
    toks = block.split()
    glued = next(
        (m.end() for m in _JOINED.finditer(block, 0, 60) if heading_label(block[: m.end()]) not in (None, "meta")), 0
    )
    if glued and (not found or found[0][0] > 0):  # lost its line break: "QualificationsTo qualify as …"
        found.insert(0, (0, glued, heading_label(block[:glued]), "heading", block[:glued]))
    if not found or found[0][0] > 0:  # a heading glued to the text: "We offer Our institution is ..."
        for k in range(min(5, n - 1), 0, -1):
            prefix = " ".join(toks[:k])
            label = heading_label(prefix)
            if label not in (None, "meta") and toks[k] in STARTERS and prefix[0].isupper() and block.startswith(prefix):
                found.insert(0, (0, len(prefix), label, "heading", prefix))
                break
    if n > 3 and (not found or found[-1][1] < len(block)):  # a heading glued to the end: "... Fellow Your tasks"
        for k in range(min(4, n - 1), 1, -1):
            suffix = " ".join(toks[-k:])
            label = heading_label(suffix)
            if label not in (None, "meta", "ambiguous") and suffix[0].isupper() and not suffix.endswith("."):
                if block.endswith(suffix):
                    found.append((len(block) - len(suffix), len(block), label, "heading", suffix))
                break
    return sorted(found)


# ------------------------------------------------------------------ sentences and list items
_BULLET = re.compile(r"(?:^|\s+)(?:[-–·→*#]|\(?[a-z]\)|\d{1,2}\))\s+|\s*[•▪●◦►✓]\s*")  # "setting• develop": glued
_ABBR = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|dr|prof|mr|mrs|ms|no|approx|incl|ca|st|vs|ph\.d|m\.sc|b\.sc|jan|feb|mar|apr|jun|jul|aug|"
    r"sep|sept|oct|nov|dec|bl\.a|f\.eks|evt|kl|tlf|mv|osv|nr|fig|ref|dept|univ)|\b[A-Z])$",
    re.I,
)
_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“(]?[A-ZÆØÅ0-9])")
_STRIP = " ,;:-–•·*\"'\t\u00a0"
_URLISH = re.compile(r"\S*(?:https?://|www\.|@)\S*")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        if not _ABBR.search(text[pos : m.start()]):
            out.append((pos, m.end()))
            pos = m.end()
    return [*out, (pos, end)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    if start < end and text[start] == ")":
        start += 1
    return start, end


def pieces(text: str, start: int, end: int, standalone: bool) -> list[tuple[int, int, bool]]:
    """(start, end, is a list item) of the sentences in text[start:end]. A list item is the first
    sentence after a bullet marker, or a block of at most 12 words on its own."""
    marks = list(_BULLET.finditer(text, start, end))
    short = standalone and not marks and _words(text[start:end]) <= 12
    parts = [(start, marks[0].start() if marks else end, False)] + [
        (m.end(), marks[i + 1].start() if i + 1 < len(marks) else end, True) for i, m in enumerate(marks)
    ]
    out = []
    for p_start, p_end, after_marker in parts:
        for i, (a, b) in enumerate(_sentences(text, p_start, p_end)):
            a, b = _trimmed(text, a, b)
            s = text[a:b]
            letters, n = sum(c.isalpha() for c in s), _words(s)
            urls = sum(len(u) for u in _URLISH.findall(s))
            if letters < 5 or n > 60 or urls > 0.5 * len(s):
                continue
            if n >= 2 or standalone:  # a word on its own line is an item ("Pension", "Nøyaktig")
                out.append((a, b, (after_marker and i == 0) or short))
    return out


# ------------------------------------------------------------------ one posting
_MARKED_HEADING = re.compile(r"#{1,6}\s+\S.*|\*\*[^*]{2,80}\*\*:?")


def posting_units(doc: CardText) -> list[Unit]:
    text = doc.text
    label, kind, heading, reach = "intro", "intro", "", 10**9
    lead_in: list | None = None  # [label, heading, reach left, block it started in, has given a unit, end]
    heading_end = 0
    out: list[Unit] = []

    def emit(start: int, end: int, standalone: bool, block_no: int, listed: bool) -> None:
        nonlocal reach, lead_in
        if lead_in and lead_in[3] < block_no and standalone and _words(text[start:end]) > 25:
            lead_in = None  # long prose after the lead-in's list: back to the enclosing section
        for a, b, bullet in pieces(text, start, end, standalone):
            bullet = bullet or listed
            if lead_in and lead_in[4] and not bullet:
                lead_in = None  # a lead-in governs the list after its colon, not the prose after the list
            if lead_in:
                unit_label, origin, head, since = lead_in[0], "leadin", lead_in[1], lead_in[5]
                lead_in[2] -= 1
                lead_in[4] = True
                if lead_in[2] <= 0:
                    lead_in = None
            else:
                unit_label, origin, head, since = (label if reach > 0 else None), kind, heading, heading_end
                reach -= 1
            out.append(Unit(a, b, text[a:b], bullet, unit_label, origin, head, "\n" in text[since:a]))

    for block_no, (start, end, listed) in enumerate(blocks(doc)):
        block = text[start:end]
        known = _words(block) <= 8 and bool(_MARKED_HEADING.fullmatch(block.strip()))  # markdown: a heading
        pos = 0
        for e_start, e_end, e_label, e_kind, e_heading in events(block, known):
            if e_start > pos:
                emit(start + pos, start + e_start, pos == 0, block_no, listed)
            if e_kind == "leadin":
                lead_in = [e_label, e_heading, REACH["leadin"], block_no, False, start + e_end]
            else:
                label, kind, heading, lead_in = e_label, ("meta" if e_label == "meta" else "heading"), e_heading, None
                heading_end = start + e_end
                reach = 2 if _SHORT_VALUE.search(e_heading) else REACH[kind]
            pos = e_end
        if pos < len(block):
            emit(start + pos, end, pos == 0, block_no, listed)
    return out


def has_card_heading(units: list[Unit]) -> bool:
    """Whether any heading or lead-in of the posting names a card list."""
    return any(u.origin in ("heading", "leadin") and u.label in CARD_LABELS for u in units)
