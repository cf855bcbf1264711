"""The litellm boundary: the only module that imports litellm.

Every model call jobsum makes goes through here: any litellm model string (`gpt-4o-mini`,
`anthropic/claude-…`, `ollama/llama3.1`, `openai/<name>` with an api_base), plus `local/smollm2`,
the bundled offline model, registered as a litellm custom provider. Timeouts, bounded retries on
429/5xx/timeouts only, an optional fallback model, an opt-in disk cache, token and cost accounting,
and the translation of provider errors into jobsum errors all live here.

What needs no litellm lives beside it: `usage` (Completion and Usage), `providers` (endpoints,
key hints, the local-model check) and `log_redaction` (what keeps secrets out of logs).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from summariser.errors import ConfigError, EmbeddingError, LLMError, redact
from summariser.llm.log_redaction import _quiet_library_loggers
from summariser.llm.providers import _check_local, _endpoint, _key_hint
from summariser.llm.usage import Completion, Usage

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no price-map fetch at import

RETRY_DELAY = 1.0  # seconds, doubled per retry


@functools.cache
def _litellm():
    import litellm

    _quiet_library_loggers()
    litellm.telemetry = False
    litellm.suppress_debug_info = True
    litellm.custom_provider_map = [
        *[p for p in litellm.custom_provider_map if p.get("provider") != "local"],
        {"provider": "local", "custom_handler": _local_provider(litellm)},
    ]
    return litellm


def _local_provider(litellm):
    from summariser.llm import local as local_model

    class LocalProvider(litellm.CustomLLM):
        """`local/<name>`: llama.cpp in this process, no key, no network."""

        def completion(self, model, messages, *args, optional_params=None, **kwargs):
            params = optional_params or {}
            schema = _schema_of(params.get("response_format"))
            out = local_model.chat(
                model,
                messages,
                max_tokens=params.get("max_tokens") or 256,
                temperature=params.get("temperature") or 0.0,
                json_schema=schema,
                stop=params.get("stop"),
            )
            return litellm.ModelResponse(
                model=f"local/{model}",
                choices=[
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": out["text"]},
                        "finish_reason": out["finish_reason"],
                    }
                ],
                usage={
                    "prompt_tokens": out["prompt_tokens"],
                    "completion_tokens": out["completion_tokens"],
                    "total_tokens": out["prompt_tokens"] + out["completion_tokens"],
                },
            )

        def streaming(self, model, messages, *args, optional_params=None, **kwargs):
            params = optional_params or {}
            for piece in local_model.stream_chat(
                model,
                messages,
                max_tokens=params.get("max_tokens") or 256,
                temperature=params.get("temperature") or 0.0,
            ):
                yield {
                    "text": piece,
                    "is_finished": False,
                    "finish_reason": "",
                    "usage": None,
                    "index": 0,
                    "tool_use": None,
                }
            yield {
                "text": "",
                "is_finished": True,
                "finish_reason": "stop",
                "usage": None,
                "index": 0,
                "tool_use": None,
            }

    return LocalProvider()


def _schema_of(response_format: Any) -> dict[str, Any] | None:
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        spec = response_format.get("json_schema") or {}
        return spec.get("schema", spec)
    return None


@functools.cache
def enable_cache(directory: str | Path) -> None:
    """Opt-in (JOBSUM_LLM_CACHE_DIR): identical requests are answered from litellm's disk cache."""
    litellm = _litellm()
    litellm.cache = litellm.Cache(type="disk", disk_cache_dir=str(directory))


def complete(
    messages: list[dict[str, str]],
    model: str,
    *,
    max_tokens: int = 256,
    temperature: float = 0.0,
    json_schema: dict[str, Any] | None = None,
    api_base: str | None = None,
    timeout: float = 60.0,
    retries: int = 2,
    fallback: str | None = None,
) -> Completion:
    """One chat completion, deterministic by default (temperature 0)."""
    litellm = _litellm()
    _check_local(model)
    kwargs: dict[str, Any] = {"max_tokens": max_tokens, "temperature": temperature, "timeout": timeout}
    if json_schema:
        kwargs["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": json_schema, "strict": True},
        }
    if litellm.cache is not None:
        kwargs["caching"] = True
    models = [model, *([fallback] if fallback and fallback != model else [])]
    last: Exception | None = None
    for candidate in models:
        extra = _endpoint(candidate, api_base) if candidate == model else {}
        for attempt in range(retries + 1):
            try:
                response = litellm.completion(model=candidate, messages=messages, **kwargs, **extra)
                return _completion(litellm, response, candidate)
            except Exception as err:
                last = err
                if not _retryable(litellm, err):
                    raise _translate(err, f"model '{candidate}'", api_base, LLMError) from err
                if attempt < retries:
                    time.sleep(RETRY_DELAY * 2**attempt)
    assert last is not None
    raise _translate(last, f"model '{models[-1]}'", api_base, LLMError) from last


