"""Typed errors. Each message says what went wrong and what to do about it, and never holds a
secret: API keys and Authorization values a provider echoes back are redacted when the error is
made, so no message, log line, card or results file can carry one."""

from __future__ import annotations

import os
import re

REDACTED = "[redacted]"
_SECRET_NAME = re.compile(r"(?:API_KEY|_KEY|TOKEN|SECRET|PASSWORD)$")
_SECRETS = [
    # header or parameter name, then its value: Authorization: Bearer …, api_key='…', "x-api-key": "…"
    re.compile(
        r"(?i)\b((?:proxy-)?authorization|(?:x-)?api[-_]?key|access[-_]?token|client[-_]?secret|password|secret)"
        r"([\"']?\s*[:=]\s*[\"']?)(?:(?:bearer|basic|token)\s+)?[^\s,;'\"}&]{4,}"
    ),
    re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}"),
    # the shapes of provider keys, wherever they stand
    re.compile(r"\b(?:sk|rk|pk)-(?:[A-Za-z0-9]+-)?[A-Za-z0-9_-]{16,}"),
    re.compile(r"\b(?:AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|hf_[A-Za-z0-9]{20,})"),
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
]


def redact(text: str) -> str:
    """text without secrets: the values of *_API_KEY, *_TOKEN, *_SECRET and *_PASSWORD environment
    variables, Authorization / api-key values, and anything shaped like a provider key."""
    for name, value in os.environ.items():
        if len(value) >= 8 and _SECRET_NAME.search(name.upper()) and value in text:
            text = text.replace(value, REDACTED)
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: (m.group(1) + m.group(2) + REDACTED) if m.lastindex else REDACTED, text)
    return text


class JobsumError(Exception):
    """Base class: the CLI prints these as one line, never as a traceback. String arguments are
    redacted (see `redact`)."""

    def __init__(self, *args: object):
        super().__init__(*(redact(arg) if isinstance(arg, str) else arg for arg in args))


class ConfigError(JobsumError):
    pass


class IndexNotFound(JobsumError):
    def __init__(self, where: str):
        super().__init__(f"no index at {where} — run `jobsum ingest data/postings` (or pass --index DIR) first")
        self.where = where


class IndexLocked(JobsumError):
    def __init__(self, where: str, pid: str | None):
        holder = f"PID {pid}" if pid else "another process"
        super().__init__(
            f"index at {where} is locked by {holder} (one writer at a time); "
            "wait for it to finish or use another --index"
        )
        self.where = where
        self.pid = pid


class IndexUnusable(JobsumError):
    """The index folder is there but cannot be used as it is; the message says what to do."""

    def __init__(self, where: str, problem: str, advice: str):
        super().__init__(f"index at {where}: {problem} — {advice}")
        self.where = where
        self.problem = problem


class IndexDamaged(IndexUnusable):
    def __init__(self, where: str, problem: str):
        super().__init__(
            where,
            f"damaged: {problem}",
            "restore it from a backup, re-ingest into a new folder (`jobsum ingest … --index NEW_DIR`), "
            "or run `jobsum doctor --repair`",
        )


class IndexReadOnly(IndexUnusable):
    def __init__(self, where: str, problem: str):
        super().__init__(
            where,
            f"read-only ({problem})",
            "writing needs write access to the folder: make it writable, or ingest into a new --index",
        )


class IndexNeedsRepair(JobsumError):
    def __init__(self, where: str, reason: str):
        super().__init__(f"index at {where} {reason} — run `jobsum doctor --repair` on it once")
        self.where = where


class EmbeddingMismatch(JobsumError):
    def __init__(self, where: str, built_with: str, requested: str):
        super().__init__(
            f"index at {where} was built with embedding model '{built_with}' but '{requested}' is "
            f"configured — set JOBSUM_EMBEDDING={built_with}, or re-ingest into a new --index"
        )
        self.built_with = built_with
        self.requested = requested


class PostingNotFound(JobsumError):
    def __init__(self, posting_id: str):
        super().__init__(f"no posting '{posting_id}' in the index — `jobsum list` shows the ids")
        self.posting_id = posting_id


class PostingLoadError(JobsumError):
    """A file (or one record of a feed) that cannot be read as a posting."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmbeddingError(JobsumError):
    pass


class LLMError(JobsumError):
    """A model call failed after its retries (and fallback, if configured)."""
