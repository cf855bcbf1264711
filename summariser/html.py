"""HTML postings: main-content extraction (trafilatura) and schema.org JobPosting JSON-LD."""

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


def html_to_posting_parts(html: str) -> PostingParts:
    """Main text via trafilatura; JobPosting JSON-LD, when the page has one, supplies metadata
    (and the text, if the page body holds nothing but scripts)."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    jobposting = next((obj for obj in _jsonld_objects(html) if _is_jobposting(obj)), None)
    text = trafilatura.extract(
        html, output_format="markdown", include_comments=False, include_tables=True, favor_recall=True, deduplicate=False
    ) or ""
    parts = jobposting_to_parts(jobposting) if jobposting else PostingParts(text="")
    if text.strip():
        parts.text = text
    meta = extract_metadata(html) if text.strip() or parts.text.strip() else None
    if meta is not None:
        parts.title = parts.title or (meta.title or None)
        parts.url = parts.url or (meta.url or None)
        parts.employer = parts.employer or (meta.sitename or None)
        if meta.date and "date" not in parts.metadata:
            parts.metadata["date"] = meta.date
    lang = re.search(r"<html[^>]*\blang=[\"']([a-zA-Z-]+)", html)
    if lang and not parts.language:
        parts.language = lang.group(1).split("-")[0].lower()
    return parts


def jobposting_to_parts(obj: dict[str, Any]) -> PostingParts:
    """Map a schema.org JobPosting object to posting text and metadata."""
    description = obj.get("description") or ""
    text = _html_fragment_to_text(description) if "<" in description else description
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


def _jsonld_objects(html: str) -> list[dict[str, Any]]:
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


def _is_jobposting(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    return kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind)


def _html_fragment_to_text(fragment: str) -> str:
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
