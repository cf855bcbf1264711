"""schema.org JobPosting records (JSON-LD in a page, or a JSON feed of them) as posting parts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from summariser.ingest.fragments import fragment_to_text

_JSONLD = re.compile(r"<script[^>]+type=[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.S | re.I)


@dataclass
class PostingParts:
    text: str
    title: str | None = None
    employer: str | None = None
    url: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def jobposting_to_parts(obj: dict[str, Any]) -> PostingParts:
    """Map a schema.org JobPosting object to posting text and metadata. Values of the wrong type
    (a list of organisations, a number for a title) are read as text where they hold some; a
    description that is not text raises ValueError naming the property."""
    description = _description(obj.get("description"))
    text, hidden = fragment_to_text(description)
    meta: dict[str, Any] = {"jsonld": obj, **({"flags": hidden} if hidden else {})}
    for key, target in (
        ("datePosted", "date_posted"),
        ("validThrough", "valid_through"),
        ("employmentType", "employment_type"),
        ("jobLocationType", "job_location_type"),
    ):
        if obj.get(key):
            meta[target] = obj[key]
    location = _location_text(obj.get("jobLocation"))
    if location:
        meta["location"] = location
    return PostingParts(
        text=text.strip(),
        title=as_text(obj.get("title")),
        employer=as_text(obj.get("hiringOrganization")),
        url=_first_text(obj.get("url")),
        language=_language(obj.get("inLanguage")),
        metadata=meta,
    )


def as_text(value: Any, depth: int = 0) -> str | None:
    """A JSON-LD value as one line of text: strings and numbers as they are, a thing by its name
    (or @value), a list as its items joined by '; '; None when it holds no text."""
    if depth > 4 or value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("@value") or value.get("value"), depth + 1)
    if isinstance(value, list):
        items = [as_text(item, depth + 1) for item in value[:20]]
        return "; ".join(dict.fromkeys(item for item in items if item)) or None
    return None


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        return next((t for t in (as_text(v) for v in value[:20]) if t), None)
    return as_text(value)


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    language = _first_text(value)
    return language if language and len(language) <= 35 else None


def _description(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("@value"), str):
        return value["@value"]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return "\n\n".join(value)
    kind = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}
    raise ValueError(f"JobPosting 'description' is {kind.get(type(value), type(value).__name__)}, not text")


def jsonld_objects(html: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in _JSONLD.findall(html):
        try:
            data = json.loads(block.strip())
        except (ValueError, RecursionError):  # not JSON, nested too deeply, a number too long
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return found


def is_jobposting(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    return kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind)


def _location_text(location: Any) -> str | None:
    if isinstance(location, list):
        names = [_location_text(item) for item in location]
        return "; ".join(n for n in names if n) or None
    if isinstance(location, dict):
        address = location.get("address")
        if isinstance(address, dict):
            bits = [address.get(k) for k in ("addressLocality", "addressRegion", "addressCountry")]
            bits = [b.get("name") if isinstance(b, dict) else b for b in bits]
            return ", ".join(str(b) for b in bits if b) or None
        return str(address) if address else location.get("name")
    return str(location) if location else None
