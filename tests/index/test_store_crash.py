"""Crash consistency: a writer killed at any step of `Index.write` leaves every posting whole (old
version, new version, or absent) to readers, and the next writer or `repair()` settles the rest.

A kill is simulated by raising at the chosen Chroma (or lexical) call: nothing after it runs, as
after SIGKILL; bench/chaos.py does the same with real kill -9 on whole ingests.
"""

from __future__ import annotations

import json

import pytest

from summariser import Settings, open_index, search
from summariser.errors import IndexNeedsRepair
from summariser.index.store_write import PostingWrite
from summariser.ingest.pipeline import chunk_posting, ingest
from summariser.types import Posting
from tests.conftest import StandInEmbedding
from tests.conftest import stand_in_vectors as vectors


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing on the way up handles it."""


class KillAt:
    """Proxy for a Chroma collection (or the lexical index) that dies at the n-th call of a method."""

    def __init__(self, target, method: str, n: int = 1):
        self._target, self._method, self._left = target, method, n

    def __getattr__(self, name):
        attr = getattr(self._target, name)
        if name != self._method:
            return attr

        def call(*args, **kwargs):
            self._left -= 1
            if self._left == 0:
                raise Killed(name)
            return attr(*args, **kwargs)

        return call


def make(pid: str, words: str, n: int = 6, aliases: tuple[str, ...] = ()) -> Posting:
    paragraphs = [f"Section {i}\n\n{words} paragraph {i} of posting {pid}. " * 12 for i in range(n)]
    return Posting(
        id=pid, text=f"{pid} title\n\n" + "\n\n".join(paragraphs), title=f"{pid} title", aliases=list(aliases)
    )


def put(index, *postings: Posting, remove: tuple[str, ...] = ()) -> None:
    writes = []
    for p in postings:
        chunks, _ = chunk_posting(p)
        writes.append(PostingWrite(p, chunks, vectors([c.text for c in chunks])))
    index.write(writes, remove=remove)


def assert_whole(index) -> dict[str, str]:
    """What a reader sees is whole: every listed posting has exactly its chunks, each a verbatim
    slice of its stored text, and search returns nothing else. Returns id -> content hash."""
    listed = {p.id: p for p in index.postings()}
    for pid, p in listed.items():
        text = index.posting(pid).text
        chunks = index.posting_chunks(pid)
        assert p.incomplete or len(chunks) == p.chunks, pid
        assert all(text[c.metadata["start"] : c.metadata["end"]] == c.text for c in chunks), pid
    for query in ("zyxquux paragraph", "alpha posting", "section"):
        for hit in search(index, query, k=10):
            assert hit.posting_id in listed
            assert index.posting(hit.posting_id).text[hit.start : hit.end] == hit.text
    return {pid: p.content_hash for pid, p in listed.items()}


OLD, NEW = make("p1", "alpha", aliases=("p1-file",)), make("p1", "zyxquux", n=3, aliases=("p1-new",))
KILL_POINTS = [  # (what, method, nth call): every step of Index.write, in order
    ("chunks", "modify", 1),  # the journal
    ("chunks", "add", 1),  # the new version's chunks
    ("postings", "upsert", 1),  # the records: commit point
    ("aliases", "delete", 1),
    ("aliases", "upsert", 1),
    ("chunks", "delete", 1),  # the old version's chunks
    ("lexical", "apply", 1),
    ("chunks", "modify", 2),  # the generation
]


@pytest.mark.parametrize(("what", "method", "nth"), KILL_POINTS)
def test_an_update_killed_at_any_step_leaves_old_or_new_whole(tmp_path, what, method, nth):
    settings = Settings(index_dir=tmp_path / "index")
    with open_index(settings, write=True) as index:
        put(index, OLD, make("p2", "beta"))
    with open_index(settings, write=True) as index:
        attr = "lexical" if what == "lexical" else f"_{what}"
        setattr(index, attr, KillAt(getattr(index, attr), method, nth))
        with pytest.raises(Killed):
            put(index, NEW)
    with open_index(settings) as reader:  # before anyone repairs anything
        seen = assert_whole(reader)
        assert seen["p1"] in {OLD.content_hash, NEW.content_hash} and seen["p2"] == make("p2", "beta").content_hash
        committed = seen["p1"] == NEW.content_hash
        assert committed == (KILL_POINTS.index((what, method, nth)) >= 3)  # the record upsert commits it
    with open_index(settings, write=True) as index:  # the next writer finishes the journal on open
        health = index.check()
        assert health.ok, health.problems()
        assert assert_whole(index)["p1"] == (NEW if committed else OLD).content_hash
        assert index.resolve("p1-new" if committed else "p1-file") == "p1"
        put(index, NEW)  # the redo
        assert index.check().ok and assert_whole(index)["p1"] == NEW.content_hash
        hits = search(index, "zyxquux", k=3)
        assert hits and hits[0].posting_id == "p1" and hits[0].bm25_rank == 1


@pytest.mark.parametrize(("method", "nth"), [("modify", 1), ("add", 1), ("delete", 1), ("modify", 2)])
def test_a_new_posting_killed_before_its_record_is_absent_and_its_chunks_collected(tmp_path, method, nth):
    settings = Settings(index_dir=tmp_path / "index")
    with open_index(settings, write=True) as index:
        put(index, make("p2", "beta"))
        index._chunks = KillAt(index._chunks, method, nth)
        with pytest.raises(Killed):
            put(index, make("p3", "zyxquux"), remove=("p2",))
    with open_index(settings) as reader:
        seen = assert_whole(reader)  # search never shows a posting `list` does not
        committed = (method, nth) in {("delete", 1), ("modify", 2)}  # killed after the records were written
        assert ("p3" in seen) == committed and ("p2" in seen) == (not committed)
    with open_index(settings, write=True) as index:
        assert index.check().ok, index.check().problems()
        assert index.count_chunks() == sum(p.chunks for p in index.postings())


def test_orphans_and_lost_chunks_from_older_writers_are_found_and_repaired(tmp_path):
    """The two states kill -9 left before the journal: (a) chunks without a posting record,
    (b) a record that kept its old hash while its chunks were deleted."""
    settings = Settings(index_dir=tmp_path / "index")
    with open_index(settings, write=True) as index:
        put(index, make("p1", "alpha"), make("ghost", "zyxquux"), make("lost", "gamma"))
        index._postings.delete(ids=["ghost"])  # (a)
        index._chunks.delete(where={"posting_id": "lost"})  # (b)
    with open_index(settings) as reader:
        assert all(h.posting_id == "p1" for h in search(reader, "zyxquux paragraph", k=5))  # (a) never shows
        health = reader.check()
        assert not health.ok and health.orphan_postings == ["ghost"] and health.incomplete == ["lost"]
    with open_index(settings, write=True) as index:
        before = index.repair()
        assert before.orphan_chunks > 0 and before.repaired
        after = index.check()
        assert after.ok, after.problems()
        lost = next(p for p in index.postings() if p.id == "lost")
        assert lost.incomplete and index.hashes()["lost"] == ""  # listed as incomplete; the next ingest redoes it
        path = tmp_path / "lost.txt"
        path.write_text(make("lost", "gamma").text, encoding="utf-8")
        index._embed_model = StandInEmbedding()
        report = ingest([path], index)
        assert report.updated == 1 and index.check().ok


def test_a_posting_without_chunks_is_whole(tmp_path):
    """All boilerplate, say: a record with no chunks, in step everywhere."""
    settings = Settings(index_dir=tmp_path / "index")
    with open_index(settings, write=True) as index:
        index.write([PostingWrite(Posting(id="empty", text="Enable job alerts via email!"), [], [])])
        put(index, make("p1", "alpha"))
        assert index.check().ok, index.check().problems()
        assert index.posting("empty").chunks == 0 and not search(index, "alerts", k=3, posting_id="empty")


def test_resolve_an_alias_without_reading_every_record(tmp_path, monkeypatch):
    settings = Settings(index_dir=tmp_path / "index")
    with open_index(settings, write=True) as index:
        put(index, make("p1", "alpha", aliases=("old-name",)), make("p2", "beta"))
        monkeypatch.setattr(index, "_all_records", lambda: pytest.fail("resolve() read every record"))
        assert index.resolve("old-name") == "p1" and index.resolve("p2") == "p2"
        put(index, make("p1", "alpha", aliases=("newer-name",)))
        assert index.resolve("newer-name") == "p1"
        with pytest.raises(Exception, match="no posting 'old-name'"):
            index.resolve("old-name")
        index.write(remove=["p1"])
        with pytest.raises(Exception, match="no posting 'newer-name'"):
            index.resolve("newer-name")


def test_an_index_written_by_the_previous_schema_is_upgraded_by_its_next_writer(tmp_path):
    """Schema 1: chunk ids <posting>::<n>, no versions, no journal, aliases only inside records."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from summariser.index.e5 import MODEL_NAME

    path = tmp_path / "index"
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    chunks = client.create_collection(
        "jobsum_chunks", metadata={"embedding_model": MODEL_NAME, "jobsum_schema": 1}, embedding_function=None
    )
    records = client.create_collection("jobsum_postings", embedding_function=None)
    for p in (make("good", "alpha", aliases=("good-file",)), make("ghost", "zyxquux"), make("lost", "gamma")):
        pieces, _ = chunk_posting(p)
        if p.id != "lost":
            chunks.add(
                ids=[f"{p.id}::{c.index}" for c in pieces],
                embeddings=vectors([c.text for c in pieces]),
                documents=[c.text for c in pieces],
                metadatas=[
                    {
                        "posting_id": p.id,
                        "title": p.title,
                        "section": c.section_path,
                        "start": c.start,
                        "end": c.end,
                        "chunk": c.index,
                    }
                    for c in pieces
                ],
            )
        if p.id != "ghost":
            meta = {
                "content_hash": p.content_hash,
                "title": p.title,
                "aliases": json.dumps(p.aliases),
                "chunks": len(pieces),
            }
            records.add(ids=[p.id], embeddings=[[1.0]], documents=[p.text], metadatas=[meta])
    client.close()
    settings = Settings(index_dir=path)
    with pytest.raises(IndexNeedsRepair, match="jobsum doctor --repair"), open_index(settings):
        pass
    with open_index(settings, write=True) as index:  # upgrades on open
        health = index.check()
        assert health.ok and health.schema == 2, health.problems()
        assert index.resolve("good-file") == "good" and index.hashes()["lost"] == ""
        assert len(index.posting_chunks("good")) == index.posting("good").chunks
        hits = search(index, "alpha paragraph", k=3)
        assert hits and all(h.posting_id == "good" for h in hits) and hits[0].bm25_rank
        put(index, make("good", "delta"))  # new versions take new chunk ids; the old ones go
        texts = " ".join(c.text for c in index.posting_chunks("good"))
        assert index.check().ok and "delta" in texts and "alpha" not in texts
