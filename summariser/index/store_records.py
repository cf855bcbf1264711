"""How a posting and its chunks are kept in Chroma: the record and chunk shapes, their ids and
versions, and their metadata (written by `store_write`, read back by everything else).

A posting's record (in `<prefix>_postings`) names its version and chunk count; its chunks (in
`<prefix>_chunks`) are `<posting>::g<version>::<n>` (`<posting>::<n>` when written by schema 1,
version 0). A reader trusts only the chunks of the version the record names."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from summariser.types import Chunk, Posting

SCHEMA = 2  # 1: chunk ids <posting>::<n>, no versions, no journal, no aliases collection
PAGE = 5000  # records per Chroma get/add call (its limit is ~5461)
INCOMPLETE = -1  # the version of a record whose chunks were lost (the next ingest redoes it)


@dataclass
class StoredPosting:
    id: str
    text: str
    content_hash: str
    title: str | None = None
    employer: str | None = None
    source_url: str | None = None
    language: str | None = None
    aliases: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    chunks: int = 0
    version: int = 0

    @property
    def incomplete(self) -> bool:
        return self.version == INCOMPLETE


@dataclass
class StoredChunk:
    """One chunk as stored: its id, verbatim text and metadata (posting_id, title, section,
    start, end, chunk, version)."""

    id: str
    text: str
    metadata: dict[str, Any]


def _version(meta: Mapping[str, Any] | None) -> int:
    """A record's or chunk's version; schema-1 data has none (upgraded to 0)."""
    return int((meta or {}).get("version", 0)) if meta is not None else -2


def _chunk_ids(posting_id: str, version: int, n: int) -> list[str]:
    if version == 0:  # written by schema 1
        return [f"{posting_id}::{i}" for i in range(n)]
    return [f"{posting_id}::g{version}::{i}" for i in range(n)]


def _record_chunk_ids(posting_id: str, record: Mapping[str, Any]) -> list[str]:
    version = _version(record)
    return [] if version == INCOMPLETE or not record else _chunk_ids(posting_id, version, int(record.get("chunks", 0)))


def _chunk_meta(posting: Posting, chunk: Chunk, version: int) -> dict[str, Any]:
    return {
        "posting_id": posting.id,
        "title": posting.title or posting.id,
        "section": chunk.section_path,
        "start": chunk.start,
        "end": chunk.end,
        "chunk": chunk.index,
        "version": version,
    }


def _record_meta(posting: Posting, chunks: int, version: int, lang: str) -> dict[str, Any]:
    meta = {
        "content_hash": posting.content_hash,
        "title": posting.title,
        "employer": posting.employer,
        "source_url": posting.source_url,
        "language": posting.language,
        "aliases": json.dumps(posting.aliases),
        "metadata": json.dumps(posting.metadata, ensure_ascii=False),
        "chunks": chunks,
        "version": version,
        "lang": lang,
    }
    return {k: v for k, v in meta.items() if v is not None}


def _alias_holder(pid: str, meta: Mapping[str, Any]) -> Posting:
    return Posting(id=pid, text="", aliases=json.loads(meta.get("aliases", "[]")))


def _stored(pid: str, text: str, meta: Mapping[str, Any] | None) -> StoredPosting:
    meta = meta or {}
    return StoredPosting(
        id=pid,
        text=text,
        content_hash=meta.get("content_hash", ""),
        title=meta.get("title"),
        employer=meta.get("employer"),
        source_url=meta.get("source_url"),
        language=meta.get("language"),
        aliases=json.loads(meta.get("aliases", "[]")),
        metadata=json.loads(meta.get("metadata", "{}")),
        chunks=int(meta.get("chunks", 0)),
        version=_version(meta),
    )


def _pages(items: Sequence[str], size: int = PAGE) -> Iterator[list[str]]:
    for lo in range(0, len(items), size):
        yield list(items[lo : lo + size])
