"""Writing postings, crash-consistently.

`Index.write` changes a batch of postings with one Chroma call per step, in this order:

1. the journal: the batch's posting ids and its generation `g` go into the chunks collection's
   metadata (`pending`);
2. the new chunks are added under new ids (`<posting>::g<g>::<n>`, metadata `version: g`), next to
   the old version's chunks, which nothing has touched;
3. the posting records are upserted (new hash, version `g`, chunk count) or deleted: **the commit
   point** of each posting;
4. aliases; the old version's chunks are deleted;
5. the lexical index takes the batch (one manifest swap) and records `g`;
6. the collection metadata gets `generation: g` and loses `pending`.

Readers only trust a chunk whose version is its posting record's version, so at any kill point a
posting is its old version or its new one, whole, or absent. The next writer (or `jobsum doctor
--repair`) finishes the journalled batch (`store_recovery`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from summariser.index.lexical import PostingChunks
from summariser.index.lexical_analysis import language_bucket
from summariser.index.store_records import PAGE, _chunk_ids, _chunk_meta, _pages, _record_chunk_ids, _record_meta
from summariser.types import Chunk, Posting


@dataclass
class PostingWrite:
    """One posting to add or replace, with its chunks and their embeddings (one row per chunk)."""

    posting: Posting
    chunks: list[Chunk]
    embeddings: Sequence[Sequence[float]] | np.ndarray


class IndexWriter:
    """The part of `store.Index` that writes postings (the single writer's)."""

    def replace(self, posting: Posting, chunks: list[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Add or replace one posting (see `write` for batches)."""
        self.write([PostingWrite(posting, chunks, embeddings)])

    def remove(self, posting_id: str) -> str:
        pid = self.resolve(posting_id)
        self.write(remove=[pid])
        return pid

    def write(self, postings: Sequence[PostingWrite] = (), remove: Sequence[str] = ()) -> int:
        """Add or replace `postings` and delete `remove`, crash-consistently (see the module
        docstring); returns the new generation. Each posting is committed by its record."""
        self._require_writable()
        ids = [w.posting.id for w in postings]
        if len(set(ids)) != len(ids):
            raise ValueError("a write batch holds one version of each posting")
        remove = [p for p in dict.fromkeys(remove) if p not in set(ids)]
        if not ids and not remove:
            return self.generation
        meta = self._meta()
        if meta.get("pending"):
            self.recover(meta)
        g = max(int(meta.get("generation", 0)), self.lexical.generation, self.generation) + 1
        old = self._records(ids + remove)
        self._set_meta(pending=json.dumps({"generation": g, "postings": ids + remove}, ensure_ascii=False))

        chunk_ids, vectors, texts, metas = [], [], [], []
        for w in postings:
            if len(w.embeddings) != len(w.chunks):
                raise ValueError(f"{w.posting.id}: {len(w.chunks)} chunks but {len(w.embeddings)} embeddings")
            chunk_ids.extend(_chunk_ids(w.posting.id, g, len(w.chunks)))
            vectors.extend(np.asarray(v, dtype=np.float32) for v in w.embeddings)
            texts.extend(c.text for c in w.chunks)
            metas.extend(_chunk_meta(w.posting, c, g) for c in w.chunks)
        for lo in range(0, len(chunk_ids), PAGE):
            hi = lo + PAGE
            self._chunks.add(
                ids=chunk_ids[lo:hi],
                embeddings=np.stack(vectors[lo:hi]),
                documents=texts[lo:hi],
                metadatas=metas[lo:hi],
            )
        langs = {w.posting.id: language_bucket(w.posting.language, w.posting.text) for w in postings}
        for lo in range(0, len(postings), PAGE):
            part = postings[lo : lo + PAGE]
            self._postings.upsert(
                ids=[w.posting.id for w in part],
                embeddings=[[1.0]] * len(part),
                documents=[w.posting.text for w in part],
                metadatas=[_record_meta(w.posting, len(w.chunks), g, langs[w.posting.id]) for w in part],
            )
        for part in _pages(remove):
            self._postings.delete(ids=part)

        stale_aliases = [
            a
            for w in postings
            for a in json.loads(old.get(w.posting.id, {}).get("aliases", "[]"))
            if a not in w.posting.aliases
        ]
        self._write_aliases([w.posting for w in postings], stale_aliases, remove)
        stale_chunks = [cid for pid in ids if pid in old for cid in _record_chunk_ids(pid, old[pid])]
        for part in _pages(stale_chunks):
            self._chunks.delete(ids=part)
        for part in _pages([p for p in remove if p in old], 500):
            self._chunks.delete(where={"posting_id": {"$in": part}})

        lexical = [
            PostingChunks(w.posting.id, g, langs[w.posting.id], list(zip(cids, _lexical_texts(w.chunks))))
            for w, cids in zip(postings, _split(chunk_ids, [len(w.chunks) for w in postings]))
        ]
        with self.lexical.lock():
            self.lexical.apply(lexical, remove, generation=g, source=self._source)
        self._set_meta(generation=g, pending=None)
        self.generation = g
        return g

    def _write_aliases(self, postings: Sequence[Posting], stale: Sequence[str], removed: Sequence[str]) -> None:
        assert self._aliases is not None
        if stale:
            self._aliases.delete(ids=list(dict.fromkeys(stale)))
        for part in _pages(removed, 500):
            self._aliases.delete(where={"posting_id": {"$in": part}})
        pairs = {a: p.id for p in postings for a in p.aliases if a != p.id}
        for part in _pages(list(pairs)):
            self._aliases.upsert(
                ids=part, embeddings=[[1.0]] * len(part), metadatas=[{"posting_id": pairs[a]} for a in part]
            )


def _lexical_texts(chunks: Sequence[Chunk]) -> list[str]:
    """What BM25 sees: the section path too, as the embedding model does."""
    return [f"{c.section_path}\n{c.text}" for c in chunks]


def _split(items: Sequence[str], sizes: Sequence[int]) -> Iterator[list[str]]:
    lo = 0
    for size in sizes:
        yield list(items[lo : lo + size])
        lo += size
