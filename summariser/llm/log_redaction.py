"""Secrets kept out of logs: a filter that redacts every log record (`errors.redact`), and the
silencing of the model libraries' own loggers, which printed provider errors (and whatever request
headers a provider echoes) next to the one redacted error jobsum raises."""

from __future__ import annotations

import logging
import os

from summariser.errors import redact


class _Redacting(logging.Filter):
    """Rewrites a log record without secrets (errors.redact)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if (
            record.exc_info
            and record.exc_info[1] is not None
            and redact(str(record.exc_info[1])) != str(record.exc_info[1])
        ):
            record.exc_info, record.exc_text = None, None  # a traceback that quotes a key is not printed
        return True


_REDACTING = _Redacting()
# Loggers that print provider errors (with whatever request headers a provider echoes) on stderr,
# where jobsum already raises one redacted error: litellm's own, instructor's retry log (which
# printed each failure twice) and the HTTP clients underneath.
_LIBRARY_LOGGERS = (
    "LiteLLM",
    "LiteLLM Router",
    "LiteLLM Proxy",
    "litellm",
    "instructor",
    "openai",
    "httpx",
    "httpcore",
)


def _quiet_library_loggers() -> None:
    """Silence litellm's and instructor's loggers (unless LITELLM_LOG asks for them) and redact
    whatever any logger handler still prints."""
    loud = bool(os.environ.get("LITELLM_LOG"))
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not loud and name.startswith(("LiteLLM", "litellm", "instructor")):
            logger.setLevel(logging.CRITICAL + 1)
        logger.addFilter(_REDACTING)
        for handler in logger.handlers:
            handler.addFilter(_REDACTING)
    for handler in [*logging.getLogger().handlers, logging.lastResort]:
        if handler is not None:
            handler.addFilter(_REDACTING)
