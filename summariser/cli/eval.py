"""`jobsum eval qa|retrieval|cards|judge`: run a dataset, write results.jsonl, print tables, write a
report, and exit non-zero when a `--fail-under` threshold is missed. Uses the library as any user
would (summariser.evaluation.runs, summariser.evaluation.report). What a finished run becomes (results,
tables, report, thresholds) is in eval_output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summariser.cli.eval_output import JUDGE_KEYS, QA_KEYS, _finish, _progress

if TYPE_CHECKING:  # the evaluation modules load with the command that needs them, not with `jobsum`
    from summariser.config import Settings


def shared(func):
    """Options every eval command takes."""
    func = click.option("--out", type=click.Path(path_type=Path), help="Write one result line per item (JSONL).")(func)
    func = click.option(
        "--report", "report_dir", type=click.Path(path_type=Path), help="Write report.md/report.html with plots here."
    )(func)
    func = click.option(
        "--fail-under",
        "fail_under",
        multiple=True,
        metavar="METRIC=VALUE",
        help="Exit 1 if METRIC is below VALUE (above, for latency/tokens/cost). Repeatable; names as in --json.",
    )(func)
    func = click.option("--limit", type=int, help="Only the first N items (a quick look).")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of tables.")(func)
    return func


def postings_option(func):
    """The postings a dataset is about, and the index they go into."""
    func = click.option(
        "--holdout",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Posting ids (one per line) of a held-out slice: scored as 'slice=holdout', never listed item by item.",
    )(func)
    func = click.option(
        "--index",
        "index_dir",
        type=click.Path(path_type=Path),
        help="Use (and add the postings to) this index instead of a fresh temporary one.",
    )(func)
    return click.option(
        "--postings",
        multiple=True,
        required=True,
        type=click.Path(exists=True, path_type=Path),
        help="Posting files or folders the dataset refers to (repeat, or give several after one flag).",
    )(func)


def _settings(index_dir: Path | None) -> Settings:
    from summariser.config import Settings

    return Settings().with_overrides(index_dir=index_dir)


@click.group("eval")
def eval_group() -> None:
    """Measure answers, retrieval, cards and judges against gold data (../shared/eval formats)."""


def _datasets_and_postings(
    args: tuple[str, ...], postings: tuple[Path, ...], key: str
) -> tuple[list[Path], list[Path]]:
    """The dataset files among the arguments (their first row has `key`: 'question' for Q&A, 'gold'
    for cards) and the posting files and folders (`--postings a.jsonl dir/` reads naturally, and
    click hands the second path over as an argument)."""
    datasets, paths = [], list(postings)
    for value in args:
        path = Path(value)
        if not path.exists():
            raise click.BadParameter(f"{value}: no such file or folder")
        (datasets if path.is_file() and _first_row_has(path, key) else paths).append(path)
    if not datasets:
        raise click.UsageError(
            f"no dataset among {', '.join(args) or 'the arguments'} (a JSONL whose rows have '{key}')"
        )
    return datasets, paths


def _first_row_has(path: Path, key: str) -> bool:
    if path.suffix.lower() not in {".jsonl", ".json"}:
        return False
    with path.open(encoding="utf-8", errors="replace") as lines:
        first = next((line for line in lines if line.strip()), "")
    try:
        row = json.loads(first)
    except ValueError:
        return False
    return isinstance(row, dict) and key in row


def _slices(index, texts, holdout: Path | None):
    from summariser.evaluation.datasets import read_ids
    from summariser.evaluation.slices import Slices

    return Slices.of(index, texts, read_ids(holdout) if holdout else ())


@eval_group.command("qa")
@click.argument("datasets", nargs=-1, required=True)
@postings_option
@click.option("--model", help="litellm model answering (default: config model, local/smollm2).")
@click.option("--judge", "judge_spec", default="offline", show_default=True, help="offline | llm:<model>[@runs]")
@click.option(
    "--scope",
    type=click.Choice(["posting", "all"]),
    default="posting",
    show_default=True,
    help="posting: each question scoped to its posting; all: also across all postings.",
)
@click.option(
    "--pipeline",
    type=click.Choice(["jobsum", "citation-engine"]),
    default="jobsum",
    show_default=True,
    help="citation-engine: llama-index's CitationQueryEngine over the same retriever and model (the baseline).",
)
@shared
def qa_cmd(
    datasets,
    postings,
    holdout,
    model,
    judge_spec,
    scope,
    pipeline,
    index_dir,
    out,
    report_dir,
    fail_under,
    limit,
    as_json,
):
    """Answer every question of the DATASETS (Q&A JSONL files) and score the answers."""
    from summariser.evaluation.datasets import load_items
    from summariser.evaluation.runs import eval_index, jobsum_answerer, run_qa
    from summariser.grounding.judges import get_judge

    settings = _settings(index_dir)
    datasets, paths = _datasets_and_postings(datasets, postings, "question")
    items = load_items(*datasets)[:limit]
    model = model or settings.model
    judge = get_judge(judge_spec, settings)
    if pipeline == "jobsum":
        answerer = jobsum_answerer(model)
    else:
        from summariser.evaluation.baseline import citation_engine_answerer

        answerer = citation_engine_answerer(model)
    with eval_index(settings, paths, fresh=index_dir is None) as (index, texts):
        slices = _slices(index, texts, holdout)
        runs = []
        for one_scope in ["posting", "all"] if scope == "all" else ["posting"]:
            with _progress(f"answering ({one_scope})", as_json) as progress:
                runs.append(run_qa(index, texts, items, answerer, judge, one_scope, progress, slices))
    run = runs[0]
    if len(runs) > 1:  # the all-postings answers are written and reported beside the scoped ones
        run.results += runs[1].results
        run.scores["by_scope"] = {"all": runs[1].scores["overall"]}
    run.meta.update(dataset=", ".join(map(str, datasets)), model=model, pipeline=pipeline, items=len(items))
    _finish(run, out, QA_KEYS, report_dir, fail_under, as_json)


@eval_group.command("retrieval")
@click.argument("datasets", nargs=-1, required=True)
@postings_option
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100))
@shared
def retrieval_cmd(datasets, postings, holdout, k, index_dir, out, report_dir, fail_under, limit, as_json):
    """recall@k and MRR against the gold evidence of the DATASETS, searching everything and one posting."""
    from summariser.evaluation.datasets import load_items
    from summariser.evaluation.runs import eval_index, run_retrieval

    settings = _settings(index_dir)
    datasets, paths = _datasets_and_postings(datasets, postings, "question")
    items = load_items(*datasets)[:limit]
    with eval_index(settings, paths, fresh=index_dir is None) as (index, texts):
        run = run_retrieval(index, texts, items, k, _slices(index, texts, holdout))
    run.meta.update(dataset=", ".join(map(str, datasets)), embedding=settings.embedding)
    _finish(run, out, None, report_dir, fail_under, as_json)


@eval_group.command("cards")
@click.argument("golds", nargs=-1, required=True)
@postings_option
@click.option("--model", help="litellm model filling what the parsers leave empty ('none': parsers only).")
@shared
def cards_cmd(golds, postings, holdout, model, index_dir, out, report_dir, fail_under, limit, as_json):
    """Per-field card accuracy against the GOLDS (card gold JSONL files), not-stated fields left empty,
    must_mention recall, the lists' shape and evidence validity."""
    from summariser.evaluation.datasets import load_card_gold
    from summariser.evaluation.runs import eval_index, run_cards

    settings = _settings(index_dir)
    golds, paths = _datasets_and_postings(golds, postings, "gold")
    rows = load_card_gold(*golds)[:limit]
    model = model or settings.model
    with (
        eval_index(settings, paths, fresh=index_dir is None) as (index, texts),
        _progress("summarising", as_json) as progress,
    ):
        run = run_cards(index, texts, rows, settings, model, progress, _slices(index, texts, holdout))
    run.meta.update(gold=", ".join(map(str, golds)), model=model)
    from summariser.cards.schema import JobCard

    run.results = [r for r in run.results if "error" not in r]  # missing postings are listed in the scores
    _finish(run, out, ["posting_id", *JobCard.model_fields], report_dir, fail_under, as_json)


@eval_group.command("judge")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--judge", "judge_spec", default="offline", show_default=True, help="offline | llm:<model>[@runs]")
@click.option(
    "--dataset-filter", "only", multiple=True, help="Only items whose dataset starts with this (e.g. summedits)."
)
@shared
def judge_cmd(dataset, judge_spec, only, out, report_dir, fail_under, limit, as_json):
    """Run a faithfulness judge on (context, response, label) pairs; balanced accuracy per dataset."""
    from summariser.config import Settings
    from summariser.evaluation.datasets import load_judge_items
    from summariser.evaluation.runs import run_judge
    from summariser.grounding.judges import get_judge

    rows = load_judge_items(dataset)
    if only:
        rows = [r for r in rows if any(r.get("dataset", "").startswith(o) for o in only)]
    rows = rows[:limit]
    judge = get_judge(judge_spec, Settings())
    with _progress("judging", as_json) as progress:
        run = run_judge(judge, rows, progress)
    run.meta.update(dataset=str(dataset), items=len(rows))
    _finish(run, out, JUDGE_KEYS, report_dir, fail_under, as_json)
