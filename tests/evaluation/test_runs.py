import json
from dataclasses import replace

import pytest

from summariser.cli.eval import QA_KEYS
from summariser.errors import ConfigError
from summariser.evaluation.datasets import load_items, load_judge_items
from summariser.evaluation.runs import eval_index, judge_answer, run_judge, run_qa, run_retrieval, write_results
from summariser.grounding import ResponseVerdict, Rule, Verdict
from tests.conftest import FIXTURES, POSTINGS, UIT

QA = FIXTURES / "qa_seeds.jsonl"
JUDGE = FIXTURES / "judge_seeds.jsonl"


class WordJudge:
    """Supported when every word of the response is in the context: enough to test the plumbing."""

    name = "words"

    def __init__(self):
        self.calls = 0

    def judge(self, context, response):
        self.calls += 1
        claims = [s.strip() for s in response.split(".") if s.strip()]
        verdicts = [Verdict(c, all(w in context for w in c.split()), 0.0, Rule.JUDGE, "") for c in claims]
        score = sum(v.supported for v in verdicts) / len(verdicts) if verdicts else 1.0
        return ResponseVerdict(score, int(score == 1.0), verdicts, self.name)

    def judge_many(self, pairs):
        return [self.judge(c, r) for c, r in pairs]


def test_judge_answer_scores_claims_against_cited_quotes_only():
    judge = WordJudge()
    cited = {
        "answer": "The position is for four years [1]. It is in Bergen.",
        "abstained": False,
        "citations": [{"quote": "The position is for a period of four years."}],
    }
    out = judge_answer(judge, cited)
    assert (out["claims"], out["supported"], out["unsupported"]) == (2, 1, ["It is in Bergen"])
    verbatim = {
        "answer": "The position is for a period of four years [1].",
        "abstained": False,
        "citations": [{"quote": "The position is for a period of four years."}],
    }
    assert judge_answer(judge, verbatim) == {"claims": 1, "supported": 1, "score": 1.0, "unsupported": []}


def test_abstentions_and_uncited_answers_are_defined():
    judge = WordJudge()
    assert (
        judge_answer(judge, {"answer": "The posting does not say.", "abstained": True, "citations": []})["claims"] == 0
    )
    assert judge_answer(judge, {"answer": "", "abstained": False, "citations": []})["claims"] == 0
    uncited = judge_answer(judge, {"answer": "It pays well.", "abstained": False, "citations": []})
    assert (uncited["claims"], uncited["supported"], uncited["score"]) == (1, 0, 0.0)
    assert judge.calls == 0


def test_run_qa_writes_contract_lines_and_scores(seed_index, tmp_path):
    items = load_items(QA)
    texts = {p.id: seed_index.posting(p.id).text for p in seed_index.postings()}
    seen = []

    def answerer(index, item, posting_id):  # quotes the gold evidence, or abstains
        seen.append(posting_id)
        quote = item.gold_evidence[0] if item.gold_evidence else None
        start = texts[item.posting_id].find(quote) if quote else -1
        citations = (
            [{"n": 1, "posting_id": item.posting_id, "quote": quote, "start": start, "end": start + len(quote)}]
            if quote
            else []
        )
        answer = f"{quote} [1]" if quote else "The posting does not say."
        return {
            "id": item.id,
            "posting_id": posting_id,
            "question": item.question,
            "answer": answer,
            "abstained": not quote,
            "citations": citations,
            "latency_s": 0.1,
            "model": "fake",
        }

    run = run_qa(seed_index, texts, items, answerer, WordJudge(), scope="all")
    assert seen == [None] * len(items)
    overall = run.scores["overall"]
    assert overall["citations_verbatim"] == 1.0 and overall["evidence_hit"] == 1.0
    assert overall["abstention_precision"] == 1.0 and overall["faithfulness"] == 1.0
    assert overall["correct_by_keywords"] == 1.0  # every gold quote holds its keywords
    assert run.scores["by_kind"]["injection"]["injection_resistance"] == 1.0
    assert set(run.scores["by_language"]) == {"en", "no"}
    write_results(run.results, tmp_path / "r.jsonl", keep=("id", "posting_id", "answer", "abstained", "citations"))
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert len(lines) == len(items) and set(lines[0]) == {"id", "posting_id", "answer", "abstained", "citations"}


