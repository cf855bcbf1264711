import json

import pytest

from summariser.cards.batch import build_card, summarise
from summariser.cards.fill import proposal_model
from summariser.cards.schema import JobCard
from summariser.cards.written import WrittenSummary
from summariser.config import Settings
from summariser.errors import LLMError
from summariser.ingest.loaders import load
from summariser.llm import client as llm
from tests.conftest import FIXTURES, POSTINGS, SIMULA, UIT


def _postings():
    return [next(load(POSTINGS / f"{s}.txt")) for s in (UIT, SIMULA)]


def test_parsers_only_batch_resumes(tmp_path):
    out = tmp_path / "cards.jsonl"
    first = summarise(_postings(), Settings(), "none", out=out)
    assert (first.written, first.skipped, first.failed) == (2, 0, 0)
    again = summarise(_postings(), Settings(), "none", out=out)
    assert (again.written, again.skipped) == (0, 2)
    cards = [JobCard.model_validate_json(line) for line in out.read_text().splitlines()]
    assert {c.posting_id for c in cards} == {UIT, SIMULA} and all(c.content_hash for c in cards)
    with out.open("a") as f:
        f.write('{"posting_id": "broken')  # an interrupted write is redone, not fatal
    assert summarise(_postings(), Settings(), "none", out=out).skipped == 2


def _many():
    from summariser.types import Posting

    rows = [json.loads(line) for line in (FIXTURES / "corpus_sample.jsonl").read_text().splitlines()]
    return _postings() + [Posting(id=r["id"], text=r["text"], title=r.get("title")) for r in rows]


def test_cards_built_in_worker_processes_are_the_cards_built_here(tmp_path, monkeypatch):
    from summariser.cards import batch

    postings = _many()
    here = summarise(postings, Settings(), "none", out=tmp_path / "one.jsonl", processes=1)
    monkeypatch.setattr(batch, "MIN_CARDS_PER_PROCESS", 1)
    spread = summarise(postings, Settings(), "none", out=tmp_path / "two.jsonl", processes=2)
    assert spread.processes == 2 and here.processes == 1
    assert here.written == spread.written == len(postings)

    def cards(name):
        return {c["posting_id"]: c for c in map(json.loads, (tmp_path / name).read_text().splitlines())}

    assert cards("one.jsonl") == cards("two.jsonl")
    assert summarise(postings, Settings(), "none", out=tmp_path / "two.jsonl", processes=2).skipped == len(postings)


class Unreadable:
    """A posting whose text cannot be read (a picklable stand-in: worker processes get a copy)."""

    id, title, employer, source_url, metadata = "unreadable", None, None, None, {}

    @property
    def text(self):
        from summariser.errors import PostingLoadError

        raise PostingLoadError("unreadable", "no text left after cleaning")


def test_a_failure_in_a_worker_process_is_reported_and_the_batch_goes_on(monkeypatch):
    from summariser.cards import batch

    monkeypatch.setattr(batch, "MIN_CARDS_PER_PROCESS", 1)
    postings = _many()
    postings.insert(5, Unreadable())
    report = summarise(postings, Settings(), "none", processes=2)
    assert report.processes == 2 and (report.written, report.failed) == (len(postings) - 1, 1)
    assert report.errors[0]["posting_id"] == "unreadable" and "no text left" in report.errors[0]["error"]


def test_a_broken_pool_finishes_the_batch_in_this_process(monkeypatch, tmp_path):
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from summariser.cards import batch

    class Breaking(ThreadPoolExecutor):  # its workers die after two cards, as a killed process would
        def __init__(self, **kwargs):
            super().__init__(max_workers=2)
            self.taken = 0

        def submit(self, fn, *args):
            self.taken += 1
            if self.taken > 2:
                return super().submit(lambda: (_ for _ in ()).throw(BrokenProcessPool("worker died")))
            return super().submit(fn, *args)

    monkeypatch.setattr(batch, "MIN_CARDS_PER_PROCESS", 1)
    monkeypatch.setattr(batch, "ProcessPoolExecutor", Breaking)
    postings = _many()
    report = summarise(postings, Settings(), "none", out=tmp_path / "cards.jsonl", processes=2)
    assert (report.written, report.failed, report.processes) == (len(postings), 0, 1)
    ids = [json.loads(line)["posting_id"] for line in (tmp_path / "cards.jsonl").read_text().splitlines()]
    assert sorted(ids) == sorted(p.id for p in postings)  # each card once


def test_model_proposals_need_verbatim_support(monkeypatch):
    posting = _postings()[1]  # Simula: no contract, no hours, no contact stated

    def fake(messages, model, response_model, **kw):
        if response_model is WrittenSummary:
            return WrittenSummary(sentences=[]), llm.Usage(500, 10, 0.0, 1)
        assert "Give value and quote" in json.dumps(response_model.model_json_schema())
        return response_model.model_validate(
            {
                "contract": {
                    "value": "permanent",
                    "quote": "Permanent position with a salary of NOK 700,000",
                },  # not in the posting
                "employer": {
                    "value": "Simula Metropolitan Center for Digital Engineering",
                    "quote": "Data Science and Knowledge Discovery Department (DataSci) at Simula Metropolitan Center "
                    "for Digital Engineering (Oslo, Norway)",
                },
                "working_hours": {
                    "value": "37.5 hours per week",
                    "quote": "Simula: solving problems, making a difference.",
                },  # quote does not say it
            }
        ), llm.Usage(900, 60, 0.0, 1)

    monkeypatch.setattr(llm, "structured", fake)
    card, usage = build_card(posting, Settings(), "openai/whatever")
    assert card.employer == "Simula Metropolitan Center for Digital Engineering" and card.evidence["employer"]
    assert card.contract is None and card.working_hours is None
    assert {"contract: permanent", "working_hours: 37.5 hours per week"} <= set(card.dropped)
    assert usage.prompt_tokens == 900 + 500 and card.model == "openai/whatever"
    assert card.summary and card.summary_by is None  # nothing written: the extractive summary stays


