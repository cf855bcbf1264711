"""Retrieval metrics against gold evidence (verbatim substrings of the posting text)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .spans import Span, find_quote


@dataclass
class QAItem:
    id: str
    posting_id: str
    question: str
    language: str
    answerable: bool
    kind: str
    gold_evidence: list[str]
    gold_keywords: list[list[str]]
    gold_answer: str = ""


def load_qa(path: str | Path) -> list[QAItem]:
    items = []
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        if line.strip():
            raw = json.loads(line)
            items.append(QAItem(**{k: raw.get(k, d) for k, d in _QA_DEFAULTS.items()}))
    return items


_QA_DEFAULTS = {
    "id": "",
    "posting_id": "",
    "question": "",
    "language": "en",
    "answerable": True,
    "kind": "fact",
    "gold_evidence": [],
    "gold_keywords": [],
    "gold_answer": "",
}


def evidence_spans(posting_text: str, evidence: Iterable[str]) -> list[Span]:
    """Where each gold evidence string sits in the posting (whitespace-insensitive)."""
    return [span for quote in evidence if (span := find_quote(posting_text, quote))]


def overlaps(span: Span, gold: Span) -> bool:
    """A retrieved span hits a gold span when it covers at least half of the shorter of the two."""
    shared = min(span[1], gold[1]) - max(span[0], gold[0])
    return shared > 0 and shared >= 0.5 * min(span[1] - span[0], gold[1] - gold[0])


def first_hit_rank(retrieved: list[tuple[str, Span]], posting_id: str, gold: list[Span]) -> int | None:
    """1-based rank of the first retrieved (posting_id, span) that hits gold evidence."""
    for rank, (pid, span) in enumerate(retrieved, 1):
        if pid == posting_id and any(overlaps(span, g) for g in gold):
            return rank
    return None


@dataclass
class RetrievalScores:
    n: int
    recall_at_k: float
    mrr: float
    k: int
    chars: float = float("nan")  # mean characters retrieved per question: what the reader must read

    def as_dict(self) -> dict[str, float]:
        return {"n": self.n, f"recall@{self.k}": round(self.recall_at_k, 4), "mrr": round(self.mrr, 4), "chars": round(self.chars)}


def score_retrieval(
    items: list[QAItem],
    texts: dict[str, str],
    retrieve: Callable[[QAItem], list[tuple[str, Span]]],
    k: int = 5,
) -> RetrievalScores:
    """recall@k and MRR over the answerable items whose evidence can be located."""
    ranks: list[int | None] = []
    chars = 0
    for item in items:
        if not item.answerable or item.posting_id not in texts:
            continue
        gold = evidence_spans(texts[item.posting_id], item.gold_evidence)
        if not gold:
            continue
        retrieved = retrieve(item)[:k]
        chars += sum(end - start for _, (start, end) in retrieved)
        ranks.append(first_hit_rank(retrieved, item.posting_id, gold))
    n = len(ranks)
    if not n:
        return RetrievalScores(0, float("nan"), float("nan"), k)
    recall = sum(1 for r in ranks if r is not None) / n
    mrr = sum(1.0 / r for r in ranks if r is not None) / n
    return RetrievalScores(n, recall, mrr, k, chars / n)
