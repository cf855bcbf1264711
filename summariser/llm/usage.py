"""What a model call returns and costs: `Completion` (text, model, finish reason) and `Usage`
(prompt and completion tokens, USD cost, number of calls), which adds up across calls."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0  # USD; 0 for local models
    calls: int = 0

    def add(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.cost + other.cost,
            self.calls + other.calls,
        )


@dataclass
class Completion:
    text: str
    model: str
    usage: Usage
    finish_reason: str = "stop"
