"""Evaluation runs: answer, retrieve, summarise or judge every item of a dataset, and score it.

Each run returns an `EvalRun`: the result lines (the formats of ../shared/eval/README.md, which
are a contract) and the scores computed from them. The CLI writes, tabulates and reports these;
a script or a notebook can call the same functions. The index a run reads, `EvalRun` and
`write_results` live in run_io.py and are importable from here as before.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from summariser.config import Settings
from summariser.errors import ConfigError, JobsumError
from summariser.evaluation.card_metrics import grade_card, score_cards
from summariser.evaluation.datasets import QAItem
from summariser.evaluation.judge_metrics import score_judge
from summariser.evaluation.qa_metrics import score_qa
from summariser.evaluation.retrieval_metrics import rank_items, score_ranks
from summariser.evaluation.run_io import EvalRun, eval_index, require_postings, write_results
from summariser.evaluation.slices import Slices
from summariser.index.store import Index
from summariser.qa.answer import without_markers

SCOPES = ("posting", "all")


# -- Q&A -------------------------------------------------------------------------------------

Answerer = Callable[[Index, QAItem, str | None], dict]


def jobsum_answerer(model: str | None) -> Answerer:
    from summariser.qa.answer import answer_question

    def answer(index: Index, item: QAItem, posting_id: str | None) -> dict:
        result = answer_question(index, item.question, posting_id=posting_id, model=model)
        return {
            **result.result_record(item.id),
            "mode": result.mode,
            "dropped_claims": result.dropped_claims,
            "usage": result.usage,
        }

    return answer


def judge_answer(judge, result: dict) -> dict:
    """Faithfulness of one answer: the share of its claims the judge finds supported by the
    quotes it cites. Abstentions and empty answers make no claim about the posting and are not
    scored (claims 0); an answer with claims but no citations has nothing to support them."""
    text = without_markers(result.get("answer") or "")
    if result.get("abstained") or not text:
        return {"claims": 0, "supported": 0, "score": None, "unsupported": []}
    context = "\n".join(c["quote"] for c in result.get("citations") or [])
    try:
        verdict = judge.judge(context, text) if context else None
    except JobsumError as err:  # a judge failure is reported, not counted either way
        return {"claims": 0, "supported": 0, "score": None, "unsupported": [], "error": str(err)}
    if verdict is None:
        return {"claims": 1, "supported": 0, "score": 0.0, "unsupported": [text]}
    claims = verdict.claims or []
    supported = sum(1 for c in claims if c.supported)
    return {
        "claims": len(claims),
        "supported": supported,
        "score": round(float(verdict.score), 4),
        "unsupported": [c.claim for c in claims if not c.supported],
    }


def run_qa(
    index: Index,
    texts: dict[str, str],
    items: list[QAItem],
    answerer: Answerer,
    judge=None,
    scope: str = "posting",
    progress: Callable[[int, int], None] | None = None,
    slices: Slices | None = None,
) -> EvalRun:
    """Answer every item (scoped to its posting, or across all postings) and score the answers,
    overall and per kind, language, dataset, source and slice."""
    slices = slices or Slices()
    if scope not in SCOPES:
        raise ConfigError(f"unknown scope '{scope}' — use one of: {', '.join(SCOPES)}")
    require_postings(items, texts)
    results: list[dict] = []
    for n, item in enumerate(items, 1):
        posting_id = item.posting_id if scope == "posting" else None
        try:
            result = answerer(index, item, posting_id)
        except JobsumError as err:  # one failure costs one item, and is counted (answer_errors)
            result = {
                "id": item.id,
                "posting_id": posting_id,
                "question": item.question,
                "answer": "",
                "abstained": False,
                "citations": [],
                "latency_s": 0.0,
                "model": "",
                "error": str(err),
            }
        result.update(kind=item.kind, language=item.language, scope=scope, dataset=item.dataset)
        if slices.holdout:
            result["slice"] = slices.slice_of(item.posting_id)
        if judge is not None:
            result["faithfulness"] = judge_answer(judge, result)
        results.append(result)
        if progress:
            progress(n, len(items))
    by_id = {r["id"]: r for r in results}
    scores = score_qa(items, by_id, texts, slices.qa_groups(items))
    grades = scores.pop("grades")
    for r in results:
        r["grade"] = grades[r["id"]]
    meta = {"scope": scope, "judge": getattr(judge, "name", None)}
    if judge is not None:
        meta["faithfulness_note"] = faithfulness_note(judge)
    return EvalRun("qa", results, scores, meta)


def faithfulness_note(judge) -> str:
    """What a faithfulness figure is worth: which code judged it, and how well that judge agrees with
    human labels where it was measured."""
    if getattr(judge, "name", "") != "offline":
        return (
            f"faithfulness judged by {judge.name}; its agreement with human labels is measured by `jobsum eval judge`"
        )
    from summariser.grounding.judge import PARAMS

    report = json.loads(PARAMS.read_text(encoding="utf-8")).get("report", {})
    validation = report.get("validation", {}).get("all", {}).get("balanced_accuracy")
    held_out = [v["balanced_accuracy"] for v in report.get("lodo", {}).values()]
    measured = (
        f"balanced accuracy {validation:.3f} on its validation split of judge_dev, "
        f"{min(held_out):.3f}-{max(held_out):.3f} on SummEdits domains left out of its fit"
        if validation is not None and held_out
        else "its agreement with human labels is not recorded"
    )
    return (
        "jobsum's answers are accepted by the same grounding code (grounding.check and the offline judge) that "
        f"scores their faithfulness here, so this figure checks consistency, not truth; the judge's {measured}"
    )


# -- retrieval --------------------------------------------------------------------------------


def run_retrieval(
    index: Index, texts: dict[str, str], items: list[QAItem], k: int = 5, slices: Slices | None = None
) -> EvalRun:
    """recall@k and MRR of the hybrid retriever against gold evidence, searching the whole index
    ("global") and only the item's posting ("per_posting"), overall and per dataset, source, slice."""
    slices = slices or Slices()
    from summariser.index.retrieval import search

    require_postings(items, texts)
    results, scores = [], {}
    for scope in ("global", "per_posting"):

        def retrieve(item: QAItem, scope: str = scope) -> list[tuple[str, tuple[int, int]]]:
            hits = search(index, item.question, k=k, posting_id=item.posting_id if scope == "per_posting" else None)
            return [(h.posting_id, (h.start, h.end)) for h in hits]

        ranked = rank_items(items, texts, retrieve, k)
        for item, retrieved, rank in ranked:
            results.append(
                {
                    "id": item.id,
                    "posting_id": item.posting_id,
                    "question": item.question,
                    "scope": scope,
                    "kind": item.kind,
                    "language": item.language,
                    "rank": rank,
                    "retrieved": [{"posting_id": p, "start": s, "end": e} for p, (s, e) in retrieved],
                    **({"slice": slices.slice_of(item.posting_id)} if slices.holdout else {}),
                }
            )
        scores[scope] = _retrieval_scores(ranked, k)
        for name, key in slices.qa_groups(items).items():
            for value in sorted({v for item, _, _ in ranked if (v := key(item)) is not None}):
                group = scores.setdefault(f"by_{name}", {}).setdefault(value, {})
                group[scope] = _retrieval_scores([r for r in ranked if key(r[0]) == value], k)
    return EvalRun("retrieval", results, scores, {"k": k})


