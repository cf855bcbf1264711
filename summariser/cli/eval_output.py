"""What a `jobsum eval` run becomes: the result-line keys each command keeps, the progress bar while it
runs, and `_finish` (write results.jsonl, print tables or JSON, write the report, and exit non-zero
when a `--fail-under` threshold is missed)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the evaluation modules load with the command that needs them, not with `jobsum`
    from summariser.evaluation.runs import EvalRun

QA_KEYS = (
    "id",
    "posting_id",
    "question",
    "answer",
    "abstained",
    "citations",
    "latency_s",
    "model",
    "kind",
    "language",
    "scope",
    "dataset",
    "slice",
    "mode",
    "dropped_claims",
    "usage",
    "faithfulness",
    "grade",
    "error",
)
JUDGE_KEYS = ("id", "dataset", "score", "pred", "judge")


@contextmanager
def _progress(label: str, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _finish(
    run: EvalRun, out: Path | None, keep, report_dir: Path | None, fail_under: tuple[str, ...], as_json: bool
) -> None:
    from summariser.evaluation.report import failures, flatten, parse_thresholds, rich_tables, write_report
    from summariser.evaluation.runs import write_results

    thresholds = parse_thresholds(fail_under)  # validate before printing anything
    if out:
        write_results(run.results, out, keep)
    if as_json:
        click.echo(
            json.dumps(
                {"kind": run.kind, "meta": run.meta, "scores": run.scores, "flat": flatten(run)}, indent=2, default=str
            )
        )
    else:
        from rich.console import Console

        console = Console()
        for table in rich_tables(run, console.width):
            console.print(table)
        if run.meta.get("faithfulness_note"):
            click.echo(f"Note: {run.meta['faithfulness_note']}")
        if out:
            click.echo(f"results: {out}")
    if report_dir:
        click.echo(f"report: {write_report(run, report_dir)}", err=as_json)
    missed = failures(flatten(run), thresholds)
    if missed:
        click.echo("FAILED --fail-under: " + "; ".join(missed), err=True)
        raise SystemExit(1)
