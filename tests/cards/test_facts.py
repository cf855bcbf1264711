import shutil

from summariser.cards import facts


def test_a_refitted_model_is_a_new_extractor_version(tmp_path, monkeypatch):
    for part in ("cards", "text"):
        shutil.copytree(facts._PACKAGE / part, tmp_path / part)
    monkeypatch.setattr(facts, "_PACKAGE", tmp_path)
    facts.extractor_version.cache_clear()
    try:
        before = facts.extractor_version()
        params = tmp_path / "cards" / "employer_params.npz"
        params.write_bytes(params.read_bytes() + b"\0")
        facts.extractor_version.cache_clear()
        assert facts.extractor_version() != before  # cached cards made with the old parameters are not reused
    finally:
        facts.extractor_version.cache_clear()
