"""Uploaded posting files: size limit, ingestion, and errors that name the uploaded file."""

from __future__ import annotations

from summariser import Settings, open_index
from summariser.ingest.uploads import MAX_UPLOAD_MB, UPLOAD_TYPES, ingest_uploads, too_big
from tests.conftest import POSTINGS


def test_upload_limit_message():
    assert too_big("a.txt", MAX_UPLOAD_MB * 1024 * 1024) is None
    message = too_big("feed.jsonl", 30 * 1024 * 1024, max_mb=20)
    assert "feed.jsonl is 30.0 MB, over the 20 MB upload limit" in message
    assert {"txt", "md", "html", "pdf", "jsonl"} <= set(UPLOAD_TYPES)


def test_uploads_are_ingested_and_bad_files_named(tmp_path, embed_model):
    settings = Settings(index_dir=tmp_path / "index")
    posting = (POSTINGS / "001_28da44df9ef123e4.txt").read_bytes()
    files = [
        ("../../etc/simula.txt", posting),
        ("broken.pdf", b"%PDF-1.4 not really"),
        ("empty.md", b""),
        ("notes.docx", b"PK\x03\x04"),
        ("huge.txt", b"x" * 4096),
    ]
    with open_index(settings, write=True, embed_model=embed_model) as index:
        seen = []
        report = ingest_uploads(files, index, max_mb=0.003, progress=lambda done, total: seen.append((done, total)))
        assert [p.id for p in index.postings()] == ["simula"]
    assert report.added == 1 and report.failed == 4
    sources = [e["source"] for e in report.errors]
    assert sources == ["huge.txt", "broken.pdf", "empty.md", "notes.docx"]
    assert "upload limit" in report.errors[0]["error"] and "empty file" in report.errors[2]["error"]
    assert "unsupported file type" in report.errors[3]["error"]
    assert seen[-1] == (4, 4)
