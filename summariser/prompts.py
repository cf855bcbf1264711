"""Prompt templates live as files in prompts/; this module only finds and fills them."""

from __future__ import annotations

import functools
from pathlib import Path

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"


@functools.cache
def template(name: str) -> str:
    return (PROMPTS / f"{name}.md").read_text(encoding="utf-8").strip()


def render(name: str, **fields: str) -> str:
    return template(name).format(**fields)
