"""The records every stage passes on: a posting as loaded, and a chunk of it as indexed.

They sit below ingest and index so that both can use them without importing each other.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field


class Posting(BaseModel):
    """One job posting as jobsum stores it: `text` is what offsets and citations refer to."""

    id: str = Field(description="Stable id: the feed's `id`, else the file stem.")
    text: str = Field(description="The posting text, line endings normalised to \\n.")
    title: str | None = None
    employer: str | None = None
    source_url: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    aliases: list[str] = Field(default_factory=list)
    source_path: str | None = None

    @property
    def content_hash(self) -> str:
        """Changes when anything that ends up in the index changes."""
        payload = json.dumps(
            [self.text, self.title, self.employer, self.source_url, self.language, self.metadata, self.aliases],
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int
    end: int
    text: str
    section: tuple[str, ...]

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)
