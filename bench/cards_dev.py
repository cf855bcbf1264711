"""Card quality on the dev gold cards, and batch speed on corpus postings.

    python bench/cards_dev.py [--model local/smollm2] [--speed-n 200] [--speed-model-n 30]

Quality: per-field accuracy against ../shared/eval/cards_dev.jsonl (dates and salary numbers
exact, text by normalised containment), how often a field the posting does not state was filled,
must_mention recall of the list fields, and evidence validity — for parsers only (`none`) and with
the model filling the gaps. Speed: cards/s over EURAXESS postings, parsers only and with the model.
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


def main() -> None:
    from summariser.cards.batch import summarise
    from summariser.config import Settings
    from summariser.evaluation.card_metrics import score_cards
    from summariser.evaluation.datasets import load_card_gold
    from summariser.ingest.pipeline import collect
    from summariser.types import Posting

    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="local/smollm2")
    parser.add_argument("--speed-n", type=int, default=200)
    parser.add_argument("--speed-model-n", type=int, default=30, help="postings for the with-model speed run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "cards_dev.json")
    args = parser.parse_args()
    settings = Settings()
    dev = [p for p in collect([SHARED / "eval" / "postings_dev.jsonl", SHARED / "seeds"]) if isinstance(p, Posting)]
    texts = {p.id: p.text for p in dev}
    gold = load_card_gold(SHARED / "eval" / "cards_dev.jsonl")
    summary: dict[str, object] = {}
    for model in ("none", args.model):
        cards: dict[str, dict] = {}
        summarise(dev, settings, model, on_card=lambda c, cards=cards: cards.__setitem__(c.posting_id, c.model_dump()))
        summary[f"quality[{model}]"] = score_cards(gold, cards, texts)
        print(model, json.dumps(summary[f"quality[{model}]"], indent=1))
    corpus = [p for p in collect([SHARED / "corpus" / "euraxess.jsonl"]) if isinstance(p, Posting)]
    for model, n in (("none", args.speed_n), (args.model, args.speed_model_n)):
        started = time.perf_counter()
        report = summarise(corpus[:n], settings, model)
        seconds = time.perf_counter() - started
        summary[f"speed[{model}]"] = {
            "postings": n,
            "seconds": round(seconds, 2),
            "cards_per_s": round(report.written / seconds, 3),
            "failed": report.failed,
            "dropped": report.dropped,
        }
        print(model, summary[f"speed[{model}]"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
