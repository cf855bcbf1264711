"""Cards for many postings (`jobsum summarise`): deterministic extraction, then — where the model is
worth asking (cards.fill) — the model fills the fields still empty and writes the job summary
(cards.written), each value and sentence kept only with a verbatim quote that supports it.
Resumable and failure-tolerant."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from summariser import jsonl
from summariser.cards.extract import extract_card, verify_card
from summariser.cards.fill import fill_with_model, worth_filling
from summariser.cards.schema import JobCard
from summariser.cards.written import write_summary
from summariser.config import Settings
from summariser.errors import JobsumError
from summariser.ingest import flags
from summariser.llm import client as llm


def build_card(posting, settings: Settings, model: str | None, sources: bool = True) -> tuple[JobCard, llm.Usage]:
    """posting: anything with id, text, title, employer, source_url, metadata (Posting or StoredPosting).
    Without `sources`, the card holds only what the text states (what evaluation measures)."""
    card = extract_card(
        posting.id, posting.text, posting.title, posting.employer, posting.source_url, posting.metadata, sources=sources
    )
    usage = llm.Usage()
    if worth_filling(model, settings):
        usage = fill_with_model(card, posting.text, posting.title, settings, model, posting.metadata)
        usage = usage.add(write_summary(card, posting.text, posting.title, settings, model, posting.metadata))
        card = verify_card(card, posting.text)
    card.warnings = flags.warnings(posting.metadata)  # text addressed to AI or hidden; JSON-LD-only pages
    card.model = model or "none"
    card.content_hash = getattr(posting, "content_hash", None)
    return card, usage


@dataclass
class SummariseReport:
    written: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    usage: llm.Usage = field(default_factory=llm.Usage)
    dropped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    processes: int = 1  # processes that built cards

    def as_dict(self) -> dict[str, object]:
        return {
            "written": self.written,
            "skipped": self.skipped,
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
            "cards_per_s": round(self.written / self.seconds, 3) if self.seconds else None,
            "prompt_tokens": self.usage.prompt_tokens,
            "completion_tokens": self.usage.completion_tokens,
            "cost": round(self.usage.cost, 6),
            "fields_dropped": self.dropped,
            "processes": self.processes,
            "errors": self.errors,
        }


def summarise(
    postings: list,
    settings: Settings,
    model: str | None,
    out: Path | None = None,
    concurrency: int = 1,
    on_card: Callable[[JobCard], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
) -> SummariseReport:
    """Cards for postings, appended to `out` (JSONL); postings whose card there has the same
    content hash and model are skipped, so an interrupted batch resumes where it stopped.
    `on_card` (writing a card's files) runs before the card is recorded; when it fails with an
    OSError the posting counts as failed and the batch goes on.

    Where no model is asked the work is CPU only, so cards are built in `processes` worker
    processes (default: one per available core); `concurrency` threads wait on a model. Cards are
    written and recorded by this process alone, in the order they finish."""
    report = SummariseReport()
    started = time.perf_counter()
    done = _existing(out)
    todo = [p for p in postings if done.get(p.id) != (getattr(p, "content_hash", None), model or "none")]
    report.skipped = len(postings) - len(todo)
    sink = out.open("a", encoding="utf-8") if out else None
    pending = dict(enumerate(todo))  # by place: a batch may hold one id twice

    def record(number: int, card: JobCard | None, usage: llm.Usage, error: str | None) -> None:
        posting = pending.pop(number)
        if error is not None:
            report.failed += 1
            report.errors.append({"posting_id": posting.id, "error": error})
            return
        try:  # files first: a card whose files failed is not recorded, so a rerun writes them
            if on_card:
                on_card(card)
        except (OSError, JobsumError) as err:
            report.failed += 1
            reason = f"{err.strerror}: {err.filename}" if isinstance(err, OSError) else str(err)
            report.errors.append({"posting_id": posting.id, "error": f"cannot write its files ({reason})"})
            return
        report.written += 1
        report.usage = report.usage.add(usage)
        report.dropped += len(card.dropped)
        if sink:
            sink.write(card.model_dump_json() + "\n")
            sink.flush()

    def run(pool: Executor) -> None:
        with pool:
            futures = {pool.submit(_built, p, settings, model): n for n, p in list(pending.items())}
            for future in as_completed(futures):
                record(futures[future], *future.result())
                if progress:
                    progress(len(todo) - len(pending), len(todo))

    try:
        pool, report.processes = _pool(todo, settings, model, concurrency, processes)
        try:
            run(pool)
        except BrokenProcessPool:  # a worker died (memory; a script without a __main__ guard): finish here
            report.processes = 1
            run(ThreadPoolExecutor(max_workers=1))
    finally:
        if sink:
            sink.close()
    report.seconds = time.perf_counter() - started
    return report


# A worker process is started fresh ("spawn": forking a process that may hold other threads' locks —
# an embedding pool, a progress bar — can deadlock the child) and loads the parsers' data and models
# on its first card. Measured on 2 cores: 50 cards take longer in 2 processes than in one, 100 take
# 0.8× as long, 1,000 0.6×; so a pool is used from 40 cards a process. A script that calls
# `summarise` needs the usual `if __name__ == "__main__":` guard (without it the batch finishes here).
MIN_CARDS_PER_PROCESS = 40


def _pool(
    todo: list, settings: Settings, model: str | None, concurrency: int, processes: int | None
) -> tuple[Executor, int]:
    """The executor for the batch and how many processes build cards in it."""
    workers = processes or available_cores()
    if worth_filling(model, settings) or workers < 2 or len(todo) < workers * MIN_CARDS_PER_PROCESS:
        return ThreadPoolExecutor(max_workers=max(1, concurrency)), 1
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")), workers


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _built(posting, settings: Settings, model: str | None) -> tuple[JobCard | None, llm.Usage, str | None]:
    """build_card for a pool: a JobsumError comes back as its message (a typed error need not
    survive pickling between processes); anything else is a bug and stops the batch."""
    try:
        card, usage = build_card(posting, settings, model)
    except JobsumError as err:
        return None, llm.Usage(), str(err)
    return card, usage, None


def output_stem(posting_id: str, prefix_chars: int = 60) -> str:
    """A file name for a posting's card files: a readable prefix of the id plus a short hash of the
    whole id, so ids that differ only where a file name cannot follow (a/b, a_b, a?b, or past the
    prefix) get different files, and no name is too long for a file system."""
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", posting_id)[:prefix_chars].strip("._-") or "posting"
    return f"{readable}-{hashlib.sha256(posting_id.encode()).hexdigest()[:10]}"


def _existing(out: Path | None) -> dict[str, tuple[str | None, str]]:
    if not out or not out.exists():
        return {}
    # a line cut short by an interruption is not an object, so its posting is redone
    return {data["posting_id"]: (data.get("content_hash"), data.get("model") or "none") for data in jsonl.objects(out)}
