"""Cassettes are committed: none may hold anything that looks like a credential."""

import re
from pathlib import Path

CASSETTES = Path(__file__).parent / "cassettes"
SECRET = re.compile(
    r"(sk-[A-Za-z0-9_-]{20,}|sk-ant-[A-Za-z0-9_-]{20,}|Bearer\s+[A-Za-z0-9._-]{16,}|AIza[0-9A-Za-z_-]{30,}"
    r"|(?i:(?:api[-_]?key|authorization|x-api-key))[\"']?\s*[:=]\s*[\"']?(?!not-needed)[A-Za-z0-9._-]{16,})"
)


def test_cassettes_exist():
    assert list(CASSETTES.rglob("*.yaml")), "no cassettes recorded"


def test_no_credentials_in_cassettes():
    leaks = [
        (p.name, m.group(0)[:12])
        for p in CASSETTES.rglob("*.yaml")
        for m in SECRET.finditer(p.read_text(encoding="utf-8"))
    ]
    assert not leaks, f"credential-looking values in cassettes: {leaks}"


def test_the_leak_detector_detects():
    assert SECRET.search("authorization: Bearer abcdefghijklmnopqrstuvwxyz")
    assert SECRET.search('"api_key": "sk-proj-abcdefghijklmnopqrstuvwx"')
    assert not SECRET.search("api_key: not-needed")


def test_a_changed_prompt_does_not_replay(vcr_config):
    """Requests match on body: editing a prompt without re-recording fails loudly."""
    import pytest
    import vcr
    from vcr.errors import CannotOverwriteExistingCassetteException

    from summariser.errors import LLMError
    from summariser.llm import client as llm

    cassette = CASSETTES / "test_model_server" / "test_streaming_over_http.yaml"
    recorder = vcr.VCR(record_mode="none", **vcr_config)
    with recorder.use_cassette(str(cassette)), pytest.raises((LLMError, CannotOverwriteExistingCassetteException)):
        list(
            llm.stream(
                [{"role": "user", "content": "Say goodbye."}],
                "openai/smollm2",
                max_tokens=8,
                api_base="http://127.0.0.1:18088/v1",
            )
        )
