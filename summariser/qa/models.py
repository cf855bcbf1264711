"""An answer as jobsum gives it: text with [n] markers, the citations they point to (verbatim quotes
of the posting with offsets), and how it was made."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

_MARKER = re.compile(r"\s*\[(\d+)\]")


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
    mode: str = Field("generated", description="fact | generated | extractive | abstained")
    intent: str = Field("", description="What the question asks for (qa.intents), e.g. deadline, requirements, other.")
    language: str = Field("en", description="The question's language, which the answer is written in.")
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


def cite(answer: Answer, posting_id: str, title: str, section: str, quote: str, start: int, end: int) -> Citation:
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
