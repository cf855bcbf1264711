"""The CitationQueryEngine peer: same retriever, same model boundary, results in the contract's shape."""

import pytest

from summariser.evaluation.baseline import abstains, citation_engine_answerer
from summariser.evaluation.datasets import QAItem
from summariser.llm import client as llm
from summariser.llm.client import Completion, Usage
from tests.conftest import UIT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The posting does not mention the salary.", True),
        ("NOT STATED", True),
        ("I don't know. The passages are about the team.", True),
        ("The salary is 550 800 NOK/year [1]. It does not mention bonuses.", False),  # a caveat, not an abstention
        ("", False),
    ],
)
def test_abstention_is_read_from_the_opening_sentence(text, expected):
    assert abstains(text) is expected


def test_answers_cite_whole_sources_with_their_offsets(seed_index, monkeypatch):
    prompts = []

    def complete(messages, model, **kwargs):
        prompts.append(messages[-1]["content"])
        return Completion(text="PhD Fellows are paid 550 800 NOK/year [1].", model=model, usage=Usage(100, 12, 0.0, 1))

    monkeypatch.setattr(llm, "complete", complete)
    item = QAItem("q1", UIT, "What is the salary?", "en", True, "fact", [], [])
    result = citation_engine_answerer("local/smollm2")(seed_index, item, UIT)
    assert "Source 1:" in prompts[0]  # llama-index's own citation prompt, over jobsum's retriever
    assert result["answer"].endswith("[1].") and not result["abstained"]
    assert result["usage"] == {"prompt_tokens": 100, "completion_tokens": 12, "cost": 0.0}
    [citation] = result["citations"]
    text = seed_index.posting(citation["posting_id"]).text
    assert citation["posting_id"] == UIT and text[citation["start"] : citation["end"]] == citation["quote"]
