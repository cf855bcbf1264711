"""The section classifier's training sentences: corpus postings cut into units by the card code
itself (summariser/cards/units.py), each weakly labelled by the heading it stands under.

    .venv/bin/python eval/section_data.py [--corpus ../shared/corpus] [--eval ../shared/eval] [--out eval/.cache/sections]

Writes, under --out (git-ignored): sentences.jsonl (the balanced training set), nav_units.jsonl
(every unit of the Norwegian postings: their mean embedding centres Norwegian) and coverage.json.
Every posting of the evaluation sets (the ids in postings_dev*.jsonl; nothing else of them is
read) is left out. Then run eval/fit_sections.py.

Labels: a unit under a card heading or lead-in takes its label if its words agree
(cards/sections.py: content_agrees); "other" is what stands under About us / Project description /
Selection process headings, short site fields ("Starting date: …") and the first two intro units
of postings that use at least two card headings. Boilerplate repeated across postings is kept once
(else held-out figures leak), texts with conflicting labels are dropped, at most 6 units per
posting and class (12 for documents and contacts, no cap for the scarce Norwegian ones), at most
4,500 per class (5,400 for other, at most half of it from one origin).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summariser.cards.document import CardText  # noqa: E402
from summariser.cards.sections import CARD_LABELS, content_agrees  # noqa: E402
from summariser.cards.units import posting_units  # noqa: E402
from summariser.ingest.pipeline import collect  # noqa: E402
from summariser.types import Posting  # noqa: E402

CLASSES = [*CARD_LABELS, "other"]
OUT = ROOT / "eval" / ".cache" / "sections"
CORPUS = ROOT.parent / "shared" / "corpus"
EVAL = ROOT.parent / "shared" / "eval"

# stop words: which language a unit is in (only English and Norwegian units are used)
_STOP = {
    "en": set(
        "the and of to in with is are you will be a an on as by or our we your have this that from at which can "
        "their has".split()
    ),
    "no": set(
        "og i på med til er du vi som av en et det har å om skal ikke kan være deg oss vil eller fra ved hos din "
        "dine våre".split()
    ),
    "xx": set(
        "der die das und ist mit von zu den des für ein eine le la les est une pour dans sur il di che della per "
        "con un una del los las el y por para que em não het een van voor och att är".split()
    ),
}


def language(text: str, default: str = "en") -> str:
    """'en', 'no' or 'xx' (anything else) by stop words; short or undecided texts keep the default."""
    tokens = re.findall(r"[a-zæøåäöüéèàáíóúç]+", re.sub(r"\bet al\b", "", text.lower()))
    scores = {lang: sum(t in words for t in tokens) for lang, words in _STOP.items()}
    best = max(scores, key=scores.get)
    need = 1 if len(tokens) <= 5 or best == default else 2
    return best if scores[best] >= need and list(scores.values()).count(scores[best]) == 1 else default


def excluded_ids(eval_dir: Path) -> set[str]:
    return {
        json.loads(line)["id"]
        for name in ("postings_dev.jsonl", "postings_dev2.jsonl")
        for line in open(eval_dir / name)
        if line.strip()
    }


def posting_rows(posting: Posting) -> list[dict]:
    """Every unit of one posting, with its weak label and language."""
    source = posting.metadata.get("source") or "unknown"
    norwegian = posting.id.startswith("nav-") or posting.language == "no"
    plang = "no" if norwegian else language(posting.text).replace("no", "xx")
    rows, intro = [], 0
    for unit in posting_units(CardText(posting.text)):
        lang = language(unit.text, plang)
        lang = "xx" if lang == "no" and not norwegian else lang  # "Norwegian" outside NAV is Danish, Swedish …
        rows.append(
            {
                "pid": posting.id,
                "source": source,
                "lang": lang,
                "label": unit.label,
                "origin": unit.origin,
                "heading": unit.heading,
                "text": unit.text,
                "bullet": unit.bullet,
                "intro_rank": intro if unit.origin == "intro" else -1,
            }
        )
        intro += unit.origin == "intro"
    return rows


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def balance(units: list[dict], per_posting: int = 6, per_class: int = 4500, seed: int = 0) -> list[dict]:
    """The training set: weak labels that pass the content check, de-duplicated and capped."""
    headings = [u for u in units if u["origin"] in ("heading", "leadin") and u["label"] in CARD_LABELS]
    headed = collections.Counter(u["pid"] for u in headings)
    candidates = []
    for u in units:
        label = u["label"]
        if label in ("meta", "other"):
            label = "other"
        elif label == "intro":  # intro text is 'other' only in postings that do use headings
            label = "other" if headed[u["pid"]] >= 2 and 0 <= u["intro_rank"] < 2 else None
        if label in CLASSES and u["lang"] in ("en", "no") and content_agrees(label, u["text"], u["bullet"]):
            candidates.append(dict(u, label=label))
    labels_of = collections.defaultdict(set)
    for u in candidates:
        labels_of[_key(u["text"])].add(u["label"])
    seen, unique = set(), []
    for u in candidates:  # one copy of repeated boilerplate; none of a text that carries conflicting labels
        k = _key(u["text"])
        if len(labels_of[k]) == 1 and k not in seen:
            seen.add(k)
            unique.append(u)
    unique.sort(key=lambda u: hashlib.md5(u["text"].encode()).hexdigest())  # stable: a rebuild re-uses the cache
    per_posting_class, kept = collections.Counter(), []
    for u in unique:
        cap = per_posting * (2 if u["label"] in ("contact", "application_document") else 1)
        cap = 10**6 if u["lang"] == "no" else cap
        if per_posting_class[(u["pid"], u["label"])] < cap:
            per_posting_class[(u["pid"], u["label"])] += 1
            kept.append(u)
    out, per_label, per_origin = [], collections.Counter(), collections.Counter()
    for u in sorted(kept, key=lambda u: u["lang"] != "no"):  # Norwegian first: always kept
        if per_label[u["label"]] >= per_class * (1.2 if u["label"] == "other" else 1):
            continue
        if u["label"] == "other" and per_origin[u["origin"]] >= per_class * 0.5:
            continue  # keep 'other' varied: intro, about/project sections, site fields
        per_label[u["label"]] += 1
        per_origin[u["origin"]] += u["label"] == "other"
        out.append(u)
    random.Random(seed).shuffle(out)
    return out


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--eval", type=Path, default=EVAL)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    started = time.perf_counter()
    skip = excluded_ids(args.eval)
    postings = [p for p in collect([args.corpus]) if isinstance(p, Posting) and p.id not in skip]
    units = [row for p in postings for row in posting_rows(p)]
    data = balance(units)
    args.out.mkdir(parents=True, exist_ok=True)
    _write(args.out / "sentences.jsonl", data)
    _write(args.out / "nav_units.jsonl", [u for u in units if u["pid"].startswith("nav-")])
    weak = [u for u in units if u["label"] in (*CLASSES, "meta")]
    coverage = {
        "excluded_eval_postings": len(skip),
        "postings": dict(collections.Counter(p.metadata.get("source") or "unknown" for p in postings)),
        "units": dict(collections.Counter(u["source"] for u in units)),
        "postings_with_weak_labels": dict(collections.Counter(s for s, _ in {(u["source"], u["pid"]) for u in weak})),
        "weak_units_by_label": dict(collections.Counter(u["label"] for u in weak)),
        "units_by_lang": dict(collections.Counter(u["lang"] for u in units)),
        "training_set": {
            "n": len(data),
            "postings": len({u["pid"] for u in data}),
            "by_label": dict(collections.Counter(u["label"] for u in data)),
            "by_source": dict(collections.Counter(u["source"] for u in data)),
            "by_lang": dict(collections.Counter(u["lang"] for u in data)),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    (args.out / "coverage.json").write_text(json.dumps(coverage, indent=1, ensure_ascii=False))
    print(json.dumps(coverage, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
