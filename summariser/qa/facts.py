"""Answers from the posting's card: a question about a fact (deadline, salary, start, ...) or a list
(tasks, benefits, documents, requirements) is answered with the card's value and the evidence the
card holds for it, so what the chat says and what the card shows are the same."""

from __future__ import annotations

import re

from summariser.cards.facts import parsed_card
from summariser.cards.items import DOCUMENT
from summariser.cards.schema import Evidence, JobCard
from summariser.cards.terms import language_quote
from summariser.index.store import Index
from summariser.qa import relevance, terms, wording
from summariser.qa.intents import Intent, classify, cued
from summariser.qa.models import Answer, cite
from summariser.text.lexicon import LANGUAGES

FIELD_OF = {
    "deadline": ["deadline"],
    "salary": ["salary"],
    "start": ["start_date"],
    "duration": ["duration", "contract"],
    "location": ["location"],
    "work_mode": ["work_mode"],
    "hours": ["working_hours", "employment_type"],
    "contract": ["contract"],
    "contact": ["contact"],
    "employer": ["employer"],
    "title": ["title"],
}
LISTS_OF = {
    "tasks": ["responsibilities"],
    "benefits": ["benefits"],
    "how_to_apply": ["application_documents"],
    "requirements": ["qualifications", "education", "languages"],
}
# yes/no about a fact: the question names a value, the card holds one ("Is it permanent?" -> contract)
_NAMED_VALUES = {
    "permanent": r"permanent|fast\b",
    "fixed_term": r"fixed[- ]?term|temporary|midlertidig|engasjement|åremål",
    "temporary": r"temporary|vikariat|cover",
    "remote": r"remote|from home|hjemmefra|hjemmekontor",
    "hybrid": r"hybrid",
    "on_site": r"on[- ]?site|in the office|på kontoret",
    "full_time": r"full[- ]?time|heltid",
    "part_time": r"part[- ]?time|deltid",
}


def fact_answer_into(answer: Answer, index: Index, intent: Intent) -> bool:
    """Answer a fact question from the card; False for questions that are not about a card fact
    and for facts the card does not have (the caller looks in the posting's passages)."""
    fields = FIELD_OF.get(intent.name)
    if not fields or intent.sub == "schedule":  # when one works is no card fact; how much is
        return False
    card = parsed_card(index, answer.posting_id)
    sentence = wording.fact_sentence(intent.name, card, answer.language)
    if sentence is None and intent.name == "duration" and card.contract == "permanent":
        sentence = wording.fact_sentence("contract", card, answer.language)
    if sentence is None:
        return False
    markers, quotes = _cite_fields(answer, index, card, fields)
    lead = _yes_no(intent, answer, card, fields)
    said = " ".join(f"“{' '.join(q.split())}”{m}" for q, m in quotes)
    answer.text = f"{lead}{sentence}{markers}." + (f" {wording.phrase('says', answer.language)} {said}" if said else "")
    answer.mode = "fact"
    return True


_CLAUSES = re.compile(r",\s*|\s+(?:and|og|plus)\s+", re.I)


def other_facts_into(answer: Answer, index: Index, intent: Intent) -> None:
    """A question joining fact questions ("How long is the contract and when would I start?") gets
    the card's other facts too: each clause whose own intent is another fact the card has adds its
    sentence."""
    clauses = [c for c in _CLAUSES.split(answer.question) if len(c.split()) >= 2]
    if len(clauses) < 2:
        return
    asked = {intent.name}
    card = parsed_card(index, answer.posting_id)
    for clause in clauses:
        if not (cued(clause) & FIELD_OF.keys()):  # no fact's cue word: no fact intent, so no e5 call
            continue
        name = classify(clause, index.embed_model).name
        if name in asked or name not in FIELD_OF or name not in cued(clause):
            continue
        asked.add(name)
        sentence = wording.fact_sentence(name, card, answer.language)
        if sentence:
            markers, _ = _cite_fields(answer, index, card, FIELD_OF[name])
            answer.text += f" {sentence}{markers}."


