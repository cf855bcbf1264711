"""Summary cards against hand-checked gold fields (../shared/eval/cards_dev.jsonl format).

ISO dates and salary numbers must match exactly; text fields match by normalised containment
either way. Scalar accuracy counts the fields the posting states; a field it does not state must
stay empty (filling it is a hallucination, counted by `not_stated_respected`); list fields are
scored by recall of the gold `must_mention` terms; every evidence quote must be verbatim in its
posting.
"""

from __future__ import annotations

from collections.abc import Callable

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


def score_cards(
    gold_rows: list[dict],
    cards: dict[str, dict],
    texts: dict[str, str],
    groups: dict[str, Callable[[dict], str | None]] | None = None,
) -> dict[str, object]:
    """The figures over all gold rows, then per group (`by_<name>`: e.g. dataset, source, language)."""
    scores = _score(gold_rows, cards, texts)
    for name, key in (groups or {}).items():
        values = sorted({v for row in gold_rows if (v := key(row)) is not None})
        scores[f"by_{name}"] = {v: _score([r for r in gold_rows if key(r) == v], cards, texts) for v in values}
    return scores


def _score(gold_rows: list[dict], cards: dict[str, dict], texts: dict[str, str]) -> dict[str, object]:
    """Scalar accuracy over the fields the posting states (a field it does not state is scored by
    `not_stated_respected` instead), must_mention recall of the lists, the lists' shape (short
    items, 3 to 8 of them) and evidence validity."""
    per_field: dict[str, list[bool]] = {}
    filled_not_stated, not_stated_total, mentions, mentioned, quotes, valid = 0, 0, 0, 0, 0, 0
    items, short_items, lists, sized_lists = 0, 0, 0, 0
    for row in gold_rows:
        card = cards.get(row["posting_id"])
        if card is None:
            continue
        for field, gold in row["gold"].items():
            if field != "must_mention" and gold not in (None, "", []):
                per_field.setdefault(field, []).append(card_field_correct(field, card.get(field), gold))
        for field in row.get("not_stated", []):
            not_stated_total += 1
            filled_not_stated += card.get(field) not in (None, "", [])
        for field, terms in row["gold"].get("must_mention", {}).items():
            listed = card.get(field) or []
            joined = _norm(" ".join(listed))
            for term in terms:
                mentions += 1
                mentioned += _norm(term) in joined
            lists += 1
            sized_lists += 3 <= len(listed) <= 8
            items += len(listed)
            short_items += sum(len(item.split()) <= SHORT_ITEM_WORDS for item in listed)
        text = texts.get(row["posting_id"], "")
        for field_evidence in (card.get("evidence") or {}).values():
            for evidence in field_evidence:
                quotes += 1
                valid += evidence_verbatim(evidence, text)
    scalar = [ok for oks in per_field.values() for ok in oks]
    return {
        "cards": sum(1 for r in gold_rows if r["posting_id"] in cards),
        "scalar_accuracy": _share(sum(scalar), len(scalar)),
        "per_field": {f: round(sum(v) / len(v), 3) for f, v in sorted(per_field.items())},
        "not_stated_respected": 1 - _share(filled_not_stated, not_stated_total),
        "not_stated_filled_rate": _share(filled_not_stated, not_stated_total),
        "must_mention_recall": _share(mentioned, mentions),
        "lists_with_3_to_8_items": _share(sized_lists, lists),
        "list_items_short": _share(short_items, items),
        "evidence_valid": _share(valid, quotes),
    }


SHORT_ITEM_WORDS = 15  # a list item in the card's style: a key clause, not a paragraph


def evidence_verbatim(evidence: object, text: str) -> bool:
    """A quote from the text must be in it (at its offsets, when it gives them); a value taken from
    the source's structured data is not a quote and is valid as given."""
    if isinstance(evidence, str):
        return find_quote(text, evidence) is not None
    if isinstance(evidence, dict) and evidence.get("provenance", "text") != "text":
        return True
    if not isinstance(evidence, dict) or not evidence.get("quote"):
        return False
    start, end = evidence.get("start"), evidence.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return text[start:end] == evidence["quote"]
    return find_quote(text, evidence["quote"]) is not None


def _share(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")
