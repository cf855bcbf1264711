"""One extraction per posting: the parsed card (no model) of each indexed posting, computed once per
content and kept beside the index, so the card, the compare view, the app's posting picker and
Q&A all read the same facts without extracting them again.

The cache is a small SQLite file in the index folder, keyed by posting id, content hash and the
extraction code's own hash (any change to the card or text modules recomputes). An index that
cannot be written to (read-only, or a Chroma server without a local folder) still gets its cards:
they are computed and kept in memory for the process.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import threading
from pathlib import Path

from summariser.cards.extract import extract_card
from summariser.cards.schema import JobCard

FILE = "cards.sqlite"
_PACKAGE = Path(__file__).resolve().parents[1]
_memory: dict[tuple[str, str, str], str] = {}
MEMORY_LIMIT = 20_000  # cards kept in a process (a few KB each)
_lock = threading.Lock()


@functools.cache
def extractor_version() -> str:
    """A hash of the code and fitted parameters that make cards: a changed rule or a refitted model
    is a new version."""
    sources = sorted(
        [*(_PACKAGE / "cards").glob("*.py"), *(_PACKAGE / "cards").glob("*.npz"), *(_PACKAGE / "text").glob("*.py")]
    )
    return hashlib.sha1(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]


def parsed_card(index, posting_id: str) -> JobCard:
    """The posting's parsed card (text and source facts, no model), from the cache when it has it."""
    stored = index.posting(posting_id)
    key = (stored.id, stored.content_hash, extractor_version())
    found = _memory.get(key) or _read(index, key)
    if found:
        return JobCard.model_validate_json(found)
    card = extract_card(stored.id, stored.text, stored.title, stored.employer, stored.source_url, stored.metadata)
    card.model, card.content_hash = "none", stored.content_hash
    _write(index, key, card.model_dump_json())
    return card


def _path(index) -> Path | None:
    folder = Path(index.settings.index_dir)
    return folder / FILE if not index.settings.chroma_url and folder.is_dir() else None


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=5)
    db.execute(
        "CREATE TABLE IF NOT EXISTS cards (id TEXT, hash TEXT, version TEXT, card TEXT, PRIMARY KEY (id, hash, version))"
    )
    return db


def _read(index, key: tuple[str, str, str]) -> str | None:
    path = _path(index)
    if path is None or not path.exists():
        return None
    try:
        with _lock, _connect(path) as db:
            row = db.execute("SELECT card FROM cards WHERE id = ? AND hash = ? AND version = ?", key).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _write(index, key: tuple[str, str, str], card: str) -> None:
    if len(_memory) > MEMORY_LIMIT:
        _memory.clear()
    _memory[key] = card
    path = _path(index)
    if path is None:
        return
    try:
        with _lock, _connect(path) as db:
            db.execute("DELETE FROM cards WHERE id = ? AND (hash != ? OR version != ?)", key)
            db.execute("INSERT OR REPLACE INTO cards VALUES (?, ?, ?, ?)", (*key, card))
    except sqlite3.Error:  # a read-only index: the card stays in memory for this process
        pass
