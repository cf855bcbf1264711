"""The peer jobsum is measured against: llama-index's CitationQueryEngine, fed by the same
retriever and calling the same model through the same litellm boundary, so that the difference
measured is the answering method, not the plumbing. Its answers go through the same harness
(`jobsum eval qa --pipeline citation-engine`)."""

from __future__ import annotations

import re
import time

from summariser.evaluation.datasets import QAItem
from summariser.index.store import Index
from summariser.text.spans import find_quote, sentences

# how the baseline says it does not know (it has no abstention of its own)
ABSTAINS = re.compile(
    r"NOT[ _]STATED|does not (?:say|state|mention|specify|provide)|no information|not (?:mentioned|specified|stated)|"
    r"cannot (?:be )?(?:determined|answered)|i don't know",
    re.I,
)


def abstains(text: str) -> bool:
    """The answer opens by saying the posting does not tell (a caveat later on, like 'it does not
    mention bonuses' after the salary, is an answer with a caveat, not an abstention)."""
    first = next((text[a:b] for a, b in sentences(text) if re.search(r"\w", text[a:b])), "")
    return bool(ABSTAINS.search(first))


def citation_engine_answerer(model: str, k: int = 5):
    from llama_index.core.base.llms.types import CompletionResponse, LLMMetadata
    from llama_index.core.llms import CustomLLM
    from llama_index.core.llms.callbacks import llm_completion_callback
    from llama_index.core.query_engine import CitationQueryEngine
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import NodeWithScore, TextNode

    from summariser.index.retrieval import search
    from summariser.llm import client as llm

    usage = llm.Usage()

    class ViaJobsum(CustomLLM):
        """A llama-index LLM over jobsum's litellm boundary."""

        model_name: str = model

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(context_window=4096, num_output=160, model_name=self.model_name)

        @llm_completion_callback()
        def complete(self, prompt: str, formatted: bool = False, **kwargs) -> CompletionResponse:
            nonlocal usage
            out = llm.complete([{"role": "user", "content": prompt}], self.model_name, max_tokens=160)
            usage = usage.add(out.usage)
            return CompletionResponse(text=out.text)

        @llm_completion_callback()
        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs):
            yield self.complete(prompt)

    class SameRetriever(BaseRetriever):
        def __init__(self, index: Index, posting_id: str | None):
            super().__init__()
            self.index, self.posting_id = index, posting_id

        def _retrieve(self, query_bundle):
            hits = search(self.index, query_bundle.query_str, k=k, posting_id=self.posting_id)
            return [
                NodeWithScore(
                    node=TextNode(text=h.text, metadata={"posting_id": h.posting_id, "start": h.start}), score=h.score
                )
                for h in hits
            ]

    def answer(index: Index, item: QAItem, posting_id: str | None) -> dict:
        nonlocal usage
        usage = llm.Usage()
        started = time.perf_counter()
        engine = CitationQueryEngine.from_args(index=None, retriever=SameRetriever(index, posting_id), llm=ViaJobsum())
        response = engine.query(item.question)
        text = str(response.response or "")
        citations = []
        for n, source in enumerate(response.source_nodes, 1):
            if f"[{n}]" in text:  # the engine numbers its sources; a cited source is quoted whole
                quote = re.sub(r"^Source \d+:\n", "", source.node.get_content())
                cited = source.node.metadata["posting_id"]
                posting = index.posting(cited).text
                # the engine may cite part of a retrieved chunk: look from that chunk's start on
                start, end = find_quote(posting, quote, source.node.metadata["start"]) or (None, None)
                if start is not None:
                    quote = posting[start:end]  # the posting's own characters, as the contract asks
                citations.append({"n": n, "posting_id": cited, "quote": quote, "start": start, "end": end})
        return {
            "id": item.id,
            "posting_id": posting_id,
            "question": item.question,
            "answer": text,
            "abstained": abstains(text),
            "citations": citations,
            "latency_s": round(time.perf_counter() - started, 3),
            "model": model,
            "usage": {
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
                "cost": usage.cost,
            },
        }

    return answer
