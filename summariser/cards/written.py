"""A job summary a model writes — kept only where the posting supports each sentence.

The model gets the posting's evidence text (no boilerplate, nothing addressed to AI, no hidden
text) and answers in the WrittenSummary schema: up to three sentences, each with a word-for-word
quote. A sentence stays only when its quote is the posting's text outside flagged spans and the
grounding check (the one that verifies answers) finds the quote supports it; the rest is dropped
and counted. With no sentence kept the extractive summary (cards.summary) stays. Whether a model
is asked at all is the card-fill decision (cards.fill.worth_filling)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from summariser import grounding
from summariser.cards.fill import model_view
from summariser.cards.schema import Evidence, JobCard
from summariser.config import Settings
from summariser.errors import LLMError
from summariser.ingest import flags
from summariser.llm import client as llm
from summariser.llm import prompts
from summariser.text.spans import find_quote, normalise_ws

MAX_SENTENCES = 3


class SummarySentence(BaseModel):
    sentence: str = Field(max_length=300, description="One short sentence about the job, in the posting's language.")
    quote: str = Field(
        max_length=400, description="Word-for-word quote of the posting that says what the sentence says."
    )


class WrittenSummary(BaseModel):
    sentences: list[SummarySentence] = Field(
        max_length=MAX_SENTENCES,
        description="At most three sentences: what the job is, who is hiring, and its terms, only from the posting.",
    )


def write_summary(
    card: JobCard, text: str, title: str | None, settings: Settings, model: str, metadata: dict | None = None
) -> llm.Usage:
    """Replace the card's summary with the model's supported sentences, if any survive."""
    body, flagged = model_view(text, metadata)
    messages = [
        {"role": "system", "content": prompts.template("summary_system")},
        {"role": "user", "content": prompts.render("summary_user", title=title or card.posting_id, text=body)},
    ]
    try:
        written, usage = llm.structured(
            messages,
            model,
            WrittenSummary,
            max_tokens=600,
            api_base=settings.api_base,
            timeout=settings.timeout,
            retries=1,
        )
    except LLMError as err:  # the extractive summary stands; say why it was not written
        card.dropped.append(f"summary not written: {err}")
        return llm.Usage(calls=1)
    kept: list[str] = []
    evidence: list[Evidence] = []
    for item in written.sentences[:MAX_SENTENCES]:
        sentence = normalise_ws(item.sentence)
        span = _supporting_span(sentence, item.quote, text, flagged)
        if span is None:
            card.dropped.append(f"summary: {sentence}")
            continue
        kept.append(sentence)
        evidence.append(Evidence(quote=text[span[0] : span[1]], start=span[0], end=span[1]))
    if kept:
        card.summary = " ".join(kept)
        card.summary_by = model
        card.evidence["summary"] = evidence
    return usage


def _supporting_span(sentence: str, quote: str, text: str, flagged) -> tuple[int, int] | None:
    """Where the quote stands in the posting, when it does (outside flagged text) and supports the sentence."""
    if not sentence or not quote or not flags.quoted_outside(text, quote, flagged):
        return None
    span = find_quote(text, quote)
    if span is None or not grounding.check(sentence, text[span[0] : span[1]]).supported:
        return None
    return span
