"""Job-summary cards, deterministic first: the posting's lines and sentences fill the card, and
every value keeps the evidence it came from — a verbatim quote with its offsets, or the source's
structured data (`source:<field>`). `verify_card` drops any value whose evidence is not there, so
whatever fills a card later (a model) passes the same gate."""

from __future__ import annotations

import re

from summariser.cards.document import CardText, Piece
from summariser.cards.employers import ranked_employer
from summariser.cards.lists import read_lists
from summariser.cards.places import read_location
from summariser.cards.roles import read_employer, read_title
from summariser.cards.schema import LIST_FIELDS, SCALAR_FIELDS, Evidence, JobCard, Salary
from summariser.cards.sources import CHECKED, disagree, source_facts
from summariser.cards.summary import read_summary
from summariser.cards.terms import posted_date, read_languages, read_salary, read_terms, read_tools
from summariser.ingest.flags import excluded_spans
from summariser.text.spans import find_quote, normalise_ws

_EMPLOYER_SECTION = re.compile(
    r"om bedriften|om arbeidsgiver|about (?:the )?(?:employer|company|us|organisation|organization|university)", re.I
)
_EMPLOYER_SUBJECT = re.compile(r"^(?P<org>[A-ZÆØÅ][^.,;:\n]{2,80}?) (?:is|er) (?:a|an|the|en|et|ei)\b")


class _Card:
    """A card being filled: the first value a field gets stays, with its evidence."""

    def __init__(self, card: JobCard, doc: CardText):
        self.card, self.doc = card, doc

    def put(self, field: str, value, *evidence: Piece | Evidence | tuple[int, int]) -> bool:
        if value in (None, "", []) or getattr(self.card, field) not in (None, [], ""):
            return False
        setattr(self.card, field, value)
        self.cite(field, *evidence)
        return True

    def add(self, field: str, item: str, *evidence: Piece | Evidence | tuple[int, int]) -> None:
        getattr(self.card, field).append(item)
        self.cite(field, *evidence)

    def cite(self, field: str, *evidence: Piece | Evidence | tuple[int, int]) -> None:
        quotes = [e if isinstance(e, Evidence) else self.doc.quote(e) for e in evidence]
        self.card.evidence.setdefault(field, []).extend(quotes)


def extract_card(
    posting_id: str,
    text: str,
    title: str | None = None,
    employer: str | None = None,
    source_url: str | None = None,
    metadata: dict | None = None,
    sources: bool = True,
) -> JobCard:
    """A card from the text, every value with evidence; with `sources`, the posting's own metadata
    (the feed's title, its date) fills what the text does not state, marked as such."""
    metadata = metadata or {}
    doc = CardText(text, excluded_spans(text, metadata))  # boilerplate, text addressed to AI, hidden text
    builder = _Card(JobCard(posting_id=posting_id, source_url=source_url), doc)
    card, put = builder.card, builder.put
    posted = posted_date(metadata) if sources else None
    if posted:
        put("posted", posted, Evidence(quote=posted, provenance="source:date_posted"))
    stated_title = read_title(doc, title, sources)
    if stated_title:
        put("title", stated_title[0], *(stated_title[1] or [Evidence(quote=title, provenance="source:title")]))
    elif title and sources:
        put("title", title, Evidence(quote=title, provenance="source:title"))
    stated_employer = read_employer(doc, employer)
    if stated_employer:
        put("employer", stated_employer[0], *stated_employer[1])
    read_terms(doc, put, posted)
    location = read_location(doc)
    if location:
        put("location", location[0], *location[1])
    salary = read_salary(doc)
    if salary:
        put("salary", salary[0], *salary[1])
    for field, items in read_lists(doc).items():
        for item, line in items:
            builder.add(field, item, line)
    for name, span in read_tools(doc):
        builder.add("tools", name, span)
    for language, sentence in read_languages(doc):
        builder.add("languages", language, sentence)
    summary = read_summary(doc)
    if summary:
        put("summary", normalise_ws(" ".join(s.text for s in summary)), *summary)
    for line in doc.lines:
        m = _EMPLOYER_SUBJECT.match(line.text)
        if m and line.section and _EMPLOYER_SECTION.search(line.heading):
            put("employer", m.group("org"), line)
            break
    # no rule found it and no structured data names it: the ranker learnt from the feeds' employers
    named_by_source = sources and any(fact.field == "employer" for fact in source_facts(metadata))
    ranked = None if card.employer or named_by_source else ranked_employer(doc)
    if ranked:
        put("employer", ranked[0], *ranked[1])
    if sources:
        _add_sources(builder, metadata)
    return verify_card(card, text)


def _add_sources(builder: _Card, metadata: dict) -> None:
    """The source's structured data fills what the text does not state; where the text states
    something else, the text's value stays and the card lists both."""
    for fact in source_facts(metadata):
        current = getattr(builder.card, fact.field)
        if current in (None, "", []):
            builder.put(fact.field, fact.value, fact.evidence)
        elif fact.field in CHECKED and disagree(fact.field, current, fact.value):
            note = (
                f"{fact.field}: the text says {_shown(current)}; {fact.evidence.provenance} says {_shown(fact.value)}"
            )
            if note not in builder.card.conflicts:
                builder.card.conflicts.append(note)
                builder.cite(fact.field, fact.evidence)


def _shown(value: object) -> str:
    if isinstance(value, Salary):
        amount = f"{value.min:,.0f}" if value.max in (None, value.min) else f"{value.min or 0:,.0f}-{value.max:,.0f}"
        return f"{value.currency} {amount}" + (f" per {value.period}" if value.period else "")
    return str(value)


def verify_card(card: JobCard, text: str) -> JobCard:
    """Keep only evidence that stands: a text quote must be the posting's text at its offsets (found
    again when it has none); source data stands as given. Values left without any are dropped."""
    kept: dict[str, list[Evidence]] = {}
    for field, evidence in card.evidence.items():
        good = [e for e in (_checked(e, text) for e in evidence) if e is not None]
        if good:
            kept[field] = list({(e.provenance, e.start, e.end, e.quote): e for e in good}.values())
    for field in SCALAR_FIELDS:
        value = getattr(card, field)
        if value in (None, "", []) or field in kept:
            continue
        card.dropped.append(f"{field}: {value}")
        setattr(card, field, None)
    for field in LIST_FIELDS:
        if getattr(card, field) and field not in kept:
            card.dropped.append(f"{field}: {getattr(card, field)}")
            setattr(card, field, [])
    card.evidence = kept
    card.summary_by = card.summary_by if card.summary else None
    card.not_stated = [f for f in (*SCALAR_FIELDS, *LIST_FIELDS) if getattr(card, f) in (None, "", [])]
    return card


def _checked(evidence: Evidence | str, text: str) -> Evidence | None:
    if isinstance(evidence, str):  # a quote set by hand, without offsets
        evidence = Evidence(quote=evidence)
    if not evidence.from_text:
        return evidence
    if (
        evidence.start is not None
        and evidence.end is not None
        and text[evidence.start : evidence.end] == evidence.quote
    ):
        return evidence
    span = find_quote(text, evidence.quote)
    return (
        evidence.model_copy(update={"start": span[0], "end": span[1], "quote": text[span[0] : span[1]]})
        if span
        else None
    )
