"""Dev-set Q&A figures: jobsum's answer pipeline against llama-index's CitationQueryEngine.

Both answer every question of qa_dev.jsonl scoped to its posting, over the same index (jobsum's
hybrid retriever feeds the CitationQueryEngine too) and with the same model through litellm.

    python bench/qa_dev.py [--model local/smollm2] [--limit N] [--out bench/results/qa_dev.json]

Reported: correct-by-keywords on answerable questions, abstention precision/recall on
unanswerable ones, share of citations that are verbatim, share of answerable questions whose
answer cites gold evidence, mean latency.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

_BASELINE_ABSTAIN = re.compile(
    r"NOT[ _]STATED|does not (?:say|state|mention|specify|provide)|no information|not (?:mentioned|specified|stated)|"
    r"cannot (?:be )?(?:determined|answered)|i don't know",
    re.I,
)


def jobsum_results(index, items, model: str) -> dict[str, dict]:
    from summariser.qa import answer_question

    out = {}
    for item in items:
        answer = answer_question(index, item.question, posting_id=item.posting_id, model=model)
        out[item.id] = answer.result_record(item.id)
    return out


def citation_engine_results(index, items, model: str) -> dict[str, dict]:
    from llama_index.core.base.llms.types import CompletionResponse, LLMMetadata
    from llama_index.core.llms import CustomLLM
    from llama_index.core.llms.callbacks import llm_completion_callback
    from llama_index.core.query_engine import CitationQueryEngine
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import NodeWithScore, TextNode

    from summariser import llm, search

    class ViaJobsum(CustomLLM):
        """llama-index LLM that calls the same litellm boundary jobsum uses."""

        model_name: str = model

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(context_window=4096, num_output=160, model_name=self.model_name)

        @llm_completion_callback()
        def complete(self, prompt: str, formatted: bool = False, **kwargs) -> CompletionResponse:
            out = llm.complete([{"role": "user", "content": prompt}], self.model_name, max_tokens=160)
            return CompletionResponse(text=out.text)

        @llm_completion_callback()
        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs):
            yield self.complete(prompt)

    class SameIndex(BaseRetriever):
        def __init__(self, posting_id: str):
            super().__init__()
            self.posting_id = posting_id

        def _retrieve(self, query_bundle):
            hits = search(index, query_bundle.query_str, k=5, posting_id=self.posting_id)
            return [
                NodeWithScore(node=TextNode(text=h.text, metadata={"posting_id": h.posting_id, "start": h.start}), score=h.score)
                for h in hits
            ]

    out = {}
    for item in items:
        started = time.perf_counter()
        engine = CitationQueryEngine.from_args(index=None, retriever=SameIndex(item.posting_id), llm=ViaJobsum())
        response = engine.query(item.question)
        text = str(response.response or "")
        citations = []
        for n, source in enumerate(response.source_nodes, 1):
            if f"[{n}]" not in text:
                continue
            quote = re.sub(r"^Source \d+:\n", "", source.node.get_content())
            citations.append({"n": n, "posting_id": source.node.metadata["posting_id"], "quote": quote, "start": None, "end": None})
        out[item.id] = {
            "id": item.id, "posting_id": item.posting_id, "question": item.question, "answer": text,
            "abstained": bool(_BASELINE_ABSTAIN.search(text)), "citations": citations,
            "latency_s": round(time.perf_counter() - started, 3), "model": model,
        }  # fmt: skip
    return out


def main() -> None:
    from summariser import Settings, ingest, open_index
    from summariser.metrics import load_qa, score_qa

    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="local/smollm2")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "qa_dev.json")
    args = parser.parse_args()
    items = load_qa(SHARED / "eval" / "qa_dev.jsonl")[: args.limit]
    settings = Settings(index_dir=Path(tempfile.mkdtemp()) / "index")
    with open_index(settings, write=True) as index:
        ingest([SHARED / "eval" / "postings_dev.jsonl", SHARED / "seeds"], index)
    summary = {"model": args.model, "n": len(items)}
    with open_index(settings) as index:
        texts = {p.id: index.posting(p.id).text for p in index.postings()}
        runs = {"jobsum": jobsum_results}
        if not args.skip_baseline:
            runs["CitationQueryEngine"] = citation_engine_results
        for name, run in runs.items():
            print(f"running {name} ...", file=sys.stderr)
            results = run(index, items, args.model)
            scores = score_qa(items, results, texts)
            scores["latency_mean_s"] = sum(r["latency_s"] for r in results.values()) / len(results)
            summary[name] = {"scores": scores, "results": list(results.values())}
            print(name, json.dumps({k: round(v, 3) for k, v in scores.items()}))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
