"""PNG plots for evaluation reports (matplotlib, headless)."""

from __future__ import annotations

import math
from pathlib import Path

from summariser.evaluation.judge_metrics import roc_curve
from summariser.evaluation.report import group_columns
from summariser.evaluation.runs import EvalRun


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _bars(groups: dict[str, dict[str, float]], metrics: list[str], title: str, path: Path) -> Path:
    plt = _pyplot()
    names = list(groups)
    width = 0.8 / max(1, len(metrics))
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(names) + 2), 4))
    for n, metric in enumerate(metrics):
        values = [groups[g].get(metric, math.nan) for g in names]
        ax.bar(
            [i + n * width for i in range(len(names))], [0 if math.isnan(v) else v for v in values], width, label=metric
        )
    ax.set_xticks([i + width * (len(metrics) - 1) / 2 for i in range(len(names))], names, rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_run(run: EvalRun, directory: Path) -> list[Path]:
    s = run.scores
    if run.kind == "qa":
        groups = {"all": s["overall"], **group_columns(s)}
        metrics = ["correct_by_keywords", "evidence_hit", "faithfulness", "abstention_recall"]
        return [_bars(groups, metrics, "Q&A by kind, language, dataset and source", directory / "qa_by_kind.png")]
    if run.kind == "retrieval":
        metrics = [m for m in s["global"] if m.startswith("recall@") or m == "mrr"]
        searches = {scope: v for scope, v in s.items() if not scope.startswith("by_")}
        return [_bars(searches, metrics, "Retrieval against gold evidence", directory / "retrieval.png")]
    if run.kind == "cards":
        groups = {"all": s, **group_columns(s)}
        metrics = ["scalar_accuracy", "not_stated_respected", "must_mention_recall", "list_items_short"]
        return [
            _bars(
                {f: {"accuracy": v} for f, v in s.get("per_field", {}).items()},
                ["accuracy"],
                "Card field accuracy (fields the posting states)",
                directory / "card_fields.png",
            ),
            _bars(groups, metrics, "Cards by dataset, source and language", directory / "card_groups.png"),
        ]
    return [_roc(run, directory / "judge_roc.png")]


def _roc(run: EvalRun, path: Path) -> Path:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 5))
    datasets = sorted({r["dataset"] for r in run.results if r.get("label") is not None})
    for name in [*datasets, None]:
        rows = [r for r in run.results if r.get("label") is not None and (name is None or r["dataset"] == name)]
        points = roc_curve([int(r["label"]) for r in rows], [float(r["score"]) for r in rows])
        if points:
            auc = run.scores.get(name or "all", {}).get("roc_auc", math.nan)
            ax.plot(*zip(*points), label=f"{name or 'all'} (AUC {auc:.2f})", linewidth=2.5 if name is None else 1)
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey")
    ax.set_xlabel("false-positive rate (unsupported judged supported)")
    ax.set_ylabel("true-positive rate (supported judged supported)")
    labelled = bool(ax.get_legend_handles_labels()[0])
    ax.set_title(f"Judge {run.meta.get('judge')}: " + ("ROC" if labelled else "no labelled items, no ROC curve"))
    if labelled:
        ax.legend(fontsize="x-small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
