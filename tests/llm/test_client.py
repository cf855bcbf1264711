import json

import pytest

from summariser.errors import ConfigError, LLMError
from summariser.llm import client as llm


class Boom(Exception):
    def __init__(self, status_code):
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code


@pytest.fixture
def calls(monkeypatch):
    """Replace litellm.completion with a script of outcomes; returns the list of models called."""
    litellm = llm._litellm()
    seen: list[str] = []

    def install(*outcomes):
        script = list(outcomes)

        def fake(model, messages, **kwargs):
            seen.append(model)
            outcome = script.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return litellm.ModelResponse(
                model=model,
                choices=[{"index": 0, "message": {"role": "assistant", "content": outcome}, "finish_reason": "stop"}],
                usage={"prompt_tokens": 7, "completion_tokens": 2, "total_tokens": 9},
            )

        monkeypatch.setattr(litellm, "completion", fake)
        monkeypatch.setattr(llm, "RETRY_DELAY", 0.0)
        return seen

    return install


MSG = [{"role": "user", "content": "hi"}]


def test_retries_on_5xx_and_429_then_succeeds(calls):
    seen = calls(Boom(503), Boom(429), "hello")
    out = llm.complete(MSG, "openai/x", retries=2)
    assert out.text == "hello" and seen == ["openai/x"] * 3
    assert (out.usage.prompt_tokens, out.usage.completion_tokens, out.usage.calls) == (7, 2, 1)


def test_no_retry_on_a_client_error(calls):
    seen = calls(Boom(400), "never")
    with pytest.raises(LLMError, match="model 'openai/x' failed: HTTP 400"):
        llm.complete(MSG, "openai/x", retries=3)
    assert seen == ["openai/x"]


def test_fallback_model_after_retries(calls):
    seen = calls(Boom(500), Boom(500), "from fallback")
    out = llm.complete(MSG, "openai/x", retries=1, fallback="openai/y")
    assert out.text == "from fallback" and out.model == "openai/y" and seen == ["openai/x", "openai/x", "openai/y"]


def test_gives_up_after_bounded_retries(calls):
    seen = calls(Boom(502), Boom(502), Boom(502))
    with pytest.raises(LLMError):
        llm.complete(MSG, "openai/x", retries=2)
    assert len(seen) == 3


def test_missing_key_names_the_variable(monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="set ANTHROPIC_API_KEY"):
        llm.complete(MSG, "anthropic/claude-3-5-haiku-latest", retries=0, timeout=5)


def test_unknown_local_model_is_a_config_error():
    with pytest.raises(ConfigError, match="available are local/smollm2"):
        llm.complete(MSG, "local/gpt-5")


@pytest.mark.slow
def test_local_model_generates_for_real():
    out = llm.complete([{"role": "user", "content": "Name a colour."}], "local/smollm2", max_tokens=12)
    assert out.text.strip() and out.model == "local/smollm2"
    assert out.usage.prompt_tokens > 5 and 0 < out.usage.completion_tokens <= 12 and out.usage.cost == 0.0
    again = llm.complete([{"role": "user", "content": "Name a colour."}], "local/smollm2", max_tokens=12)
    assert again.text == out.text  # temperature 0: deterministic


@pytest.mark.slow
def test_local_model_json_schema_is_enforced_by_grammar():
    schema = {
        "type": "object",
        "properties": {"years": {"type": "integer"}, "city": {"type": "string"}},
        "required": ["years", "city"],
    }
    out = llm.complete(
        [{"role": "user", "content": "The PhD is four years in Tromsø. Give years and city as JSON."}],
        "local/smollm2",
        max_tokens=40,
        json_schema=schema,
    )
    data = json.loads(out.text)
    assert isinstance(data["years"], int) and isinstance(data["city"], str)


@pytest.mark.slow
def test_local_model_streams():
    pieces = list(llm.stream([{"role": "user", "content": "Say hello."}], "local/smollm2", max_tokens=8))
    assert len(pieces) >= 2 and "".join(pieces).strip()


@pytest.mark.slow
def test_opt_in_disk_cache(tmp_path):
    litellm = llm._litellm()
    try:
        llm.enable_cache(str(tmp_path / "cache"))
        first = llm.complete([{"role": "user", "content": "Name a fruit."}], "local/smollm2", max_tokens=6)
        assert any((tmp_path / "cache").iterdir())
        second = llm.complete([{"role": "user", "content": "Name a fruit."}], "local/smollm2", max_tokens=6)
        assert second.text == first.text
    finally:
        litellm.cache = None
        llm.enable_cache.cache_clear()
