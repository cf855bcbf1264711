"""What every `jobsum` command shares: the --index and --json options, JSON on stdout, and one
OpenMP thread per model call."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import click


def common(func):
    """--index and --json, which every command takes."""

    @click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index directory (default data/index).")
    @click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON on stdout.")
    @functools.wraps(func)
    def wrapper(index_dir: Path | None, as_json: bool, **kwargs):
        from summariser.config import Settings

        return func(settings=Settings().with_overrides(index_dir=index_dir), as_json=as_json, **kwargs)

    return wrapper


def _emit(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _one_thread_per_query() -> None:
    """One OpenMP thread per model call: OpenMP's spinning threads on a busy two-core machine took
    the e5 query p95 from 45 ms to 2 s. Set OMP_NUM_THREADS to choose otherwise."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
