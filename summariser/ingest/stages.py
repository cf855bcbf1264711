"""The stages around the embedder in an ingest: postings read from files and folders (`collect`) and
chunked (`chunk_posting`), the read-ahead thread that does both (`_Reader`, handing over `_Prepared`
items), and the thread that commits write batches to the index (`_Writer`). pipeline.py runs them and
re-exports `collect` and `chunk_posting`."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summariser.errors import PostingLoadError
from summariser.index.store import Index
from summariser.index.store_write import PostingWrite
from summariser.ingest.chunking import chunk_text
from summariser.ingest.flags import excluded_spans
from summariser.ingest.loaders import discover, load
from summariser.text import boilerplate
from summariser.types import Chunk, Posting

READ_AHEAD = 256  # postings read and chunked ahead of the embedder


def chunk_posting(posting: Posting, target_tokens: int = 160) -> tuple[list[Chunk], list[boilerplate.Removed]]:
    """Chunks of everything that may be evidence (flags.excluded_spans), and the boilerplate removed."""
    removed = boilerplate.find_boilerplate(posting.text)
    excluded = excluded_spans(posting.text, posting.metadata)
    return chunk_text(posting.text, excluded, target_tokens=target_tokens), removed


def collect(paths: Iterable[str | Path], max_chars: int = 2_000_000) -> list[Posting | PostingLoadError]:
    return list(_read(paths, max_chars))


def _read(paths: Iterable[str | Path], max_chars: int) -> Iterator[Posting | PostingLoadError]:
    for found in discover(list(paths)):
        if isinstance(found, PostingLoadError):
            yield found
        else:
            yield from load(found, max_chars)


@dataclass
class _Prepared:
    """One item of the read-ahead queue: a failure, an unchanged posting or one to write."""

    posting: Posting | None = None
    status: str = ""  # "added" | "updated" | "unchanged" | "failed"
    chunks: list[Chunk] = field(default_factory=list)
    removed: list[boilerplate.Removed] = field(default_factory=list)
    source: str = ""
    error: str = ""


class _Reader(threading.Thread):
    """Reads and chunks postings ahead of the embedder; a None item ends the stream."""

    def __init__(self, paths: Iterable[str | Path], known: dict[str, str], max_chars: int, chunk_tokens: int):
        super().__init__(name="jobsum-ingest-reader", daemon=True)
        self.paths, self.known, self.max_chars, self.chunk_tokens = list(paths), known, max_chars, chunk_tokens
        self.out: queue.Queue[_Prepared | BaseException | None] = queue.Queue(maxsize=READ_AHEAD)
        self.stop = threading.Event()
        self.read = 0

    def run(self) -> None:
        seen: dict[str, str] = {}
        try:
            for item in _read(self.paths, self.max_chars):
                self.read += 1
                if isinstance(item, PostingLoadError):
                    self._put(_Prepared(status="failed", source=item.source, error=item.reason))
                elif item.id in seen:
                    message = f"duplicate posting id '{item.id}' (first seen in {seen[item.id]}); skipped"
                    self._put(_Prepared(status="failed", source=item.source_path or item.id, error=message))
                else:
                    seen[item.id] = item.source_path or "?"
                    if self.known.get(item.id) == item.content_hash:
                        self._put(_Prepared(item, "unchanged"))
                    else:
                        chunks, removed = chunk_posting(item, self.chunk_tokens)
                        self._put(_Prepared(item, "updated" if item.id in self.known else "added", chunks, removed))
                if self.stop.is_set():
                    return
        except BaseException as err:  # handed to the caller's thread, which raises it
            self._put(err)
        finally:
            self._put(None)

    def _put(self, item: _Prepared | BaseException | None) -> None:
        while not self.stop.is_set():
            try:
                self.out.put(item, timeout=0.2)
                return
            except queue.Full:
                continue


class _Writer(threading.Thread):
    """Commits write batches in order, one at a time, while the caller embeds the next."""

    def __init__(self, index: Index):
        super().__init__(name="jobsum-ingest-writer", daemon=True)
        self.index = index
        self.todo: queue.Queue[list[tuple[PostingWrite, str]] | None] = queue.Queue(maxsize=1)
        self.done: queue.Queue[list[tuple[PostingWrite, str]] | BaseException] = queue.Queue()

    def run(self) -> None:
        while (batch := self.todo.get()) is not None:
            try:
                self.index.write([w for w, _ in batch])
            except BaseException as err:
                self.done.put(err)
                return
            self.done.put(batch)

    def stop(self) -> None:
        """Let the batch being written finish (a batch still queued is dropped), then end."""
        with contextlib.suppress(queue.Empty):
            self.todo.get_nowait()
        while self.is_alive():
            try:
                self.todo.put(None, timeout=0.2)
                break
            except queue.Full:
                continue
        self.join()
