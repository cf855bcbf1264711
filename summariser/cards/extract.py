"""Job-summary cards, deterministic first: the posting's lines and sentences fill the card, and
every value keeps the evidence it came from — a verbatim quote with its offsets, or the source's
structured data (`source:<field>`). `verify_card` drops any value whose evidence is not there, so
whatever fills a card later (a model) passes the same gate."""

from __future__ import annotations

import re

from summariser.cards.document import CardText, Piece
from summariser.cards.lists import read_lists
from summariser.cards.schema import LIST_FIELDS, SCALAR_FIELDS, Evidence, JobCard
from summariser.cards.summary import read_summary
from summariser.cards.terms import posted_date, read_languages, read_salary, read_terms, read_tools
from summariser.text.spans import find_quote, normalise_ws

_EMPLOYER_SECTION = re.compile(
    r"om bedriften|om arbeidsgiver|about (?:the )?(?:employer|company|us|organisation|organization|university)", re.I
)
_EMPLOYER_SUBJECT = re.compile(r"^(?P<org>[A-ZÆØÅ][^.,;:\n]{2,80}?) (?:is|er) (?:a|an|the|en|et|ei)\b")
_LOCATION_LABEL = re.compile(r"^\**(?:location\(?s?\)?|sted|arbeidssted|place of work)\**\s*:\**\s*(?P<v>.*)$", re.I)
_LOCATION_PHRASE = re.compile(
    r"(?:workplace is|located|based|position is|placed|ligger|arbeidssted er) (?:at [^.\n]{0,60}? )?(?:in|"
    r"i) (?P<v>[A-ZÆØÅ][\wæøåÆØÅ-]+)|\((?P<c>[A-ZÆØÅ][\wæøå-]+), (?:Norway|Sweden|Denmark|Finland|UK|Germany|Spain|Italy|France)\)"
)


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
) -> JobCard:
    """A card from the text alone (plus the posting's own metadata), every value with evidence."""
    metadata = metadata or {}
    doc = CardText(text)
    builder = _Card(JobCard(posting_id=posting_id, source_url=source_url), doc)
    card, put = builder.card, builder.put
    posted = posted_date(metadata)
    if posted:
        put("posted", posted, Evidence(quote=posted, provenance="source:date_posted"))
    # The title is the posting's own name for itself (front matter, feed record, <title>) and is
    # kept, with evidence when the text repeats it. An employer the text never mentions is site
    # metadata, not the posting's word, and stays off the card.
    if title:
        put("title", title, doc.locate(title) or Evidence(quote=title, provenance="source:title"))
    if employer and (found := doc.locate(employer)):
        put("employer", employer, found)
    read_terms(doc, put, posted)
    for line, following in zip(doc.lines, [*doc.lines[1:], None]):
        label = _LOCATION_LABEL.match(line.text)
        if label and 2 <= len(label.group("v")) <= 60:  # "Location: Tromsø"
            put("location", label.group("v").strip("* "), line)
        elif label and not label.group("v") and following and 2 <= len(following.text) <= 60:  # the value below
            put("location", following.text.strip("* "), line, following)
    for sentence in doc.sentences:
        m = _LOCATION_PHRASE.search(sentence.text)
        if m:
            put("location", m.group("v") or m.group("c"), sentence)
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
    return verify_card(card, text)


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
