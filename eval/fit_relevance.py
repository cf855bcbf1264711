"""Fit the Q&A relevance gate (summariser/qa/relevance.py) on the dev questions.

    python eval/fit_relevance.py [--no-write]

Each question of qa_dev and of dev2's open part (never the held-out slice) is retrieved and ranked
exactly as `answer_question` does; its top candidates get the gate's features, labelled 1 when
the candidate overlaps the question's gold evidence. A logistic regression (numpy, L2) is fitted;
the threshold is the one that gets most questions right in 5-fold cross-validation grouped by
posting (answer when the best candidate's probability reaches it, else abstain). The
cross-validated figures are printed and stored beside the weights.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from summariser import Settings, ingest, open_index, search  # noqa: E402
from summariser.evaluation.datasets import load_items, read_ids  # noqa: E402
from summariser.evaluation.retrieval_metrics import evidence_spans, overlaps  # noqa: E402
from summariser.qa import evidence as ev  # noqa: E402
from summariser.qa import relevance  # noqa: E402
from summariser.qa.candidates import CANDIDATES  # noqa: E402
from summariser.qa.intents import classify  # noqa: E402
from summariser.text.language import question_language  # noqa: E402

L2 = 1.0


def build(items, index) -> list[dict]:
    """One row per (question, candidate): features, label, the question's id, posting and answerability."""
    rows = []
    for item in items:
        language = question_language(item.question)
        intent = classify(item.question, index.embed_model)
        hits = search(index, item.question, k=5, posting_id=item.posting_id)
        text = index.posting(item.posting_id).text
        ranked = ev.score(item.question, ev.sentences_of(hits, {item.posting_id: text}), index.embed_model)
        gold = evidence_spans(text, item.gold_evidence) if item.answerable else []
        best = ranked[0].similarity if ranked else 0.0
        for rank, s in enumerate(ranked[:CANDIDATES]):
            values = relevance.features(
                intent.name, item.question, language, s.text, s.section, s.similarity, best, rank, intent.sub
            )
            label = int(any(overlaps((s.start, s.end), g) for g in gold))
            rows.append(
                {"id": item.id, "posting": item.posting_id, "answerable": item.answerable, "x": values, "y": label}
            )
        if not ranked:
            rows.append({"id": item.id, "posting": item.posting_id, "answerable": item.answerable, "x": None, "y": 0})
    return rows


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    mean, scale = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(3000):  # gradient descent on the L2-regularised log loss
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.1 * (z.T @ (p - y) / len(y) + L2 * w / len(y))
        b -= 0.1 * float(np.mean(p - y))
    return w, b, mean, scale


def decide(rows: list[dict], probability) -> dict[str, tuple[float, bool, bool]]:
    """Per question: (best candidate's probability, that candidate is right, the question is answerable)."""
    out: dict[str, tuple[float, bool, bool]] = {}
    for row in rows:
        p = probability(row["x"]) if row["x"] is not None else 0.0
        if row["id"] not in out or p > out[row["id"]][0]:
            out[row["id"]] = (p, bool(row["y"]), row["answerable"])
    return out


def score(decisions, threshold: float) -> dict[str, float]:
    right = answered_right = abstained = abstained_right = unanswerable = 0
    for p, good, answerable in decisions.values():
        answer = p >= threshold
        unanswerable += not answerable
        if answer:
            answered_right += good
            right += good
        else:
            abstained += 1
            abstained_right += not answerable
            right += not answerable
    n = len(decisions)
    precision = abstained_right / abstained if abstained else float("nan")
    recall = abstained_right / unanswerable if unanswerable else float("nan")
    return {"right": right / n, "abstention_precision": precision, "abstention_recall": recall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    holdout = read_ids(ROOT / "eval" / "dev2_holdout.txt")
    items = [
        i
        for i in load_items(SHARED / "eval" / "qa_dev.jsonl", SHARED / "eval" / "qa_dev2.jsonl")
        if i.posting_id not in holdout
    ]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_dir=Path(tmp) / "index")
        with open_index(settings, write=True) as index:
            ingest(
                [SHARED / "eval" / "postings_dev.jsonl", SHARED / "seeds", SHARED / "eval" / "postings_dev2.jsonl"],
                index,
            )
        with open_index(settings) as index:
            rows = build(items, index)
    usable = [r for r in rows if r["x"] is not None]
    x = np.asarray([[r["x"][n] for n in relevance.FEATURES] for r in usable])
    y = np.asarray([r["y"] for r in usable], float)
    postings = sorted({r["posting"] for r in rows})
    folds = {p: n % 5 for n, p in enumerate(postings)}
    cv_decisions: dict[str, tuple[float, bool, bool]] = {}
    for fold in range(5):
        train = np.asarray([folds[r["posting"]] != fold for r in usable])
        w, b, mean, scale = fit(x[train], y[train])
        test_rows = [r for r in rows if folds[r["posting"]] == fold]
        cv_decisions.update(decide(test_rows, lambda v, w=w, b=b, m=mean, s=scale: _p(v, w, b, m, s)))
    grid = np.round(np.arange(0.05, 0.95, 0.01), 2)
    best = max(grid, key=lambda t: (score(cv_decisions, t)["right"], -abs(t - 0.5)))
    cv = score(cv_decisions, best)
    print(f"{len(items)} questions, {len(usable)} candidates ({int(y.sum())} right)")
    print(
        f"5-fold CV by posting at threshold {best:.2f}: right {cv['right']:.3f}, abstention precision "
        f"{cv['abstention_precision']:.3f}, recall {cv['abstention_recall']:.3f}"
    )
    w, b, mean, scale = fit(x, y)
    print("weights (standardised):", {n: round(float(v), 3) for n, v in zip(relevance.FEATURES, w)})
    params = {
        "features": relevance.FEATURES,
        "weights": dict(zip(relevance.FEATURES, map(float, w))),
        "bias": float(b),
        "mean": list(map(float, mean)),
        "scale": list(map(float, scale)),
        "threshold": float(best),
        "cross_validated": {k: round(v, 4) for k, v in cv.items()} | {"questions": len(items)},
    }
    if not args.no_write:
        relevance.PARAMS.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        print(f"written: {relevance.PARAMS}")


def _p(values, w, b, mean, scale) -> float:
    v = np.asarray([values[n] for n in relevance.FEATURES])
    return float(1 / (1 + np.exp(-(((v - mean) / scale) @ w + b))))


if __name__ == "__main__":
    main()
