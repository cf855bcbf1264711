"""Card quality on dev and dev2 (separately, pooled, and dev2's held-out slice), and batch speed on
corpus postings.

    python bench/cards_dev.py [--model local/smollm2] [--speed-n 1000] [--speed-model-n 30] [--quality-model]

Quality: the same run and scores as `jobsum eval cards` (evaluation.runs.run_cards): per-field
accuracy against cards_dev.jsonl and cards_dev2.jsonl (dates and salary numbers exact, text by
normalised containment), stated-null kept, must_mention recall of the lists and evidence validity,
per dataset, source, language and slice — parsers only, and with --quality-model also with the
model filling gaps as `auto` decides. dev2's held-out slice (eval/dev2_holdout.txt) is only scored.
Speed: `summarise` cards/s over the first --speed-n EURAXESS postings, parsers only (in one process,
then in one worker process per core, and their ratio) and with the model as the offline default
(`auto`: the model is asked only if its measured fill helps) — the
figures the README's card section reports. JSON in bench/results/cards_dev.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

HEADLINE = ("scalar_accuracy", "not_stated_respected", "must_mention_recall", "evidence_valid")


def main() -> None:
    from summariser.cards.batch import summarise
    from summariser.config import Settings
    from summariser.evaluation.datasets import load_card_gold, read_ids
    from summariser.evaluation.runs import eval_index, run_cards
    from summariser.evaluation.slices import Slices
    from summariser.ingest.pipeline import collect
    from summariser.types import Posting

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="local/smollm2")
    parser.add_argument("--quality-model", action="store_true", help="also score cards with the model (slow)")
    parser.add_argument("--speed-n", type=int, default=1000)
    parser.add_argument("--speed-model-n", type=int, default=30, help="postings for the with-model speed run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "cards_dev.json")
    args = parser.parse_args()
    settings = Settings()
    golds = [SHARED / "eval" / "cards_dev.jsonl", SHARED / "eval" / "cards_dev2.jsonl"]
    postings = [SHARED / "eval" / "postings_dev.jsonl", SHARED / "seeds", SHARED / "eval" / "postings_dev2.jsonl"]
    rows = load_card_gold(*golds)
    summary: dict[str, object] = {}
    with eval_index(settings, postings, fresh=True) as (index, texts):
        slices = Slices.of(index, texts, read_ids(ROOT / "eval" / "dev2_holdout.txt"))
        for model in ("none", args.model) if args.quality_model else ("none",):
            scores = run_cards(index, texts, rows, settings, model, slices=slices).scores
            summary[f"quality[{model}]"] = scores
            print(f"\n== cards, {model}")
            _table(scores)
    corpus = [p for p in collect([SHARED / "corpus" / "euraxess.jsonl"]) if isinstance(p, Posting)]
    runs = [("none", args.speed_n, 1), ("none", args.speed_n, None), (args.model, args.speed_model_n, None)]
    parsers_only = []  # cards/s in one process, then in one per core (the default): the peer in one run
    for model, n, processes in runs:
        started, cpu = time.perf_counter(), time.process_time()
        report = summarise(corpus[:n], settings, model, processes=processes)
        seconds = time.perf_counter() - started
        key = f"speed[{model}, {report.processes} process{'es' if report.processes > 1 else ''}]"
        summary[key] = {
            "postings": n,
            "seconds": round(seconds, 2),
            "cpu_seconds_here": round(time.process_time() - cpu, 2),  # this process only, not its workers
            "cards_per_s": round(report.written / seconds, 2),
            "processes": report.processes,
            "model_calls": report.usage.calls,
            "failed": report.failed,
        }
        print(f"{key} (card_fill={settings.card_fill}):", summary[key])
        if model == "none":
            parsers_only.append(summary[key]["cards_per_s"])
    one, many = parsers_only[:2]  # (a --model none third run is parsers only too)
    print(f"worker processes / one process: {many / one:.2f}x")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1), encoding="utf-8")


def _table(scores: dict) -> None:
    columns = {"pooled": scores}
    for group in ("dataset", "slice", "source", "language"):
        for value, sub in scores.get(f"by_{group}", {}).items():
            columns[f"{group}={value}"] = sub
    print(f"{'':24s}" + "".join(f"{c[:18]:>19s}" for c in columns))
    for metric in HEADLINE:
        print(f"{metric:24s}" + "".join(f"{_fmt(c.get(metric)):>19s}" for c in columns.values()))


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
