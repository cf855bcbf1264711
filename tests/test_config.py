"""Settings the chat app reads."""

from __future__ import annotations

from summariser import Settings


def test_model_choices_list_the_configured_model_first_without_repeats(monkeypatch):
    assert Settings().model_choices == ["local/smollm2"]
    monkeypatch.setenv("JOBSUM_FALLBACK_MODEL", "ollama/llama3.1")
    monkeypatch.setenv("JOBSUM_MODELS", "gpt-4o-mini, ollama/llama3.1,,local/smollm2")
    assert Settings().model_choices == ["local/smollm2", "ollama/llama3.1", "gpt-4o-mini"]
