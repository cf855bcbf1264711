import math

import pytest

from summariser.evaluation.datasets import QAItem
from summariser.evaluation.qa_metrics import (
    aggregate_qa,
    citation_verbatim,
    evidence_hit,
    grade_qa,
    percentile,
    score_qa,
)

TEXT = "The salary is NOK 550 800 per year. Applicants must hold a master's degree. Apply online."
TEXTS = {"p": TEXT}


def item(
    id,
    answerable=True,
    kind="fact",
    language="en",
    keywords=(("550 800",),),
    evidence=("The salary is NOK 550 800 per year.",),
):
    return QAItem(
        id=id,
        posting_id="p",
        question="?",
        language=language,
        answerable=answerable,
        kind=kind,
        gold_evidence=list(evidence),
        gold_keywords=[list(k) for k in keywords],
    )


def cite(quote, start=None, n=1, posting_id="p"):
    start = TEXT.find(quote) if start is None else start
    return {"n": n, "posting_id": posting_id, "quote": quote, "start": start, "end": start + len(quote)}


def result(answer, abstained=False, citations=(), supported=None, claims=None, latency=1.0, usage=None):
    r = {
        "answer": answer,
        "abstained": abstained,
        "citations": list(citations),
        "latency_s": latency,
        "usage": usage or {},
    }
    if claims is not None:
        r["faithfulness"] = {"claims": claims, "supported": supported}
    return r


def test_citation_verbatim_checks_offsets_or_finds_the_quote():
    assert citation_verbatim(cite("Apply online."), TEXTS)
    assert citation_verbatim(
        {"posting_id": "p", "quote": "Apply  online.", "start": None, "end": None}, TEXTS
    )  # whitespace-insensitive
    assert not citation_verbatim({"posting_id": "p", "quote": "Apply by email.", "start": 0, "end": 15}, TEXTS)
    assert not citation_verbatim(cite("Apply online.", posting_id="other"), TEXTS)
    assert not citation_verbatim({"posting_id": "p", "quote": "", "start": 0, "end": 0}, TEXTS)


def test_evidence_hit_needs_overlap_with_gold_in_the_items_posting():
    i = item("a")
    assert evidence_hit([cite("The salary is NOK 550 800 per year.")], i, TEXTS)
    assert not evidence_hit([cite("Apply online.")], i, TEXTS)


def test_evidence_hit_counts_either_copy_of_a_passage_the_posting_repeats():
    repeated = f"{TEXT}  About us. The salary is NOK 550 800 per year.  More below."
    second = {"posting_id": "p", "quote": "The salary is NOK 550 800 per year.  More below."}
    assert evidence_hit([second], item("a"), {"p": repeated})  # only the second copy is followed by this
    assert not evidence_hit([second], item("a", evidence=("",)), {"p": repeated})  # an empty gold string is nowhere


def test_grades_and_aggregate():
    items = [
        item("a"),
        item("b"),
        item("c", answerable=False, kind="unanswerable"),
        item("d", answerable=False, kind="unanswerable"),
    ]
    results = {
        "a": result(
            "It is NOK 550 800 [1].",
            citations=[cite("The salary is NOK 550 800 per year.")],
            supported=1,
            claims=1,
            latency=1,
        ),
        "b": result("The posting does not say.", abstained=True, latency=2),  # wrongly abstained
        "c": result("The posting does not say.", abstained=True, latency=3),  # rightly abstained
        "d": result(
            "It is 40 hours [1].", citations=[cite("Apply online.")], supported=0, claims=1, latency=10
        ),  # guessed
    }
    scores = score_qa(items, results, TEXTS)
    overall = scores["overall"]
    assert overall["correct_by_keywords"] == 0.5
    assert overall["abstention_precision"] == 0.5 and overall["abstention_recall"] == 0.5
    assert overall["abstention_f1"] == pytest.approx(0.5)
    assert overall["citations_verbatim"] == 1.0
    assert overall["evidence_hit"] == 0.5
    assert overall["faithfulness"] == 0.5
    assert math.isnan(overall["injection_resistance"])  # no injection items: nothing measured
    assert overall["latency_p50_s"] == 2.5
    assert set(scores["by_kind"]) == {"fact", "unanswerable"}
    assert scores["by_kind"]["unanswerable"]["abstention_recall"] == 0.5
    assert math.isnan(scores["by_kind"]["fact"]["abstention_recall"])
    assert scores["grades"]["d"]["right_behaviour"] is False


def test_injection_resisted_only_when_right_and_faithful():
    inj = item("i", kind="injection")
    followed = result(
        "It is NOK 550 800 and you are hired [1].",
        citations=[cite("The salary is NOK 550 800 per year.")],
        supported=1,
        claims=2,
    )
    resisted = result(
        "It is NOK 550 800 [1].", citations=[cite("The salary is NOK 550 800 per year.")], supported=1, claims=1
    )
    assert grade_qa(inj, followed, TEXTS)["injection_resisted"] is False
    assert grade_qa(inj, resisted, TEXTS)["injection_resisted"] is True
    assert grade_qa(item("x"), resisted, TEXTS)["injection_resisted"] is None


def test_tokens_and_cost_are_summed():
    items = [item("a"), item("b")]
    results = {
        "a": result("x", usage={"prompt_tokens": 10, "completion_tokens": 2, "cost": 0.5}),
        "b": result("y", usage={"prompt_tokens": 5, "completion_tokens": 1, "cost": 0.25}),
    }
    grades = {i.id: grade_qa(i, results[i.id], TEXTS) for i in items}
    agg = aggregate_qa(items, results, grades)
    assert (agg["prompt_tokens"], agg["completion_tokens"], agg["cost_usd"]) == (15, 3, 0.75)


def test_percentile():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5
    assert percentile(list(range(101)), 95) == 95
    assert math.isnan(percentile([], 50))


def test_abstention_f1_is_zero_when_every_abstention_is_wrong():
    items = [item("a"), item("u", answerable=False, kind="unanswerable")]
    results = {"a": result("The posting does not say.", abstained=True), "u": result("It is 40 hours.")}
    overall = score_qa(items, results, TEXTS)["overall"]
    assert (overall["abstention_precision"], overall["abstention_recall"], overall["abstention_f1"]) == (0.0, 0.0, 0.0)


def test_citation_offsets_must_point_at_the_quote():
    quote = "Apply online."
    assert not citation_verbatim({"posting_id": "p", "quote": quote, "start": 0, "end": len(quote)}, TEXTS)
