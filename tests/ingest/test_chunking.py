import json

import pytest

from summariser.ingest.chunking import approx_tokens, chunk_text
from summariser.ingest.loaders import load
from summariser.ingest.pipeline import chunk_posting
from summariser.text import boilerplate
from tests.conftest import FIXTURES, POSTINGS, UIT


def _corpus_texts():
    lines = (FIXTURES / "corpus_sample.jsonl").read_text(encoding="utf-8").split("\n")
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _seed(stem):
    return next(load(POSTINGS / f"{stem}.txt"))


@pytest.mark.parametrize("text", [_seed(UIT).text, *_corpus_texts()])
def test_offsets_round_trip_and_skip_boilerplate(text):
    removed = boilerplate.removed_spans(boilerplate.find_boilerplate(text))
    chunks = chunk_text(text, removed)
    assert chunks
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert not any(a < chunk.end and chunk.start < b for a, b in removed)
    starts = [c.start for c in chunks]
    assert starts == sorted(starts) and [c.index for c in chunks] == list(range(len(chunks)))


def test_chunks_fit_the_e5_window(embed_model):
    for text in [_seed(UIT).text, *_corpus_texts()]:
        for chunk in chunk_text(text, boilerplate.removed_spans(boilerplate.find_boilerplate(text))):
            assert embed_model.count_tokens(chunk.text) <= 510


def test_uit_sections_are_known():
    chunks, _ = chunk_posting(_seed(UIT))
    by_text = {c.text: c for c in chunks}
    master = next(
        c
        for t, c in by_text.items()
        if "If you are near completion of your master’s degree, you may still apply and submit a draft" in t
    )
    assert master.section[0] == "We offer"
    admission = next(c for c in chunks if "180 ECTS and a master's degree of 120 ECTS" in c.text)
    assert admission.section == ("Admission to the PhD programme", "Admission normally requires:")
    assert admission.text.startswith("Admission normally requires:")  # a section's first chunk keeps its heading
    assert any(c.section == ("The project",) for c in chunks)
    assert not any("Enable job alerts" in c.text or "resume review" in c.text for c in chunks)


def test_page_header_lines_are_content_not_headings():
    chunks, _ = chunk_posting(_seed(UIT))
    header = chunks[0]
    assert "Tromsø" in header.text and "On-site" in header.text and "NOK 550,000 - 634,000" in header.text
    assert header.section == ()


def test_markdown_headings_nest():
    text = (
        "# Research engineer\n\nIntro text that is long enough to be a paragraph of body text here.\n\n"
        "## Requirements\n\n- PhD in physics\n- Python\n\n## We offer\n\nA salary of EUR 50,000 per year and a pension."
    )
    chunks = chunk_text(text)
    sections = {c.section for c in chunks}
    assert ("Research engineer", "Requirements") in sections and ("Research engineer", "We offer") in sections


def test_long_unbroken_text_is_split_under_limit():
    text = ("word " * 3000).strip()
    chunks = chunk_text(text, max_tokens=200)
    assert len(chunks) > 5
    assert all(approx_tokens(c.text) <= 200 for c in chunks)
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_flat_feed_text_is_split_into_several_chunks():
    text = _corpus_texts()[0]
    assert "\n\n" not in text[:2000]
    assert len(chunk_text(text)) >= 3


def test_a_line_that_finishes_a_date_the_feed_broke_is_no_heading():
    text = "About the PhD.\n\nInterview dates: Tuesday 15\n\nand Wednesday 16\n\nDecember 2015\n\nType / Role:\n\nStudentship"
    chunks = chunk_text(text)
    dated = next(c for c in chunks if "Interview dates" in c.text)
    assert dated.text.endswith("December 2015") and "December 2015" not in dated.section
