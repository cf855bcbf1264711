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


def keywords_correct(answer: str, groups: list[list[str]]) -> bool:
    """Every keyword group has at least one alternative in the answer (case-insensitive)."""
    low = answer.lower()
    return all(any(alt.lower() in low for alt in group) for group in groups)


def citation_verbatim(citation: dict, texts: dict[str, str]) -> bool:
    text = texts.get(citation.get("posting_id", ""))
    if text is None:
        return False
    start, end, quote = citation.get("start"), citation.get("end"), citation.get("quote", "")
    if isinstance(start, int) and isinstance(end, int) and text[start:end] == quote and quote:
        return True
    return bool(quote) and find_quote(text, quote) is not None


def evidence_hit(citations: list[dict], item: QAItem, texts: dict[str, str]) -> bool:
    """A cited quote overlaps a gold evidence string of the item's posting."""
    text = texts.get(item.posting_id, "")
    gold = evidence_spans(text, item.gold_evidence)
    for citation in citations:
        if citation.get("posting_id") != item.posting_id:
            continue
        span = find_quote(text, citation.get("quote", ""))
        if span and any(min(span[1], g[1]) > max(span[0], g[0]) for g in gold):
            return True
    return False


def score_qa(items: list[QAItem], results: dict[str, dict], texts: dict[str, str]) -> dict[str, float]:
    """Dev-set Q&A figures: keyword correctness, abstention P/R/F1, citation validity, evidence hits."""
    answerable = [i for i in items if i.answerable and i.id in results]
    unanswerable = [i for i in items if not i.answerable and i.id in results]
    abstained = [i for i in items if i.id in results and results[i.id]["abstained"]]
    correct = sum(keywords_correct(results[i.id]["answer"], i.gold_keywords) and not results[i.id]["abstained"] for i in answerable)
    true_abstain = sum(1 for i in abstained if not i.answerable)
    citations = [c for i in items if i.id in results for c in results[i.id]["citations"]]
    precision = true_abstain / len(abstained) if abstained else float("nan")
    recall = true_abstain / len(unanswerable) if unanswerable else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    answered = [i for i in answerable if not results[i.id]["abstained"]]
    return {
        "n": len(answerable) + len(unanswerable),
        "correct_by_keywords": correct / len(answerable) if answerable else float("nan"),
        "abstention_precision": precision,
        "abstention_recall": recall,
        "abstention_f1": f1,
        "citations_verbatim": sum(citation_verbatim(c, texts) for c in citations) / len(citations) if citations else float("nan"),
        "answers_citing_gold_evidence": sum(evidence_hit(results[i.id]["citations"], i, texts) for i in answered) / len(answerable) if answerable else float("nan"),
        "answered_share": len(answered) / len(answerable) if answerable else float("nan"),
    }


def _norm(value: object) -> str:
    return " ".join(str(value).lower().replace("_", " ").split())


def card_field_correct(field: str, predicted: object, gold: object) -> bool:
    """Dates and salary numbers exact; text fields by normalised containment either way."""
    if gold in (None, "", []):
        return predicted in (None, "", [])
    if predicted in (None, "", []):
        return False
    if field == "salary":
        return all(predicted.get(k) == gold.get(k) for k in ("min", "max", "currency", "period") if k in gold)
    if field in {"deadline", "posted"}:
        return str(predicted) == str(gold)
    if isinstance(gold, list):
        return all(any(_norm(g) in _norm(p) or _norm(p) in _norm(g) for p in predicted) for g in gold)
    p, g = _norm(predicted), _norm(gold)
    return g in p or p in g


def score_cards(gold_rows: list[dict], cards: dict[str, dict], texts: dict[str, str]) -> dict[str, object]:
    """Per-field accuracy, how often a not-stated field was filled, must_mention recall, evidence validity."""
    per_field: dict[str, list[bool]] = {}
    filled_not_stated, not_stated_total, mentions, mentioned, quotes, valid = 0, 0, 0, 0, 0, 0
    for row in gold_rows:
        card = cards.get(row["posting_id"])
        if card is None:
            continue
        for field, gold in row["gold"].items():
            if field == "must_mention":
                continue
            per_field.setdefault(field, []).append(card_field_correct(field, card.get(field), gold))
        for field in row.get("not_stated", []):
            not_stated_total += 1
            filled_not_stated += card.get(field) not in (None, "", [])
        for field, terms in row["gold"].get("must_mention", {}).items():
            joined = _norm(" ".join(card.get(field) or []))
            for term in terms:
                mentions += 1
                mentioned += _norm(term) in joined
        text = texts.get(row["posting_id"], "")
        for field_quotes in (card.get("evidence") or {}).values():
            for quote in field_quotes:
                quotes += 1
                valid += find_quote(text, quote) is not None
    scalar = [ok for oks in per_field.values() for ok in oks]
    return {
        "cards": sum(1 for r in gold_rows if r["posting_id"] in cards),
        "scalar_accuracy": sum(scalar) / len(scalar) if scalar else float("nan"),
        "per_field": {f: round(sum(v) / len(v), 3) for f, v in sorted(per_field.items())},
        "not_stated_filled_rate": filled_not_stated / not_stated_total if not_stated_total else float("nan"),
        "must_mention_recall": mentioned / mentions if mentions else float("nan"),
        "evidence_valid": valid / quotes if quotes else float("nan"),
    }
