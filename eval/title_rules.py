"""How often the card's title rules name the post the corpus feeds name, text only.

    .venv/bin/python eval/title_rules.py [--corpus ../shared/corpus] [--limit N]

The jobs.ac.uk and NAV postings of the corpus have a feed title (EURAXESS's have none); it is the
label. Printed per source: how often the text repeats the feed title verbatim, and ignoring case;
how often roles.read_title without the feed's title (the text's word only) gives a title that
matches it by the card metric's normalised containment either way — or gives none; and how often
read_title given the feed title, text only (as the evaluation runs it), matches it (generous: any
part of the feed title the text repeats counts as right — it shows how often the rules reach one).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summariser.cards.document import CardText  # noqa: E402
from summariser.cards.roles import read_title, title_like  # noqa: E402
from summariser.evaluation.card_metrics import card_field_correct  # noqa: E402
from summariser.ingest.flags import excluded_spans  # noqa: E402
from summariser.ingest.pipeline import collect  # noqa: E402
from summariser.text.spans import find_quote  # noqa: E402
from summariser.types import Posting  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=0, help="only the first N postings of each file")
    ap.add_argument("--show", type=int, default=0, help="print N wrong titles per source")
    args = ap.parse_args()
    started = time.perf_counter()
    for path in sorted(args.corpus.glob("*.jsonl")):
        postings = [p for p in collect([path]) if isinstance(p, Posting) and p.title]
        postings = postings[: args.limit] if args.limit else postings
        count: Counter[str] = Counter()
        shown = 0
        for p in postings:
            doc = CardText(p.text, excluded_spans(p.text, p.metadata))
            count["verbatim"] += find_quote(doc.text, p.title) is not None
            count["any case"] += find_quote(doc.text.lower(), p.title.lower()) is not None
            found = read_title(doc, None, sources=False)
            count["none"] += found is None
            right = found is not None and card_field_correct("title", found[0], p.title)
            count["right"] += right
            fed = read_title(doc, p.title, sources=False)
            count["fed"] += fed is not None and card_field_correct("title", fed[0], p.title)
            count["like"] += title_like(p.title)
            if found is not None and not right and shown < args.show:
                shown += 1
                print(f"   {p.title!r:70.70} <- {found[0]!r:.60}")
        n = max(len(postings), 1)
        print(
            f"{path.stem}: {len(postings)} titled; feed title in text {count['verbatim'] / n:.3f} verbatim, "
            f"{count['any case'] / n:.3f} any case; text-only rules right {count['right'] / n:.3f}, "
            f"none {count['none'] / n:.3f}; given the feed title (as in evaluation) right {count['fed'] / n:.3f}; "
            f"title_like {count['like'] / n:.3f}"
        )
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