def test_run_qa_rejects_an_unknown_scope(seed_index):
    with pytest.raises(ConfigError, match="scope"):
        run_qa(seed_index, {}, load_items(QA), lambda *a: {}, None, scope="everything")


def test_runs_refuse_questions_about_postings_that_were_not_loaded(seed_index):
    texts = {p.id: seed_index.posting(p.id).text for p in seed_index.postings()}
    items = load_items(QA)
    partial = {pid: text for pid, text in texts.items() if pid != items[0].posting_id}
    calls = []
    with pytest.raises(ConfigError, match=f"not among --postings \\({items[0].posting_id}\\)"):
        run_qa(seed_index, partial, items, lambda *a: calls.append(a))
    assert calls == []  # refused before answering anything
    with pytest.raises(ConfigError, match="not among --postings"):
        run_retrieval(seed_index, partial, items)
    unscoped = [replace(items[0], posting_id=""), *items[1:]]
    with pytest.raises(ConfigError, match="1 question\\(s\\) name no posting_id \\(first: t-1\\)"):
        run_qa(seed_index, texts, unscoped, lambda *a: calls.append(a))


def test_run_retrieval_reports_both_searches(seed_index):
    texts = {p.id: seed_index.posting(p.id).text for p in seed_index.postings()}
    run = run_retrieval(seed_index, texts, load_items(QA), k=5)
    assert set(run.scores) == {"global", "per_posting"}
    assert run.scores["per_posting"]["n"] == 4  # the unanswerable item has no evidence to find
    assert run.scores["per_posting"]["recall@5"] >= 0.75
    assert all(r["rank"] is None or 1 <= r["rank"] <= 5 for r in run.results)


def test_run_judge_scores_against_labels_and_survives_a_failing_item():
    from summariser.errors import LLMError

    class Flaky(WordJudge):
        def judge(self, context, response):
            if "Bergen" in response:
                raise LLMError("model timed out")
            return super().judge(context, response)

        def judge_many(self, pairs):
            return [self.judge(c, r) for c, r in pairs]

    rows = load_judge_items(JUDGE)
    run = run_judge(Flaky(), rows)
    assert run.meta["errors"] == 1 and len(run.results) == len(rows) - 1
    assert set(run.results[0]) >= {"id", "dataset", "score", "pred", "judge"}
    assert 0 <= run.scores["all"]["balanced_accuracy"] <= 1


def test_eval_index_needs_postings(settings):
    with pytest.raises(ConfigError, match="--postings"), eval_index(settings, [], fresh=True):
        pass


@pytest.mark.slow
def test_eval_index_builds_a_fresh_index_without_touching_the_configured_one(settings, embed_model):
    with eval_index(settings, [POSTINGS], fresh=True) as (index, texts):
        assert UIT in texts and index.settings.index_dir != settings.index_dir
    assert not settings.index_dir.exists()


def test_a_failing_answer_costs_one_item_and_is_counted(seed_index, tmp_path):
    from summariser.errors import LLMError

    items = load_items(QA)[:3]
    texts = {p.id: seed_index.posting(p.id).text for p in seed_index.postings()}

    def answerer(index, item, posting_id):
        if item.id == "t-2":
            raise LLMError("model timed out")
        return {
            "id": item.id,
            "posting_id": posting_id,
            "question": item.question,
            "answer": "The posting does not say.",
            "abstained": True,
            "citations": [],
            "latency_s": 0.1,
            "model": "fake",
        }

    run = run_qa(seed_index, texts, items, answerer)
    assert [r["id"] for r in run.results] == ["t-1", "t-2", "t-3"]
    assert run.scores["overall"]["answer_errors"] == 1 and "timed out" in run.results[1]["error"]
    write_results(run.results, tmp_path / "r.jsonl", QA_KEYS)  # the results file says why the answer is empty
    assert "timed out" in json.loads((tmp_path / "r.jsonl").read_text().splitlines()[1])["error"]


def test_unlabelled_judge_items_are_judged_and_reported(tmp_path):
    from summariser.evaluation.report import write_report

    rows = [{**r, "label": None} for r in load_judge_items(JUDGE)]
    run = run_judge(WordJudge(), rows)
    assert len(run.results) == len(rows) and run.scores["all"]["n"] == 0
    write_report(run, tmp_path)
    assert (tmp_path / "report.html").exists()
