"""What a card's reader should be told about the posting itself: its flagged text (ingest/flags.py)
and structured data (a page's JSON-LD) that the visible text contradicts. The card keeps the
text's value; the structured data's value is named in the warning, so neither wins silently."""

from __future__ import annotations

import re
from typing import Any

from summariser.cards.schema import JobCard
from summariser.ingest import flags

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def card_warnings(card: JobCard, metadata: dict[str, Any] | None) -> list[str]:
    metadata = metadata or {}
    out = flags.warnings(metadata)
    jsonld = metadata.get("jsonld")
    if isinstance(jsonld, dict):
        out += _deadline_conflict(card, jsonld) + _salary_conflict(card, jsonld)
    return out


def _deadline_conflict(card: JobCard, jsonld: dict[str, Any]) -> list[str]:
    raw = jsonld.get("validThrough")
    stated = _ISO_DATE.match(raw.strip()) if isinstance(raw, str) else None
    if not stated or not card.deadline or stated.group(0) == card.deadline:
        return []
    return [
        f"the page's structured data (JSON-LD) gives the deadline as {stated.group(0)}, the posting's text as "
        f"{card.deadline}; the card shows the text's"
    ]


def _salary_conflict(card: JobCard, jsonld: dict[str, Any]) -> list[str]:
    amounts = _amounts(jsonld.get("baseSalary"))
    if not amounts or card.salary is None or card.salary.min is None:
        return []
    low, high = card.salary.min, card.salary.max if card.salary.max is not None else card.salary.min
    if all(low - 1 <= amount <= high + 1 for amount in amounts):
        return []
    currency = jsonld["baseSalary"].get("currency") if isinstance(jsonld.get("baseSalary"), dict) else None
    said = " - ".join(f"{amount:,.0f}" for amount in sorted(set(amounts)))
    return [
        f"the page's structured data (JSON-LD) gives the salary as {(currency or '').strip()} {said}".replace("  ", " ")
        + f", the posting's text as {card.salary.text or f'{low:,.0f}'}; the card shows the text's"
    ]


def _amounts(value: Any, depth: int = 0) -> list[float]:
    """Every amount in a schema.org MonetaryAmount (value, minValue, maxValue, nested)."""
    if depth > 4:
        return []
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, str):
        cleaned = value.replace(",", "").replace(" ", "")
        return [float(cleaned)] if re.fullmatch(r"\d+(?:\.\d+)?", cleaned) else []
    if isinstance(value, dict):
        return [a for key in ("value", "minValue", "maxValue") for a in _amounts(value.get(key), depth + 1)]
    if isinstance(value, list):
        return [a for item in value[:10] for a in _amounts(item, depth + 1)]
    return []
