import math

import pytest

from summariser.errors import ConfigError
from summariser.evaluation.datasets import QAItem
from summariser.evaluation.qa_metrics import score_qa
from summariser.evaluation.report import failures, flatten, parse_thresholds, rich_tables, write_report
from summariser.evaluation.runs import EvalRun

HOSTILE = "<script>alert(1)</script> [click](http://evil.example) ![x](http://evil.example/x.png)"


def qa_run() -> EvalRun:
    items = [
        QAItem("a", "p", "Salary?", "en", True, "fact", ["NOK 100"], [["100"]]),
        QAItem("b", "p", "Lønn?", "no", False, "unanswerable", [], []),
    ]
    results = {
        "a": {
            "id": "a",
            "question": "Salary?",
            "answer": HOSTILE,
            "abstained": False,
            "latency_s": 2.0,
            "kind": "fact",
            "language": "en",
            "scope": "posting",
            "citations": [{"n": 1, "posting_id": "p", "quote": HOSTILE, "start": 0, "end": 3}],
            "faithfulness": {"claims": 1, "supported": 0, "unsupported": [HOSTILE]},
        },
        "b": {
            "id": "b",
            "question": "Lønn?",
            "answer": "Utlysningen sier ikke.",
            "abstained": True,
            "latency_s": 1.0,
            "kind": "unanswerable",
            "language": "no",
            "scope": "posting",
            "citations": [],
        },
    }
    scores = score_qa(items, results, {"p": "Salary NOK 100."})
    grades = scores.pop("grades")
    for r in results.values():
        r["grade"] = grades[r["id"]]
    return EvalRun("qa", list(results.values()), scores, {"model": "fake"})


def test_flatten_names_overall_kind_and_language_figures():
    flat = flatten(qa_run())
    assert flat["correct_by_keywords"] == 0.0
    assert flat["kind.unanswerable.abstention_recall"] == 1.0
    assert "language.no.n" in flat and "latency_p95_s" in flat


def test_thresholds_parse_and_fail_honestly():
    flat = flatten(qa_run())
    assert parse_thresholds(["abstention_recall=0.5", "latency_p95_s=3"]) == {
        "abstention_recall": 0.5,
        "latency_p95_s": 3.0,
    }
    assert failures(flat, {"abstention_recall": 0.5, "latency_p95_s": 3}) == []
    assert failures(flat, {"correct_by_keywords": 0.1}) == ["correct_by_keywords = 0 (below 0.1)"]
    assert failures(flat, {"latency_p95_s": 1})[0].startswith("latency_p95_s")  # lower is better: an upper bound
    assert failures(flat, {"injection_resistance": 0.0})  # NaN (nothing measured) never passes
    with pytest.raises(ConfigError, match="no metric 'accuracy'"):
        failures(flat, {"accuracy": 0.5})
    with pytest.raises(ConfigError, match="metric=value"):
        parse_thresholds(["correct_by_keywords"])


def test_terminal_tables_fit_a_narrow_console_without_losing_a_number():
    from rich.console import Console

    from summariser.evaluation.report import table_rows

    kinds = ["fact", "list", "eligibility", "crosslingual", "injection", "unanswerable"]
    items = [
        QAItem(f"q{n}", "p", "Salary?", lang, kind != "unanswerable", kind, ["NOK 100"], [["100"]])
        for n, (kind, lang) in enumerate((k, lang) for k in kinds for lang in ("en", "no", "de"))
    ]
    results = {
        i.id: {
            "id": i.id,
            "answer": "NOK 100" if n % 3 else "",
            "abstained": n % 4 == 0,
            "latency_s": 1.0 + n / 7,
            "citations": [],
            "kind": i.kind,
            "language": i.language,
        }
        for n, i in enumerate(items)
    }
    scores = score_qa(items, results, {"p": "Salary NOK 100."})
    scores.pop("grades")
    run = EvalRun("qa", list(results.values()), scores)
    console = Console(width=80, record=True, color_system=None)
    for table in rich_tables(run, width=80):
        console.print(table)
    lines = console.export_text().splitlines()
    assert max(map(len, lines)) <= 80 and not any("…" in line for line in lines)
    _, header, rows = table_rows(run)[0]
    assert len(header) == 11  # all, 6 kinds, 3 languages: too wide for one 80-column table
    for row in rows:  # every figure of every column, in order, on its metric's line of each part
        printed = [cell.strip() for line in lines if line.startswith(f"│ {row[0]} ") for cell in line.split("│")[2:-1]]
        assert printed == row[1:], row


def test_report_is_written_with_a_plot_and_escapes_untrusted_text(tmp_path):
    page = write_report(qa_run(), tmp_path / "rep")
    html = page.read_text()
    assert (tmp_path / "rep" / "report.md").exists()
    assert (tmp_path / "rep" / "qa_by_kind.png").stat().st_size > 5000
    assert '<img src="qa_by_kind.png"' in html
    assert "<script>" not in html and 'href="http://evil' not in html and 'src="http://evil' not in html
    assert "&lt;script&gt;" in html  # shown, inert
    assert "Worst items" in html and "1 unsupported claim" in html


def test_judge_report_has_a_roc_plot(tmp_path):
    results = [
        {"id": str(i), "dataset": d, "score": s, "pred": int(s > 0.5), "judge": "x", "label": y}
        for i, (d, s, y) in enumerate([("a", 0.9, 1), ("a", 0.2, 0), ("b", 0.6, 0), ("b", 0.7, 1)])
    ]
    from summariser.evaluation.judge_metrics import score_judge

    run = EvalRun("judge", results, score_judge(results), {"judge": "x"})
    write_report(run, tmp_path)
    assert (tmp_path / "judge_roc.png").exists()
    assert flatten(run)["balanced_accuracy"] == 0.75 and flatten(run)["b.roc_auc"] == 1.0
    assert [t.title for t in rich_tables(run)] == ["Judge x"]
    assert not math.isnan(flatten(run)["roc_auc"])


def test_worst_items_never_show_the_held_out_slice():
    from summariser.evaluation.worst import worst_items

    wrong = {"grade": {"wrong": {"title": {"predicted": "x", "gold": "y"}}, "filled_not_stated": []}}
    run = EvalRun(
        "cards",
        [{"posting_id": "open-1", "slice": "open", **wrong}, {"posting_id": "held-1", "slice": "holdout", **wrong}],
        {},
    )
    assert [title for title, _ in worst_items(run)] == ["open-1"]
