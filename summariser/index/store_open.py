"""Opening and closing an index: the writer's lock, the Chroma client (embedded, or a server at
`JOBSUM_CHROMA_URL`) and its collections, the checks that refuse a damaged index folder, a private
copy of a read-only one; and asking the deployment what it can do. The only module that imports
chromadb, and only when an index is opened (`jobsum --help` loads none of it).

Chroma's PersistentClient is not safe for several writers on one path, so `open_index(...,
write=True)` takes an exclusive lock file; a second writer gets IndexLocked naming the holder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from summariser.errors import (
    ConfigError,
    EmbeddingMismatch,
    IndexDamaged,
    IndexLocked,
    IndexNotFound,
    IndexReadOnly,
    IndexUnusable,
    JobsumError,
)
from summariser.index.hnsw import save_after_every_write
from summariser.index.store_records import SCHEMA

_LOCK_NAME = "write.lock"
_DATABASE = "chroma.sqlite3"
_SEGMENT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SQLITE_MAGIC = b"SQLite format 3\x00"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # Chroma's telemetry stays off unless asked for


class IndexConnection:
    """The part of `store.Index` that opens, reconnects and closes its Chroma client."""

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
        """Open the collections; while another connection finishes a write (SQLite's "database is
        locked", e.g. a writer that closed a moment ago), wait a little and try again: a busy
        database is not a damaged one."""
        for pause in (*_BUSY_PAUSES, None):
            try:
                self._open_collections_of(create)
                return
            except JobsumError:
                raise
            except BaseException as err:
                _reraise_interrupts(err)
                if pause is None or not _BUSY.search(str(err)):
                    raise _open_error(Path(self.where), err) from None
            time.sleep(pause)

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
        if create:  # the writer, before Chroma loads any of them: see summariser.index.hnsw
            save_after_every_write(c for c in (self._chunks, self._postings, self._aliases) if c is not None)
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

    # -- scale-out ------------------------------------------------------------------------------
    def server_bm25_available(self) -> bool:
        """**The switch point from jobsum's own lexical index to Chroma's.** True when this Chroma
        deployment keeps a sparse (BM25) index itself: its distributed deployment and Chroma Cloud
        do; a local PersistentClient and `chroma run` refuse ("Sparse vector indexing is not
        enabled in local"). Asked, not guessed: a throwaway collection with a sparse index is
        created and dropped. Where True, a sparse index on the chunks collection — fed by
        `lexical_analysis.Analyzer` term hashes, so Norwegian keeps its stemmer, rather than Chroma's
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


_BUSY = re.compile(r"database is locked|\(code: 5\)")
_BUSY_PAUSES = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)  # seconds: about 3 in all before a locked database is an error


def _open_error(path: Path, err: BaseException) -> JobsumError:
    if _read_only(err):
        return IndexReadOnly(str(path), _first_line(err))
    return IndexDamaged(str(path), f"{path / _DATABASE} cannot be read ({_first_line(err)})")


def _reraise_interrupts(err: BaseException) -> None:
    if isinstance(err, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise err


def _close(client: Any) -> None:
    if client is not None and hasattr(client, "close"):
        with contextlib.suppress(Exception):  # the last client of an embedded path stops its system
            client.close()
