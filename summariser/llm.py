"""The litellm boundary: the only module that imports litellm.

Every model call jobsum makes goes through here, so timeouts, retries and the translation of
provider errors into jobsum errors live in one place.
"""

from __future__ import annotations

import os
from typing import Any

from .errors import ConfigError, EmbeddingError

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no price-map fetch at import

_KEY_VARS = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "azure": "AZURE_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "cohere": "COHERE_API_KEY",
    "groq": "GROQ_API_KEY",
}


def _litellm():
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    return litellm


def embed(model: str, texts: list[str], api_base: str | None = None, timeout: float = 60.0, retries: int = 2) -> list[list[float]]:
    """Embed texts with any litellm embedding model."""
    if not texts:
        return []
    litellm = _litellm()
    kwargs: dict[str, Any] = {"model": model, "input": texts, "timeout": timeout, "num_retries": retries}
    if api_base:
        kwargs["api_base"] = api_base
        kwargs.setdefault("api_key", os.environ.get("JOBSUM_EMBEDDING_API_KEY", "not-needed"))
    try:
        response = litellm.embedding(**kwargs)
    except Exception as err:  # litellm maps provider errors onto many classes; we keep two
        raise _translate(err, f"embedding model '{model}'", api_base, EmbeddingError) from err
    data = sorted(response.data, key=lambda d: d["index"] if isinstance(d, dict) else d.index)
    return [list(d["embedding"] if isinstance(d, dict) else d.embedding) for d in data]


def _translate(err: Exception, what: str, api_base: str | None, error_class: type[Exception]) -> Exception:
    """A litellm/provider exception as a jobsum error that says what to do."""
    litellm = _litellm()
    model = what.split("'")[1] if "'" in what else what
    if isinstance(err, litellm.exceptions.AuthenticationError):
        return ConfigError(f"{what} rejected the credentials: {_key_hint(model)}")
    if isinstance(err, litellm.exceptions.NotFoundError):
        return ConfigError(f"{what} was not found by the provider: check the model name")
    text = str(err)
    if isinstance(err, (litellm.exceptions.APIConnectionError, litellm.exceptions.Timeout)) or "Connection error" in text:
        return error_class(f"cannot reach {api_base or 'the provider'} for {what}: {text.splitlines()[0][:300]}")
    return error_class(f"{what} failed: {text.splitlines()[0][:300] if text else type(err).__name__}")


def _key_hint(model: str) -> str:
    provider = model.split("/", 1)[0] if "/" in model else "openai"
    var = _KEY_VARS.get(provider)
    return f"set {var}" if var else f"set the API key litellm expects for provider '{provider}'"
