"""`jobsum ingest`, `list`, `remove` and `doctor`: the commands that fill, list, prune and check the index."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summariser.cli.common import _emit, _one_thread_per_query, common

if TYPE_CHECKING:
    from summariser.config import Settings


@click.command("ingest")
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


@click.command("list")
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


@click.command("remove")
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


@click.command("doctor")
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
