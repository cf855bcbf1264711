"""Grounded Q&A: every sentence of an answer cites a verbatim quote, or the answer abstains.

retrieve → ask the model with numbered passages → verify each sentence against the sentence(s)
it cites (numbers, dates, negation, content) → drop what fails → if nothing is left, quote the
best evidence when retrieval is confident, else say the posting does not say.
"""

from __future__ import annotations

import itertools
import re
import time

from pydantic import BaseModel, Field

from summariser import grounding
from summariser.config import Settings
from summariser.grounding import Rule
from summariser.grounding.rules import negated
from summariser.index.retrieval import Hit, search
from summariser.index.store import Index
from summariser.llm import client as llm
from summariser.llm import prompts, usefulness
from summariser.qa import evidence as ev
from summariser.text.spans import sentences as split_sentences

# Calibrated on ../shared/eval/qa_dev.jsonl with bench/calibrate_abstention.py: below ANSWER_MIN
# the best evidence sentence is too far from the question to quote it as an answer. Dense
# similarity separates answerable from unanswerable questions only weakly (both sit around
# 0.80-0.87 with e5-small); the answer-type gate in evidence.py does most of the work.
ANSWER_MIN = 0.82
TYPED_ANSWER_MIN = 0.80  # when the question asks for a date/amount/contact and the sentence has one
CROSSLINGUAL_DISCOUNT = 0.02  # a Norwegian question against English text scores lower for the same match
NOT_STATED = re.compile(r"\bNOT[ _]STATED\b|does not (?:say|state|mention)|står ikke|nevner ikke", re.I)
_MARKER = re.compile(r"\s*\[(\d+)\]")
_FOLLOW_UP = re.compile(
    r"^(?:and|what about|how about|also|og|hva med|enn)\b|\b(?:it|that|this|they|there|den|det|der)\b", re.I
)


def without_markers(text: str) -> str:
    """The answer text without its [n] citation markers (what a judge checks as claims)."""
    return _MARKER.sub("", text).strip()


class Citation(BaseModel):
    n: int
    posting_id: str
    title: str = ""
    section: str = ""
    quote: str = Field(description="Verbatim substring of the posting's stored text.")
    start: int
    end: int


class Answer(BaseModel):
    question: str
    posting_id: str | None = None
    text: str = Field(description="The answer, with [n] markers pointing into citations.")
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    mode: str = Field("generated", description="generated | extractive | abstained")
    dropped_claims: list[str] = Field(default_factory=list, description="Model sentences the posting did not support.")
    confidence: float = 0.0
    model: str = ""
    usage: dict[str, float] = Field(default_factory=dict)
    latency_s: float = 0.0

    def result_record(self, item_id: str | None = None) -> dict[str, object]:
        """The QA-results line of ../shared/eval/README.md."""
        record: dict[str, object] = {
            "posting_id": self.posting_id,
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [
                {"n": c.n, "posting_id": c.posting_id, "quote": c.quote, "start": c.start, "end": c.end}
                for c in self.citations
            ],
            "latency_s": round(self.latency_s, 3),
            "model": self.model,
        }
        return {"id": item_id, **record} if item_id else record


_NORWEGIAN = frozenset(
    "er jeg og hva hvor hvilke hvilken hvordan hvem når kan det på som til med ikke stillingen jobben lønn lønnen søke "
    "må meg du dere har ha være skal vil dette denne noe noen eller om en".split()
)


def is_norwegian(text: str) -> bool:
    words = re.findall(r"[a-zæøå]+", text.lower())
    hits = sum(w in _NORWEGIAN for w in words)
    return hits >= 2 or (hits >= 1 and bool(re.search(r"[æøå]", text.lower())))


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
    query = standalone_query(question, history)
    hits = search(index, query, k=k, posting_id=posting_id)
    texts = {pid: index.posting(pid).text for pid in {h.posting_id for h in hits}}
    ranked = ev.score(query, ev.sentences_of(hits, texts), index.embed_model)
    confidence = ranked[0].similarity if ranked and ranked[0].typed else 0.0
    if ranked and is_norwegian(question) != is_norwegian(ranked[0].text):
        confidence += CROSSLINGUAL_DISCOUNT
    answer = Answer(question=question, posting_id=posting_id, text="", confidence=round(confidence, 4), model=model)

    threshold = TYPED_ANSWER_MIN if ev.expected_type(query) else ANSWER_MIN
    if hits and confidence >= threshold - 0.03 and usefulness.use_model(model, "answer", settings.generation):
        if settings.llm_cache_dir:
            llm.enable_cache(str(settings.llm_cache_dir))
        messages = _messages(question, hits, history)
        completion = llm.complete(
            messages,
            model,
            max_tokens=160,
            api_base=settings.api_base,
            timeout=settings.timeout,
            retries=settings.max_retries,
            fallback=settings.fallback_model,
        )
        answer.usage = {
            "prompt_tokens": completion.usage.prompt_tokens,
            "completion_tokens": completion.usage.completion_tokens,
            "cost": completion.usage.cost,
        }
        _verify_into(answer, completion.text, hits, texts)

    if not answer.citations:
        if ranked and confidence >= threshold:
            _extractive_into(answer, question, ranked)
        else:
            _abstain_into(answer, question, ranked)
    answer.latency_s = time.perf_counter() - started
    return answer


