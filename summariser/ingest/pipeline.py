"""`jobsum ingest`: files → postings → cleaned, section-aware chunks → embeddings → index.

Unchanged postings (same content hash) cost nothing; a changed posting replaces all its chunks;
a broken file is one error line in the report and the batch goes on.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from summariser.errors import EmbeddingError, PostingLoadError
from summariser.index.embeddings import embed_passages
from summariser.index.store import Index
from summariser.ingest.chunking import chunk_text
from summariser.ingest.flags import excluded_spans, warnings
from summariser.ingest.loaders import discover, load
from summariser.text import boilerplate
from summariser.types import Chunk, Posting

EMBED_BATCH = 64  # chunks embedded together (across postings)


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


def chunk_posting(posting: Posting, target_tokens: int = 160) -> tuple[list[Chunk], list[boilerplate.Removed]]:
    """Chunks of everything that may be evidence (flags.excluded_spans), and the boilerplate removed."""
    removed = boilerplate.find_boilerplate(posting.text)
    excluded = excluded_spans(posting.text, posting.metadata)
    return chunk_text(posting.text, excluded, target_tokens=target_tokens), removed


def collect(paths: Iterable[str | Path], max_chars: int = 2_000_000) -> list[Posting | PostingLoadError]:
    items: list[Posting | PostingLoadError] = []
    for found in discover(list(paths)):
        items.extend([found] if isinstance(found, PostingLoadError) else load(found, max_chars))
    return items


def ingest(
    paths: Iterable[str | Path],
    index: Index,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    items = collect(paths, index.settings.max_posting_chars)
    known = index.hashes()
    seen: dict[str, str] = {}
    pending: list[tuple[Posting, list[Chunk], str]] = []  # (posting, chunks, "added"|"updated")
    pending_chunks = 0
    cache: dict[str, list[float]] = {}

    def fail(source: str, message: str) -> None:
        report.failed += 1
        report.errors.append({"source": source, "error": message})

    def flush() -> None:
        nonlocal pending, pending_chunks
        wanted = (embed_text(c) for _, chunks, _ in pending for c in chunks)
        texts = [t for t in dict.fromkeys(wanted) if t not in cache]  # identical chunks embed once
        try:
            for text, vector in zip(texts, embed_passages(index.embed_model, texts)):
                cache[text] = vector
        except EmbeddingError as err:
            for posting, _, _ in pending:
                fail(posting.source_path or posting.id, str(err))
            pending, pending_chunks = [], 0
            return
        for posting, chunks, status in pending:
            index.replace(posting, chunks, [cache[embed_text(c)] for c in chunks])
            setattr(report, status, getattr(report, status) + 1)
            report.chunks += len(chunks)
            report.postings.append({"id": posting.id, "status": status, "chunks": len(chunks), "title": posting.title})
        if len(cache) > 50_000:
            cache.clear()
        pending, pending_chunks = [], 0

    for done, item in enumerate(items, 1):
        if isinstance(item, PostingLoadError):
            fail(item.source, item.reason)
        elif item.id in seen:
            fail(
                item.source_path or item.id,
                f"duplicate posting id '{item.id}' (first seen in {seen[item.id]}); skipped",
            )
        else:
            seen[item.id] = item.source_path or "?"
            said = warnings(item.metadata)
            if said:
                kinds = Counter(f["kind"] for f in item.metadata.get("flags", []))
                report.flagged.append({"id": item.id, "flags": dict(kinds), "warnings": said})
            if known.get(item.id) == item.content_hash:
                report.unchanged += 1
                report.postings.append({"id": item.id, "status": "unchanged", "title": item.title})
            else:
                chunks, removed = chunk_posting(item, index.settings.chunk_tokens)
                report.boilerplate.update(r.rule for r in removed)
                pending.append((item, chunks, "updated" if item.id in known else "added"))
                pending_chunks += len(chunks)
                if pending_chunks >= EMBED_BATCH:
                    flush()
        if progress:
            progress(done, len(items))
    if pending:
        flush()
    report.seconds = time.perf_counter() - started
    return report
