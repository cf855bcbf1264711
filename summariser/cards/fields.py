"""A card's fields as a reader sees them: label, value in words ("not stated" when the posting does
not say), and where it comes from: the verbatim quotes that state it, or the source's structured
data. Shared by the chat app's card and compare views."""

from __future__ import annotations

from dataclasses import dataclass

# the card Markdown's wording, so both agree
from summariser.cards.render import FACTS, LISTS, NOT_STATED, evidence_text, salary_note, value_text
from summariser.cards.schema import JobCard

__all__ = ["FACTS", "LISTS", "FieldView", "facts", "field_view", "lists", "posting_line", "salary_note"]


@dataclass
class FieldView:
    label: str
    field: str
    value: str  # the value in words, or NOT_STATED
    items: list[str]  # list fields: their items; scalars: empty
    quotes: list[str]  # the evidence in words: verbatim quotes, or "value (source:<field>)"
    provenance: list[str]  # per quote: 'text' or 'source:<field>'

    @property
    def stated(self) -> bool:
        return self.value != NOT_STATED


def field_view(card: JobCard, label: str, field: str) -> FieldView:
    raw = getattr(card, field)
    items = list(raw) if isinstance(raw, list) else []
    evidence = card.evidence.get(field, [])
    quotes = [evidence_text(e, limit=10_000) for e in evidence]
    return FieldView(label, field, value_text(card, field), items, quotes, [e.provenance for e in evidence])


def facts(card: JobCard) -> list[FieldView]:
    return [field_view(card, label, field) for label, field in FACTS]


def lists(card: JobCard) -> list[FieldView]:
    return [field_view(card, label, field) for label, field in LISTS]


def posting_line(card: JobCard) -> str:
    """One line to pick a posting by: title — employer · location · deadline."""
    title = card.title or card.posting_id
    place = " · ".join(v for v in (card.employer, card.location) if v)
    deadline = f"deadline {card.deadline}" if card.deadline else "deadline not stated"
    return " — ".join(part for part in (title, place, deadline) if part)
