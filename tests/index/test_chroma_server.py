import shutil
import sys
from pathlib import Path

import pytest

from summariser import Settings, ingest, open_index, search
from tests.conftest import POSTINGS, UIT
from tests.servers import free_port, serve

pytestmark = pytest.mark.server


def test_ingest_and_search_through_a_chroma_server(tmp_path, embed_model):
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    command = [str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)]
    with serve(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", tmp_path / "chroma.log"):
        settings = Settings(index_dir=tmp_path / "unused", chroma_url=f"http://127.0.0.1:{port}")
        with open_index(settings, write=True, embed_model=embed_model) as index:
            report = ingest([POSTINGS / f"{UIT}.txt"], index)
            assert report.added == 1
        with open_index(settings, embed_model=embed_model) as index:
            hits = search(index, "Can I apply before finishing my master's degree?", k=3, posting_id=UIT)
            assert any("you may still apply" in h.text for h in hits)
        with open_index(settings, write=True, embed_model=embed_model) as index:  # second client, same data
            assert ingest([POSTINGS / f"{UIT}.txt"], index).unchanged == 1
    assert not (tmp_path / "unused").exists()  # nothing written locally in server mode


def test_unreachable_server_is_a_clear_error(tmp_path):
    from summariser.errors import ConfigError

    settings = Settings(index_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ConfigError, match="cannot reach the Chroma server"), open_index(settings):
        pass
