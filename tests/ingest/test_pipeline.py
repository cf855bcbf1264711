import json
import shutil

from summariser import ingest, open_index
from summariser.ingest import pipeline
from tests.conftest import FIXTURES, POSTINGS, SIMULA, UIT, StandInEmbedding


def test_ingest_counts_and_reingest_is_a_no_op(settings, embed_model, tmp_path):
    with open_index(settings, write=True, embed_model=embed_model) as index:
        first = ingest([POSTINGS / f"{SIMULA}.txt", FIXTURES / "posting.html"], index)
        chunks = index.count_chunks()
    assert (first.added, first.updated, first.unchanged, first.failed) == (2, 0, 0, 0)
    assert first.chunks == chunks > 0
    with open_index(settings, write=True, embed_model=embed_model) as index:
        again = ingest([POSTINGS / f"{SIMULA}.txt", FIXTURES / "posting.html"], index)
        assert index.count_chunks() == chunks
    assert (again.added, again.updated, again.unchanged, again.chunks) == (0, 0, 2, 0)


def test_changed_posting_replaces_all_its_chunks(settings, embed_model, tmp_path):
    path = tmp_path / "job.txt"
    path.write_text("Research assistant\n\n" + "The salary is EUR 40,000 per year. " * 60, encoding="utf-8")
    with open_index(settings, write=True, embed_model=embed_model) as index:
        ingest([path], index)
        before = index.count_chunks()
        assert before > 1
    path.write_text("Research assistant\n\nThe salary is EUR 45,000 per year.", encoding="utf-8")
    with open_index(settings, write=True, embed_model=embed_model) as index:
        report = ingest([path], index)
        assert (report.added, report.updated) == (0, 1)
        nodes = index.nodes("job")
        assert index.posting("job").text.endswith("EUR 45,000 per year.")
    assert len(nodes) == 1 and "45,000" in nodes[0].text


def test_failures_are_reported_and_the_batch_goes_on(settings, embed_model, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("Lab technician\n\nWe need a lab technician for two years.", encoding="utf-8")
    (tmp_path / "dup.jsonl").write_text(
        json.dumps({"id": "ok", "text": "Another posting with the same id"}) + "\n", encoding="utf-8"
    )
    with open_index(settings, write=True, embed_model=embed_model) as index:
        report = ingest([tmp_path], index)
        assert [p.id for p in index.postings()] == ["ok"]
    assert (report.added, report.failed) == (1, 2)
    messages = " | ".join(e["error"] for e in report.errors)
    assert "empty file" in messages and "duplicate posting id 'ok'" in messages


def test_boilerplate_counts_in_report(settings, embed_model):
    with open_index(settings, write=True, embed_model=embed_model) as index:
        report = ingest([POSTINGS / f"{UIT}.txt"], index)
        assert not any("Enable job alerts" in n.text for n in index.nodes(UIT))
    assert report.as_dict()["boilerplate_removed"] == {"job-alerts": 1, "early-applicant": 1, "resume-review": 1}


def test_remove(settings, embed_model, tmp_path):
    shutil.copy(POSTINGS / f"{SIMULA}.txt", tmp_path / "a.txt")
    with open_index(settings, write=True, embed_model=embed_model) as index:
        ingest([tmp_path / "a.txt"], index)
        assert index.remove("a") == "a"
        assert index.postings() == [] and index.count_chunks() == 0


def test_postings_are_written_in_batches_and_acknowledged_once_committed(settings, tmp_path, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    ids = [f"job-{i:03d}" for i in range(230)]
    feed.write_text(
        "".join(json.dumps({"id": i, "text": f"Engineer {i}\n\nWe hire an engineer, number {i}."}) + "\n" for i in ids),
        encoding="utf-8",
    )
    with open_index(settings, write=True, embed_model=StandInEmbedding()) as index:
        sizes, write = [], index.write
        monkeypatch.setattr(
            index, "write", lambda postings=(), remove=(): sizes.append(len(postings)) or write(postings)
        )
        acknowledged, progress = [], []
        report = ingest([feed], index, progress=lambda done, total: progress.append(done), on_write=acknowledged.extend)
        assert index.check().ok and len(index.postings()) == 230
    assert report.added == 230 and sorted(e["id"] for e in acknowledged) == ids
    assert sizes == [pipeline.WRITE_BATCH, pipeline.WRITE_BATCH, 30]  # three writes, not 230
    assert progress[-1] == 230


def test_chunks_repeated_across_postings_survive_the_embedding_cache_being_cleared(settings, monkeypatch, tmp_path):
    """A chunk text found in the cache is not embedded again; clearing the full cache must not lose it
    (it did: KeyError after ~20,000 distinct chunk texts in one ingest)."""
    monkeypatch.setattr(pipeline, "CACHE_LIMIT", 3)
    monkeypatch.setattr(pipeline, "EMBED_BATCH", 1)
    shared = "The University aspires to be one of Europe's most highly regarded universities. " * 3
    feed = tmp_path / "feed.jsonl"
    rows = [
        {
            "id": f"p{i}",
            "title": f"Job {i}",
            "text": " ".join(f"Position {i} duty {j}: research task {j} on topic {i}." for j in range(40))
            + "\n\nAbout the employer\n\n"
            + shared * 2,
        }
        for i in range(8)
    ]
    feed.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    with open_index(settings, write=True, embed_model=StandInEmbedding()) as index:
        report = pipeline.ingest([feed], index)
        assert (report.added, report.failed) == (8, 0)
