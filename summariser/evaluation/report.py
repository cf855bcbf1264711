"""What an evaluation run looks like to people: rich tables, `--fail-under` checks, and a report
directory (Markdown + HTML with plots and the worst items to inspect).

Everything from postings or models is escaped before it reaches HTML (markdown-it with raw HTML
disabled), so a hostile posting cannot script the report.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

from summariser.errors import ConfigError
from summariser.evaluation.runs import EvalRun
from summariser.text.markdown import escape_markdown

LOWER_IS_BETTER = ("latency", "tokens", "cost", "chars", "not_stated_filled", "errors")


def flatten(run: EvalRun) -> dict[str, float]:
    """Every numeric figure of a run under a dotted name: 'correct_by_keywords' (overall),
    'kind.fact.evidence_hit', 'language.no.correct_by_keywords', 'scope.all.correct_by_keywords',
    'dataset.qa_dev2.correct_by_keywords', 'source.euraxess.scalar_accuracy', 'slice.holdout.must_mention_recall',
    'per_posting.mrr', 'per_field.deadline', 'summedits/news.balanced_accuracy', 'balanced_accuracy' (all items)."""
    flat: dict[str, float] = {}

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            flat[prefix] = float(value)

    scores = dict(run.scores)
    if run.kind == "qa":
        walk("", scores.get("overall", {}))
    elif run.kind == "judge":
        walk("", scores.get("all", {}))
        walk("", {k: v for k, v in scores.items() if k != "all"})
    else:
        walk("", {k: v for k, v in scores.items() if not k.startswith("by_")})
    if run.kind != "judge":
        for key, groups in scores.items():
            if key.startswith(
                "by_"
            ):  # by_kind -> kind.fact.evidence_hit, by_dataset -> dataset.cards_dev2.scalar_accuracy
                walk(key[3:], groups)
    return flat


def parse_thresholds(specs: tuple[str, ...] | list[str]) -> dict[str, float]:
    out = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        try:
            out[name.strip()] = float(value)
            sep = sep if not math.isnan(out[name.strip()]) else ""
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise ConfigError(f"--fail-under '{spec}': expected metric=value, e.g. correct_by_keywords=0.5")
    return out


def lower_is_better(metric: str) -> bool:
    return any(word in metric for word in LOWER_IS_BETTER)


def failures(flat: dict[str, float], thresholds: dict[str, float]) -> list[str]:
    """Thresholds the run misses. A metric that is NaN (nothing to measure) fails: it was not shown
    to be good enough. For metrics where lower is better (latency, tokens) the bound is an upper one."""
    missed = []
    for name, bound in thresholds.items():
        if name not in flat:
            known = ", ".join(sorted(k for k in flat if "." not in k))
            raise ConfigError(f"--fail-under: no metric '{name}' in this run — overall metrics are: {known}")
        value = flat[name]
        lower_better = lower_is_better(name)
        if math.isnan(value) or (value > bound if lower_better else value < bound):
            missed.append(f"{name} = {value:.4g} ({'above' if lower_better else 'below'} {bound:g})")
    return missed


def fmt(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:.3f}" if abs(value) < 10 else f"{value:,.0f}"
    return str(value)


def table_rows(run: EvalRun) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for each table of a run; shared by the terminal and the report."""
    s = run.scores
    if run.kind == "qa":
        groups = {"all": s["overall"], **group_columns(s)}
        operational = ("tokens", "cost", "latency", "errors")
        quality = [m for m in s["overall"] if not any(w in m for w in operational)]
        rows = [[m, *(fmt(g[m]) for g in groups.values())] for m in quality]
        ops = [[m, fmt(v)] for m, v in s["overall"].items() if any(w in m for w in operational)]
        return [
            (
                "Q&A (columns: all items, then each kind, question language, dataset, source ...)",
                ["metric", *groups],
                rows,
            ),
            ("Cost, latency, judge errors", ["metric", "value"], ops),
        ]
    if run.kind == "judge":
        header = ["dataset", "n", "balanced_accuracy", "unsupported_precision", "unsupported_recall", "roc_auc"]
        return [
            (
                f"Judge {run.meta.get('judge')}",
                header,
                [[name, str(v["n"]), *(fmt(v.get(h, math.nan)) for h in header[2:])] for name, v in s.items()],
            )
        ]
    if run.kind == "retrieval":
        keys = [k for k in s["global"] if k != "n"]
        searches = {scope: v for scope, v in s.items() if not scope.startswith("by_")}
        for column, figures in group_columns(s).items():
            searches.update({f"{scope} {column}": v for scope, v in figures.items()})
        return [
            (
                "Retrieval",
                ["search", "n", *keys],
                [[scope, str(v["n"]), *(fmt(v[k]) for k in keys)] for scope, v in searches.items()],
            )
        ]
    groups = {"all": s, **group_columns(s)}
    metrics = [k for k, v in s.items() if isinstance(v, (int, float))]
    headline = [[m, *(fmt(g.get(m, math.nan)) for g in groups.values())] for m in metrics]
    fields = [
        [f, *(fmt(g.get("per_field", {}).get(f, math.nan)) for g in groups.values())] for f in s.get("per_field", {})
    ]
    return [
        ("Cards (columns: all postings, then each dataset, source, language ...)", ["metric", *groups], headline),
        ("Per-field accuracy over the fields the posting states", ["field", *groups], fields),
    ]


