"""Prompt templates live as files in prompts/; this module only finds and fills them."""

from __future__ import annotations

import functools
from pathlib import Path

# an installed wheel carries them as summariser/prompt_files; a source checkout keeps them at the top
_PACKAGE = Path(__file__).resolve().parents[1]
PROMPTS = next(
    (d for d in (_PACKAGE / "prompt_files", _PACKAGE.parent / "prompts") if d.is_dir()), _PACKAGE.parent / "prompts"
)


@functools.cache
def template(name: str) -> str:
    return (PROMPTS / f"{name}.md").read_text(encoding="utf-8").strip()


def render(name: str, **fields: str) -> str:
    return template(name).format(**fields)