def test_a_failing_model_leaves_the_parsed_card(monkeypatch):
    def boom(*a, **k):
        raise LLMError("model 'x' failed: HTTP 500")

    monkeypatch.setattr(llm, "structured", boom)
    card, _ = build_card(_postings()[0], Settings(), "openai/x")
    assert card.location == "Tromsø" and any("model fill failed" in d for d in card.dropped)


def test_proposal_schema_uses_card_descriptions():
    schema = proposal_model(["duration"]).model_json_schema()
    assert "Length of the contract" in json.dumps(schema)


@pytest.mark.slow
def test_offline_model_fill_for_real():
    card, usage = build_card(_postings()[0], Settings(card_fill="always"), "local/smollm2")
    assert usage.calls == 2  # the fields, then the summary
    assert card.location == "Tromsø" and card.deadline is None  # the tiny model cannot add a deadline
    text = _postings()[0].text
    flat = " ".join(text.split())
    assert all(" ".join(e.quote.split()) in flat for quotes in card.evidence.values() for e in quotes if e.from_text)


def test_the_fill_is_skipped_where_it_does_not_help(monkeypatch):
    from summariser.llm import client as llm
    from summariser.llm import usefulness

    def must_not_run(*args, **kwargs):
        raise AssertionError("the model was asked")

    monkeypatch.setattr(llm, "structured", must_not_run)
    monkeypatch.setattr(usefulness, "measurements", lambda: {"bad/model": {"card_fill": {"produced": 50, "kept": 1}}})
    card, usage = build_card(_postings()[0], Settings(), "bad/model")  # auto: 2% survived where measured
    assert usage.calls == 0 and card.model == "bad/model"
    assert build_card(_postings()[0], Settings(card_fill="never"), "good/model")[1].calls == 0
    assert usefulness.use_model("good/model", "card_fill", "auto")  # never measured: asked
    assert usefulness.use_model("bad/model", "card_fill", "always")


def test_output_names_are_collision_free_and_bounded():
    from summariser.cards.batch import output_stem

    ids = ["a/b", "a_b", "a?b", "A_B", "x" * 300, "x" * 299 + "y", "../../etc/passwd", ".hidden", "Stilling ø"]
    stems = [output_stem(i) for i in ids]
    assert len(set(stems)) == len(ids)
    for stem in stems:
        assert len(stem) <= 71 and "/" not in stem and not stem.startswith(".")
        assert all(c.isascii() and (c.isalnum() or c in "_.-") for c in stem)
    assert output_stem("000_75b6be4361b74030").startswith("000_75b6be4361b74030-")


def test_cli_writes_one_file_per_id_and_goes_on_past_a_file_error(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from summariser.cli.main import cli

    ids = ["a/b", "a_b", "a?b", "x" * 300]
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps({"id": i, "text": f"Engineer {n} wanted in Bergen."}) for n, i in enumerate(ids)),
        encoding="utf-8",
    )
    out, md = tmp_path / "cards.jsonl", tmp_path / "md"
    result = CliRunner().invoke(
        cli, ["summarise", str(feed), "--model", "none", "--out", str(out), "--markdown", str(md)]
    )
    assert result.exit_code == 0, result.output
    assert len(list(md.iterdir())) == 4

    # a file that cannot be written costs that posting, is not recorded, and a rerun writes it
    from pathlib import Path

    from summariser.cards.batch import output_stem

    real = Path.write_text

    def failing(self, *args, **kwargs):
        if self.stem == output_stem("a_b"):
            raise OSError(28, "No space left on device", str(self))
        return real(self, *args, **kwargs)

    out2, md2 = tmp_path / "again.jsonl", tmp_path / "md2"
    monkeypatch.setattr(Path, "write_text", failing)
    failed = CliRunner().invoke(
        cli, ["summarise", str(feed), "--model", "none", "--out", str(out2), "--markdown", str(md2), "--json"]
    )
    report = json.loads(failed.stdout)
    assert failed.exit_code == 1 and (report["written"], report["failed"]) == (3, 1)
    assert "No space left on device" in report["errors"][0]["error"] and report["errors"][0]["posting_id"] == "a_b"
    assert "a_b" not in {json.loads(line)["posting_id"] for line in out2.read_text().splitlines()}
    monkeypatch.setattr(Path, "write_text", real)
    rerun = CliRunner().invoke(
        cli, ["summarise", str(feed), "--model", "none", "--out", str(out2), "--markdown", str(md2), "--json"]
    )
    assert json.loads(rerun.stdout)["written"] == 1 and len(list(md2.iterdir())) == 4
