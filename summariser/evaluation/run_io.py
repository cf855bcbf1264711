"""What an evaluation run starts from and ends with: the index its postings are ingested into
(`eval_index`), the check that a dataset's postings were given (`require_postings`), the `EvalRun`
every run returns, and its result lines written as JSONL (`write_results`). The runs themselves are
in runs.py, which re-exports these names."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from summariser.config import Settings
from summariser.errors import ConfigError
from summariser.evaluation.datasets import QAItem
from summariser.index.store import Index, open_index
from summariser.ingest.pipeline import ingest


@dataclass
class EvalRun:
    kind: str  # qa | retrieval | cards | judge
    results: list[dict]
    scores: dict
    meta: dict = field(default_factory=dict)


@contextmanager
def eval_index(settings: Settings, postings: Sequence[Path], fresh: bool) -> Iterator[tuple[Index, dict[str, str]]]:
    """Ingest the postings into a fresh temporary index (or the configured one) and open it for
    reading; yields the index and every posting's stored text (what citations must quote)."""
    if not postings:
        raise ConfigError(
            "no postings given — pass --postings FILE_OR_DIR (the files the dataset's questions are about)"
        )
    with tempfile.TemporaryDirectory(prefix="jobsum-eval-") as tmp:
        if fresh:
            settings = type(settings).model_validate(
                {**settings.model_dump(), "index_dir": Path(tmp) / "index", "chroma_url": None}
            )
        with open_index(settings, write=True) as index:
            report = ingest(postings, index)
        if report.failed and not report.added + report.updated + report.unchanged:
            raise ConfigError(f"none of the postings could be loaded: {report.errors[:3]}")
        with open_index(settings) as index:
            texts = {p.id: index.posting(p.id).text for p in index.postings()}
            yield index, texts


def require_postings(items: Iterable[QAItem], texts: dict[str, str]) -> None:
    """Refuse a dataset whose questions are about postings that were not loaded: every one of
    them would fail (or score zero) for a reason that has nothing to do with the pipeline."""
    unscoped = [item.id for item in items if not item.posting_id]
    if unscoped:
        raise ConfigError(
            f"{len(unscoped)} question(s) name no posting_id (first: {unscoped[0]}) — each question is about one posting"
        )
    missing = sorted({item.posting_id for item in items} - texts.keys())
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise ConfigError(
            f"the dataset asks about {len(missing)} posting(s) not among --postings ({shown}) — "
            "pass the files that hold them too (e.g. --postings ../shared/eval/postings_dev.jsonl ../shared/seeds)"
        )


def write_results(results: Iterable[dict], out: Path, keep: Sequence[str] | None = None) -> None:
    """One JSON object per line; `keep` limits each line to the contract's keys (and extras listed)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps({k: r[k] for k in keep if k in r} if keep else r, ensure_ascii=False) + "\n")
