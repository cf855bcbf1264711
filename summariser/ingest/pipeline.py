"""`jobsum ingest`: files → postings → cleaned, section-aware chunks → embeddings → index.

Unchanged postings (same content hash) cost nothing; a changed posting replaces all its chunks;
a broken file is one error line in the report and the batch goes on.

Three stages overlap: a thread reads and chunks postings ahead, the caller's thread embeds them
(on `index.embeddings.embed_workers()` threads; the model runs outside the GIL), and a writer thread commits batches of up to WRITE_BATCH
postings with one Chroma call per step (`Index.write`, crash-consistent) while the next batch
is embedded. A posting is in the report, and passed to `on_write`, once its batch is committed.
The reading and writing stages live in stages.py (`collect` and `chunk_posting` are importable from
here as before); this module runs them, embeds, and reports.
"""

from __future__ import annotations

import queue
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from summariser.errors import EmbeddingError
from summariser.index.embeddings import embed_passages, embed_workers
from summariser.index.store import Index
from summariser.index.store_write import PostingWrite
from summariser.ingest.flags import warnings
from summariser.ingest.stages import _Prepared, _Reader, _Writer, chunk_posting, collect  # noqa: F401 - re-exported
from summariser.types import Chunk

EMBED_BATCH = 64  # chunks embedded together (across postings)
WRITE_BATCH = 100  # postings per index write: one write costs ~0.1 s per Chroma call, whatever its size
WRITE_CHUNKS = 2000  # ...or fewer postings once they hold this many chunks
CACHE_LIMIT = 20_000  # embeddings of identical chunk texts kept for reuse (float32: ~30 MB)


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    chunks: int = 0
    seconds: float = 0.0
    errors: list[dict[str, str]] = field(default_factory=list)
    boilerplate: Counter = field(default_factory=Counter)
    postings: list[dict[str, object]] = field(default_factory=list)
    flagged: list[dict[str, object]] = field(default_factory=list)  # postings with text that is no evidence

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "chunks": self.chunks,
            "seconds": round(self.seconds, 3),
            "errors": self.errors,
            "boilerplate_removed": dict(self.boilerplate),
            "postings": self.postings,
            "flagged": self.flagged,
        }


def embed_text(chunk: Chunk) -> str:
    """What the embedding model sees: the chunk under its section path. (The posting title is
    left out: on the dev set it pulled every chunk of a posting together and hurt global recall.)"""
    return f"{chunk.section_path}\n{chunk.text}" if chunk.section else chunk.text


def ingest(
    paths: Iterable[str | Path],
    index: Index,
    progress: Callable[[int, int], None] | None = None,
    on_write: Callable[[list[dict[str, object]]], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into a writable index. `progress(done, read_so_far)` and
    `on_write(committed report entries)` are called from the caller's thread."""
    started = time.perf_counter()
    report = IngestReport()
    reader = _Reader(paths, index.hashes(), index.settings.max_posting_chars, index.settings.chunk_tokens)
    writer = _Writer(index)
    cache: dict[str, np.ndarray] = {}
    to_embed: list[_Prepared] = []
    batch: list[tuple[PostingWrite, str]] = []
    in_flight = 0

    def fail(source: str, message: str) -> None:
        report.failed += 1
        report.errors.append({"source": source, "error": message})

    def committed(block: bool) -> None:
        nonlocal in_flight
        while in_flight:
            try:
                result = writer.done.get(block=block)
            except queue.Empty:
                return
            in_flight -= 1
            if isinstance(result, BaseException):
                raise result
            entries = []
            for w, status in result:
                setattr(report, status, getattr(report, status) + 1)
                report.chunks += len(w.chunks)
                entries.append(
                    {"id": w.posting.id, "status": status, "chunks": len(w.chunks), "title": w.posting.title}
                )
            report.postings.extend(entries)
            if on_write:
                on_write(entries)

    def submit(everything: bool) -> None:
        """Hand full batches (with everything=True, the rest too) to the writer."""
        nonlocal batch, in_flight
        while batch:
            size, chunks = 0, 0
            while size < min(len(batch), WRITE_BATCH) and (not size or chunks < WRITE_CHUNKS):
                chunks += len(batch[size][0].chunks)
                size += 1
            if size == len(batch) and not everything and size < WRITE_BATCH and chunks < WRITE_CHUNKS:
                return  # not full yet
            committed(block=False)
            writer.todo.put(batch[:size])  # waits while the previous batch is still being written
            in_flight += 1
            batch = batch[size:]

    def embed() -> None:
        nonlocal to_embed
        wanted = (embed_text(c) for item in to_embed for c in item.chunks)
        texts = [t for t in dict.fromkeys(wanted) if t not in cache]  # identical chunks embed once
        try:
            vectors = [np.asarray(v, dtype=np.float32) for v in embed_passages(index.embed_model, texts, workers)]
        except EmbeddingError as err:
            for item in to_embed:
                fail(item.posting.source_path or item.posting.id, str(err))
            to_embed = []
            return
        fresh = dict(zip(texts, vectors))
        for item in to_embed:  # before the cache may be cleared: texts found in it were not re-embedded
            rows = [fresh[t] if (t := embed_text(c)) in fresh else cache[t] for c in item.chunks]
            batch.append((PostingWrite(item.posting, item.chunks, rows), item.status))
        if len(cache) + len(fresh) > CACHE_LIMIT:
            cache.clear()
        cache.update(fresh)
        to_embed = []
        submit(everything=False)

    workers = embed_workers()
    reader.start()
    writer.start()
    done = 0
    try:
        while (item := reader.out.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            done += 1
            if item.status != "failed" and (said := warnings(item.posting.metadata)):
                kinds = Counter(f["kind"] for f in item.posting.metadata.get("flags", []))
                report.flagged.append({"id": item.posting.id, "flags": dict(kinds), "warnings": said})
            if item.status == "failed":
                fail(item.source, item.error)
            elif item.status == "unchanged":
                report.unchanged += 1
                report.postings.append({"id": item.posting.id, "status": "unchanged", "title": item.posting.title})
            else:
                report.boilerplate.update(r.rule for r in item.removed)
                to_embed.append(item)
                if sum(len(i.chunks) for i in to_embed) >= EMBED_BATCH:
                    embed()
            committed(block=False)
            if progress:
                progress(done, max(reader.read, done))
        if to_embed:
            embed()
        submit(everything=True)
        committed(block=True)
    finally:
        reader.stop.set()
        writer.stop()
    report.seconds = time.perf_counter() - started
    return report
