"""Fit the employer ranker (summariser/cards/employers.py) on the corpus feeds' employers and write
its parameters, summariser/cards/employer_params.npz.

    .venv/bin/python eval/fit_employer.py [--corpus ../shared/corpus] [--limit N] [--no-write]

Each corpus posting whose feed names an employer gives one labelled candidate set: a candidate
is the employer when it names it (equal after normalising case, spaces and punctuation, or one of
the feed name's short forms — without its legal form, by its bracketed acronym — or most of it).
Postings held out by SHA-1 of their id (20%) are only scored. Printed, on the held-out postings:
top-1 accuracy where the text names the employer at all; and, per probability threshold, how
often the ranker names an employer and how often that name is right (a name given where no
candidate is the feed's employer counts as wrong — a lower bound: the text may name the hiring
department or institute where the feed names its parent, and that is the card's employer) —
beside the rules the card used before (roles.read_employer without a feed). The threshold written
is --threshold, the balanced model's decision boundary by default; the table shows what another
would trade.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from fit_section_words import Rows  # noqa: E402
from fit_sections import held_out, train_targets  # noqa: E402

from summariser.cards import employers  # noqa: E402
from summariser.cards.document import CardText  # noqa: E402
from summariser.cards.roles import employer_names, read_employer  # noqa: E402
from summariser.ingest.flags import excluded_spans  # noqa: E402
from summariser.ingest.pipeline import collect  # noqa: E402
from summariser.types import Posting  # noqa: E402

CUTS = np.round(np.arange(0.3, 0.96, 0.05), 2)


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.lower()).split())


def names_employer(candidate: str, feed_employer: str) -> bool:
    c = norm(candidate)
    if not c:
        return False
    for name in map(norm, employer_names(feed_employer)):
        if c == name or (len(name) >= 3 and re.search(rf"\b{re.escape(name)}\b", c) and len(c) <= 1.5 * len(name)):
            return True
        if len(c) >= 0.6 * len(name) and re.search(rf"\b{re.escape(c)}\b", name):
            return True
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=0, help="only the first N postings of each file")
    ap.add_argument("--l2", type=float, default=1e-5)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    started = time.perf_counter()
    postings = []
    for path in sorted(args.corpus.glob("*.jsonl")):
        loaded = [p for p in collect([path]) if isinstance(p, Posting) and p.employer]
        postings += loaded[: args.limit] if args.limit else loaded
    rows, labels, group, test_docs = [], [], [], []
    for n, p in enumerate(postings):
        doc = CardText(p.text, excluded_spans(p.text, p.metadata))
        cands = employers.candidates(doc)
        y = [names_employer(c.text, p.employer) for c in cands]
        if held_out(p.id):
            test_docs.append((p, doc, cands, y))
            continue
        if not any(y):
            continue  # the text does not name the feed's employer: nothing to learn which name it is
        lowered = doc.text.lower()
        rows += [employers.features(doc, c, lowered) for c in cands]
        labels += y
        group += [n] * len(cands)
    y = np.array(labels, int)
    print(
        f"{len(postings)} postings; trained on {len(set(group))} ({len(y)} candidates, {y.sum()} naming the employer)"
    )
    balance = (len(y) / (2 * np.bincount(y, minlength=2)))[y]
    X = Rows(rows, employers.DIMENSIONS)
    W, b = train_targets(X, np.eye(2, dtype=np.float32)[y], balance, args.l2)
    w, bias = W[:, 1] - W[:, 0], float(b[1] - b[0])

    ranker = employers.EmployerRanker.__new__(employers.EmployerRanker)
    ranker.w, ranker.b, ranker.threshold = w.astype(np.float32), bias, 0.0
    named = [(p, doc, cands, yy) for p, doc, cands, yy in test_docs if any(yy)]
    print(f"\nheld out: {len(test_docs)} postings, {len(named)} whose text names the feed's employer")
    tops = []
    for _, doc, cands, yy in test_docs:
        if not cands:
            tops.append((0.0, False))
            continue
        s = ranker.scores(doc, cands)
        i = int(s.argmax())
        tops.append((float(s[i]), bool(yy[i])))
    top1 = np.mean([ok for (_, ok), (_, _, _, yy) in zip(tops, test_docs) if any(yy)])
    print(f"ranker top-1 where the text names it: {top1:.3f}")
    rules = [read_employer(doc, None) for _, doc, _, _ in test_docs]
    given = [
        (r is not None, r is not None and names_employer(r[0], p.employer)) for r, (p, *_) in zip(rules, test_docs)
    ]
    print(
        f"rules before: name given {np.mean([g for g, _ in given]):.3f} of postings, right "
        f"{sum(ok for _, ok in given) / max(sum(g for g, _ in given), 1):.3f} of those; right of all "
        f"{np.mean([ok for _, ok in given]):.3f}"
    )
    for t in CUTS:
        gave = [ok for prob, ok in tops if prob >= t]
        precision = np.mean(gave) if gave else float("nan")
        print(
            f"   ranker >= {t:.2f}: name given {len(gave) / len(tops):.3f}, right {precision:.3f}, "
            f"right of all {sum(gave) / len(tops):.3f}"
        )
    threshold = args.threshold
    print(f"threshold {threshold}; {time.perf_counter() - started:.0f} s")
    if not args.no_write:
        used = np.where(w != 0)[0]
        np.savez_compressed(
            employers.PARAMS,
            version=employers.VERSION,
            rows=used.astype(np.int32),
            weights=w[used].astype(np.float16),
            b=np.float32(bias),
            threshold=np.float32(threshold),
        )
        print(f"wrote {employers.PARAMS} ({employers.PARAMS.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