def structured(
    messages: list[dict[str, str]],
    model: str,
    response_model: type,
    *,
    max_tokens: int = 512,
    api_base: str | None = None,
    timeout: float = 60.0,
    retries: int = 2,
):
    """A pydantic object from the model: instructor sends the JSON schema (which the local
    provider enforces with a llama.cpp grammar), validates, and feeds validation errors back for
    up to `retries` more attempts. Returns (object, Usage)."""
    import instructor

    litellm = _litellm()
    _check_local(model)
    client = instructor.from_litellm(litellm.completion, mode=instructor.Mode.JSON_SCHEMA)
    try:
        obj, raw = client.chat.completions.create_with_completion(
            model=model,
            messages=messages,
            response_model=response_model,
            max_retries=retries,
            max_tokens=max_tokens,
            temperature=0.0,
            timeout=timeout,
            **_endpoint(model, api_base),
        )
    except Exception as err:
        cause = getattr(err, "__cause__", None) or err
        raise _translate(
            cause if isinstance(cause, Exception) else err, f"model '{model}'", api_base, LLMError
        ) from err
    usage = _completion(litellm, raw, model).usage if getattr(raw, "choices", None) else Usage(calls=1)
    return obj, usage


def stream(
    messages: list[dict[str, str]],
    model: str,
    *,
    max_tokens: int = 256,
    temperature: float = 0.0,
    api_base: str | None = None,
    timeout: float = 60.0,
) -> Iterator[str]:
    """Text deltas as the model produces them."""
    litellm = _litellm()
    _check_local(model)
    extra = _endpoint(model, api_base)
    try:
        for part in litellm.completion(
            model=model,
            messages=messages,
            max_tokens=max_tokens,
            temperature=temperature,
            timeout=timeout,
            stream=True,
            **extra,
        ):
            delta = part.choices[0].delta.content if part.choices else None
            if delta:
                yield delta
    except Exception as err:
        raise _translate(err, f"model '{model}'", api_base, LLMError) from err


def _completion(litellm, response: Any, model: str) -> Completion:
    usage = getattr(response, "usage", None)
    cost = 0.0
    if not model.startswith("local/"):
        try:
            cost = float(litellm.completion_cost(completion_response=response) or 0.0)
        except Exception:
            cost = 0.0
    choice = response.choices[0]
    return Completion(
        text=choice.message.content or "",
        model=model,
        usage=Usage(
            prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
            cost=cost,
            calls=1,
        ),
        finish_reason=choice.finish_reason or "stop",
    )


def _retryable(litellm, err: Exception) -> bool:
    if isinstance(
        err, (litellm.exceptions.Timeout, litellm.exceptions.APIConnectionError, litellm.exceptions.RateLimitError)
    ):
        return True
    status = getattr(err, "status_code", None)
    return isinstance(status, int) and (status == 429 or status >= 500)


def embed(
    model: str, texts: list[str], api_base: str | None = None, timeout: float = 60.0, retries: int = 2
) -> list[list[float]]:
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
    if isinstance(err, ConfigError):
        return err
    litellm = _litellm()
    model = what.split("'")[1] if "'" in what else what
    if isinstance(err, litellm.exceptions.AuthenticationError) or (
        "api_key" in str(err).lower() and "missing" in str(err).lower()
    ):
        return ConfigError(f"{what} needs credentials: {_key_hint(model)}")
    if isinstance(err, litellm.exceptions.NotFoundError):
        return ConfigError(f"{what} was not found by the provider: check the model name")
    if isinstance(err, litellm.exceptions.BadRequestError) and "LLM Provider NOT provided" in str(err):
        return ConfigError(f"{what} is not a litellm model string (e.g. gpt-4o-mini, ollama/llama3.1, local/smollm2)")
    text = redact(str(err))  # before cutting, so no key is cut in half and escapes the patterns
    first = text.splitlines()[0][:300] if text else type(err).__name__
    if (
        isinstance(err, (litellm.exceptions.APIConnectionError, litellm.exceptions.Timeout))
        or "Connection error" in text
    ):
        return error_class(f"cannot reach {api_base or 'the provider'} for {what}: {first}")
    return error_class(f"{what} failed: {first}")
