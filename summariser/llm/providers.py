"""What a model provider needs from jobsum before a call: the endpoint (and, for a self-hosted
OpenAI-compatible server without a key, a placeholder key), the key variable to name when
credentials are missing, and the check that a `local/` model is one that is bundled."""

from __future__ import annotations

import os

_KEY_VARS = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "azure": "AZURE_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "cohere": "COHERE_API_KEY",
    "groq": "GROQ_API_KEY",
}


def _endpoint(model: str, api_base: str | None) -> dict[str, str]:
    """api_base, and for a self-hosted OpenAI-compatible server without a key, a placeholder key."""
    if not api_base:
        return {}
    provider = model.split("/", 1)[0] if "/" in model else "openai"
    key = os.environ.get("JOBSUM_API_KEY") or (None if os.environ.get(_KEY_VARS.get(provider, "")) else "not-needed")
    return {"api_base": api_base, **({"api_key": key} if key else {})}


def _check_local(model: str) -> None:
    if model.startswith("local/"):
        from summariser.llm import local as local_model

        local_model.model_path(model.split("/", 1)[1])  # ConfigError naming what exists


def _key_hint(model: str) -> str:
    provider = model.split("/", 1)[0] if "/" in model else "openai"
    var = _KEY_VARS.get(provider)
    return f"set {var}" if var else f"set the API key litellm expects for provider '{provider}'"
