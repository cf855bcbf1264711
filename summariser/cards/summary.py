"""The card's job summary: up to three verbatim sentences that say what the job is."""

from __future__ import annotations

import re

from summariser.cards.document import CardText, Piece
from summariser.text.spans import is_bullet, sentences

_SUMMARY_SECTION = re.compile(r"job summary|summary|sammendrag|om stillingen|about the (?:role|position)", re.I)


def read_summary(doc: CardText) -> list[Piece]:
    """The posting's own summary section, else its first prose."""
    for line in doc.lines:
        if line.section and _SUMMARY_SECTION.search(line.heading) and len(line.text) > 80:
            return [
                Piece(line.start + a, line.start + b, line.text[a:b], line.section) for a, b in sentences(line.text)
            ][:3]
    return [s for s in doc.sentences if len(s.text) > 60 and not is_bullet(s.text)][:2]
