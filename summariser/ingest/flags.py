"""What of a posting is never evidence, in one place.

A posting's stored text stays verbatim, so offsets and citations stay true. Three kinds of span in
it are still never evidence for an answer or a card value: aggregator boilerplate
(text/boilerplate.py), text addressed to AI systems (text/untrusted.py) and text the page hid
from its readers (found by the HTML loader: white on white, `hidden`, zero size, off-screen …).
Flagged spans are recorded with the posting, in `metadata["flags"]` as
`{"kind", "rule", "start", "end"}`, so the ingest report, the card and the index all see them;
`excluded_spans` is the one function chunking and card extraction ask.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from summariser.ingest import hidden
from summariser.text.boilerplate import find_boilerplate, removed_spans
from summariser.text.spans import Span, find_quote
from summariser.text.untrusted import find_instructions
from summariser.types import Posting

AI_INSTRUCTION = "ai-instruction"
HIDDEN_HTML = hidden.KIND
_WHAT = {
    AI_INSTRUCTION: "text addressed to AI systems",
    HIDDEN_HTML: "text hidden from the page's readers",
}


def flag_posting(posting: Posting) -> Posting:
    """Record the posting's instructions addressed to AI in its metadata, beside any hidden-HTML
    flags the loader put there. A posting with nothing flagged gets no key (its hash is unchanged)."""
    kept = [f for f in flags_of(posting.metadata, len(posting.text)) if f["kind"] != AI_INSTRUCTION]
    found = [
        {"kind": AI_INSTRUCTION, "rule": hit.rule, "start": hit.start, "end": hit.end}
        for hit in find_instructions(posting.text)
    ]
    flags = sorted(kept + found, key=lambda f: (f["start"], f["end"]))
    if flags:
        posting.metadata["flags"] = flags
    else:
        posting.metadata.pop("flags", None)
    return posting


def flags_of(metadata: dict[str, Any] | None, length: int | None = None) -> list[dict[str, Any]]:
    """The well-formed flags of a posting's metadata (offsets inside a text of `length`)."""
    raw = (metadata or {}).get("flags")
    out = []
    for flag in raw if isinstance(raw, list) else []:
        if not isinstance(flag, dict):
            continue
        start, end = flag.get("start"), flag.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end and (length is None or end <= length):
            out.append(
                {"kind": str(flag.get("kind", "")), "rule": str(flag.get("rule", "")), "start": start, "end": end}
            )
    return out


def excluded_spans(text: str, metadata: dict[str, Any] | None = None, flagged: list[Span] | None = None) -> list[Span]:
    """Sorted, merged spans of text that are never evidence: boilerplate and the flagged spans
    (`flagged`, when the caller has `flagged_spans(text, metadata)` already: not found again)."""
    flagged = flagged_spans(text, metadata) if flagged is None else flagged
    return _merge(removed_spans(find_boilerplate(text)) + flagged)


def flagged_spans(text: str, metadata: dict[str, Any] | None = None) -> list[Span]:
    """Text addressed to AI systems (found again here, so postings indexed before the rule existed
    are covered too) and the flagged spans recorded with the posting, sorted and merged."""
    spans = [(hit.start, hit.end) for hit in find_instructions(text)]
    spans += [(f["start"], f["end"]) for f in flags_of(metadata, len(text))]
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def evidence_text(text: str, flagged: list[Span]) -> str:
    """The text without its excluded spans (boilerplate and `flagged`, the posting's
    `flagged_spans`, which the caller also needs for `quoted_outside`): what a model may be shown
    (for a posting with nothing flagged, exactly boilerplate.cleaned_text). A quote the model makes
    across a cut does not count: quotes are checked against the stored text with `quoted_outside`."""
    out, pos = [], 0
    for start, end in excluded_spans(text, flagged=flagged):
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def quoted_outside(text: str, quote: str, excluded: list[Span]) -> bool:
    """quote occurs in text somewhere that overlaps no excluded span."""
    at = 0
    while (found := find_quote(text, quote, at)) is not None:
        if not any(start < found[1] and found[0] < end for start, end in excluded):
            return True
        at = found[0] + 1
    return False


def warnings(metadata: dict[str, Any] | None) -> list[str]:
    """What a reader of the posting's card or ingest report should be told, one sentence each."""
    metadata = metadata or {}
    counts = Counter(f["kind"] for f in flags_of(metadata))
    out = [
        f"this posting contains {_WHAT.get(kind, kind)} ({n} passage{'s' if n > 1 else ''}); it is not used as evidence"
        for kind, n in sorted(counts.items())
    ]
    if metadata.get("structured_data_only"):
        out.append(
            "this posting's text comes only from the page's structured data (JSON-LD), which the page itself "
            "does not show; check it against the page"
        )
    return out
