"""Which town names are words: learn from the corpus which GeoNames towns (of MENTIONED_TOWN people
or more, one word) postings write in lower case, and write them to summariser/cards/town_words.txt.

    .venv/bin/python eval/fit_town_words.py [--corpus ../shared/corpus] [--min-postings 10]

A card names a town it finds only mentioned (no "based in", no "Location:") when the posting names
it in several sentences (cards/places.py `_repeated`). "Time", "Date", "Union", "Opportunity",
"Officer" and "University" are towns somewhere too, and capitalised in "Closing Date", "European
Union", "Full Time", so a town that --min-postings or more corpus postings write in lower case, as a
word of its own (not inside an address: leeds.ac.uk), is a word there; with a cue ("based in
Reading") it is still a place. Printed: how many towns were tested and the words found, most
frequent first, with how many postings write each in lower case and how many capitalised.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summariser import jsonl  # noqa: E402
from summariser.cards.places import MENTIONED_TOWN, TOWN_WORDS, _towns, standalone  # noqa: E402

_WORD = re.compile(standalone(r"[^\W\d_]+"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--min-postings", type=int, default=10)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    towns = {k for k, (population, _) in _towns().items() if population >= MENTIONED_TOWN and k.isalpha()}
    lower, capitalised, postings = Counter(), Counter(), 0
    for path in sorted(args.corpus.glob("*.jsonl")):
        for record in jsonl.objects(path):
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str):
                continue
            postings += 1
            seen_lower, seen_capitalised = set(), set()
            for m in _WORD.finditer(text):
                word = m.group(0)
                if word.lower() in towns:
                    (seen_lower if word.islower() else seen_capitalised).add(word.lower())
            lower.update(seen_lower)
            capitalised.update(seen_capitalised)
    words = sorted((w for w in towns if lower[w] >= args.min_postings), key=lambda w: (-lower[w], w))
    print(f"{postings} postings, {len(towns)} one-word towns of {MENTIONED_TOWN}+ people; {len(words)} are words:")
    print(", ".join(f"{w} ({lower[w]}/{capitalised[w]})" for w in words))
    if not args.no_write:
        header = f"# written by eval/fit_town_words.py --min-postings {args.min_postings}: towns the corpus writes as words\n"
        TOWN_WORDS.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        print(f"wrote {TOWN_WORDS}")


if __name__ == "__main__":
    main()
