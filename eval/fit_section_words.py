"""Fit the section classifier's fast model (hashed stemmed words and word pairs,
summariser/cards/word_features.py) and write its parameters, summariser/cards/section_words.npz.

    .venv/bin/python eval/section_data.py          # first: the weakly labelled training sentences
    .venv/bin/python eval/fit_section_words.py [--data …] [--gold …/gold.jsonl] [--audit …] [--no-write]

Same sentences, weak labels, split, cleaning and loss as the e5 model (eval/fit_sections.py, whose
functions this reuses), with hashed word features in place of e5 vectors — and what the e5 model
knows besides: it is distilled too. A fixed sample of English corpus units that are not training
sentences (one in --distil-share by SHA-1 of the text, from postings not held out; ~11k, in
units.jsonl from eval/section_data.py) is labelled with the e5 model's probabilities and added
to the training rows as soft targets (weight --distil-weight of an average weak row). Embedding
the sample the first time takes ~20 minutes on 2 cores; the vectors are cached with the others.

The e5 model is refitted on the same training rows beside it so the two are compared on the same
held-out hand labels (and it is the teacher for the held-out check), and the languages the word model serves are decided
from that: a language is served when the word model is at least as accurate there as the e5 model
— English on held-out English postings; Norwegian with both fitted on English alone, since the
corpus has too few Norwegian postings to hold any out. Its own confidence cuts are found as for
the e5 model (hand labels for per-class thresholds, audited verdicts for postings without headings).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from fit_sections import (  # noqa: E402
    Vectors,
    arguments,
    centred,
    cleaned,
    fallback_cuts,
    fit_cleaned,
    held_out,
    load,
    scores,
    show,
    train_targets,
)
from fit_sections import thresholds as precision_cuts  # noqa: E402

from summariser.cards import word_features  # noqa: E402
from summariser.cards.classifier import LABELS, WORD_PARAMS, softmax  # noqa: E402


class Rows:
    """Hashed sentences as a sparse row matrix (CSR without scipy): what train() needs of a
    matrix — shape, rows by index, X @ W and X.T @ G."""

    def __init__(self, idx: list[np.ndarray], dimensions: int = word_features.DIMENSIONS):
        self.idx = idx
        self.shape = (len(idx), dimensions)

    @classmethod
    def of(cls, texts: list[str], langs: list[str]) -> Rows:
        return cls([word_features.buckets(t, lang) for t, lang in zip(texts, langs)])

    def __getitem__(self, rows: np.ndarray) -> Rows:
        return Rows([self.idx[i] for i in rows], self.shape[1])

    def _flat(self):
        lens = np.array([len(i) for i in self.idx])
        cols = np.concatenate(self.idx) if self.idx else np.zeros(0, np.int64)
        scale = np.repeat(1 / np.sqrt(np.maximum(lens, 1)), lens).astype(np.float32)
        return lens, cols, scale

    def __matmul__(self, W: np.ndarray) -> np.ndarray:
        lens, cols, scale = self._flat()
        out = np.zeros((len(lens), W.shape[1]), np.float32)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        some = lens > 0
        out[some] = np.add.reduceat(W[cols] * scale[:, None], starts[some], axis=0)
        return out

    @property
    def T(self):
        rows = self

        class _Transposed:
            def __matmul__(self, G: np.ndarray) -> np.ndarray:
                lens, cols, scale = rows._flat()
                which = np.repeat(np.arange(len(lens)), lens)
                return np.stack(
                    [np.bincount(cols, G[which, c] * scale, minlength=rows.shape[1]) for c in range(G.shape[1])], 1
                ).astype(np.float32)

        return _Transposed()


def distillation_texts(units: list[dict], exclude: set[str], share: float) -> list[str]:
    """The fixed sample the e5 model labels for the word model: English units of postings not held
    out, not training sentences, one in `share` by SHA-1 of the text."""
    out = {}
    for u in units:
        text = u["text"]
        if u["lang"] == "en" and not held_out(u["pid"]) and text not in exclude and held_out(text, share):
            out[text] = None
    return list(out)


def accuracy(y: np.ndarray, P: np.ndarray) -> float:
    return round(float((P.argmax(1) == y).mean()), 3) if len(y) else float("nan")


def main() -> None:
    ap = arguments(__doc__, WORD_PARAMS)
    ap.add_argument("--vectors", type=Path, help="the e5 model's cached vectors (default: DATA/embeddings.npz)")
    ap.add_argument("--distil-share", type=float, default=0.13)
    ap.add_argument("--distil-weight", type=float, default=1.0)
    args = ap.parse_args()
    started = time.perf_counter()
    rows, nav = load(args.data / "sentences.jsonl"), load(args.data / "nav_units.jsonl")
    gold, audit = load(args.gold), load(args.audit)
    if not rows or not gold:
        sys.exit(f"need {args.data}/sentences.jsonl (eval/section_data.py) and hand labels ({args.gold})")
    y = np.array([LABELS.index(r["label"]) for r in rows])
    pids, langs = [r["pid"] for r in rows], [r["lang"] for r in rows]
    norwegian = np.array([lang == "no" for lang in langs])
    X = Rows.of([r["text"] for r in rows], langs)
    test = np.array([held_out(p) for p in pids])
    tr, te, english = np.where(~test)[0], np.where(test)[0], np.where(~norwegian)[0]

    vectors = Vectors(args.vectors or args.data / "embeddings.npz")
    E = vectors([r["text"] for r in rows])
    means = {"en": E[~norwegian].mean(0), "no": vectors([u["text"] for u in nav if u["lang"] == "no"]).mean(0)}
    XE = centred(E, means, langs)
    G = centred(vectors([g["text"] for g in gold]), means, [g["lang"] for g in gold])
    GW = Rows.of([g["text"] for g in gold], [g["lang"] for g in gold])
    yg = np.array([LABELS.index(g["gold"]) for g in gold])
    en_gold = np.array([g["lang"] == "en" and held_out(g["pid"]) for g in gold])
    no_gold = np.array([g["lang"] == "no" for g in gold])

    sample = distillation_texts(load(args.data / "units.jsonl"), {r["text"] for r in rows}, args.distil_share)
    S, XS = Rows.of(sample, ["en"] * len(sample)), centred(vectors(sample), means, ["en"] * len(sample))
    print(f"distillation sample: {len(sample)} units")

    def fit(M, idx):
        return fit_cleaned(M, y, idx, pids, norwegian, args.l2, args.clean)[:2]

    def fit_words(idx, teacher):
        """The word model on the cleaned weak rows of idx plus the sample, soft-labelled by teacher."""
        kept = cleaned(X, y, idx, pids, norwegian, args.l2, args.clean)
        k = len(LABELS)
        balance = (len(kept) / (k * np.maximum(np.bincount(y[kept], minlength=k), 1)))[y[kept]]
        Y = np.concatenate([np.eye(k, dtype=np.float32)[y[kept]], softmax(XS @ teacher[0] + teacher[1])])
        w = np.concatenate([balance, np.full(len(sample), args.distil_weight * balance.mean())])
        return train_targets(Rows(X[kept].idx + S.idx), Y.astype(np.float32), w, args.l2)

    We, be = fit(XE, tr)
    W, b = fit_words(tr, (We, be))
    show("word model, weak labels of held-out postings", scores(y[te], (X[te] @ W + b).argmax(1)))
    print(f"   e5 model, same rows: accuracy={accuracy(y[te], XE[te] @ We + be)}")
    Pw, Pe = softmax(GW[np.where(en_gold)[0]] @ W + b), softmax(G[en_gold] @ We + be)
    compared = {"en": (accuracy(yg[en_gold], Pw), accuracy(yg[en_gold], Pe))}
    show("word model, hand labels of held-out English postings", scores(yg[en_gold], Pw.argmax(1)), True)
    Wen, ben = fit(XE, english)
    Wn, bn = fit_words(english, (Wen, ben))
    no_idx = np.where(no_gold)[0]
    compared["no"] = (accuracy(yg[no_gold], GW[no_idx] @ Wn + bn), accuracy(yg[no_gold], G[no_gold] @ Wen + ben))
    served = [lang for lang, (words, e5) in compared.items() if words >= e5]
    for lang, (words, e5) in compared.items():
        print(
            f"   hand labels, {lang}: word model {words}, e5 model {e5} -> {'word' if lang in served else 'e5'} model"
        )

    print(f"\n== thresholds for precision >= {args.target_precision}, hand labels")
    found = precision_cuts(yg[en_gold], Pw, args.target_precision)
    fallback = {}
    if audit:
        print("\n== postings without headings: audited precision at each cut (with the content check)")
        Pa = softmax(Rows.of([a["text"] for a in audit], ["en"] * len(audit)) @ W + b)
        fallback = fallback_cuts(audit, Pa, args.target_precision)

    everything = np.arange(len(rows))
    W, b = fit_words(everything, fit(XE, everything))
    print(f"\nfinal model: {len(rows)} sentences; {time.perf_counter() - started:.0f} s")
    if not args.no_write:
        used = np.where(np.abs(W).sum(1) > 0)[0]
        np.savez_compressed(
            args.out,
            version=word_features.VERSION,
            dimensions=word_features.DIMENSIONS,
            rows=used.astype(np.int32),
            weights=W[used].astype(np.float16),
            b=b.astype(np.float32),
            classes=np.array(LABELS),
            languages=np.array(served),
            thresholds=np.array([found.get(c, 1.01) for c in LABELS], np.float32),
            fallback=np.array([fallback.get(c, 1.01) for c in LABELS], np.float32),
        )
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes); serves {served}")


if __name__ == "__main__":
    main()