def _messages(question: str, hits: list[Hit], history: list[dict[str, str]] | None) -> list[dict[str, str]]:
    passages = "\n\n".join(
        f"[{n}] ({h.section or 'posting'}) {' '.join(h.text.split())}" for n, h in enumerate(hits, 1)
    )
    titles = sorted({h.title for h in hits})
    user = prompts.render(
        "answer_user", title="; ".join(titles), passages=passages.replace("</posting>", ""), question=question
    )
    turns = [m for m in (history or [])[-4:] if m.get("role") in {"user", "assistant"}]
    return [{"role": "system", "content": prompts.template("answer_system")}, *turns, {"role": "user", "content": user}]


def _verify_into(answer: Answer, generated: str, hits: list[Hit], texts: dict[str, str]) -> None:
    """Keep the model's sentences that cite a passage and are supported by a sentence of it."""
    if NOT_STATED.search(generated) and not _MARKER.search(generated):
        return
    kept: list[str] = []
    for start, end in split_sentences(generated):
        sentence = generated[start:end]
        cited = [int(n) for n in _MARKER.findall(sentence)]
        claim = without_markers(sentence)
        if not claim or not re.search(r"\w", claim):
            continue
        valid = [n for n in cited if 1 <= n <= len(hits)]
        support = _best_support(claim, [hits[n - 1] for n in valid], texts) if valid else None
        if support is None:
            answer.dropped_claims.append(claim)
            continue
        hit, quote_start, quote_end = support
        quote = texts[hit.posting_id][quote_start:quote_end]
        citation = _cite(answer, hit.posting_id, hit.title, hit.section, quote, quote_start, quote_end)
        body, punct = re.match(r"(.*?)([.!?]*)$", claim.rstrip(), re.S).groups()
        kept.append(f"{body} [{citation.n}]{punct}")
    answer.text = " ".join(kept)
    answer.mode = "generated"


def _best_support(claim: str, hits: list[Hit], texts: dict[str, str]):
    """(hit, start, end) of the cited sentence, or pair of adjacent sentences, that supports claim.

    Every window goes through `grounding.check_each`. A window the claim only quotes verbatim wins
    outright; among the others that are supported, the rules' coverage score picks, which prefers
    the single sentence and so keeps citations narrow.
    """
    windows = []
    for hit in hits:
        text = texts[hit.posting_id]
        spans = split_sentences(text, hit.start, hit.end)
        windows += [(hit, start, end) for start, end in spans + [(a[0], b[1]) for a, b in itertools.pairwise(spans)]]
    verdicts = grounding.check_each(claim, [texts[hit.posting_id][start:end] for hit, start, end in windows])
    quoted = [window for window, verdict in zip(windows, verdicts) if verdict.rule is Rule.QUOTE]
    if quoted:  # 'The posting says: “…”', verbatim
        return quoted[0]
    supported = [(verdict.coverage, window) for window, verdict in zip(windows, verdicts) if verdict.supported]
    return max(supported, key=lambda scored: scored[0])[1] if supported else None


def _cite(answer: Answer, posting_id: str, title: str, section: str, quote: str, start: int, end: int) -> Citation:
    for citation in answer.citations:
        if (citation.posting_id, citation.start, citation.end) == (posting_id, start, end):
            return citation
    citation = Citation(
        n=len(answer.citations) + 1,
        posting_id=posting_id,
        title=title,
        section=section,
        quote=quote,
        start=start,
        end=end,
    )
    answer.citations.append(citation)
    return citation


def _extractive_into(answer: Answer, question: str, ranked: list[ev.Sentence]) -> None:
    chosen = ev.extract(ranked, question)
    norwegian = is_norwegian(question)
    parts = []
    for sentence in chosen:
        citation = _cite(
            answer, sentence.posting_id, sentence.title, sentence.section, sentence.text, sentence.start, sentence.end
        )
        parts.append(f"“{' '.join(sentence.text.split())}” [{citation.n}]")
    lead = "Utlysningen sier:" if norwegian else "The posting says:"
    main = max(chosen, key=lambda s: s.score)
    if ev.is_yes_no(question) and main.overlap >= 0.5:  # polarity of the quote answers yes/no
        yes, no = ("Ja", "Nei") if norwegian else ("Yes", "No")
        lead = f"{no if negated(main.text) else yes}. {lead}"
    answer.text = f"{lead} {' '.join(parts)}"
    answer.mode = "extractive"


def _abstain_into(answer: Answer, question: str, ranked: list[ev.Sentence]) -> None:
    answer.abstained, answer.mode, answer.citations = True, "abstained", []
    norwegian = is_norwegian(question)
    answer.text = "Utlysningen sier ikke noe om dette." if norwegian else "The posting does not say."
    if ranked:  # the nearest thing it does say, cited, so the applicant can judge
        nearest = ranked[0]
        citation = _cite(
            answer, nearest.posting_id, nearest.title, nearest.section, nearest.text, nearest.start, nearest.end
        )
        nearest_label = "Det nærmeste den sier:" if norwegian else "The closest it says:"
        answer.text += f" {nearest_label} “{' '.join(nearest.text.split())}” [{citation.n}]"