def languages_answer_into(answer: Answer, index: Index, intent: Intent) -> bool:
    """'Which languages do I need?' / 'Hvilke språkkrav stilles?': the card's languages, each with
    the sentence that names it. Not a question naming a language ('Do I need German?'), which is
    a yes/no about that language, read from its passage."""
    if intent.name != "requirements" or intent.sub != "language" or intent.yes_no:
        return False
    if terms.named_languages(answer.question):
        return False
    card = parsed_card(index, answer.posting_id)
    if not card.languages:
        return False
    names = []
    for name in card.languages:
        shown = LANGUAGES.get(name, name) if answer.language == "no" else name
        naming = language_evidence(card, name)
        marker = _marker(answer, index, card, naming) if naming else ""
        names.append(f"{shown}{marker}")
    answer.text = wording.phrase("languages", answer.language, names=", ".join(names)) + "."
    if answer.citations:
        answer.text += f" {wording.phrase('says', answer.language)} " + " ".join(
            f"“{' '.join(c.quote.split())}” [{c.n}]" for c in answer.citations
        )
    answer.mode = "fact"
    return True


def language_evidence(card: JobCard, language: str) -> Evidence | None:
    """The card's evidence for one of its languages: the quote naming it, as a skill where one does
    (two languages may share one sentence, so the evidence list does not run parallel to them)."""
    evidence = card.evidence.get("languages", [])
    n = language_quote([e.quote for e in evidence], language)
    return None if n is None else evidence[n]


def list_answer_into(answer: Answer, index: Index, intent: Intent) -> bool:
    """The card's list for a question about tasks, benefits, documents or requirements, when the card
    has one; False otherwise (the question goes to retrieval)."""
    fields = LISTS_OF.get(intent.name)
    if (
        not fields
        or intent.yes_no
        or (intent.name == "how_to_apply" and intent.sub != "documents")
        or not relevance.asks_for_whole_list(intent.name, answer.question)  # a narrower question: retrieval
    ):
        return False
    card = parsed_card(index, answer.posting_id)
    items = [
        (field, n, item) for field in fields for n, item in enumerate(getattr(card, field)) if field != "languages"
    ]
    if not items or (intent.name == "how_to_apply" and not any(DOCUMENT.search(item) for _, _, item in items)):
        return False  # a documents list naming no document ("Documents … must be translated") lists none
    parts = []
    for field, n, item in items[:8]:
        evidence = card.evidence.get(field, [])
        marker = (
            _marker(answer, index, card, evidence[n])
            if n < len(evidence) and len(evidence) == len(getattr(card, field))
            else ""
        )
        parts.append(f"{item}{marker}")
    lead = "Utlysningen nevner:" if answer.language == "no" else "The posting lists:"
    answer.text = f"{lead} " + "; ".join(parts) + "."
    answer.mode = "fact"
    return True


def _cite_fields(answer: Answer, index: Index, card: JobCard, fields: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The markers citing the first field's evidence (up to two pieces), and those quotes with their
    markers, to show the posting's own words beside the fact."""
    markers, quotes = [], []
    for field in fields:
        for evidence in card.evidence.get(field, [])[:2]:
            marker = _marker(answer, index, card, evidence)
            markers.append(marker)
            if evidence.from_text:
                quotes.append((evidence.quote, marker))
        if markers:
            break
    return "".join(dict.fromkeys(m for m in markers if m)), quotes


def _marker(answer: Answer, index: Index, card: JobCard, evidence: Evidence) -> str:
    """' [n]' citing a text quote; a value from the source's structured data is named, not cited."""
    if not evidence.from_text or evidence.start is None:
        return f" ({evidence.provenance})"
    stored = index.posting(card.posting_id)
    citation = cite(answer, card.posting_id, stored.title or "", "", evidence.quote, evidence.start, evidence.end)
    return f" [{citation.n}]"


_ASKS_LEAVE = re.compile(
    r"^(?:and |og |but |men )?(?:can|could|may|is it possible|would it be possible|kan|går det an|er det mulig)\b", re.I
)


def _yes_no(intent: Intent, answer: Answer, card: JobCard, fields: list[str]) -> str:
    """'Yes. ' / 'No. ' when a yes/no question names a value and the card states that or another."""
    if not intent.yes_no:
        return ""
    value = next((getattr(card, f) for f in fields if isinstance(getattr(card, f), str)), None)
    named = [name for name, pattern in _NAMED_VALUES.items() if re.search(pattern, answer.question, re.I)]
    if not named or value not in _NAMED_VALUES:
        return ""
    if value not in named and _ASKS_LEAVE.search(answer.question):
        return ""  # 'Can I do it part-time?' against a full-time post: what it offers, not what it forbids
    return wording.phrase("yes" if value in named else "no", answer.language) + " "
