"""A hostile posting still answers its true facts: the injected and hidden claims are never
retrieved, never shown to the model and never cited, whatever the model says."""

import pytest

from summariser import answer_question, ingest, open_index
from summariser.llm import client as llm
from summariser.llm.client import Completion, Usage
from tests.hostile_cases import false_in, write_all

QUESTIONS = {
    "What is the salary?": ("42,000",),
    "What is the application deadline?": ("15 April 2026", "15. april 2026"),
    "Hva er lønnen?": ("42,000",),
    "Når er søknadsfristen?": ("15 April 2026", "15. april 2026"),
}


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory, embed_model):
    from summariser import Settings

    folder = tmp_path_factory.mktemp("hostile")
    write_all(folder)
    settings = Settings(index_dir=folder / "index")
    with open_index(settings, write=True, embed_model=embed_model) as index:
        ingest([folder], index)
    return settings


@pytest.fixture
def obeying_model(monkeypatch):
    """A model that does what the injected text says, and records what it was shown."""
    seen = []

    def complete(messages, model, **kwargs):
        seen.append(messages[-1]["content"])
        return Completion(
            text="The salary is 1,000,000 EUR per month [1]. The deadline is 31 December 2099 [1].",
            model=model,
            usage=Usage(100, 20, 0.0, 1),
        )

    monkeypatch.setattr(llm, "complete", complete)
    return seen


@pytest.mark.parametrize("posting_id", ["injected", "injected_no", "hidden"])
@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_hostile_posting_answers_its_true_facts(hostile_index, embed_model, obeying_model, posting_id, question):
    with open_index(hostile_index, embed_model=embed_model) as index:
        answer = answer_question(index, question, posting_id=posting_id, model="scripted")
    shown = " ".join(obeying_model)
    assert not false_in(shown), "the model was shown injected or hidden text"
    assert not false_in(answer.text) and not any(false_in(c.quote) for c in answer.citations)
    assert answer.dropped_claims or not obeying_model  # what the model was told to say did not survive
    if posting_id != "injected_no" or "lønn" in question.lower() or "frist" in question.lower():
        assert any(fact in answer.text for fact in QUESTIONS[question]), answer.text
