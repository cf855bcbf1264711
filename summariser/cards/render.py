"""Cards as Markdown (laid out like the Arbeidsplassen "Job summary" card) and as schema.org
`JobPosting` JSON-LD, with a check of the properties Google requires."""

from __future__ import annotations

from typing import Any

from summariser.cards.schema import Evidence, JobCard
from summariser.text.markdown import escape_markdown as esc

NOT_STATED = "not stated"
GOOGLE_REQUIRED = ("title", "description", "datePosted", "hiringOrganization", "jobLocation")
_LABELS = {
    "on_site": "On-site",
    "remote": "Remote",
    "hybrid": "Hybrid",
    "full_time": "Full time",
    "part_time": "Part time",
    "permanent": "Permanent",
    "fixed_term": "Fixed term",
    "temporary": "Temporary",
}
_PERIOD = {"year": "year", "month": "month", "hour": "hour"}
FACTS = (
    ("Employer", "employer"),
    ("Location", "location"),
    ("Work mode", "work_mode"),
    ("Salary", "salary"),
    ("Employment", "employment_type"),
    ("Contract", "contract"),
    ("Duration", "duration"),
    ("Posted", "posted"),
    ("Deadline", "deadline"),
    ("Start", "start_date"),
    ("Hours", "working_hours"),
    ("Languages", "languages"),
    ("Contact", "contact"),
)
LISTS = (
    ("Benefits", "benefits"),
    ("Qualifications", "qualifications"),
    ("Responsibilities", "responsibilities"),
    ("Skills", "skills"),
    ("Education", "education"),
    ("Tools", "tools"),
    ("Application documents", "application_documents"),
)


def salary_text(card: JobCard) -> str:
    s = card.salary
    if s is None or s.min is None:
        return NOT_STATED
    amount = f"{s.min:,.0f}" if s.max in (None, s.min) else f"{s.min:,.0f} - {s.max:,.0f}"
    per = f" per {_PERIOD[s.period]}" if s.period else ""
    return f"{s.currency or ''} {amount}{per}".strip()


def value_text(card: JobCard, field: str) -> str:
    """A field's value in the card's words, or NOT_STATED."""
    value = getattr(card, field)
    if field == "salary":
        return salary_text(card)
    if value in (None, "", []):
        return NOT_STATED
    return _LABELS.get(value, value) if isinstance(value, str) else ", ".join(value)


def evidence_text(evidence: Evidence, limit: int = 300) -> str:
    """One piece of evidence in words: the quote, or the source field and its value."""
    quote = " ".join(evidence.quote.split())[:limit]
    return quote if evidence.from_text else f"{quote} ({evidence.provenance})"


def salary_note(card: JobCard) -> str | None:
    """The card's note when the posting states its salary in conflicting ways."""
    if card.salary and card.salary.text and "differently" in card.salary.text:
        return card.salary.text
    return None


def card_markdown(card: JobCard, with_evidence: bool = True) -> str:
    """Header facts, summary, then the lists; '> ' lines quote the posting's evidence. Every value
    is posting (or model) text, so each is escaped as the app escapes it: no link, image or HTML
    in a posting ever renders."""
    lines = [f"# {esc(card.title or card.posting_id)}", ""]
    for warning in card.warnings:  # one quote block each
        lines += [f"> **Warning:** {esc(warning)}", ""]
    for label, field in FACTS:
        lines.append(f"- **{label}:** {esc(value_text(card, field))}")
        if with_evidence and card.evidence.get(field):
            lines.append(f"  > {esc(evidence_text(card.evidence[field][0]))}")
        if field == "salary" and (note := salary_note(card)):
            lines.append(f"  - note: {esc(note)}")
    lines += ["", "## Job summary", "", esc(card.summary) if card.summary else NOT_STATED, ""]
    if card.summary_by:
        lines += [f"_Written by {esc(card.summary_by)}; each sentence checked against the posting's words:_", ""]
        for quote in card.evidence.get("summary", []) if with_evidence else []:
            lines += [f"> {esc(evidence_text(quote))}", ""]
    for title, field in LISTS:
        items = getattr(card, field)
        lines += [f"## {title}", ""] + ([f"- {esc(item)}" for item in items] if items else [f"_{NOT_STATED}_"]) + [""]
    if card.source_url:
        lines.append(f"Source: {esc(card.source_url)}")
    if card.conflicts:
        lines += ["## Where the text and the source's data disagree", "", *[f"- {esc(c)}" for c in card.conflicts], ""]
    if card.dropped:
        lines.append(f"_{len(card.dropped)} proposed value(s) dropped for lack of evidence._")
    return "\n".join(lines).rstrip() + "\n"


def card_jsonld(card: JobCard) -> dict[str, Any]:
    """schema.org JobPosting; only stated values appear."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "JobPosting", "identifier": card.posting_id}
    put = lambda key, value: data.__setitem__(key, value) if value not in (None, "", []) else None  # noqa: E731
    put("title", card.title)
    put("description", card.summary)
    put("datePosted", card.posted)
    put("validThrough", card.deadline)
    if card.employer:
        data["hiringOrganization"] = {"@type": "Organization", "name": card.employer}
    if card.location:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": card.location},
        }
    if card.salary and card.salary.min is not None:
        value = {"@type": "QuantitativeValue", "minValue": card.salary.min, "maxValue": card.salary.max}
        if card.salary.period:
            value["unitText"] = card.salary.period.upper()
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": card.salary.currency, "value": value}
    put("employmentType", {"full_time": "FULL_TIME", "part_time": "PART_TIME"}.get(card.employment_type or ""))
    if card.contract == "temporary":
        data["employmentType"] = [data["employmentType"], "TEMPORARY"] if "employmentType" in data else "TEMPORARY"
    put("jobLocationType", "TELECOMMUTE" if card.work_mode == "remote" else None)
    put("educationRequirements", "; ".join(card.education))
    put("qualifications", "; ".join(card.qualifications))
    put("responsibilities", "; ".join(card.responsibilities))
    put("skills", "; ".join(card.skills + card.tools))
    put("jobBenefits", "; ".join(card.benefits))
    put("url", card.source_url)
    return data


def missing_required(jsonld: dict[str, Any]) -> list[str]:
    """Google's required JobPosting properties this object lacks (reported, never invented)."""
    return [key for key in GOOGLE_REQUIRED if key not in jsonld]
