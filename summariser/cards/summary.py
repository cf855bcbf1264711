"""The card's job summary: up to three verbatim sentences that say what the job is.

The posting's own summary section when it has one; otherwise the sentences that name the role
or say who is hiring whom ("UiT is seeking a PhD Fellow in ..."), in the posting's order, before
any other prose. Never a heading, a bullet, a link, markup or aggregator chrome."""

from __future__ import annotations

import re

from summariser.cards.document import CardText, Piece
from summariser.cards.roles import is_role
from summariser.text.spans import is_bullet, sentences

_SUMMARY_SECTION = re.compile(r"job summary|summary|sammendrag|om stillingen|about the (?:role|position)", re.I)
_HIRING = re.compile(
    r"\b(?:seek(?:s|ing)?|looking for|recruit(?:s|ing)?|hir(?:e|es|ing)|invites? applications|applications are invited|"
    r"vacan(?:cy|t)|opening|søker|ser etter|ledig|utlyser|offers? (?:a|an|one|two)|announces?)\b",
    re.I,
)
_NOT_PROSE = re.compile(r"https?://|www\.|@\w|<[a-z/][^>]*>|^\s*[#*|]|\*\*|please login|cookie", re.I)
MAX_SENTENCES = 3


def read_summary(doc: CardText) -> list[Piece]:
    """The posting's own summary section, else the sentences that say what the job is."""
    for line in doc.lines:
        if line.section and _SUMMARY_SECTION.search(line.heading) and len(line.text) > 80:
            spans = sentences(line.text)
            return [Piece(line.start + a, line.start + b, line.text[a:b], line.section) for a, b in spans][
                :MAX_SENTENCES
            ]
    prose = [s for s in doc.sentences if _prose(s.text)]
    scored = [(s, _about_the_job(s.text)) for s in prose]
    chosen = [s for s, score in scored if score > 0][:MAX_SENTENCES]
    if len(chosen) < 2:  # too little names the job: its first prose fills up
        chosen = sorted({*chosen, *prose[: 2 - len(chosen)]}, key=lambda s: s.start)
    return chosen[:MAX_SENTENCES]


def _prose(text: str) -> bool:
    words = text.split()
    return 8 <= len(words) <= 70 and len(text) > 60 and not is_bullet(text) and not _NOT_PROSE.search(text)


def _about_the_job(text: str) -> float:
    roles = sum(is_role(w.strip(".,;:()'’\"")) for w in text.split())
    return 2.0 * bool(_HIRING.search(text)) + min(roles, 2)
