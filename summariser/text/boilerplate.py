"""Rule-based removal of job-board chrome ("Enable job alerts via email!").

The stored posting text is never altered: rules only report spans, which chunking skips, so that
citations still quote the original. Every rule (a `NamedRule`) has a name and a note saying why
the text is chrome, so `jobsum ingest --json` can say exactly what was removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summariser.text.named_rule import NamedRule, named_rule
from summariser.text.spans import Span

RULES: tuple[NamedRule, ...] = (
    named_rule("job-alerts", r"Enable job alerts via email!?", "aggregator sign-up prompt"),
    named_rule(
        "resume-review",
        r"Get your free, confidential resume review\.?(?:\s*or drag and drop a [^\n]*?file[^\n]*)?",
        "aggregator upsell and upload widget",
    ),
    named_rule("early-applicant", r"^\s*Be an early applicant\s*$", "aggregator badge", re.I | re.M),
    named_rule(
        "euraxess-login",
        r"Where to send your application\.\s*Please login to use this functionality\.",
        "EURAXESS login widget text",
    ),
    named_rule("euraxess-offer-id", r"EURAXESS offer ID:\s*\d+", "EURAXESS page footer"),
    named_rule("euraxess-otm-r", r"\bKnow more about OTM-R\b", "EURAXESS link to its recruitment charter"),
    named_rule(
        "euraxess-disclaimer",
        r"Disclaimer:\s*The responsibility for the jobs published on this website.{0,400}?"
        r"recruitment and selection processes\.",
        "EURAXESS legal footer",
        re.I | re.S,
    ),
    named_rule(
        "euraxess-xml",
        r"Please contact support@euraxess\.org if you wish to download all jobs in XML\.",
        "EURAXESS footer",
    ),
    named_rule("read-original", r"\[Read the original article\]\([^)\s]*\)", "syndication link"),
    named_rule(
        "html-residue",
        r"^[ \t]*(?:</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>\n]*)?/?>[ \t]*)+$",
        "lines that are nothing but leftover HTML tags",
        re.M,
    ),
    named_rule(
        "share-apply-buttons",
        r"^[ \t]*(?:Share this job|Save job|Apply now|Apply for this job|Del annonsen|Søk her|Lagre annonsen)[ \t]*$",
        "button labels",
        re.I | re.M,
    ),
)


@dataclass(frozen=True)
class Removed:
    start: int
    end: int
    rule: str


def find_boilerplate(text: str, rules: tuple[NamedRule, ...] = RULES) -> list[Removed]:
    """All boilerplate spans in text, sorted and non-overlapping."""
    hits = sorted(
        (
            Removed(m.start(), m.end(), rule.name)
            for rule in rules
            for m in rule.pattern.finditer(text)
            if m.end() > m.start()
        ),
        key=lambda r: (r.start, -r.end),
    )
    merged: list[Removed] = []
    for hit in hits:
        if merged and hit.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Removed(last.start, max(last.end, hit.end), last.rule)
        else:
            merged.append(hit)
    return merged


def removed_spans(removed: list[Removed]) -> list[Span]:
    return [(r.start, r.end) for r in removed]


def cleaned_text(text: str) -> str:
    """The text with boilerplate cut out (for display and checks; citations use the original)."""
    out, pos = [], 0
    for r in find_boilerplate(text):
        out.append(text[pos : r.start])
        pos = r.end
    out.append(text[pos:])
    return "".join(out)
