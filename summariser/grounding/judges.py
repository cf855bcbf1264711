"""Judges by name: 'offline' (the learned judge; no model, no network) or 'llm:<model>[@k]'."""

from __future__ import annotations

from summariser.config import Settings
from summariser.errors import ConfigError


def get_judge(spec: str | None, settings: Settings | None = None):
    """'offline' (default) or 'llm:<litellm model>' (optionally 'llm:<model>@k' for the mean of k runs)."""
    spec = (spec or "offline").strip()
    if spec == "offline":
        from summariser.grounding.judge import OfflineJudge

        return OfflineJudge()
    if spec.startswith("llm:") and len(spec) > 4:
        from summariser.grounding.llm_judge import LLMJudge

        model, _, runs = spec[4:].partition("@")
        if runs and not runs.isdigit():
            raise ConfigError(f"judge '{spec}': the part after @ is the number of runs, e.g. llm:{model}@3")
        return LLMJudge(model, settings, runs=int(runs or 1))
    raise ConfigError(
        f"unknown judge '{spec}' — use 'offline' or 'llm:<litellm model>' (e.g. llm:local/smollm2, llm:openai/gpt-4o-mini)"
    )
