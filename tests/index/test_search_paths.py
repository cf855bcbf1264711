"""What the fast search paths must keep: the same hits as the slow ones, and every process in step."""

import sqlite3
import time

import numpy as np
import pytest

from summariser import Settings, ingest, open_index, search
from summariser.index import e5, hnsw
from summariser.index.e5 import E5Embedding
from tests.conftest import POSTINGS, SIMULA, UIT, StandInEmbedding
from tests.index.test_store import GLACIOLOGY, write_in_another_process

QUESTIONS = [
    "What is the application deadline?",
    "Can I apply before finishing my master's degree?",
    "Hvor lenge varer stillingen?",
    "salary",
]


@pytest.mark.parametrize("posting_id", [UIT, SIMULA])
def test_search_within_a_posting_ranks_like_a_filtered_hnsw_query(seed_index, posting_id):
    """Within one posting the chunk vectors are fetched and scored exactly; Chroma's filtered
    HNSW query over the same posting gives the same chunks in the same order."""
    chunks = seed_index.posting_chunks(posting_id)
    for question in QUESTIONS:
        query = seed_index.embed_query(question)
        exact = seed_index.vector_query(query, len(chunks), posting_id=posting_id)
        got = seed_index._chunks.query(
            query_embeddings=[query], n_results=len(chunks), where={"posting_id": posting_id}, include=["distances"]
        )
        assert [c.id for c, _ in exact] == got["ids"][0]
        assert np.allclose([s for _, s in exact], [1.0 - d for d in got["distances"][0]], atol=1e-5)


def test_query_embedding_is_computed_once_per_text(monkeypatch):
    calls = []

    class Model:
        def query(self, text):
            calls.append(text)
            return np.full(4, len(calls), dtype=np.float32)

    e5.forget_queries()
    monkeypatch.setattr(e5, "model", Model)
    try:
        first = e5.query_vector("How long is the position?")
        assert e5.query_vector("How long is the position?") is first
        assert calls == ["How long is the position?"]
        assert not first.flags.writeable  # shared between callers: nobody may change it
        e5.query_vector("Another question")
        assert len(calls) == 2
    finally:
        e5.forget_queries()


def test_cached_query_embedding_is_the_model_output(embed_model):
    text = "What salary does the PhD Fellow position pay?"
    e5.forget_queries()
    fresh = np.asarray(e5.model().query(text), dtype=np.float32)
    assert np.array_equal(e5.query_vector(text), fresh)
    assert np.array_equal(e5.query_vector(text), fresh)  # cached
    assert embed_model.get_query_embedding(text) == fresh.tolist()  # the embedding model's path shares it
    assert isinstance(embed_model, E5Embedding)


def _unsaved_log_records(index_dir) -> dict[str, int]:
    """Per HNSW segment, the log records a new process would insert again before its first query
    (Chroma's own tables: `max_seq_id` is what the saved graph holds)."""
    db = sqlite3.connect(f"file:{index_dir / 'chroma.sqlite3'}?mode=ro", uri=True)
    try:
        rows = db.execute(
            """SELECT c.name, COUNT(q.seq_id) FROM segments s
               JOIN collections c ON c.id = s.collection
               LEFT JOIN max_seq_id m ON m.segment_id = s.id
               LEFT JOIN embeddings_queue q ON q.topic LIKE '%' || c.id AND q.seq_id > COALESCE(m.seq_id, 0)
               WHERE s.scope = 'VECTOR' GROUP BY c.name"""
        ).fetchall()
    finally:
        db.close()
    return dict(rows)


def test_each_write_leaves_the_hnsw_graphs_saved(settings):
    with open_index(settings, write=True, embed_model=StandInEmbedding()) as index:
        ingest([POSTINGS], index)
        for collection in (index._chunks, index._postings, index._aliases):
            fresh = index._client.get_collection(collection.name)
            assert fresh.configuration_json["hnsw"]["sync_threshold"] == hnsw.SYNC_THRESHOLD
        index.remove(SIMULA)
    unsaved = _unsaved_log_records(settings.index_dir)
    assert set(unsaved) == {"jobsum_chunks", "jobsum_postings", "jobsum_aliases"}
    assert sum(unsaved.values()) == 0, unsaved


def _as_an_older_jobsum_left_it(index) -> None:
    """Chroma's default before jobsum saved after every write. Chroma's own connections may hold
    SQLite's lock for a moment after the writer opened ("database is locked"): try again then."""
    for collection in (index._chunks, index._postings, index._aliases):
        for pause in (0.05, 0.1, 0.2, 0.4, 0.8, None):
            try:
                collection.modify(configuration={"hnsw": {"sync_threshold": 1000}})
                break
            except Exception as err:
                if pause is None or "database is locked" not in str(err):
                    raise
                time.sleep(pause)


def test_an_index_from_an_older_jobsum_is_saved_by_its_next_writer(settings, tmp_path):
    with open_index(settings, write=True, embed_model=StandInEmbedding()) as index:
        _as_an_older_jobsum_left_it(index)
    with open_index(settings, write=True, embed_model=StandInEmbedding()) as index:
        ingest([POSTINGS / f"{UIT}.txt"], index)
    assert sum(_unsaved_log_records(settings.index_dir).values()) == 0
    posting = tmp_path / "glaciology.txt"
    posting.write_text(GLACIOLOGY, encoding="utf-8")
    with open_index(settings, write=True, embed_model=StandInEmbedding()) as index:
        _as_an_older_jobsum_left_it(index)
    write_in_another_process(settings, "ingest", str(posting))  # a writer of its own sets it again
    assert sum(_unsaved_log_records(settings.index_dir).values()) == 0
    with open_index(settings, write=True, embed_model=StandInEmbedding()) as index:
        _as_an_older_jobsum_left_it(index)
        ingest([POSTINGS / f"{SIMULA}.txt"], index)
    assert sum(_unsaved_log_records(settings.index_dir).values()) > 0  # the tail an older writer left
    with open_index(settings, write=True, embed_model=StandInEmbedding()):
        pass  # a writer that writes nothing (an ingest of unchanged files) saves it
    assert sum(_unsaved_log_records(settings.index_dir).values()) == 0


def test_a_write_by_one_process_is_seen_by_a_new_reader(settings, embed_model, tmp_path):
    with open_index(settings, write=True, embed_model=embed_model) as index:
        ingest([POSTINGS / f"{SIMULA}.txt"], index)
    posting = tmp_path / "glaciology.txt"
    posting.write_text(GLACIOLOGY, encoding="utf-8")
    write_in_another_process(settings, "ingest", str(posting))
    with open_index(Settings(index_dir=settings.index_dir), embed_model=embed_model) as reader:
        hits = search(reader, "zyxquux glaciology fellowship", k=3)
        assert hits[0].posting_id == "glaciology"
        assert hits[0].bm25_rank == 1 and hits[0].vector_rank == 1
        assert search(reader, "ice sheet models", k=1, posting_id="glaciology")[0].posting_id == "glaciology"
    write_in_another_process(settings, "remove", "glaciology")
    with open_index(Settings(index_dir=settings.index_dir), embed_model=embed_model) as reader:
        assert all(h.posting_id != "glaciology" for h in search(reader, "zyxquux glaciology fellowship", k=3))
