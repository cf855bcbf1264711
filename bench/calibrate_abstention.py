"""Calibrate qa.ANSWER_MIN: the evidence confidence below which jobsum abstains.

For every dev question, the best evidence sentence's similarity to the question (the answer
pipeline's confidence) is computed; answerable and unanswerable questions are compared and the
threshold that maximises balanced accuracy of "abstain" is reported, with the spread around it.

    python bench/calibrate_abstention.py [--qa ../shared/eval/qa_dev.jsonl]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def main() -> None:
    from summariser import Settings, ingest, open_index, search
    from summariser.evaluation.datasets import load_qa
    from summariser.qa import evidence as ev
    from summariser.qa.answer import standalone_query

    parser = argparse.ArgumentParser()
    parser.add_argument("--qa", type=Path, default=SHARED / "eval" / "qa_dev.jsonl")
    parser.add_argument("--postings", nargs="+", default=[SHARED / "eval" / "postings_dev.jsonl", SHARED / "seeds"])
    parser.add_argument("-v", action="store_true", help="show the questions on the wrong side of 0.83")
    args = parser.parse_args()
    settings = Settings(index_dir=Path(tempfile.mkdtemp()) / "index")
    with open_index(settings, write=True) as index:
        ingest(args.postings, index)
    rows = []
    with open_index(settings) as index:
        for item in load_qa(args.qa):
            query = standalone_query(item.question, None)
            hits = search(index, query, k=5, posting_id=item.posting_id)
            texts = {h.posting_id: index.posting(h.posting_id).text for h in hits}
            ranked = ev.score(query, ev.sentences_of(hits, texts), index.embed_model)
            confidence = ranked[0].similarity if ranked and ranked[0].typed else 0.0
            rows.append((confidence, item.answerable, item.id, item.kind))
            if "-v" in sys.argv[1:] and (confidence < 0.83) == item.answerable:
                top = ranked[0] if ranked else None
                print(
                    f"{item.id} answerable={item.answerable} conf={confidence:.3f} overlap={top.overlap if top else 0:.2f} "
                    f"type={ev.expected_type(query)} | {item.question} | {top.text[:90] if top else ''}"
                )
    answerable = sorted(c for c, a, _, _ in rows if a)
    unanswerable = sorted(c for c, a, _, _ in rows if not a)
    print("unanswerable:", " ".join(f"{c:.3f}" for c in unanswerable))
    print("answerable (lowest 15):", " ".join(f"{c:.3f}" for c in answerable[:15]))
    best = max(
        (t / 1000 for t in range(700, 950)),
        key=lambda t: (
            sum(c < t for c in unanswerable) / len(unanswerable) + sum(c >= t for c in answerable) / len(answerable)
        ),
    )
    tnr = sum(c < best for c in unanswerable) / len(unanswerable)
    tpr = sum(c >= best for c in answerable) / len(answerable)
    print(f"threshold {best:.3f}: abstains on {tnr:.0%} of unanswerable, answers {tpr:.0%} of answerable")


if __name__ == "__main__":
    main()
