"""Posting files handed over as bytes (the chat app's uploads) ingested like files on disk: each
file over the size limit, of a type jobsum cannot read, or broken is one error naming the file,
and the others go in."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from summariser.index.store import Index
from summariser.ingest.loaders import SUFFIXES
from summariser.ingest.pipeline import IngestReport, ingest

MAX_UPLOAD_MB = 20  # keep in step with server.maxUploadSize in .streamlit/config.toml
UPLOAD_TYPES = sorted(suffix.lstrip(".") for suffix in SUFFIXES)


def too_big(name: str, size: int, max_mb: int = MAX_UPLOAD_MB) -> str | None:
    """The error for a file over the limit, else None."""
    if size <= max_mb * 1024 * 1024:
        return None
    return (
        f"{name} is {size / 1024 / 1024:.1f} MB, over the {max_mb} MB upload limit; "
        "split the feed into smaller files or ingest it with `jobsum ingest`"
    )


def ingest_uploads(
    files: Iterable[tuple[str, bytes]],
    index: Index,
    max_mb: int = MAX_UPLOAD_MB,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest (file name, content) pairs into a writable index. A posting's id is the file's stem,
    as for files on disk; error sources name the uploaded file, not a temporary path."""
    refused: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="jobsum-upload-") as tmp:
        paths: list[Path] = []
        for number, (name, data) in enumerate(files):
            name = Path(name).name or "upload"
            error = too_big(name, len(data), max_mb)
            if error:
                refused.append({"source": name, "error": error})
                continue
            folder = Path(tmp) / str(number)  # one folder per file keeps each file's own name
            folder.mkdir()
            (folder / name).write_bytes(data)
            paths.append(folder / name)
        report = ingest(paths, index, progress=progress) if paths else IngestReport()
    for error in report.errors:
        error["source"] = _uploaded_name(error["source"], tmp)
    report.errors = refused + report.errors
    report.failed += len(refused)
    return report


def _uploaded_name(source: str, tmp: str) -> str:
    if not source.startswith(tmp):
        return source
    return source[len(tmp) :].lstrip("/").split("/", 1)[-1]
