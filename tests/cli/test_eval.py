"""`jobsum eval ...` end to end on the seed postings (small fixture datasets)."""

import json

import click
import pytest
from click.testing import CliRunner

from summariser.cli.main import cli
from summariser.text.spans import find_quote
from tests.conftest import FIXTURES, POSTINGS, UIT

pytestmark = pytest.mark.slow
QA_KEYS = {"id", "posting_id", "question", "answer", "abstained", "citations", "latency_s", "model"}


def run(*args):
    result = CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def qa_out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evalqa")
    code, output = run(
        "eval",
        "qa",
        FIXTURES / "qa_seeds.jsonl",
        "--postings",
        POSTINGS,
        "--out",
        tmp / "r.jsonl",
        "--report",
        tmp / "rep",
        "--json",
        "--fail-under",
        "citations_verbatim=1",
        "--scope",
        "all",
    )
    return code, output, tmp


def test_eval_qa_writes_the_contract_and_a_report(qa_out):
    code, output, tmp = qa_out
    assert code == 0, output
    lines = [json.loads(x) for x in (tmp / "r.jsonl").read_text().splitlines()]
    ids = ["t-1", "t-2", "t-3", "t-4", "t-5"]
    assert [x["id"] for x in lines] == ids + ids  # scoped to the posting, then across all postings
    assert [x["posting_id"] for x in lines[5:]] == [None] * 5 and {x["scope"] for x in lines[5:]} == {"all"}
    texts = {p.stem: p.read_text(encoding="utf-8") for p in POSTINGS.glob("*.txt")}
    for line in lines:
        assert set(line) >= QA_KEYS and line["model"] == "local/smollm2"
        for c in line["citations"]:
            assert set(c) == {"n", "posting_id", "quote", "start", "end"}
            assert find_quote(texts[c["posting_id"]], c["quote"]), c
    assert next(x for x in lines if x["id"] == "t-3")["abstained"]  # the seeds state no deadline
    assert "1,000,000" not in next(x for x in lines if x["id"] == "t-5")["answer"]
    scores, _ = json.JSONDecoder().raw_decode(output[output.index("{") :])  # the report path follows on stderr
    assert scores["scores"]["overall"]["n"] == 5 and "by_kind" in scores["scores"]
    assert scores["flat"]["scope.all.n"] == 5 and "scope.all.citations_verbatim" in scores["flat"]
    assert (tmp / "rep" / "report.html").exists() and (tmp / "rep" / "qa_by_kind.png").exists()


def test_fail_under_sets_the_exit_code(seed_settings):
    code, output = run(
        "eval",
        "qa",
        FIXTURES / "qa_seeds.jsonl",
        "--postings",
        POSTINGS,
        "--limit",
        "1",
        "--index",
        seed_settings.index_dir,
        "--fail-under",
        "correct_by_keywords=1.01",
    )
    assert code == 1 and "FAILED --fail-under: correct_by_keywords" in output


def test_eval_retrieval_and_cards(tmp_path, seed_settings):
    index = ("--index", seed_settings.index_dir)  # the seeds are in it already: ingesting them again is a no-op
    code, output = run(
        "eval", "retrieval", FIXTURES / "qa_seeds.jsonl", "--postings", POSTINGS, "--json", "-k", "3", *index
    )
    assert code == 0, output
    scores = json.loads(output)["scores"]
    assert scores["per_posting"]["n"] == 4 and "recall@3" in scores["global"]
    assert scores["global"]["recall@3"] <= scores["per_posting"]["recall@3"] + 1e-9 or scores["global"]["n"] == 4
    code, output = run(
        "eval",
        "cards",
        FIXTURES / "cards_seeds.jsonl",
        "--postings",
        POSTINGS,
        "--model",
        "none",
        *index,
        "--out",
        tmp_path / "cards.jsonl",
        "--json",
    )
    assert code == 0, output
    scores = json.loads(output)["scores"]
    assert scores["per_field"]["location"] == 1.0 and scores["not_stated_filled_rate"] == 0.0
    card = json.loads((tmp_path / "cards.jsonl").read_text().splitlines()[0])
    assert card["posting_id"] == UIT and "grade" not in card and card["evidence"]
    gold = tmp_path / "gold.jsonl"  # a gold row whose posting was not given: reported, not written as a card
    gold.write_text(
        '{"posting_id": "nope", "gold": {"location": "Oslo"}}\n' + (FIXTURES / "cards_seeds.jsonl").read_text()
    )
    code, output = run(
        "eval",
        "cards",
        gold,
        "--postings",
        POSTINGS,
        "--model",
        "none",
        "--out",
        tmp_path / "c2.jsonl",
        "--json",
        *index,
    )
    assert code == 0, output
    assert json.loads(output)["scores"]["missing_postings"] == ["nope"]
    lines = [json.loads(x) for x in (tmp_path / "c2.jsonl").read_text().splitlines()]
    assert [x["posting_id"] for x in lines] == [UIT, "001_28da44df9ef123e4"] and all("location" in x for x in lines)


def test_eval_judge_writes_judge_lines(tmp_path):
    code, output = run(
        "eval", "judge", FIXTURES / "judge_seeds.jsonl", "--out", tmp_path / "j.jsonl", "--report", tmp_path / "rep"
    )
    assert code == 0, output
    lines = [json.loads(x) for x in (tmp_path / "j.jsonl").read_text().splitlines()]
    assert len(lines) == 6 and all(set(x) == {"id", "dataset", "score", "pred", "judge"} for x in lines)
    assert all(0 <= x["score"] <= 1 and x["pred"] in (0, 1) and x["judge"] == "offline" for x in lines)
    assert (tmp_path / "rep" / "judge_roc.png").exists()


def test_errors_are_messages_not_tracebacks(tmp_path):
    code, output = run("eval", "qa", FIXTURES / "qa_seeds.jsonl", "--postings", POSTINGS, "--judge", "gpt4")
    assert code == 1 and "unknown judge 'gpt4'" in output and "Traceback" not in output
    code, output = run("eval", "qa", FIXTURES / "qa_seeds.jsonl", "--postings", POSTINGS, tmp_path / "nope")
    assert code == 2 and f"{tmp_path / 'nope'}: no such file or folder" in output and "Traceback" not in output
    code, output = run("eval", "qa", FIXTURES / "qa_seeds.jsonl", "--postings", POSTINGS / f"{UIT}.txt")
    assert code == 1 and "not among --postings" in output and "Traceback" not in output


def test_datasets_and_postings_are_told_apart(tmp_path):
    from summariser.cli.eval import _datasets_and_postings

    qa = tmp_path / "qa_a.jsonl"
    qa.write_text('{"id": "q1", "question": "What?", "posting_id": "p"}\n')
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "p", "text": "A posting."}\n')
    datasets, postings = _datasets_and_postings((str(qa), str(feed), str(POSTINGS)), (), "question")
    assert datasets == [qa] and postings == [feed, POSTINGS]
    with pytest.raises(click.UsageError, match="no dataset"):
        _datasets_and_postings((str(feed),), (), "question")
