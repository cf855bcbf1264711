import json

from summariser.text import boilerplate
from tests.conftest import FIXTURES, POSTINGS, UIT


def test_uit_aggregator_chrome_is_found_and_text_kept():
    text = (POSTINGS / f"{UIT}.txt").read_text(encoding="utf-8")
    removed = boilerplate.find_boilerplate(text)
    rules = {r.rule for r in removed}
    assert {"job-alerts", "resume-review", "early-applicant"} <= rules
    cleaned = boilerplate.cleaned_text(text)
    assert "Enable job alerts" not in cleaned and "drag and drop a PDF" not in cleaned
    assert "If you are near completion of your master’s degree, you may still apply" in cleaned
    for r in removed:  # spans point into the untouched original
        assert text[r.start : r.end].strip()


def test_euraxess_footer_and_login_widget():
    record = json.loads((FIXTURES / "corpus_sample.jsonl").read_text(encoding="utf-8").split("\n")[0])
    removed = boilerplate.find_boilerplate(record["text"])
    assert {"euraxess-login", "euraxess-disclaimer", "euraxess-xml", "euraxess-offer-id"} <= {r.rule for r in removed}
    cleaned = boilerplate.cleaned_text(record["text"])
    assert "Please login to use this functionality" not in cleaned
    assert "PhD student" in cleaned


def test_the_euraxess_charter_link_is_chrome_and_not_part_of_the_employer():
    from summariser.cards.extract import extract_card

    text = (
        "KU Leuven is looking for a doctoral researcher in psychology.\n\n"
        "You can apply for this job no later than 15/12/2020 via the online application tool "
        "https://easyapply.jobs/r/978 Know more about it at KU Leuven Know more about OTM-R \n   EURAXESS offer ID: 578275"
    )
    assert "euraxess-otm-r" in {r.rule for r in boilerplate.find_boilerplate(text)}
    assert extract_card("p", text).employer == "KU Leuven"  # was 'KU Leuven Know'


def test_rules_do_not_eat_ordinary_prose():
    text = "We offer flexible hours.\n\nApply now via Jobbnorge before the deadline.\n\nThe job alerts team."
    assert boilerplate.find_boilerplate(text) == []


def test_html_residue_only_whole_lines():
    text = '<div class="x">\nSalary is <b>good</b>\n</div>'
    removed = boilerplate.find_boilerplate(text)
    assert [text[r.start : r.end] for r in removed] == ['<div class="x">', "</div>"]
