"""The `jobsum` command. It uses the library as any user would and turns errors into messages.

Each command imports what it needs when it runs: `jobsum --help` loads click and nothing else,
`jobsum search` never loads litellm or llama-index.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summariser.errors import JobsumError

if TYPE_CHECKING:
    from summariser.config import Settings


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except JobsumError as err:
            raise click.ClickException(str(err)) from None


def common(func):
    """--index and --json, which every command takes."""

    @click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index directory (default data/index).")
    @click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON on stdout.")
    @functools.wraps(func)
    def wrapper(index_dir: Path | None, as_json: bool, **kwargs):
        from summariser.config import Settings

        return func(settings=Settings().with_overrides(index_dir=index_dir), as_json=as_json, **kwargs)

    return wrapper


def _emit(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=_Group)
@click.version_option(package_name="jobsum")
def cli() -> None:
    """jobsum: grounded summaries and cited answers for job postings."""


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@common
def ingest_cmd(paths: tuple[Path, ...], settings: Settings, as_json: bool) -> None:
    """Add or update postings from files and folders (.txt .md .html .pdf .jsonl .json)."""
    _one_thread_per_query()  # and one embedding thread per CPU (see ingest.pipeline.embed_workers)
    from summariser.index.store import open_index
    from summariser.ingest.pipeline import ingest

    with open_index(settings, write=True) as index:
        if as_json or not sys.stderr.isatty():
            report = ingest(paths, index)
        else:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("ingesting", total=None)
                report = ingest(
                    paths, index, progress=lambda done, total: bar.update(task, completed=done, total=total)
                )
        total_chunks = index.count_chunks()
    if as_json:
        _emit({**report.as_dict(), "index": index.where, "chunks_in_index": total_chunks})
    else:
        for err in report.errors:
            click.echo(f"failed: {err['source']}: {err['error']}", err=True)
        for flagged in report.flagged:
            click.echo(f"flagged: {flagged['id']}: {'; '.join(flagged['warnings'])}", err=True)
        for posting in report.postings:
            if posting["status"] != "unchanged":
                click.echo(
                    f"{posting['status']:>9}  {posting['id']}  {posting.get('chunks', 0)} chunks  {posting.get('title') or ''}"
                )
        click.echo(
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, {report.failed} failed; "
            f"{report.chunks} chunks written in {report.seconds:.1f}s; index {index.where} holds {total_chunks} chunks"
        )
    if report.failed:  # the rest of the batch landed; the exit code still says something did not
        sys.exit(1)


@cli.command("search")
@click.argument("query")
@click.option("--posting", "posting_id", help="Only search this posting (id or alias).")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="How many chunks.")
@common
def search_cmd(query: str, posting_id: str | None, k: int, settings: Settings, as_json: bool) -> None:
    """Hybrid (vector + BM25) search over the indexed postings."""
    _one_thread_per_query()
    from summariser.index.retrieval import search
    from summariser.index.store import open_index

    with open_index(settings) as index:
        hits = search(index, query, k=k, posting_id=posting_id)
    if as_json:
        _emit({"query": query, "posting_id": posting_id, "hits": [h.as_dict() for h in hits]})
        return
    if not hits:
        click.echo("no matches")
    for rank, hit in enumerate(hits, 1):
        where = f"{hit.posting_id} · {hit.section or '(top)'} · chars {hit.start}-{hit.end}"
        click.echo(click.style(f"[{rank}] {hit.title}", bold=True) + f"\n    {where}  score {hit.score:.4f}")
        click.echo("    " + " ".join(hit.text.split())[:400] + "\n")


@cli.command("ask")
@click.argument("question")
@click.option("--posting", "posting_id", help="Answer from this posting only (id or alias).")
@click.option("--model", help="litellm model string (default: JOBSUM_MODEL or local/smollm2).")
@common
def ask_cmd(question: str, posting_id: str | None, model: str | None, settings: Settings, as_json: bool) -> None:
    """Answer a question; every sentence cites a verbatim quote, or it says the posting does not say."""
    _one_thread_per_query()
    from summariser.index.store import open_index
    from summariser.qa.answer import answer_question

    with open_index(settings) as index:
        answer = answer_question(index, question, posting_id=posting_id, model=model)
    if as_json:
        record = answer.result_record()
        record.update(
            mode=answer.mode,
            dropped_claims=answer.dropped_claims,
            confidence=answer.confidence,
            usage=answer.usage,
            citations=[c.model_dump() for c in answer.citations],
        )
        _emit(record)
        return
    badge = " [abstained: the posting does not say]" if answer.abstained else ""
    if answer.dropped_claims:
        badge += f" [{len(answer.dropped_claims)} unsupported claim(s) dropped]"
    click.echo(answer.text + click.style(badge, fg="yellow"))
    for c in answer.citations:
        click.echo(
            f"  [{c.n}] {c.title} · {c.section or '(top)'} · chars {c.start}-{c.end}\n      “{' '.join(c.quote.split())}”"
        )


@cli.command("card")
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


@cli.command("summarise")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--all", "all_postings", is_flag=True, help="Every posting in the index.")
@click.option("--out", type=click.Path(path_type=Path), help="Append cards to this JSONL (and resume from it).")
@click.option(
    "--markdown", "markdown_dir", type=click.Path(path_type=Path), help="Write one Markdown card per posting here."
)
@click.option(
    "--jsonld", "jsonld_dir", type=click.Path(path_type=Path), help="Write one JSON-LD file per posting here."
)
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 32))
@click.option("--model", help="litellm model that fills what the parsers leave empty ('none' to skip).")
@common
def summarise_cmd(
    paths, all_postings, out, markdown_dir, jsonld_dir, concurrency, model, settings: Settings, as_json: bool
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
        report = summarise(postings, settings, chosen, out=out, concurrency=concurrency, on_card=write)
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


@cli.command("serve-model")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8088, show_default=True, type=int)
@click.option("--model", "name", default="smollm2", show_default=True, help="Bundled local model to serve.")
def serve_model_cmd(host: str, port: int, name: str) -> None:
    """Serve the bundled local model as an OpenAI-compatible API (for litellm's openai/<name>)."""
    from summariser.llm.server import make_server

    server = make_server(host, port, name)
    click.echo(
        f"serving local/{name} at http://{host}:{port}/v1 (use JOBSUM_MODEL=openai/{name} JOBSUM_API_BASE=http://{host}:{port}/v1)"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command("list")
@common
def list_cmd(settings: Settings, as_json: bool) -> None:
    """The postings in the index."""
    from summariser.index.store import open_index

    with open_index(settings) as index:
        postings = index.postings()
    if as_json:
        _emit(
            [
                {
                    "id": p.id,
                    "title": p.title,
                    "employer": p.employer,
                    "chunks": p.chunks,
                    "source_url": p.source_url,
                    "incomplete": p.incomplete,
                }
                for p in postings
            ]
        )
        return
    for p in postings:
        state = "  (incomplete: the next ingest redoes it)" if p.incomplete else ""
        click.echo(
            f"{p.id}  {p.chunks:>3} chunks  {p.title or ''}" + (f" — {p.employer}" if p.employer else "") + state
        )
    click.echo(f"{len(postings)} postings")


@cli.command("remove")
@click.argument("posting_ids", nargs=-1, required=True)
@common
def remove_cmd(posting_ids: tuple[str, ...], settings: Settings, as_json: bool) -> None:
    """Delete postings (and all their chunks) from the index."""
    from summariser.index.store import open_index

    with open_index(settings, write=True) as index:
        removed = list(dict.fromkeys(index.resolve(pid) for pid in posting_ids))
        index.write(remove=removed)
    if as_json:
        _emit({"removed": removed})
    else:
        for pid in removed:
            click.echo(f"removed {pid}")


@cli.command("doctor")
@click.option("--repair", is_flag=True, help="Fix what is found (takes the writer lock).")
@common
def doctor_cmd(repair: bool, settings: Settings, as_json: bool) -> None:
    """Check the index for what a killed writer can leave (orphan chunks, postings with missing
    chunks, a lexical index out of step) and, with --repair, fix it. Exit 1 if problems remain."""
    from summariser.index.store import open_index

    with open_index(settings, write=repair) as index:
        health = index.repair() if repair else index.check()
        after = index.check() if repair else health
        lexical = "Chroma's sparse index could serve it" if index.server_bm25_available() else "jobsum's own"
    if as_json:
        _emit({**health.as_dict(), "after": after.as_dict() if repair else None, "index": index.where, "bm25": lexical})
    else:
        click.echo(
            f"index {index.where}: {health.postings} postings, {health.chunks} chunks, "
            f"generation {health.generation} (lexical {health.lexical_generation}); BM25: {lexical}"
        )
        for problem in health.problems():
            click.echo(("repaired: " if repair else "problem: ") + problem)
        for note in after.notes():
            click.echo("note: " + note)
        if health.ok:
            click.echo("ok")
        elif repair:
            click.echo("ok after repair" if after.ok else "still: " + "; ".join(after.problems()))
        else:
            click.echo(
                "run `jobsum doctor --repair` to fix (or the next `jobsum ingest` finishes an interrupted write)"
            )
    if not after.ok:
        sys.exit(1)


def _one_thread_per_query() -> None:
    """One OpenMP thread per model call: OpenMP's spinning threads on a busy two-core machine took
    the e5 query p95 from 45 ms to 2 s. Set OMP_NUM_THREADS to choose otherwise."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")


from summariser.cli.eval import eval_group  # noqa: E402 - registered after the group exists

cli.add_command(eval_group)


def main() -> None:
    cli(prog_name="jobsum")


if __name__ == "__main__":
    main()
