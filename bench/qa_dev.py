"""Dev-set Q&A figures: jobsum's answer pipeline against llama-index's CitationQueryEngine, both
through the `jobsum eval qa` harness (same index, same retriever, same model, same judge), on dev
and dev2, with dev2's held-out slice scored as an aggregate only.

    python bench/qa_dev.py [--model local/smollm2] [--judge offline] [--limit N] [--peer-limit N]
                           [--out bench/results/qa_dev.json]

--peer-limit answers only the first N questions with the peer (with the offline model it decodes
every answer: ~10 s each on 2 cores); jobsum's row for those same questions is printed beside it.

Equivalent to running `jobsum eval qa ... --pipeline jobsum` and `... --pipeline citation-engine`
in one process, and printing the two overall score rows side by side.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def main() -> None:
    from summariser import Settings
    from summariser.evaluation.baseline import citation_engine_answerer
    from summariser.evaluation.datasets import load_items
    from summariser.evaluation.runs import eval_index, jobsum_answerer, run_qa
    from summariser.grounding.judges import get_judge

    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="local/smollm2")
    parser.add_argument("--judge", default="offline")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--peer-limit", type=int)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "qa_dev.json")
    args = parser.parse_args()
    from summariser.evaluation.datasets import read_ids
    from summariser.evaluation.slices import Slices

    items = load_items(SHARED / "eval" / "qa_dev.jsonl", SHARED / "eval" / "qa_dev2.jsonl")[: args.limit]
    postings = [SHARED / "eval" / "postings_dev.jsonl", SHARED / "seeds", SHARED / "eval" / "postings_dev2.jsonl"]
    judge = get_judge(args.judge)
    summary: dict[str, object] = {"model": args.model, "judge": judge.name, "n": len(items)}
    with eval_index(Settings(), postings, fresh=True) as (index, texts):
        slices = Slices.of(index, texts, read_ids(ROOT / "eval" / "dev2_holdout.txt"))
        peer_items = items[: args.peer_limit]
        runs = [
            ("jobsum", jobsum_answerer(args.model), items),
            ("jobsum (peer's questions)", jobsum_answerer(args.model), peer_items),
            ("CitationQueryEngine", citation_engine_answerer(args.model), peer_items),
        ]
        for name, answerer, asked in runs if args.peer_limit else [runs[0], runs[2]]:
            print(f"running {name} on {len(asked)} questions ...", file=sys.stderr)
            run = run_qa(index, texts, asked, answerer, judge, slices=slices)
            summary[name] = {"scores": run.scores, "results": [r for r in run.results if r.get("slice") != "holdout"]}
    for group in ("overall", *(f"slice={s}" for s in ("open", "holdout"))):
        _table(summary, group, "jobsum (peer's questions)" if args.peer_limit else "jobsum")
    print(
        "jobsum, all questions, by slice:",
        {k: _short(v) for k, v in summary["jobsum"]["scores"].get("by_slice", {}).items()},
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"written to {args.out}")


def _short(scores: dict) -> dict:
    keys = ("n", "correct_by_keywords", "abstention_precision", "abstention_recall", "abstention_f1", "evidence_hit")
    return {k: round(scores[k], 3) if isinstance(scores.get(k), float) else scores.get(k) for k in keys}


def _table(summary: dict, group: str, ours_name: str) -> None:
    def pick(name):
        scores = summary[name]["scores"]
        if group == "overall":
            return scores["overall"]
        return scores.get("by_slice", {}).get(group.split("=")[1], {})

    ours, peer = pick(ours_name), pick("CitationQueryEngine")
    if not ours or not peer:
        return
    print(f"\n== {group}")
    print(f"{'metric':28} {'jobsum':>10} {'CitationQE':>10}")
    for metric in ours:
        a, b = ours[metric], peer.get(metric, float("nan"))
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            continue
        print(
            f"{metric:28} {a:>10.3f} {b:>10.3f}"
            if not (math.isnan(a) and math.isnan(b))
            else f"{metric:28} {'–':>10} {'–':>10}"
        )


if __name__ == "__main__":
    main()
