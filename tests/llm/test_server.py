import json
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from summariser import open_index
from summariser.llm import client as llm
from summariser.llm.server import make_server
from summariser.qa.answer import answer_question
from tests.conftest import UIT
from tests.servers import serve

# Cassettes were recorded against `jobsum serve-model` on this port (`make record` re-records).
PORT = 18088
API_BASE = f"http://127.0.0.1:{PORT}/v1"


@pytest.fixture
def model_server(record_mode, tmp_path):
    """The real local-model server while recording; replaying needs none (vcrpy answers)."""
    if record_mode == "none":
        yield None
        return
    command = [str(Path(sys.executable).with_name("jobsum")), "serve-model", "--port", str(PORT)]
    with serve(command, f"http://127.0.0.1:{PORT}/health", tmp_path / "server.log", timeout=120) as proc:
        yield proc


@pytest.mark.vcr
def test_answer_over_http_through_litellm(model_server, seed_settings, embed_model):
    settings = seed_settings.with_overrides(model="openai/smollm2", api_base=API_BASE)
    with open_index(settings, embed_model=embed_model) as index:
        answer = answer_question(index, "Can I apply before finishing my master's degree?", posting_id=UIT)
    assert answer.model == "openai/smollm2" and answer.usage["prompt_tokens"] > 100
    assert answer.text.startswith("Yes") and not answer.abstained
    assert any("draft version of the thesis" in c.quote for c in answer.citations)


@pytest.mark.vcr
def test_streaming_over_http(model_server):
    pieces = list(
        llm.stream([{"role": "user", "content": "Say hello."}], "openai/smollm2", max_tokens=8, api_base=API_BASE)
    )
    assert len(pieces) >= 2 and "".join(pieces).strip()


@pytest.mark.vcr
def test_json_schema_over_http(model_server):
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    out = llm.complete(
        [{"role": "user", "content": "The job is in Tromsø. Reply with the city as JSON."}],
        "openai/smollm2",
        max_tokens=20,
        json_schema=schema,
        api_base=API_BASE,
    )
    assert isinstance(json.loads(out.text)["city"], str)


def test_server_routes_without_generation():
    server = make_server("127.0.0.1", 0)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models") as response:
            assert json.load(response)["data"][0]["id"] == "smollm2"
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v2/nothing")
        assert err.value.code == 404
        bad = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions", data=b"{not json", method="POST")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(bad)
        assert err.value.code == 400
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.vcr
def test_card_fill_structured_call_over_http(model_server):
    """instructor → litellm → the OpenAI-compatible server, with the card's JSON schema."""
    from summariser.cards.batch import build_card
    from summariser.config import Settings
    from summariser.ingest.loaders import load
    from tests.conftest import POSTINGS

    posting = next(load(POSTINGS / f"{UIT}.txt"))
    card, usage = build_card(posting, Settings(api_base=API_BASE, card_fill="always"), "openai/smollm2")
    assert usage.calls == 2 and card.model == "openai/smollm2"  # the fields, then the summary
    assert card.location == "Tromsø" and card.deadline is None
    flat = " ".join(posting.text.split())
    assert all(" ".join(e.quote.split()) in flat for quotes in card.evidence.values() for e in quotes if e.from_text)


@pytest.mark.vcr
def test_written_summary_over_http(model_server):
    """The summary schema through instructor and litellm; what the model wrote stays only where
    its quote is the posting's and supports it, else the posting's own sentences stay."""
    from summariser.cards.extract import extract_card
    from summariser.cards.written import write_summary
    from summariser.config import Settings
    from summariser.ingest.loaders import load
    from tests.conftest import POSTINGS

    posting = next(load(POSTINGS / f"{UIT}.txt"))
    card = extract_card(posting.id, posting.text, posting.title)
    extractive = card.summary
    usage = write_summary(card, posting.text, posting.title, Settings(api_base=API_BASE), "openai/smollm2")
    assert usage.calls == 1 and usage.prompt_tokens > 500 and card.summary
    if card.summary_by:  # each kept sentence is the model's, and its quote the posting's, supporting it
        quotes = card.evidence["summary"]
        assert 1 <= len(quotes) <= 3 and all(posting.text[q.start : q.end] == q.quote for q in quotes)
    else:
        assert card.summary == extractive and any(d.startswith("summary: ") for d in card.dropped)
