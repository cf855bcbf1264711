"""How well a faithfulness judge agrees with human labels: balanced accuracy, precision/recall of
"unsupported" and ROC-AUC, overall and per dataset.

Label 1 = the response is supported, 0 = it is not. The positive class for precision/recall is
"unsupported" (label 0), the judge's reason to exist; ROC-AUC is of the support score against
label 1 (0.5 = chance, ties count half).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def balanced_accuracy(labels: Sequence[int], preds: Sequence[int]) -> float:
    """Mean of the recall on supported and on unsupported items (chance = 0.5 whatever the mix)."""
    recalls = []
    for cls in (0, 1):
        members = [p for y, p in zip(labels, preds) if y == cls]
        if members:
            recalls.append(sum(p == cls for p in members) / len(members))
    return sum(recalls) / len(recalls) if recalls else math.nan


def unsupported_precision_recall(labels: Sequence[int], preds: Sequence[int]) -> tuple[float, float]:
    flagged = [y for y, p in zip(labels, preds) if p == 0]
    actual = [p for y, p in zip(labels, preds) if y == 0]
    precision = sum(y == 0 for y in flagged) / len(flagged) if flagged else math.nan
    recall = sum(p == 0 for p in actual) / len(actual) if actual else math.nan
    return precision, recall


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Probability that a random supported item scores above a random unsupported one (Mann-Whitney)."""
    ranked = sorted(zip(scores, labels))
    rank_sum, n_pos, i = 0.0, 0, 0
    while i < len(ranked):  # average ranks over ties
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2
        for _, label in ranked[i:j]:
            if label == 1:
                rank_sum += mean_rank
                n_pos += 1
        i = j
    n_neg = len(ranked) - n_pos
    if not n_pos or not n_neg:
        return math.nan
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def roc_curve(labels: Sequence[int], scores: Sequence[float]) -> list[tuple[float, float]]:
    """(false-positive rate, true-positive rate) points, supported = positive, for plotting."""
    n_pos = sum(1 for y in labels if y == 1)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        return []
    points, tp, fp = [(0.0, 0.0)], 0, 0
    pairs = sorted(zip(scores, labels), reverse=True)
    for i, (score, label) in enumerate(pairs):
        tp += label == 1
        fp += label == 0
        if i + 1 == len(pairs) or pairs[i + 1][0] != score:
            points.append((fp / n_neg, tp / n_pos))
    return points


def score_judge(rows: Sequence[dict]) -> dict[str, dict[str, float]]:
    """Per-dataset and overall figures from judge result lines joined with their labels
    (each row has dataset, label, score, pred). SummEdits domains are also pooled."""
    groups: dict[str, list[dict]] = {"all": list(rows)}
    for row in rows:
        groups.setdefault(row["dataset"], []).append(row)
        if row["dataset"].startswith("summedits/"):
            groups.setdefault("summedits (all domains)", []).append(row)
    out = {}
    for name, members in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        labels = [int(r["label"]) for r in members]
        preds = [int(r["pred"]) for r in members]
        scores = [float(r["score"]) for r in members]
        precision, recall = unsupported_precision_recall(labels, preds)
        out[name] = {
            "n": len(members),
            "balanced_accuracy": balanced_accuracy(labels, preds),
            "unsupported_precision": precision,
            "unsupported_recall": recall,
            "roc_auc": roc_auc(labels, scores),
        }
    return out
