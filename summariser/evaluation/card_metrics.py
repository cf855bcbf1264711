"""Summary cards against hand-checked gold fields (../shared/eval/cards_dev.jsonl format).

ISO dates and salary numbers must match exactly; text fields match by normalised containment
either way; a field the posting does not state must stay empty (filling it is a hallucination);
list fields are scored by recall of the gold `must_mention` terms; every evidence quote must be
verbatim in its posting.
"""

from __future__ import annotations

from summariser.text.spans import find_quote


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


def grade_card(row: dict, card: dict) -> dict[str, object]:
    """One card's mistakes against its gold row: wrong fields, and fields filled though not stated."""
    wrong = {
        f: {"predicted": card.get(f), "gold": g}
        for f, g in row["gold"].items()
        if f != "must_mention" and not card_field_correct(f, card.get(f), g)
    }
    filled = [f for f in row.get("not_stated", []) if card.get(f) not in (None, "", [])]
    return {"wrong": wrong, "filled_not_stated": filled}


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
        "not_stated_respected": 1 - filled_not_stated / not_stated_total if not_stated_total else float("nan"),
        "not_stated_filled_rate": filled_not_stated / not_stated_total if not_stated_total else float("nan"),
        "must_mention_recall": mentioned / mentions if mentions else float("nan"),
        "evidence_valid": valid / quotes if quotes else float("nan"),
    }
