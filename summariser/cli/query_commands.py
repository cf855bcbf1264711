"""`jobsum search` and `ask`: hybrid search over the indexed postings, and cited answers from them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from summariser.cli.common import _emit, _one_thread_per_query, common

if TYPE_CHECKING:
    from summariser.config import Settings


@click.command("search")
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


@click.command("ask")
@click.argument("question")
@click.option("--posting", "posting_id", help="Answer from this posting only (id or alias).")
@click.option("--model", help="litellm model string (default: JOBSUM_MODEL or local/smollm2).")
@common
def ask_cmd(question: str, posting_id: str | None, model: str | None, settings: Settings, as_json: bool) -> None:
    """Answer a question; every sentence cites a verbatim quote, or it says the posting does not say."""
    _one_thread_per_query()
    from summariser.qa.answer import answer_question, preload

    preload(settings)  # the models load while Chroma starts
    from summariser.index.store import open_index

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
