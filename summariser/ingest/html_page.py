"""HTML postings: main-content extraction (trafilatura), with a page's JobPosting JSON-LD as metadata."""

from __future__ import annotations

import re

from summariser.ingest.hidden import as_flags, mark_hidden, unmark
from summariser.ingest.jsonld import PostingParts, is_jobposting, jobposting_to_parts, jsonld_objects


def html_to_posting_parts(html: str) -> PostingParts:
    """Main text via trafilatura; JobPosting JSON-LD, when the page has one, supplies metadata
    (and the text, if the page body holds nothing but scripts: then `structured_data_only` says so).
    Text the page hides from readers stays in the text, flagged (`metadata["flags"]`)."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    jobposting = next((obj for obj in jsonld_objects(html) if is_jobposting(obj)), None)
    marked, marks = mark_hidden(html)
    text = (
        trafilatura.extract(
            marked,
            output_format="markdown",
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            deduplicate=False,
        )
        or ""
    )
    try:
        parts = jobposting_to_parts(jobposting) if jobposting else PostingParts(text="")
    except ValueError:  # a JobPosting whose description is not text: the page's own text stands
        parts = PostingParts(text="")
    text, hidden = unmark(text, marks)
    if text.strip():
        parts.text = text
        parts.metadata.pop("flags", None)  # flags of the JSON-LD description point into its text, not this one
        if hidden:
            parts.metadata["flags"] = as_flags(hidden)
    elif parts.text.strip():  # the page shows nothing: all its text is the JobPosting's structured data
        parts.metadata["structured_data_only"] = True
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
