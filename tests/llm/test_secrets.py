"""Secrets are never printed or stored: a provider that echoes the request headers (Authorization:
Bearer sk-…) in its error reaches the user as one redacted line, in no log, card or results file."""

import json
import logging

import pytest
from click.testing import CliRunner

from summariser.errors import LLMError, redact
from summariser.llm import client as llm
from tests.conftest import POSTINGS, SIMULA
from tests.servers import echoing_provider

KEY = "sk-test-" + "S3CR3T" * 6
MSG = [{"role": "user", "content": "hi"}]


@pytest.fixture
def key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setattr(llm, "RETRY_DELAY", 0.0)
    return KEY


@pytest.mark.parametrize(
    "text",
    [
        f"Authorization: Bearer {KEY}",
        f"{{'authorization': 'Bearer {KEY}'}}",
        "x-api-key: abcdef123456, api_key='abcdef123456'",
        "Bearer abcdefghijklmnop1234",
        "sk-proj-abcdefghijklmnop1234 and sk-ant-api03-abcdefghijklmnopqrst",
        "AIzaSyA-abcdefghijklmnopqrstuvwxyz12345",
    ],
)
def test_redact_removes_keys_and_authorization_values(text, key):
    clean = redact(text)
    assert "[redacted]" in clean and "S3CR3T" not in clean and "abcdef123456" not in clean
    assert "abcdefghijklmnop" not in clean and "AIzaSy" not in clean


def test_redact_leaves_ordinary_text_alone():
    text = "max_tokens=700, prompt_tokens: 7; the secret of our success is our staff"
    assert redact(text) == text


@pytest.mark.parametrize("status", [400, 401, 429, 500])
@pytest.mark.parametrize("call", ["complete", "structured", "stream", "embed"])
def test_provider_echoing_headers_leaks_nothing(key, capfd, caplog, status, call):
    from pydantic import BaseModel

    class Out(BaseModel):
        x: str

    caplog.set_level(logging.DEBUG)
    with echoing_provider(status) as base:
        calls = {
            "complete": lambda: llm.complete(MSG, "openai/gpt-x", api_base=base, retries=1),
            "structured": lambda: llm.structured(MSG, "openai/gpt-x", Out, api_base=base, retries=1),
            "stream": lambda: list(llm.stream(MSG, "openai/gpt-x", api_base=base)),
            "embed": lambda: llm.embed("openai/emb", ["hi"], api_base=base, retries=0),
        }
        with pytest.raises(Exception) as caught:
            calls[call]()
    out, err = capfd.readouterr()
    assert "S3CR3T" not in str(caught.value) and "S3CR3T" not in repr(caught.value.args)
    assert "S3CR3T" not in out + err + caplog.text
    assert "\n" not in str(caught.value)


def test_card_and_summarise_out_store_no_key(key, tmp_path, monkeypatch):
    from summariser.cli.main import cli

    index = tmp_path / "idx"
    assert CliRunner().invoke(cli, ["ingest", str(POSTINGS / f"{SIMULA}.txt"), "--index", str(index)]).exit_code == 0
    with echoing_provider(400) as base:
        monkeypatch.setenv("JOBSUM_API_BASE", base)
        card = CliRunner().invoke(cli, ["card", SIMULA, "--model", "openai/gpt-x", "--json", "--index", str(index)])
        out = tmp_path / "cards.jsonl"
        batch = CliRunner().invoke(
            cli, ["summarise", "--all", "--model", "openai/gpt-x", "--out", str(out), "--index", str(index)]
        )
    assert card.exit_code == 0, card.output
    dropped = json.loads(card.stdout)["dropped"]
    assert any("model fill failed" in d and "[redacted]" in d for d in dropped), dropped
    assert "S3CR3T" not in card.output + batch.output + out.read_text()


def test_litellm_loggers_print_no_key(key, capfd):
    llm._litellm()
    logging.getLogger("LiteLLM").error("request failed: Authorization: Bearer %s", KEY)
    logging.getLogger("instructor.v2.retry").error(f"API call failed: Authorization: Bearer {KEY}")
    logging.getLogger("some.other.library").warning(f"Authorization: Bearer {KEY}")
    assert "S3CR3T" not in "".join(capfd.readouterr())


def test_llm_error_is_redacted_when_made():
    assert str(LLMError(f"failed: Authorization: Bearer {KEY}")) == "failed: Authorization: [redacted]"
