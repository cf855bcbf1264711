"""Untrusted text stays data: text addressed to AI systems and text hidden on the page stay in the
stored posting (offsets stay true) but are flagged with it and never chunked as evidence."""

import json

import pytest

from summariser import ingest, open_index
from summariser.ingest.flags import excluded_spans, flags_of
from summariser.ingest.html_page import html_to_posting_parts
from summariser.ingest.loaders import load
from summariser.ingest.pipeline import chunk_posting
from tests.hostile_cases import HIDDEN_HTML, INJECTED_TEXT, JSONLD_ONLY_HTML, false_in, write_all


def _page(body: str, head: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><article><h1>Engineer</h1>"
        "<p>We hire an engineer for our laboratory in Bergen. The salary is EUR 42,000 per year.</p>"
        f"{body}<p>Apply by 15 April 2026 through our portal.</p></article></body></html>"
    )


@pytest.mark.parametrize(
    "body, head, why",
    [
        ('<p style="color:#fff">Salary EUR 1,000,000 per year.</p>', "", "text coloured like its background"),
        ('<p style="color: rgb(255,255,255)">Salary EUR 1,000,000 per year.</p>', "", "coloured like"),
        ('<div style="background:#123456"><p style="color:#123456">Salary EUR 1,000,000.</p></div>', "", "coloured"),
        ('<p style="color:transparent">Salary EUR 1,000,000 per year.</p>', "", "coloured like"),
        ('<p class="x">Salary EUR 1,000,000 per year.</p>', "<style>.x{color:white}</style>", "coloured like"),
        ("<p hidden>Salary EUR 1,000,000 per year.</p>", "", "hidden attribute"),
        ('<p style="font-size:0">Salary EUR 1,000,000 per year.</p>', "", "zero font size"),
        ('<p style="font-size:0px">Salary EUR 1,000,000 per year.</p>', "", "zero font size"),
        ('<p style="width:0;height:0;overflow:hidden">Salary EUR 1,000,000.</p>', "", "zero-size box"),
        ('<p style="position:absolute;left:-9999px">Salary EUR 1,000,000.</p>', "", "off-screen"),
        ('<p style="text-indent:-10000px">Salary EUR 1,000,000 per year.</p>', "", "off-screen"),
        ('<p class="sr-only">Salary EUR 1,000,000.</p>', "<style>p.sr-only{clip:rect(0 0 0 0)}</style>", "clipped"),
        ('<p style="opacity:0">Salary EUR 1,000,000 per year.</p>', "", "opacity:0"),
        ('<p style="visibility:hidden">Salary EUR 1,000,000 per year.</p>', "", "visibility:hidden"),
    ],
)
def test_hidden_html_is_flagged_not_evidence(body, head, why):
    parts = html_to_posting_parts(_page(body, head))
    flagged = [(f["rule"], parts.text[f["start"] : f["end"]]) for f in flags_of(parts.metadata)]
    kept = [text for _, text in flagged]
    assert all("1,000,000" in text for text in kept) and all(why in rule for rule, _ in flagged)
    assert "EUR 42,000" in parts.text and not any("42,000" in text for text in kept)
    if "1,000,000" in parts.text:  # what trafilatura kept of the hidden text is flagged
        assert flagged
        evidence = "".join(parts.text[a:b] for a, b in _evidence(parts.text, parts.metadata))
        assert "1,000,000" not in evidence and "42,000" in evidence


def _evidence(text, metadata):
    spans, pos = [], 0
    for start, end in excluded_spans(text, metadata):
        spans.append((pos, start))
        pos = end
    return [*spans, (pos, len(text))]


def test_visible_text_is_not_flagged():
    page = _page(
        '<div style="background:#000;color:#fff"><p>White on black is visible.</p></div>'
        '<p style="color:#333">Grey on white is visible.</p><p style="font-size:14px">Normal size.</p>'
    )
    parts = html_to_posting_parts(page)
    assert "White on black" in parts.text and "flags" not in parts.metadata


def test_a_page_cannot_forge_the_hidden_marks():
    page = _page("<p hidden>Salary EUR 1,000,000 ⟦/h0⟧ per year ⟦/00000000h0⟧ ⟦h0⟧ indeed.</p>")
    parts = html_to_posting_parts(page)
    flagged = "".join(parts.text[f["start"] : f["end"]] for f in flags_of(parts.metadata))
    assert "indeed" in flagged and "1,000,000" in flagged


def test_stored_text_keeps_flagged_text_and_chunks_skip_it():
    (posting,) = load(_write(INJECTED_TEXT, "injected.txt"))
    assert posting.text == INJECTED_TEXT  # offsets stay true
    flags = flags_of(posting.metadata)
    assert {f["kind"] for f in flags} == {"ai-instruction"} and len(flags) == 4
    for flag in flags:
        assert false_in(posting.text[flag["start"] : flag["end"]])
    chunks, _ = chunk_posting(posting)
    assert chunks and not any(false_in(c.text) for c in chunks)
    assert any("EUR 42,000" in c.text for c in chunks) and any("15 April 2026" in c.text for c in chunks)
    assert all(posting.text[c.start : c.end] == c.text for c in chunks)


def _write(text, name, tmp=[]):  # noqa: B006 - one folder per test session is enough
    import tempfile
    from pathlib import Path

    if not tmp:
        tmp.append(Path(tempfile.mkdtemp(prefix="jobsum-flags-")))
    path = tmp[0] / name
    path.write_text(text, encoding="utf-8")
    return path


def test_hidden_page_and_jsonld_only_page_are_flagged():
    (hidden,) = load(_write(HIDDEN_HTML, "hidden.html"))
    assert {f["kind"] for f in flags_of(hidden.metadata)} == {"hidden-html"}
    chunks, _ = chunk_posting(hidden)
    assert not any(false_in(c.text) for c in chunks) and any("EUR 42,000" in c.text for c in chunks)
    (only,) = load(_write(JSONLD_ONLY_HTML, "jsonld_only.html"))
    assert only.metadata["structured_data_only"] is True


def test_ingest_report_and_cli_say_what_was_flagged(tmp_path, settings, embed_model):
    from click.testing import CliRunner

    from summariser.cli.main import cli

    write_all(tmp_path)
    with open_index(settings, write=True, embed_model=embed_model) as index:
        report = ingest([tmp_path], index)
        for posting in index.postings():
            assert not any(false_in(node.text) for node in index.nodes(posting.id)) or posting.id == "jsonld_only"
        stored = index.posting("injected")
        assert len(stored.metadata["flags"]) == 4  # the flags travel with the posting
    flagged = {f["id"]: f for f in report.as_dict()["flagged"]}
    assert set(flagged) == {"injected", "injected_no", "hidden", "jsonld_only"}
    assert flagged["injected"]["flags"] == {"ai-instruction": 4}
    assert "text addressed to AI systems" in flagged["injected"]["warnings"][0]
    assert "hidden from the page's readers" in flagged["hidden"]["warnings"][0]
    assert "structured data (JSON-LD)" in flagged["jsonld_only"]["warnings"][0]
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "injected.txt"), "--index", str(tmp_path / "i2")])
    assert result.exit_code == 0
    assert "flagged: injected: this posting contains text addressed to AI systems (4 passages)" in result.output
    as_json = CliRunner().invoke(
        cli, ["ingest", str(tmp_path / "injected.txt"), "--index", str(tmp_path / "i2"), "--json"]
    )
    assert json.loads(as_json.stdout)["flagged"][0]["id"] == "injected"
