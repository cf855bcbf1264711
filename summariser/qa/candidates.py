"""Which of a posting's sentences the relevance gate weighs, and which of those it lets through is
tried first. The gate (qa.relevance) scores the CANDIDATES nearest sentences; these rules decide
what those are — a sentence in the other language holding every key term, the posting's sentences
on the one kind of requirement asked about when none of the nearest speaks of it — and, of the
ones that pass, what comes first: the card's passage for a language asked about (the chat and the
card agree), the passage naming the applicant asked about, the one settling a yes/no for them."""

from __future__ import annotations

import re

from summariser.cards.facts import parsed_card
from summariser.cards.terms import names_language
from summariser.index.store import Index
from summariser.ingest.flags import excluded_spans
from summariser.qa import evidence as ev
from summariser.qa import polarity, relevance, terms
from summariser.qa.facts import language_evidence

MORE_ON_THE_ASKED = 8  # sentences on a question's one kind of requirement taken from the rest of a posting
CANDIDATES = 6  # sentences the relevance gate weighs (eval/fit_relevance.py fits it on as many)


def _speaks_of(sub: str, s: ev.Sentence) -> bool:
    """The candidate, read with its section heading, speaks of the kind of thing asked about."""
    return relevance.speaks_of(sub, relevance.context_of(s.section, s.text))


def with_passages_on(
    sub: str, ranked: list[ev.Sentence], index: Index, posting_id: str, query: str
) -> list[ev.Sentence]:
    """For a question about one kind of requirement (`sub`: nationality, a driving licence ...) that
    none of the nearest sentences speaks of, the posting's sentences that do, scored, after them:
    retrieval's chunks need not hold "Applications are invited from nationals of …" for "I'm a
    Canadian citizen. Can I apply?"."""
    if any(_speaks_of(sub, s) for s in ranked[:CANDIDATES]):
        return ranked
    posting = index.posting(posting_id)
    seen = {s.start for s in ranked}
    never = excluded_spans(posting.text, posting.metadata)  # boilerplate, text addressed to AI, hidden text
    speaking = [
        s
        for s in ev.sentences_in(posting_id, posting.title or "", posting.text, len(ranked) + 1)
        if s.start not in seen
        and not any(a < s.end and s.start < b for a, b in never)
        and relevance.speaks_of(sub, s.text)
        and not s.text.rstrip().endswith(":")
    ]  # not a label or a lead-in ("Eligibility of fellows: nationality/ies:"): what answers stands after it
    return [*ranked, *ev.score(query, speaking[:MORE_ON_THE_ASKED], index.embed_model)]


def cards_language_passage_first(
    relevant: list[ev.Sentence], ranked: list[ev.Sentence], index: Index, posting_id: str, question: str
) -> list[ev.Sentence]:
    """A question naming a language the card lists ("I don't speak any German. Can I still apply?")
    is answered first with the passage the card gives for it ("a basic knowledge of German or the
    willingness to acquire such knowledge is essential"): the chat and the card agree."""
    card = parsed_card(index, posting_id)
    text = index.posting(posting_id).text
    first = []
    for name in card.languages:
        said = language_evidence(card, name) if names_language(question, name) else None
        if not said or said.start is None or text[said.start : said.end] != said.quote:
            continue  # not asked about, or a value from the source's data rather than the text
        if any(f.start == said.start for f in first):
            continue  # one sentence naming both languages asked about
        found = next((s for s in ranked if s.posting_id == posting_id and s.start == said.start), None)
        top = ranked[0] if ranked else None
        first.append(
            found
            or ev.Sentence(
                posting_id,
                top.title if top else "",
                "",
                said.start,
                said.end,
                said.quote,
                1,
                top.similarity if top else 0.0,
                score=top.score if top else 0.0,
            )
        )
    return [*first, *(s for s in relevant if s not in first)] if first else relevant


def settling_first(question: str, relevant: list[ev.Sentence], ranked: list[ev.Sentence]) -> list[ev.Sentence]:
    """For a yes/no question about the applicant themselves ("I already have a PhD. Am I eligible?",
    "I'm an international student from India. Am I eligible?"), the candidate that settles it for
    them ("If you already hold a PhD …, we will not appoint you", "… open to UK and EU resident
    students only") is the answer where the gate's first choice does not settle it."""
    if relevant and polarity.verdict(question, relevant[0].text, relevant[0].section):
        return relevant
    for s in [*relevant, *ranked[:CANDIDATES]]:
        if polarity.for_the_applicant(question, s.text):
            return [s, *(r for r in relevant if r is not s)]
    return relevant


_ASKS_TO_APPLY = re.compile(r"\b(?:apply|eligible|welcome|considered|søke|søknad|aktuell)", re.I)
# what every "can I apply?" question says (key terms already leave out the words naming the post,
# "this PhD", "stillingen"): the words left name the applicant ("international", "disability")
_APPLYING = {
    terms.stem(w)
    for w in "apply application applications applicant candidate candidates student students eligible welcome "
    "considered like am still søke søknad kandidat aktuell".split()
}


def naming_the_applicant_first(
    question: str, relevant: list[ev.Sentence], ranked: list[ev.Sentence]
) -> list[ev.Sentence]:
    """For "Can international students apply?" or "I have a disability. Are applications like mine
    welcome?", the candidate that speaks of that applicant — it holds every word naming them —
    answers it, not the first passage on applying."""
    if not _ASKS_TO_APPLY.search(question):
        return relevant
    naming = [t for t in terms.key_terms(question) if t not in _APPLYING]
    if not naming:
        return relevant
    for s in [*relevant, *ranked[:CANDIDATES]]:
        if terms.holds_terms(naming, s.text):
            return [s, *(r for r in relevant if r is not s)]
    return relevant


def candidates(ranked: list[ev.Sentence], question: str, language: str, sub: str | None = None) -> list[ev.Sentence]:
    """The CANDIDATES most similar sentences; across languages, where e5 ranks a sentence in the
    other language lower, a sentence further down that holds all the question's key terms (through
    the EN-NO lexicon: 'undervise' in 'teaching') comes first; and for a question about one kind of
    requirement (`sub`: nationality, a driving licence ...) none of which speaks of it, the nearest
    sentences further down that do ("Applications are invited from nationals of …" for "I'm a
    Canadian citizen. Can I apply?")."""
    top = ranked[:CANDIDATES]
    if sub and not any(_speaks_of(sub, s) for s in top):
        speaking = [s for s in ranked[CANDIDATES:] if _speaks_of(sub, s)]
        top = [*speaking[:2], *top][:CANDIDATES]
    if not terms.key_terms(question):
        return top
    held = [
        s
        for s in ranked[CANDIDATES:]
        if terms.term_overlap(question, s.text) == 1.0 and relevance.language_of(s.text) != language
    ][:2]
    return [*held, *top][:CANDIDATES]