def group_columns(scores: dict) -> dict[str, dict]:
    """The `by_<name>` groups of a run's scores as table columns: 'fact', 'lang=no', 'dataset=cards_dev2' ..."""
    columns = {}
    for key, groups in scores.items():
        if key.startswith("by_"):
            name = {"kind": "", "language": "lang="}.get(key[3:], key[3:] + "=")
            columns.update({f"{name}{value}": figures for value, figures in groups.items()})
    return columns


def rich_tables(run: EvalRun, width: int = 80):
    """Terminal tables; one too wide for `width` columns (a piped log has 80) is split into
    several, each repeating the row names, so no number is cut short or silently left out."""
    from rich.table import Table

    tables = []
    for title, header, rows in table_rows(run):
        widths = [max([len(header[0]), *(len(r[0]) for r in rows)])] + [
            max([4, *(len(r[n]) for r in rows)]) for n in range(1, len(header))
        ]
        chunks, used = [[]], widths[0] + 4  # column numbers of each part, and the width a part uses
        for n in range(1, len(header)):
            if chunks[-1] and used + widths[n] + 3 > width:
                chunks.append([])
                used = widths[0] + 4
            chunks[-1].append(n)
            used += widths[n] + 3
        for part, columns in enumerate(chunks):
            table = Table(title=title if not part else f"{title} (continued)")
            table.add_column(header[0], no_wrap=True, min_width=widths[0])
            for n in columns:  # long metric names fold onto two lines; the numbers stay whole
                table.add_column(header[n], justify="right", min_width=widths[n], overflow="fold")
            for row in rows:
                table.add_row(row[0], *(row[n] for n in columns))
            tables.append(table)
    return tables


def write_report(run: EvalRun, directory: Path, worst: int = 15) -> Path:
    """report.md, report.html and PNG plots in `directory`; returns the HTML path."""
    from markdown_it import MarkdownIt

    from summariser.evaluation.plots import plot_run
    from summariser.evaluation.worst import worst_items

    directory.mkdir(parents=True, exist_ok=True)
    images = plot_run(run, directory)
    lines = [f"# jobsum eval {run.kind}", ""]
    lines += [f"- {_cell(k)}: {_cell(v)}" for k, v in run.meta.items() if not isinstance(v, (list, dict))]
    for title, header, rows in table_rows(run):
        lines += ["", f"## {title}", "", "| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    for image in images:
        lines += ["", f"![{image.stem}]({image.name})"]
    lines += ["", f"## Worst items (up to {worst})", ""]
    for title, body in worst_items(run, worst):
        lines += [f"### {_cell(title)}", "", *[f"- {_cell(b)}" for b in body], ""]
    markdown = "\n".join(lines) + "\n"
    (directory / "report.md").write_text(markdown, encoding="utf-8")
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    page = (
        f"<!doctype html><meta charset='utf-8'><title>jobsum eval {html.escape(run.kind)}</title>"
        "<style>body{font-family:sans-serif;max-width:70em;margin:auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}img{max-width:100%}</style>" + body
    )
    out = directory / "report.html"
    out.write_text(page, encoding="utf-8")
    return out


def _cell(text: object) -> str:
    """Untrusted text as inert Markdown: one line, no tags, no links or emphasis (the app's escaper)."""
    return escape_markdown(str(text))
