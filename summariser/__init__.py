"""jobsum: grounded summaries and cited Q&A for job postings.

The library is what the CLI, the Streamlit app and the evaluation suite share::

    from summariser import Settings, open_index, ingest, search

    settings = Settings(index_dir="data/index")
    with open_index(settings, write=True) as index:
        report = ingest(["data/postings"], index)
    with open_index(settings) as index:
        for hit in search(index, "Can I apply before finishing my master's?"):
            print(hit.posting_id, hit.section, hit.text)
        answer = answer_question(index, "What is the salary?", posting_id="000_75b6be4361b74030")
        print(answer.text, [c.quote for c in answer.citations])
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Public names, imported on first use: `import summariser` (and `jobsum --help`) loads none of
# Chroma, llama-index, litellm or the models.
_LAZY = {
    "Answer": "summariser.qa.answer",
    "Citation": "summariser.qa.answer",
    "Hit": "summariser.index.retrieval",
    "Index": "summariser.index.store",
    "IngestReport": "summariser.ingest.pipeline",
    "JobsumError": "summariser.errors",
    "Settings": "summariser.config",
    "answer_question": "summariser.qa.answer",
    "ingest": "summariser.ingest.pipeline",
    "open_index": "summariser.index.store",
    "search": "summariser.index.retrieval",
}
__all__ = [
    "Answer",
    "Citation",
    "Hit",
    "Index",
    "IngestReport",
    "JobsumError",
    "Settings",
    "answer_question",
    "ingest",
    "open_index",
    "search",
]

if TYPE_CHECKING:
    from summariser.config import Settings
    from summariser.errors import JobsumError
    from summariser.index.retrieval import Hit, search
    from summariser.index.store import Index, open_index
    from summariser.ingest.pipeline import IngestReport, ingest
    from summariser.qa.answer import Answer, Citation, answer_question


# `ingest` is both a public function and a sub-package. Importing the (empty) sub-package now and
# dropping the name it binds here keeps `summariser.ingest` the function, as the eager imports did,
# whichever is imported first.
importlib.import_module("summariser.ingest")
del globals()["ingest"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summariser' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
