"""`jobsum card` and `summarise`: the job-summary card of one indexed posting, and cards in batches."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summariser.cli.common import _emit, common

if TYPE_CHECKING:
    from summariser.config import Settings


@click.command("card")
@click.argument("posting_id")
@click.option(
    "--model",
    help="litellm model that fills what the parsers leave empty, always asked ('none' to skip; default: "
    "JOBSUM_MODEL, asked as JOBSUM_CARD_FILL says).",
)
@click.option("--jsonld", "as_jsonld", is_flag=True, help="schema.org JobPosting JSON-LD instead of Markdown.")
@common
def card_cmd(posting_id: str, model: str | None, as_jsonld: bool, settings: Settings, as_json: bool) -> None:
    """The job-summary card of one indexed posting, every value with its evidence."""
    from summariser.cards.batch import build_card
    from summariser.cards.facts import parsed_card
    from summariser.cards.fill import worth_filling
    from summariser.cards.render import card_jsonld, card_markdown, missing_required
    from summariser.index.store import open_index

    if model:  # a model named on the command line is asked, whatever auto would decide
        settings = settings.with_overrides(card_fill="always")
    chosen = model or settings.model
    with open_index(settings) as index:
        if worth_filling(chosen, settings):
            card, _ = build_card(index.posting(posting_id), settings, chosen)
        else:  # the parsed card, extracted once per posting and kept beside the index
            card = parsed_card(index, index.resolve(posting_id))
    if as_json:
        click.echo(card.model_dump_json(indent=2))
    elif as_jsonld:
        data = card_jsonld(card)
        _emit(data)
        missing = missing_required(data)
        if missing:
            click.echo(
                f"missing Google-required properties (not stated in the posting): {', '.join(missing)}", err=True
            )
    else:
        click.echo(card_markdown(card))


@click.command("summarise")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--all", "all_postings", is_flag=True, help="Every posting in the index.")
@click.option("--out", type=click.Path(path_type=Path), help="Append cards to this JSONL (and resume from it).")
@click.option(
    "--markdown", "markdown_dir", type=click.Path(path_type=Path), help="Write one Markdown card per posting here."
)
@click.option(
    "--jsonld", "jsonld_dir", type=click.Path(path_type=Path), help="Write one JSON-LD file per posting here."
)
@click.option(
    "--concurrency", default=1, show_default=True, type=click.IntRange(1, 32), help="Model calls in flight at once."
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    help="Worker processes when no model is asked (the parsers are CPU-bound) [default: one per core].",
)
@click.option("--model", help="litellm model that fills what the parsers leave empty ('none' to skip).")
@common
def summarise_cmd(
    paths, all_postings, out, markdown_dir, jsonld_dir, concurrency, processes, model, settings: Settings, as_json: bool
) -> None:
    """Job-summary cards for files or the whole index; resumable, one failure never stops the batch."""
    from summariser.cards.batch import output_stem, summarise
    from summariser.cards.render import card_jsonld, card_markdown
    from summariser.errors import PostingLoadError
    from summariser.index.store import open_index
    from summariser.ingest.pipeline import collect

    if bool(paths) == all_postings:
        raise click.UsageError("give posting files/folders or --all")
    load_errors = []
    if all_postings:
        with open_index(settings) as index:
            postings = [index.posting(p.id) for p in index.postings()]
    else:
        items = collect(paths, settings.max_posting_chars)
        postings = [i for i in items if not isinstance(i, PostingLoadError)]
        load_errors = [{"posting_id": i.source, "error": i.reason} for i in items if isinstance(i, PostingLoadError)]
    for folder in (markdown_dir, jsonld_dir):
        if folder:
            folder.mkdir(parents=True, exist_ok=True)

    def write(card) -> None:
        safe = output_stem(card.posting_id)
        if markdown_dir:
            (markdown_dir / f"{safe}.md").write_text(card_markdown(card), encoding="utf-8")
        if jsonld_dir:
            (jsonld_dir / f"{safe}.jsonld").write_text(
                json.dumps(card_jsonld(card), ensure_ascii=False, indent=2), encoding="utf-8"
            )

    chosen = model or settings.model
    if as_json or not sys.stderr.isatty():
        report = summarise(
            postings, settings, chosen, out=out, concurrency=concurrency, processes=processes, on_card=write
        )
    else:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("summarising", total=None)
            report = summarise(
                postings,
                settings,
                chosen,
                out=out,
                concurrency=concurrency,
                processes=processes,
                on_card=write,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    report.errors = load_errors + report.errors
    report.failed += len(load_errors)
    if as_json:
        _emit({**report.as_dict(), "model": chosen})
    else:
        for err in report.errors:
            click.echo(f"failed: {err['posting_id']}: {err['error']}", err=True)
        summary = report.as_dict()
        click.echo(
            f"{report.written} cards written, {report.skipped} unchanged (skipped), {report.failed} failed in "
            f"{report.seconds:.1f}s ({summary['cards_per_s']} cards/s); {report.usage.prompt_tokens}+"
            f"{report.usage.completion_tokens} tokens, ${report.usage.cost:.4f}; {report.dropped} proposed values "
            "dropped for missing evidence"
        )
    if report.failed:
        sys.exit(1)
