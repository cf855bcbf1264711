"""A posting's text prepared once for every card extractor: its lines and sentences with their
offsets and the section each stands in, boilerplate left out, and a way to quote any span as
evidence."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from summariser.cards.schema import Evidence
from summariser.ingest.chunking import chunk_text
from summariser.text.boilerplate import find_boilerplate, removed_spans
from summariser.text.spans import Span, find_quote, lines, sentences


@dataclass(frozen=True)
class Piece:
    """A line or a sentence of the posting: `text == posting[start:end]`, under `section`."""

    start: int
    end: int
    text: str
    section: tuple[str, ...]

    @property
    def heading(self) -> str:
        return self.section[-1] if self.section else ""


class CardText:
    def __init__(self, text: str, excluded: list[Span] | None = None):
        self.text = text
        self.excluded = sorted(excluded if excluded is not None else removed_spans(find_boilerplate(text)))
        chunks = chunk_text(text, self.excluded)
        self.lines = [Piece(a, b, text[a:b], c.section) for c in chunks for a, b in lines(text, c.start, c.end)]
        self.sentences = [Piece(a, b, text[a:b], c.section) for c in chunks for a, b in sentences(text, c.start, c.end)]

    @functools.cached_property
    def language(self) -> str:
        from summariser.text.language import posting_language

        return posting_language(" ".join(line.text for line in self.lines[:40]))

    def quote(self, piece: Piece | Span) -> Evidence:
        start, end = (piece.start, piece.end) if isinstance(piece, Piece) else piece
        return Evidence(quote=self.text[start:end], start=start, end=end)

    def locate(self, quote: str) -> Evidence | None:
        """Evidence for a quote given as text (a model's, or a value the text repeats), if it is verbatim."""
        span = find_quote(self.text, quote)
        return self.quote(span) if span else None
