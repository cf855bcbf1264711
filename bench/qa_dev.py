"""Dev-set Q&A figures: jobsum's answer pipeline against llama-index's CitationQueryEngine, both
through the `jobsum eval qa` harness (same index, same retriever, same model, same judge).

    python bench/qa_dev.py [--model local/smollm2] [--judge offline] [--limit N] [--out bench/results/qa_dev.json]

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
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "qa_dev.json")
    args = parser.parse_args()
    items = load_items(SHARED / "eval" / "qa_dev.jsonl")[: args.limit]
    judge = get_judge(args.judge)
    summary: dict[str, object] = {"model": args.model, "judge": judge.name, "n": len(items)}
    with eval_index(Settings(), [SHARED / "eval" / "postings_dev.jsonl", SHARED / "seeds"], fresh=True) as (
        index,
        texts,
    ):
        for name, answerer in (
            ("jobsum", jobsum_answerer(args.model)),
            ("CitationQueryEngine", citation_engine_answerer(args.model)),
        ):
            print(f"running {name} ...", file=sys.stderr)
            run = run_qa(index, texts, items, answerer, judge)
            summary[name] = {"scores": run.scores, "results": run.results}
    ours, peer = summary["jobsum"]["scores"]["overall"], summary["CitationQueryEngine"]["scores"]["overall"]
    print(f"{'metric':28} {'jobsum':>10} {'CitationQE':>10}")
    for metric in ours:
        a, b = ours[metric], peer[metric]
        print(
            f"{metric:28} {a:>10.3f} {b:>10.3f}"
            if not (math.isnan(a) and math.isnan(b))
            else f"{metric:28} {'–':>10} {'–':>10}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
