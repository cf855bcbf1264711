"""Typed errors. Each message says what went wrong and what to do about it."""

from __future__ import annotations


class JobsumError(Exception):
    """Base class: the CLI prints these as one line, never as a traceback."""


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
