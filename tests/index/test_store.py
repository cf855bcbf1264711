import subprocess
import sys
import textwrap

import pytest

from summariser import ingest, open_index, search
from summariser.errors import IndexLocked, IndexNotFound, PostingNotFound
from summariser.index.store import open_shared
from tests.conftest import POSTINGS, SIMULA


def test_shared_handle_is_the_writer_when_the_lock_is_free(settings, embed_model):
    with pytest.raises(IndexNotFound):
        open_shared(settings, embed_model=embed_model)
    assert not settings.index_dir.exists()  # no index is created for it
    with open_index(settings, write=True, embed_model=embed_model):  # an empty index
        pass
    shared = open_shared(settings, embed_model=embed_model)
    try:
        assert shared.writable
        with pytest.raises(IndexLocked), open_index(settings, write=True, embed_model=embed_model):
            pass  # it holds the write lock: the one writer
        ingest([POSTINGS / f"{SIMULA}.txt"], shared)
    finally:
        shared.close()
    with open_index(settings, write=True, embed_model=embed_model) as writer:  # released on close
        assert [p.id for p in writer.postings()] == [SIMULA]


def test_shared_handle_reads_while_another_writer_holds_the_lock(settings, embed_model):
    with open_index(settings, write=True, embed_model=embed_model) as writer:  # e.g. `jobsum ingest`
        ingest([POSTINGS / f"{SIMULA}.txt"], writer)
        shared = open_shared(settings, embed_model=embed_model)
        try:
            assert not shared.writable
            assert [p.id for p in shared.postings()] == [SIMULA]  # reading works
        finally:
            shared.close()
        assert writer.writable
    shared = open_shared(settings, embed_model=embed_model)  # the lock is free again: a writer
    try:
        assert shared.writable
    finally:
        shared.close()


def test_posting_lookup(seed_index):
    from tests.conftest import UIT

    stored = seed_index.posting(UIT)
    assert stored.title.startswith("PhD Fellow") and stored.chunks > 10
    assert "550 800 NOK/year" in stored.text
    with pytest.raises(PostingNotFound, match="jobsum list"):
        seed_index.posting("nope")


def test_chunk_metadata_points_into_stored_text(seed_index):
    for posting in seed_index.postings():
        text = seed_index.posting(posting.id).text
        for node in seed_index.nodes(posting.id):
            assert text[node.metadata["start"] : node.metadata["end"]] == node.text


WRITER = textwrap.dedent(
    """
    import sys
    from summariser import Settings, ingest, open_index, search
    settings = Settings(index_dir=sys.argv[1], chroma_url=sys.argv[2] or None)
    with open_index(settings, write=True) as index:
        if sys.argv[3] == "remove":
            index.remove(sys.argv[4])
        else:
            ingest([sys.argv[4]], index)
    """
)
GLACIOLOGY = "Postdoc in glaciology\n\nA zyxquux fellowship in glaciology at the polar institute, on ice sheet models."


def write_in_another_process(settings, action: str, arg: str) -> None:
    """Another process (a CLI ingest, another machine) writes to the same index."""
    command = [sys.executable, "-c", WRITER, str(settings.index_dir), settings.chroma_url or "", action, arg]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


def assert_follows_other_writers(settings, embed_model, tmp_path, writer_settings=None) -> None:
    """A reader that stays open sees another process's add and remove, on both search sides."""
    writer_settings = writer_settings or settings
    posting = tmp_path / "glaciology.txt"
    posting.write_text(GLACIOLOGY, encoding="utf-8")
    with open_index(settings, embed_model=embed_model) as reader:
        assert all(h.posting_id != "glaciology" for h in search(reader, "zyxquux glaciology fellowship", k=3))
        write_in_another_process(writer_settings, "ingest", str(posting))
        hits = search(reader, "zyxquux glaciology fellowship", k=3)
        assert hits[0].posting_id == "glaciology"
        assert hits[0].bm25_rank == 1 and hits[0].vector_rank == 1  # lexical and HNSW both reloaded
        scoped = search(reader, "ice sheet models", k=1, posting_id="glaciology")
        assert scoped and scoped[0].posting_id == "glaciology"
        assert reader.lexical.generation == reader.generation
        write_in_another_process(writer_settings, "remove", "glaciology")
        assert all(h.posting_id != "glaciology" for h in search(reader, "zyxquux glaciology fellowship", k=3))
        assert "glaciology" not in {p.id for p in reader.postings()}


def test_a_reader_follows_writes_made_by_another_process(settings, embed_model, tmp_path):
    with open_index(settings, write=True, embed_model=embed_model) as index:
        ingest([POSTINGS / f"{SIMULA}.txt"], index)
    assert_follows_other_writers(settings, embed_model, tmp_path)
