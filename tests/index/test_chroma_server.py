import shutil
import sys
from pathlib import Path

import pytest

from summariser import Settings, ingest, open_index, search
from tests.conftest import POSTINGS, SIMULA, UIT
from tests.index.test_store import assert_follows_other_writers
from tests.servers import free_port, serve

pytestmark = pytest.mark.server


def chroma_server(tmp_path):
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    command = [str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)]
    return f"http://127.0.0.1:{port}", serve(
        command, f"http://127.0.0.1:{port}/api/v2/heartbeat", tmp_path / "chroma.log"
    )


def test_ingest_and_search_through_a_chroma_server(tmp_path, embed_model):
    url, server = chroma_server(tmp_path)
    with server:
        settings = Settings(index_dir=tmp_path / "unused", chroma_url=url)
        with open_index(settings, write=True, embed_model=embed_model) as index:
            report = ingest([POSTINGS / f"{UIT}.txt"], index)
            assert report.added == 1
        with open_index(settings, embed_model=embed_model) as index:
            hits = search(index, "Can I apply before finishing my master's degree?", k=3, posting_id=UIT)
            assert any("you may still apply" in h.text for h in hits)
        with open_index(settings, write=True, embed_model=embed_model) as index:  # second client, same data
            assert ingest([POSTINGS / f"{UIT}.txt"], index).unchanged == 1
            assert index.check().ok
            assert not index.server_bm25_available()  # `chroma run` has no sparse index: jobsum keeps its own
    local = tmp_path / "unused"  # in server mode the index directory holds this machine's lexical index
    assert not (local / "chroma.sqlite3").exists() and (local / "lexical" / "jobsum" / "manifest").exists()


def test_readers_on_other_machines_keep_their_lexical_index_in_step(tmp_path, embed_model):
    """Each machine keeps its own lexical index beside one Chroma server: a reader on machine B
    builds its copy from Chroma on first use and catches up when a writer on machine A writes."""
    url, server = chroma_server(tmp_path)
    with server:
        machine_a = Settings(index_dir=tmp_path / "machine-a", chroma_url=url)
        machine_b = Settings(index_dir=tmp_path / "machine-b", chroma_url=url)
        with open_index(machine_a, write=True, embed_model=embed_model) as index:
            ingest([POSTINGS / f"{SIMULA}.txt"], index)
        assert_follows_other_writers(machine_a, embed_model, tmp_path)  # on the writer's own machine
        with open_index(machine_b, embed_model=embed_model) as reader:
            hits = search(reader, "multimodal learning Simula", k=1)
            assert hits[0].posting_id == SIMULA and hits[0].bm25_rank == 1  # built from Chroma here
        assert_follows_other_writers(machine_b, embed_model, tmp_path, writer_settings=machine_a)


def test_unreachable_server_is_a_clear_error(tmp_path):
    from summariser.errors import ConfigError

    settings = Settings(index_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ConfigError, match="cannot reach the Chroma server"), open_index(settings):
        pass