def _retrieval_scores(ranked, k: int) -> dict[str, float]:
    got = score_ranks(ranked, k)
    return {"n": got.n, f"recall@{k}": got.recall_at_k, "mrr": got.mrr, "chars_per_question": got.chars}


# -- cards ------------------------------------------------------------------------------------


def run_cards(
    index: Index,
    texts: dict[str, str],
    gold_rows: list[dict],
    settings: Settings,
    model: str | None,
    progress: Callable[[int, int], None] | None = None,
    slices: Slices | None = None,
) -> EvalRun:
    """Build each gold posting's card from its text (parsers, then the model for what they leave
    empty; the source's structured data is left out, as the gold is the text's word) and score it,
    overall and per dataset, source, language and slice."""
    from summariser.cards.batch import build_card

    slices = slices or Slices()
    results: list[dict] = []
    for n, row in enumerate(gold_rows, 1):
        pid = row["posting_id"]
        if pid not in texts:
            results.append({"posting_id": pid, "error": "posting not among --postings"})
            continue
        card, usage = build_card(index.posting(pid), settings, model, sources=False)  # the text's word only
        record = {
            **card.model_dump(mode="json"),
            "posting_id": pid,
            "usage": {
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
                "cost": usage.cost,
            },
        }
        results.append(
            {**record, "grade": grade_card(row, record), **({"slice": slices.slice_of(pid)} if slices.holdout else {})}
        )
        if progress:
            progress(n, len(gold_rows))
    cards = {r["posting_id"]: r for r in results if "error" not in r}
    scores = score_cards(gold_rows, cards, texts, slices.card_groups(gold_rows))
    scores["missing_postings"] = [r["posting_id"] for r in results if "error" in r]
    scores["missing_postings_count"] = len(scores["missing_postings"])
    return EvalRun("cards", results, scores, {"model": model})


# -- judge ------------------------------------------------------------------------------------


def run_judge(judge, rows: list[dict], progress: Callable[[int, int], None] | None = None, batch: int = 32) -> EvalRun:
    """Judge every (context, response) pair; score against the human labels where present."""
    results: list[dict] = []
    errors: list[dict] = []
    started = time.perf_counter()
    for at in range(0, len(rows), batch):
        part = rows[at : at + batch]
        try:
            verdicts = judge.judge_many([(r["context"], r["response"]) for r in part])
        except JobsumError:  # judge one by one so that one failure costs one item
            verdicts = [_judge_one(judge, r) for r in part]
        for row, verdict in zip(part, verdicts):
            if isinstance(verdict, JobsumError):
                errors.append({"id": row["id"], "error": str(verdict)})
                continue
            results.append(
                {
                    "id": row["id"],
                    "dataset": row.get("dataset", ""),
                    "score": round(float(verdict.score), 4),
                    "pred": int(verdict.pred),
                    "judge": judge.name,
                    "label": row.get("label"),
                    "response": row["response"],
                }
            )
        if progress:
            progress(min(at + batch, len(rows)), len(rows))
    elapsed = time.perf_counter() - started
    labelled = [res for res in results if res["label"] is not None]
    scores = score_judge(labelled) if labelled else {"all": {"n": 0}}
    scores["all"]["judge_errors"] = len(errors)
    meta = {
        "judge": judge.name,
        "pairs_per_s": round(len(rows) / elapsed, 2) if elapsed else None,
        "errors": len(errors),
    }
    return EvalRun("judge", results, scores, {**meta, "failed_items": errors})


def _judge_one(judge, row: dict):
    try:
        return judge.judge(row["context"], row["response"])
    except JobsumError as err:
        return err


__all__ = [
    "EvalRun",
    "eval_index",
    "jobsum_answerer",
    "judge_answer",
    "require_postings",
    "run_cards",
    "run_judge",
    "run_qa",
    "run_retrieval",
    "write_results",
]
