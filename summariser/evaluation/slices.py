"""How a run's figures are broken down beyond each item's own kind and language: by dataset file,
by the posting's source and language, and into the held-out slice (scored, never shown item by
item) and the open rest. A grouping with a single value would repeat the overall figures, so
`groups_of` keeps only those that split the items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from summariser.evaluation.datasets import QAItem
from summariser.index.store import Index
from summariser.text.language import posting_language


@dataclass
class Slices:
    source: dict[str, str] = field(default_factory=dict)  # posting id -> its feed's source, or 'file'
    language: dict[str, str] = field(default_factory=dict)  # posting id -> the posting's language
    holdout: frozenset[str] = frozenset()  # posting ids whose items are scored but never listed

    @classmethod
    def of(cls, index: Index, texts: dict[str, str], holdout=()) -> Slices:
        """Source as the feed names it; language as the feed states it, else detected from the text."""
        source, language = {}, {}
        for posting in index.postings():
            source[posting.id] = str(posting.metadata.get("source") or "file")
            language[posting.id] = posting.language or posting_language(texts.get(posting.id, ""))
        return cls(source, language, frozenset(holdout))

    def hidden(self, posting_id: str | None) -> bool:
        return posting_id in self.holdout

    def slice_of(self, posting_id: str) -> str | None:
        return ("holdout" if posting_id in self.holdout else "open") if self.holdout else None

    def qa_groups(self, items: list[QAItem]) -> dict[str, Callable[[QAItem], str | None]]:
        groups = {
            "dataset": lambda item: item.dataset or None,
            "source": lambda item: self.source.get(item.posting_id),
            "slice": lambda item: self.slice_of(item.posting_id),
        }
        return groups_of(items, groups)

    def card_groups(self, rows: list[dict]) -> dict[str, Callable[[dict], str | None]]:
        groups = {
            "dataset": lambda row: row.get("dataset") or None,
            "source": lambda row: self.source.get(row["posting_id"]),
            "language": lambda row: self.language.get(row["posting_id"]),
            "slice": lambda row: self.slice_of(row["posting_id"]),
        }
        return groups_of(rows, groups)


def groups_of(members: list, groups: dict[str, Callable]) -> dict[str, Callable]:
    """The groupings that put the members into two or more groups."""
    return {name: key for name, key in groups.items() if len({key(m) for m in members} - {None}) > 1}
