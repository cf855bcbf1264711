"""Several postings side by side: the key fields of their cards in one table, every stated value
marked with a footnote number that leads to the posting's own words for it."""

from __future__ import annotations

from dataclasses import dataclass

from summariser.cards.fields import field_view
from summariser.cards.schema import JobCard

COMPARED = (
    ("Salary", "salary"),
    ("Deadline", "deadline"),
    ("Duration", "duration"),
    ("Location", "location"),
    ("Work mode", "work_mode"),
    ("Required education", "education"),
    ("Documents", "application_documents"),
)
MAX_ITEMS = 3  # of a list field shown in a cell; the rest is counted


@dataclass
class Note:
    n: int
    posting_id: str
    posting: str  # the column it belongs to
    label: str
    quotes: list[str]


@dataclass
class Comparison:
    columns: list[str]  # one per posting, in the order given
    rows: list[tuple[str, list[str]]]  # (field label, one cell per posting)
    notes: list[Note]

    def records(self) -> list[dict[str, str]]:
        """One dict per field, keyed "Field" then by column: ready for a table."""
        return [{"Field": label, **dict(zip(self.columns, cells))} for label, cells in self.rows]


def column_names(cards: list[JobCard]) -> list[str]:
    """Each posting's title; the id is added where two titles are the same."""
    titles = [card.title or card.posting_id for card in cards]
    return [f"{t} ({c.posting_id})" if titles.count(t) > 1 else t for t, c in zip(titles, cards)]


def compare_cards(cards: list[JobCard], fields=COMPARED) -> Comparison:
    columns = column_names(cards)
    rows: list[tuple[str, list[str]]] = []
    notes: list[Note] = []
    for label, field in fields:
        cells = []
        for card, column in zip(cards, columns):
            view = field_view(card, label, field)
            value = view.value
            if view.items and len(view.items) > MAX_ITEMS:
                value = "; ".join(view.items[:MAX_ITEMS]) + f"; … (+{len(view.items) - MAX_ITEMS} more)"
            elif view.items:
                value = "; ".join(view.items)
            if view.stated and view.quotes:
                notes.append(Note(len(notes) + 1, card.posting_id, column, label, view.quotes))
                value += f" [{len(notes)}]"
            cells.append(value)
        rows.append((label, cells))
    return Comparison(columns, rows, notes)
