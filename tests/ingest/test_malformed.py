"""Every record and every file is its own failure: a malformed JobPosting, a JSON line nested
100,000 deep, a UTF-16 file, an unreadable file or folder cost one error each, never the batch."""

import json
from pathlib import Path

import pytest

from summariser.errors import PostingLoadError
from summariser.ingest.loaders import discover, load
from summariser.types import Posting
from tests.hostile_cases import Unreadable

GOOD = {"@type": "JobPosting", "title": "Lab engineer", "description": "We hire a lab engineer in Bergen."}
MALFORMED = {
    "organisation list": {**GOOD, "hiringOrganization": [{"name": "UiB"}, {"name": "NORCE"}]},
    "description number": {**GOOD, "description": 42},
    "description list": {**GOOD, "description": ["First paragraph.", "Second paragraph."]},
    "description object": {**GOOD, "description": {"text": "x"}},
    "title list": {**GOOD, "title": ["Engineer", "Ingeniør"]},
    "title number": {**GOOD, "title": 7},
    "url list": {**GOOD, "url": ["https://a.example/1", "https://a.example/2"]},
    "url object": {**GOOD, "url": {"x": 1}},
    "language object": {**GOOD, "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"}},
    "language number": {**GOOD, "inLanguage": 3},
    "identifier list": {**GOOD, "identifier": [1, 2]},
    "location garbage": {**GOOD, "jobLocation": [{"address": {"addressLocality": ["x", {"y": 1}]}}, 5]},
    "corpus id list": {"id": ["a"], "text": "x"},
    "corpus text number": {"id": "n", "text": 5},
}


def _feed(tmp_path: Path, records: list, name: str = "feed.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_record_is_one_error_or_a_sane_posting(tmp_path, case):
    path = _feed(tmp_path, [{"id": "before", "text": "Good posting one."}, MALFORMED[case], GOOD])
    items = list(load(path))
    assert len(items) == 3, items
    assert isinstance(items[0], Posting) and isinstance(items[2], Posting)
    bad = items[1]
    if isinstance(bad, PostingLoadError):
        assert bad.source == f"{path}:2" and "\n" not in bad.reason
    else:  # read as text where the value holds some
        assert all(v is None or isinstance(v, str) for v in (bad.title, bad.employer, bad.source_url, bad.language))


def test_wrong_types_are_read_as_text_where_they_hold_some(tmp_path):
    items = list(load(_feed(tmp_path, [MALFORMED["organisation list"], MALFORMED["title list"]])))
    assert items[0].employer == "UiB; NORCE"
    assert items[1].title == "Engineer; Ingeniør"
    (description,) = load(_feed(tmp_path, [MALFORMED["description list"]], "d.jsonl"))
    assert "Second paragraph." in description.text
    (number,) = load(_feed(tmp_path, [MALFORMED["description number"]], "n.jsonl"))
    assert isinstance(number, PostingLoadError) and "'description' is a number" in number.reason


def test_json_nested_100000_deep_is_one_error(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    path = _feed(tmp_path, [{"id": "a", "text": "Posting A"}, deep, {"id": "b", "text": "Posting B"}])
    items = list(load(path))
    assert [i.id for i in items if isinstance(i, Posting)] == ["a", "b"]
    (error,) = [i for i in items if isinstance(i, PostingLoadError)]
    assert "nested too deeply" in error.reason
    whole = tmp_path / "deep.json"
    whole.write_text('{"a":' * 50_000 + "1" + "}" * 50_000, encoding="utf-8")
    (item,) = load(whole)
    assert isinstance(item, PostingLoadError) and "nested too deeply" in item.reason


def test_html_with_deep_or_broken_jsonld_still_loads_its_text(tmp_path):
    page = tmp_path / "page.html"
    deep = "[" * 50_000 + "]" * 50_000
    page.write_text(
        f'<html><head><script type="application/ld+json">{deep}</script>'
        '<script type="application/ld+json">{"@type": "JobPosting", "description": 42, "title": [1]}</script>'
        "</head><body><article><h1>Engineer</h1><p>We hire an engineer for our lab in Bergen, "
        "starting in May. The salary is NOK 600,000 per year.</p></article></body></html>",
        encoding="utf-8",
    )
    (item,) = load(page)
    assert isinstance(item, Posting) and "NOK 600,000" in item.text


def test_utf16_is_named_as_utf16(tmp_path):
    for name, data in (
        ("bom.txt", "Stilling: ingeniør".encode("utf-16")),
        ("nobom.txt", "Stilling: ingenior i Bergen".encode("utf-16-le")),
    ):
        (tmp_path / name).write_bytes(data)
        (item,) = load(tmp_path / name)
        assert isinstance(item, PostingLoadError) and "not UTF-8 (looks like UTF-16)" in item.reason, item


def test_only_zero_width_characters_is_not_a_posting(tmp_path):
    path = tmp_path / "zw.txt"
    path.write_text("\u200b\u200c\u200d\ufeff\u2060\n\u200b", encoding="utf-8")
    (item,) = load(path)
    assert isinstance(item, PostingLoadError) and "no visible text" in item.reason


@pytest.fixture
def unreadable(monkeypatch):
    """Make paths unreadable the way a non-root user sees a chmod 000 file or folder (tests run as
    root in CI, where chmod would not stop a read)."""
    paths = Unreadable()
    paths.install(monkeypatch.setattr)
    return paths.add


def test_unreadable_file_and_folder_are_reported(tmp_path, unreadable):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Posting in a closed folder", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Lab technician wanted.", encoding="utf-8")
    (tmp_path / "locked.txt").write_text("Locked posting.", encoding="utf-8")
    unreadable(tmp_path / "sub")
    unreadable(tmp_path / "locked.txt")
    found = list(discover([tmp_path]))
    errors = [f for f in found if isinstance(f, PostingLoadError)]
    assert [e.source for e in errors] == [str(tmp_path / "sub")] and "Permission denied" in errors[0].reason
    (item,) = load(tmp_path / "locked.txt")
    assert isinstance(item, PostingLoadError) and "cannot read: Permission denied" in item.reason


def test_cli_ingest_with_an_unreadable_file_among_good_ones(tmp_path, unreadable):
    from click.testing import CliRunner

    from summariser.cli.main import cli

    good = tmp_path / "good.txt"
    good.write_text("Lab technician\n\nWe need a lab technician for two years in Tromsø.", encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text("Locked posting.", encoding="utf-8")
    unreadable(locked)
    result = CliRunner().invoke(cli, ["ingest", str(good), str(locked), "--index", str(tmp_path / "idx"), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["added"] == 1 and report["errors"] == [
        {"source": str(locked), "error": "cannot read: Permission denied"}
    ]
    assert "Traceback" not in result.output
