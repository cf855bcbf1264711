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

from summariser.config import Settings
from summariser.errors import JobsumError
from summariser.index.retrieval import Hit, search
from summariser.index.store import Index, open_index
from summariser.ingest.pipeline import IngestReport, ingest
from summariser.qa.answer import Answer, Citation, answer_question

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
