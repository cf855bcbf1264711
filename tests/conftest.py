from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from summariser import Settings, ingest, open_index

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
POSTINGS = ROOT / "data" / "postings"
SHARED = ROOT.parent / "shared"
UIT = "000_75b6be4361b74030"
SIMULA = "001_28da44df9ef123e4"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """Tests see only the defaults (no developer's JOBSUM_* settings or jobsum.toml)."""
    for key in list(os.environ):
        if key.startswith("JOBSUM_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("JOBSUM_CONFIG", str(ROOT / "tests" / "no-such-jobsum.toml"))


@pytest.fixture(scope="session")
def embed_model():
    from summariser.index.e5 import E5Embedding

    return E5Embedding()


def stand_in_vectors(texts: list[str]) -> np.ndarray:
    """Deterministic unit vectors from each text's hash: for tests of storage and batching, which
    need embeddings but not a model."""
    rows = [np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).normal(size=384) for t in texts]
    return np.asarray([r / np.linalg.norm(r) for r in rows], dtype=np.float32)


class StandInEmbedding:
    """What ingest needs of an embedding model, without one."""

    model_name = "stand-in"

    def get_text_embedding_batch(self, texts: list[str], **_) -> list[list[float]]:
        return stand_in_vectors(texts).tolist()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory, embed_model) -> Settings:
    """A read-only index of the two seeds and the corpus sample, built once per session."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("seed") / "index")
    with open_index(settings, write=True, embed_model=embed_model) as index:
        report = ingest([POSTINGS, FIXTURES / "corpus_sample.jsonl"], index)
    assert report.failed == 0, report.errors
    return settings


@pytest.fixture
def seed_index(seed_settings, embed_model):
    with open_index(seed_settings, embed_model=embed_model) as index:
        yield index


@pytest.fixture(scope="module")
def vcr_cassette_dir(request) -> str:
    """tests/cassettes/<the test module's path under tests/>, e.g. tests/cassettes/llm/test_server."""
    module = Path(str(request.node.fspath)).relative_to(ROOT / "tests").with_suffix("")
    return str(ROOT / "tests" / "cassettes" / module)


@pytest.fixture(scope="module")
def vcr_config():
    """Cassettes replay with record mode `none` unless `make record`; a changed request body
    (a changed prompt) does not match and fails loudly. Credentials never reach a cassette."""
    return {
        "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization", "cookie", "set-cookie"],
        "match_on": ["method", "scheme", "host", "port", "path", "body"],
        "decode_compressed_response": True,
    }
