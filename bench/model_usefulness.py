"""How much of a model's output survives jobsum's checks, per task — what `auto` in JOBSUM_CARD_FILL
and JOBSUM_GENERATION decides by (summariser/llm/usefulness.json).

    python bench/model_usefulness.py --model local/smollm2 [--limit 20] [--write]

card_fill: values the model proposed for card fields the parsers left empty, how many the
evidence gate kept, and — for the fields the gold cards judge — how many of the kept values the
gold card confirms ("right": a value the gate keeps can still be wrong, say the deadline's date
as the start date; a wrong value does not help, so `auto` decides by right/judged where it is
recorded). answer: sentences the model wrote for Q&A answers, and how many verification
kept. Measured on dev and the open part of dev2 (never the held-out slice), each task on --limit
postings / questions.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="local/smollm2")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--tasks", default="card_fill,answer", help="comma-separated: card_fill, answer")
    parser.add_argument("--write", action="store_true", help="record the figures in summariser/llm/usefulness.json")
    args = parser.parse_args()

    from summariser import Settings, ingest, open_index
    from summariser.cards.extract import extract_card
    from summariser.cards.fill import fill_with_model
    from summariser.evaluation.card_metrics import card_field_correct
    from summariser.evaluation.datasets import load_card_gold, load_items, read_ids
    from summariser.llm import usefulness
    from summariser.qa.answer import answer_question

    holdout = read_ids(ROOT / "eval" / "dev2_holdout.txt")
    postings = [SHARED / "eval" / "postings_dev.jsonl", SHARED / "seeds", SHARED / "eval" / "postings_dev2.jsonl"]
    items = [
        i
        for i in load_items(SHARED / "eval" / "qa_dev.jsonl", SHARED / "eval" / "qa_dev2.jsonl")
        if i.posting_id not in holdout
    ]
    gold = {
        row["posting_id"]: row
        for row in load_card_gold(SHARED / "eval" / "cards_dev.jsonl", SHARED / "eval" / "cards_dev2.jsonl")
    }
    tasks = set(args.tasks.split(","))
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_dir=Path(tmp) / "index", card_fill="always", generation="always")
        with open_index(settings, write=True) as index:
            ingest(postings, index)
        with open_index(settings) as index:
            ids = [p.id for p in index.postings() if p.id not in holdout][: args.limit]
            proposed = kept = judged = right = 0
            for pid in ids if "card_fill" in tasks else []:
                posting = index.posting(pid)
                card = extract_card(
                    pid, posting.text, posting.title, posting.employer, posting.source_url, posting.metadata
                )
                empty = {f for f in type(card).model_fields if getattr(card, f) in (None, "", [])}
                dropped_before = len(card.dropped)
                fill_with_model(card, posting.text, posting.title, settings, args.model)
                filled = {f for f in empty if getattr(card, f) not in (None, "", [])}
                new_drops = [d for d in card.dropped[dropped_before:] if not d.startswith("model fill failed")]
                proposed += len(filled) + len(new_drops)
                kept += len(filled)
                row = gold.get(pid, {"gold": {}, "not_stated": []})
                judges = set(row["gold"]) | set(row.get("not_stated", []))
                judged += len({f for f in filled if f in judges}) + len({d.split(":")[0] for d in new_drops} & judges)
                right += sum(card_field_correct(f, getattr(card, f), row["gold"].get(f)) for f in filled if f in judges)
            if "card_fill" in tasks:
                figures["card_fill"] = {"produced": proposed, "kept": kept, "judged": judged, "right": right}
            written = survived = 0
            for item in items[: args.limit] if "answer" in tasks else []:
                answer = answer_question(
                    index, item.question, posting_id=item.posting_id, model=args.model, settings=settings
                )
                own = len(answer.citations) if answer.mode == "generated" else 0
                written += own + len(answer.dropped_claims)
                survived += own
            if "answer" in tasks:
                figures["answer"] = {"produced": written, "kept": survived}
    when = datetime.date.today().isoformat()
    for task, numbers in figures.items():
        numbers["measured"] = f"{when}, bench/model_usefulness.py --limit {args.limit} (dev + open dev2)"
        share = numbers["kept"] / numbers["produced"] if numbers["produced"] else float("nan")
        print(f"{args.model} {task}: {numbers['kept']} of {numbers['produced']} kept ({share:.0%})")
        if "judged" in numbers:
            print(f"   of {numbers['judged']} proposals the gold judges, {numbers['right']} kept and right")
    if args.write:
        table = dict(usefulness.measurements())
        table[args.model] = {**table.get(args.model, {}), **figures}
        usefulness.MEASURED.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"written: {usefulness.MEASURED}")


if __name__ == "__main__":
    main()
