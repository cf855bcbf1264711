"""Hybrid retrieval: dense vectors (Chroma) + BM25 (llama-index / bm25s), fused by reciprocal rank.

Dense retrieval carries paraphrase and cross-lingual questions ("Hvor lenge varer stillingen?"
against an English posting); BM25 carries exact terms (salary scale codes, "Jobbnorge", ECTS).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import asdict, dataclass

from llama_index.core.schema import TextNode

from summariser.index.store import Index

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


class HybridRetriever:
    """Keeps BM25 indexes for one open Index, rebuilt when the index is written to."""

    def __init__(self, index: Index):
        self.index = index
        self._lock = threading.Lock()
        self._bm25: OrderedDict[tuple[str | None, int], object] = OrderedDict()

    def search(self, query: str, k: int = 5, posting_id: str | None = None, pool: int | None = None) -> list[Hit]:
        if not query.strip():
            return []
        if posting_id is not None:
            posting_id = self.index.resolve(posting_id)
        pool = pool or max(4 * k, 20)
        vector = self.index.vector_query(self.index.embed_model.get_query_embedding(query), pool, posting_id)
        lexical = self._bm25_search(query, pool, posting_id)
        return fuse(vector, lexical, k)

    def _bm25_search(self, query: str, pool: int, posting_id: str | None) -> list[TextNode]:
        retriever = self._bm25_for(posting_id)
        if retriever is None:
            return []
        with self._lock:
            retriever.similarity_top_k = min(pool, len(retriever.corpus))
            return [n.node for n in retriever.retrieve(query) if (n.score or 0) > 0]

    def _bm25_for(self, posting_id: str | None):
        key = (posting_id, self.index.generation)
        with self._lock:
            if key in self._bm25:
                self._bm25.move_to_end(key)
                return self._bm25[key]
        nodes = self.index.nodes(posting_id)
        retriever = _build_bm25(nodes) if nodes else None
        with self._lock:
            self._bm25[key] = retriever
            while len(self._bm25) > 64:
                self._bm25.popitem(last=False)
        return retriever


def _build_bm25(nodes: list[TextNode]):
    import Stemmer
    from llama_index.retrievers.bm25 import BM25Retriever

    # BM25 sees the section path too, as the embedding model does.
    searchable = [
        TextNode(id_=n.id_, text=f"{n.metadata.get('section', '')}\n{n.text}", metadata=n.metadata) for n in nodes
    ]
    return BM25Retriever.from_defaults(
        nodes=searchable, similarity_top_k=min(20, len(nodes)), stemmer=Stemmer.Stemmer("english"), language="english"
    )


def fuse(vector: list[tuple[TextNode, float]], lexical: list[TextNode], k: int) -> list[Hit]:
    """Reciprocal rank fusion of a dense and a lexical ranking."""
    scores: dict[str, float] = {}
    nodes: dict[str, TextNode] = {}
    similarity: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for rank, (node, sim) in enumerate(vector, 1):
        scores[node.id_] = scores.get(node.id_, 0.0) + 1.0 / (RRF_K + rank)
        nodes[node.id_], similarity[node.id_] = node, sim
        ranks.setdefault(node.id_, {})["vector"] = rank
    for rank, node in enumerate(lexical, 1):
        scores[node.id_] = scores.get(node.id_, 0.0) + 1.0 / (RRF_K + rank)
        nodes.setdefault(node.id_, node)
        ranks.setdefault(node.id_, {})["bm25"] = rank
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
                text=_original_text(node),
                score=scores[cid],
                chunk_id=cid,
                similarity=similarity.get(cid),
                vector_rank=ranks[cid].get("vector"),
                bm25_rank=ranks[cid].get("bm25"),
            )
        )
    return hits


def _original_text(node: TextNode) -> str:
    """BM25 nodes carry a section header; hits always return the verbatim chunk."""
    text = node.text
    span = int(node.metadata["end"]) - int(node.metadata["start"])
    return text[-span:] if len(text) > span else text


_retrievers: weakref.WeakKeyDictionary[Index, HybridRetriever] = weakref.WeakKeyDictionary()


def search(index: Index, query: str, k: int = 5, posting_id: str | None = None) -> list[Hit]:
    """Top-k chunks for query, across all postings or within one (id or alias)."""
    retriever = _retrievers.get(index)
    if retriever is None:
        retriever = _retrievers[index] = HybridRetriever(index)
    return retriever.search(query, k=k, posting_id=posting_id)
