import json

import pytest

from summariser.cards.batch import build_card, summarise
from summariser.cards.fill import proposal_model
from summariser.cards.schema import JobCard
from summariser.config import Settings
from summariser.errors import LLMError
from summariser.ingest.loaders import load
from summariser.llm import client as llm
from tests.conftest import POSTINGS, SIMULA, UIT


def _postings():
    return [next(load(POSTINGS / f"{s}.txt")) for s in (UIT, SIMULA)]


def test_parsers_only_batch_resumes(tmp_path):
    out = tmp_path / "cards.jsonl"
    first = summarise(_postings(), Settings(), "none", out=out)
    assert (first.written, first.skipped, first.failed) == (2, 0, 0)
    again = summarise(_postings(), Settings(), "none", out=out)
    assert (again.written, again.skipped) == (0, 2)
    cards = [JobCard.model_validate_json(line) for line in out.read_text().splitlines()]
    assert {c.posting_id for c in cards} == {UIT, SIMULA} and all(c.content_hash for c in cards)
    with out.open("a") as f:
        f.write('{"posting_id": "broken')  # an interrupted write is redone, not fatal
    assert summarise(_postings(), Settings(), "none", out=out).skipped == 2


def test_model_proposals_need_verbatim_support(monkeypatch):
    posting = _postings()[1]  # Simula: no contract, no hours, no contact stated

    def fake(messages, model, response_model, **kw):
        assert "Give value and quote" in json.dumps(response_model.model_json_schema())
        return response_model.model_validate(
            {
                "contract": {
                    "value": "permanent",
                    "quote": "Permanent position with a salary of NOK 700,000",
                },  # not in the posting
                "employer": {
                    "value": "Simula Metropolitan Center for Digital Engineering",
                    "quote": "Data Science and Knowledge Discovery Department (DataSci) at Simula Metropolitan Center "
                    "for Digital Engineering (Oslo, Norway)",
                },
                "working_hours": {
                    "value": "37.5 hours per week",
                    "quote": "Simula: solving problems, making a difference.",
                },  # quote does not say it
            }
        ), llm.Usage(900, 60, 0.0, 1)

    monkeypatch.setattr(llm, "structured", fake)
    card, usage = build_card(posting, Settings(), "openai/whatever")
    assert card.employer == "Simula Metropolitan Center for Digital Engineering" and card.evidence["employer"]
    assert card.contract is None and card.working_hours is None
    assert {"contract: permanent", "working_hours: 37.5 hours per week"} <= set(card.dropped)
    assert usage.prompt_tokens == 900 and card.model == "openai/whatever"


def test_a_failing_model_leaves_the_parsed_card(monkeypatch):
    def boom(*a, **k):
        raise LLMError("model 'x' failed: HTTP 500")

    monkeypatch.setattr(llm, "structured", boom)
    card, _ = build_card(_postings()[0], Settings(), "openai/x")
    assert card.location == "Tromsø" and any("model fill failed" in d for d in card.dropped)


def test_proposal_schema_uses_card_descriptions():
    schema = proposal_model(["duration"]).model_json_schema()
    assert "Length of the contract" in json.dumps(schema)


@pytest.mark.slow
def test_offline_model_fill_for_real():
    card, usage = build_card(_postings()[0], Settings(card_fill="always"), "local/smollm2")
    assert usage.calls == 1
    assert card.location == "Tromsø" and card.deadline is None  # the tiny model cannot add a deadline
    text = _postings()[0].text
    flat = " ".join(text.split())
    assert all(" ".join(e.quote.split()) in flat for quotes in card.evidence.values() for e in quotes if e.from_text)


def test_the_fill_is_skipped_where_it_does_not_help(monkeypatch):
    from summariser.llm import client as llm
    from summariser.llm import usefulness

    def must_not_run(*args, **kwargs):
        raise AssertionError("the model was asked")

    monkeypatch.setattr(llm, "structured", must_not_run)
    monkeypatch.setattr(usefulness, "measurements", lambda: {"bad/model": {"card_fill": {"produced": 50, "kept": 1}}})
    card, usage = build_card(_postings()[0], Settings(), "bad/model")  # auto: 2% survived where measured
    assert usage.calls == 0 and card.model == "bad/model"
    assert build_card(_postings()[0], Settings(card_fill="never"), "good/model")[1].calls == 0
    assert usefulness.use_model("good/model", "card_fill", "auto")  # never measured: asked
    assert usefulness.use_model("bad/model", "card_fill", "always")
