import pytest

from summariser import Settings
from summariser.errors import ConfigError
from summariser.grounding.judges import get_judge
from summariser.grounding.llm_judge import ClaimCheck, Claims, LLMJudge, Verdicts
from summariser.llm import client as llm
from tests.llm.test_server import API_BASE, model_server  # noqa: F401 - the recording fixture

CONTEXT = "The position is for a period of four years. The workplace is at UiT in Tromsø."


def fake_structured(claims, verdicts, calls):
    def structured(messages, model, response_model, **kwargs):
        calls.append((response_model, messages))
        if response_model is Claims:
            return Claims(claims=claims), llm.Usage(prompt_tokens=10, completion_tokens=5, calls=1)
        assert issubclass(response_model, Verdicts)
        return response_model(verdicts=verdicts), llm.Usage(prompt_tokens=20, completion_tokens=8, calls=1)

    return structured


def test_score_is_the_share_of_supported_claims(monkeypatch):
    calls = []
    verdicts = [
        ClaimCheck(claim="x", reason="stated", supported=True),
        ClaimCheck(claim="y", reason="says UiT", supported=False),
    ]
    monkeypatch.setattr(llm, "structured", fake_structured(["Four years.", "In Bergen."], verdicts, calls))
    verdict = LLMJudge("some/model").judge(CONTEXT, "It lasts four years in Bergen.")
    assert verdict.score == 0.5 and verdict.pred == 0 and verdict.judge == "llm:some/model"
    assert [c.claim for c in verdict.claims] == [
        "Four years.",
        "In Bergen.",
    ]  # the judge's claims, not the model's echo
    assert [c.supported for c in verdict.claims] == [True, False]
    assert "<context>" in calls[1][1][1]["content"] and "1. Four years." in calls[1][1][1]["content"]


def test_a_claim_without_verdict_counts_as_unsupported(monkeypatch):
    verdicts = [ClaimCheck(claim="a", reason="ok", supported=True)]
    monkeypatch.setattr(llm, "structured", fake_structured(["A.", "B."], verdicts, []))
    verdict = LLMJudge("m").judge(CONTEXT, "A. B.")
    assert verdict.score == 0.5 and verdict.claims[1].reason == "no verdict returned"


def test_edge_cases_are_defined_not_nan(monkeypatch):
    calls = []
    monkeypatch.setattr(llm, "structured", fake_structured([], [], calls))
    assert LLMJudge("m").judge(CONTEXT, "   ").score == 1.0 and not calls  # nothing said, nothing unsupported
    assert LLMJudge("m").judge(CONTEXT, "Hello!").score == 1.0  # no factual claims
    monkeypatch.setattr(llm, "structured", fake_structured(["Four years."], [], []))
    assert LLMJudge("m").judge("", "Four years.").score == 0.0  # claims with no context


def test_runs_are_averaged(monkeypatch):
    answers = iter([True, False, True])

    def structured(messages, model, response_model, **kwargs):
        if response_model is Claims:
            return Claims(claims=["A."]), llm.Usage(calls=1)
        return Verdicts(verdicts=[ClaimCheck(claim="A.", reason="r", supported=next(answers))]), llm.Usage(calls=1)

    monkeypatch.setattr(llm, "structured", structured)
    judge = LLMJudge("m", runs=3)
    verdict = judge.judge(CONTEXT, "A.")
    assert verdict.score == pytest.approx(2 / 3)
    assert judge.usage.calls == 6
    # the claims of all runs, so a count of supported claims agrees with the score
    assert [(c.supported, c.reason) for c in verdict.claims] == [
        (True, "run 1: r"),
        (False, "run 2: r"),
        (True, "run 3: r"),
    ]


def test_get_judge_specs():
    judge = get_judge("llm:openai/gpt-4o-mini@3")
    assert isinstance(judge, LLMJudge) and judge.model == "openai/gpt-4o-mini" and judge.runs == 3
    assert get_judge(None).name == "offline"
    with pytest.raises(ConfigError, match="number of runs"):
        get_judge("llm:m@x")
    with pytest.raises(ConfigError, match="offline"):
        get_judge("gpt4")


@pytest.mark.vcr
def test_llm_judge_over_http_through_litellm(model_server):  # noqa: F811
    judge = LLMJudge("openai/smollm2", Settings(api_base=API_BASE, timeout=600))
    verdict = judge.judge(CONTEXT, "The position is for a period of four years.")
    assert 0.0 <= verdict.score <= 1.0 and verdict.claims
    assert judge.usage.calls == 2 and judge.usage.prompt_tokens > 50
