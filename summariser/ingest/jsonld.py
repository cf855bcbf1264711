"""schema.org JobPosting records (JSON-LD in a page, or a JSON feed of them) as posting parts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_JSONLD = re.compile(r"<script[^>]+type=[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|section|article)\b[^>]*>", re.I)


@dataclass
class PostingParts:
    text: str
    title: str | None = None
    employer: str | None = None
    url: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def jobposting_to_parts(obj: dict[str, Any]) -> PostingParts:
    """Map a schema.org JobPosting object to posting text and metadata."""
    description = obj.get("description") or ""
    text = html_fragment_to_text(description) if "<" in description else description
    org = obj.get("hiringOrganization")
    employer = org.get("name") if isinstance(org, dict) else org
    meta: dict[str, Any] = {"jsonld": obj}
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
        title=obj.get("title") or None,
        employer=employer or None,
        url=obj.get("url") or None,
        language=obj.get("inLanguage") or None,
        metadata=meta,
    )


def jsonld_objects(html: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in _JSONLD.findall(html):
        try:
            data = json.loads(block.strip())
        except json.JSONDecodeError:
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


def html_fragment_to_text(fragment: str) -> str:
    """An HTML fragment as plain text: block elements become line breaks, entities are decoded."""
    import html as html_lib

    text = _BLOCK_TAG.sub("\n", fragment)
    text = html_lib.unescape(_TAG.sub("", text))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


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
