"""Reading chunks: the dense, BM25 and hybrid rankings of live chunks, one posting's chunks in
order, all of them. Only a chunk of the version its posting's record names is live."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from summariser.index.lexical import LexicalHit
from summariser.index.store_records import INCOMPLETE, StoredChunk, _record_chunk_ids, _version


class IndexChunks:
    """The part of `store.Index` that reads chunks."""

    def count_chunks(self) -> int:
        return self._chunks.count()

    def hybrid_query(
        self, embedding: Sequence[float] | np.ndarray, query: str, n: int, posting_id: str | None = None
    ) -> tuple[list[tuple[StoredChunk, float]], list[tuple[StoredChunk, float]]]:
        """The dense and the BM25 ranking of live chunks (each up to n), over all postings or
        within one, with one look-up of the records for both (a round trip fewer per search
        against a server)."""
        if posting_id is not None:
            chunks, vectors = self._posting_chunks(posting_id, with_vectors=True)
            if not chunks:
                return [], []
            known = {c.id: c for c in chunks}  # all of the posting's live chunks
            hits = self.lexical.search(query, n, posting_id=chunks[0].metadata["posting_id"])
            return _rank(chunks, vectors, embedding, n), [
                (known[h.chunk_id], h.score) for h in hits if h.chunk_id in known
            ]
        dense = self._nearest(embedding, n)
        lexical = self._fetch_lexical(self.lexical.search(query, n), {c.id: c for c, _ in dense})
        live = self._live_versions(c.metadata["posting_id"] for c, _ in dense + lexical)
        return _only_live(dense, live), _only_live(lexical, live)

    def vector_query(
        self, embedding: Sequence[float] | np.ndarray, n: int, posting_id: str | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """Nearest live chunks with cosine similarity, over all postings (Chroma's HNSW) or within
        one (its few vectors fetched by id and ranked here: HNSW with a `where` filter is ~100 ms
        at 70k chunks)."""
        if posting_id is not None:
            return _rank(*self._posting_chunks(posting_id, with_vectors=True), embedding, n)
        hits = self._nearest(embedding, n)
        return _only_live(hits, self._live_versions(c.metadata["posting_id"] for c, _ in hits))

    def lexical_query(
        self, query: str, n: int, posting_id: str | None = None, known: Mapping[str, StoredChunk] | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """Top live chunks by BM25; `known` chunks (already fetched) are not fetched again."""
        found = self._fetch_lexical(self.lexical.search(query, n, posting_id=posting_id), dict(known or {}))
        return _only_live(found, self._live_versions(c.metadata["posting_id"] for c, _ in found))

    def _nearest(self, embedding: Sequence[float] | np.ndarray, n: int) -> list[tuple[StoredChunk, float]]:
        query = np.asarray(embedding, dtype=np.float32)
        got = self._chunks.query(query_embeddings=[query], n_results=n, include=["documents", "metadatas", "distances"])
        return [
            (StoredChunk(i, d, dict(m)), 1.0 - dist)
            for i, d, m, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]

    def _fetch_lexical(
        self, hits: Sequence[LexicalHit], known: dict[str, StoredChunk]
    ) -> list[tuple[StoredChunk, float]]:
        """Texts and metadata of lexical hits: those not in `known` in one get. A chunk Chroma no
        longer has drops out."""
        missing = [h.chunk_id for h in hits if h.chunk_id not in known]
        if missing:
            got = self._chunks.get(ids=missing, include=["documents", "metadatas"])
            known.update(
                (i, StoredChunk(i, d, dict(m))) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
            )
        return [(known[h.chunk_id], h.score) for h in hits if h.chunk_id in known]

    def posting_chunks(self, posting_id: str) -> list[StoredChunk]:
        """The live chunks of one posting, in order."""
        return self._posting_chunks(posting_id)[0]

    def _posting_chunks(self, posting_id: str, with_vectors: bool = False) -> tuple[list[StoredChunk], np.ndarray]:
        pid, record = posting_id, self._records([posting_id]).get(posting_id)
        if record is None:  # an alias (or nothing: PostingNotFound)
            pid = self.resolve(posting_id)
            record = self._records([pid]).get(pid, {})
        ids = _record_chunk_ids(pid, record)
        include = ["documents", "metadatas", *(["embeddings"] if with_vectors else [])]
        got = self._chunks.get(ids=ids, include=include) if ids else {"ids": []}
        rows = [
            (i, StoredChunk(cid, got["documents"][i], dict(got["metadatas"][i])))
            for i, cid in enumerate(got["ids"])
            if _version(got["metadatas"][i]) == _version(record)
        ]
        rows.sort(key=lambda r: r[1].metadata["chunk"])
        vectors = (
            np.asarray(got["embeddings"], dtype=np.float32)[[i for i, _ in rows]]
            if with_vectors and rows
            else np.zeros((0, 0), np.float32)
        )
        return [c for _, c in rows], vectors

    def nodes(self, posting_id: str | None = None) -> list[StoredChunk]:
        """All live chunks (of one posting), in posting order."""
        if posting_id is not None:
            return self.posting_chunks(posting_id)
        return [c for pid in sorted(self._all_records()) for c in self.posting_chunks(pid)]

    def _live_versions(self, posting_ids: Iterable[str]) -> dict[str, int]:
        """posting id -> version of its record (the only chunk version a reader may trust)."""
        return {pid: _version(m) for pid, m in self._records(posting_ids).items() if _version(m) != INCOMPLETE}


def _rank(
    chunks: list[StoredChunk], vectors: np.ndarray, embedding: Sequence[float] | np.ndarray, n: int
) -> list[tuple[StoredChunk, float]]:
    """The n chunks nearest the query by cosine similarity."""
    if not chunks:
        return []
    query = np.asarray(embedding, dtype=np.float32)
    sims = vectors @ query / (np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0) + 1e-12)
    return [(chunks[i], float(sims[i])) for i in np.argsort(-sims, kind="stable")[:n]]


def _only_live(hits: list[tuple[StoredChunk, float]], live: Mapping[str, int]) -> list[tuple[StoredChunk, float]]:
    """The hits whose chunk is of the version its posting's record names."""
    return [(c, s) for c, s in hits if live.get(c.metadata["posting_id"]) == _version(c.metadata)]
