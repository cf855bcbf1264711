"""Chroma saves its HNSW graphs after every write, so that a new process loads them instead of
rebuilding their tail.

An embedded Chroma (and `chroma run`) rewrites a collection's HNSW files (`<segment>/data_level0.bin`,
`index_metadata.pickle`, ...) only once `sync_threshold` log records (default 1000) have been
applied since it last saved them. Every process that opens the index afterwards loads the saved
graph, then inserts the newer records from the log (`embeddings_queue`) into it again, one by one,
before its first query or get on that collection. At 10k postings (57k chunks) a 209-record tail
made the first dense query cost 0.27 s of CPU instead of 0.10 s, and a 953-record tail of the
postings collection 0.07 s instead of 0.01 s; a tail of up to 1000 records is ~0.5 ms each at
that size, paid by every new reader (and again by each reconnect after another process wrote).

With `sync_threshold` 1 Chroma saves after each call that writes (one add, upsert or delete):
~20 ms of CPU at 57k chunks, a few per `Index.write` of up to 100 postings. The threshold is part
of the collection's configuration and is read when a process first touches the collection, so the
writer sets it on opening, before any read or write; an index built by an older jobsum gets it,
and its tail saved, from its next writer (`jobsum ingest` with nothing new, `jobsum doctor --repair`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SYNC_THRESHOLD = 1


def save_after_every_write(collections: Iterable[Any]) -> None:
    """Set each collection's `sync_threshold` to SYNC_THRESHOLD where it is not already, and then
    have Chroma save the tail an older writer left (it applies the log, and now saves, on a read)."""
    for collection in collections:
        hnsw = (collection.configuration_json or {}).get("hnsw") or {}  # (.configuration warns: legacy EF)
        if hnsw.get("sync_threshold") != SYNC_THRESHOLD:
            collection.modify(configuration={"hnsw": {"sync_threshold": SYNC_THRESHOLD}})
            collection.get(limit=1, include=[])
