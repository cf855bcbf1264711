"""Hybrid retrieval: dense vectors (Chroma) + BM25 (the persisted lexical index), fused by reciprocal rank.

Dense retrieval carries paraphrase and cross-lingual questions ("Hvor lenge varer stillingen?"
against an English posting); BM25 carries exact terms (salary scale codes, "Jobbnorge", ECTS).
Nothing is built per process or per posting: both sides read what the index keeps on disk.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from summariser.index.store import Index
from summariser.index.store_records import StoredChunk

RRF_K = 60  # the usual reciprocal-rank-fusion constant (Cormack et al. 2009)


@dataclass
class Passage:
    """Verbatim text of a posting, where it stands: `posting.text[start:end] == text`."""

    posting_id: str
    title: str
    section: str
    start: int
    end: int
    text: str


@dataclass
class Hit(Passage):
    score: float  # fused RRF score
    chunk_id: str
    similarity: float | None = None  # cosine similarity of the dense match, when it had one
    vector_rank: int | None = None
    bm25_rank: int | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def search(index: Index, query: str, k: int = 5, posting_id: str | None = None, pool: int | None = None) -> list[Hit]:
    """Top-k chunks for query, across all postings or within one (id or alias)."""
    if not query.strip():
        return []
    index.refresh()
    pool = pool or max(4 * k, 20)  # an alias is resolved (or PostingNotFound raised) with the posting's record
    vector, lexical = index.hybrid_query(index.embed_query(query), query, pool, posting_id)
    return fuse(vector, [c for c, _ in lexical], k)


def fuse(vector: list[tuple[StoredChunk, float]], lexical: list[StoredChunk], k: int) -> list[Hit]:
    """Reciprocal rank fusion of a dense and a lexical ranking."""
    scores: dict[str, float] = {}
    nodes: dict[str, StoredChunk] = {}
    similarity: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for rank, (node, sim) in enumerate(vector, 1):
        scores[node.id] = scores.get(node.id, 0.0) + 1.0 / (RRF_K + rank)
        nodes[node.id], similarity[node.id] = node, sim
        ranks.setdefault(node.id, {})["vector"] = rank
    for rank, node in enumerate(lexical, 1):
        scores[node.id] = scores.get(node.id, 0.0) + 1.0 / (RRF_K + rank)
        nodes.setdefault(node.id, node)
        ranks.setdefault(node.id, {})["bm25"] = rank
    best = sorted(scores, key=lambda cid: (-scores[cid], cid))[:k]
    hits = []
    for cid in best:
        node, meta = nodes[cid], nodes[cid].metadata
        start = int(meta["start"])
        hits.append(
            Hit(
                posting_id=meta["posting_id"],
                title=meta.get("title", ""),
                section=meta.get("section", ""),
                start=start,
                end=int(meta["end"]),
                text=node.text,
                score=scores[cid],
                chunk_id=cid,
                similarity=similarity.get(cid),
                vector_rank=ranks[cid].get("vector"),
                bm25_rank=ranks[cid].get("bm25"),
            )
        )
    return hits
