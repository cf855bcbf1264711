"""Retrieval against gold evidence (verbatim substrings of the posting text): recall@k, MRR."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from summariser.evaluation.datasets import QAItem
from summariser.text.spans import Span, find_quote


def evidence_spans(posting_text: str, evidence: Iterable[str]) -> list[Span]:
    """Where each gold evidence string sits in the posting (whitespace-insensitive), every place
    it does: a feed may repeat a passage, and quoting either copy cites it."""
    spans: list[Span] = []
    for quote in evidence:
        span = find_quote(posting_text, quote) if quote.strip() else None
        while span:
            spans.append(span)
            span = find_quote(posting_text, quote, span[1])
    return spans


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
        return {
            "n": self.n,
            f"recall@{self.k}": round(self.recall_at_k, 4),
            "mrr": round(self.mrr, 4),
            "chars": round(self.chars),
        }


def rank_items(
    items: list[QAItem],
    texts: dict[str, str],
    retrieve: Callable[[QAItem], list[tuple[str, Span]]],
    k: int = 5,
) -> list[tuple[QAItem, list[tuple[str, Span]], int | None]]:
    """(item, its top-k retrieved (posting_id, span), rank of the first gold hit) for every
    answerable item whose evidence can be located."""
    ranked = []
    for item in items:
        if not item.answerable or item.posting_id not in texts:
            continue
        gold = evidence_spans(texts[item.posting_id], item.gold_evidence)
        if gold:
            retrieved = retrieve(item)[:k]
            ranked.append((item, retrieved, first_hit_rank(retrieved, item.posting_id, gold)))
    return ranked


def score_ranks(ranked: list[tuple[QAItem, list[tuple[str, Span]], int | None]], k: int) -> RetrievalScores:
    """recall@k, MRR and characters read per question, from rank_items' output."""
    n = len(ranked)
    if not n:
        return RetrievalScores(0, float("nan"), float("nan"), k)
    ranks = [rank for _, _, rank in ranked]
    chars = sum(end - start for _, retrieved, _ in ranked for _, (start, end) in retrieved)
    return RetrievalScores(n, sum(r is not None for r in ranks) / n, sum(1.0 / r for r in ranks if r) / n, k, chars / n)


def score_retrieval(
    items: list[QAItem],
    texts: dict[str, str],
    retrieve: Callable[[QAItem], list[tuple[str, Span]]],
    k: int = 5,
) -> RetrievalScores:
    """recall@k and MRR over the answerable items whose evidence can be located."""
    return score_ranks(rank_items(items, texts, retrieve, k), k)
