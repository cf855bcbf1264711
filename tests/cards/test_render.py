from summariser.cards.extract import extract_card
from summariser.cards.render import GOOGLE_REQUIRED, card_jsonld, card_markdown, missing_required
from summariser.ingest.loaders import load
from tests.conftest import POSTINGS, SIMULA, UIT


def _card(stem):
    p = next(load(POSTINGS / f"{stem}.txt"))
    return extract_card(p.id, p.text, p.title, p.employer, p.source_url, p.metadata)


def test_markdown_card_shows_values_evidence_and_not_stated():
    md = card_markdown(_card(UIT))
    assert md.startswith("# PhD Fellow in Knowledge\\-Driven Machine Learning")
    assert "- **Location:** Tromsø" in md and "- **Work mode:** On\\-site" in md
    assert "- **Salary:** NOK 550\\,000 \\- 634\\,000 per year" in md and "states these differently" in md
    assert "- **Deadline:** not stated" in md
    assert "## Tools" in md and "- PyTorch" in md
    assert "  > The workplace is at UiT in Tromsø\\." in md


def test_jsonld_shape():
    data = card_jsonld(_card(UIT))
    assert data["@type"] == "JobPosting" and data["title"].startswith("PhD Fellow")
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "NOK",
        "value": {"@type": "QuantitativeValue", "minValue": 550000, "maxValue": 634000, "unitText": "YEAR"},
    }
    assert data["employmentType"] == "FULL_TIME"
    assert data["jobLocation"]["address"]["addressLocality"] == "Tromsø"
    assert data["hiringOrganization"]["name"] == "UiT The Arctic University of Norway"
    assert "validThrough" not in data  # no deadline stated, none invented
    assert missing_required(data) == ["datePosted"]


def test_missing_required_properties_are_reported_not_invented():
    card = _card(SIMULA).model_copy(update={"employer": None})  # a posting that names no employer
    data = card_jsonld(card)
    missing = missing_required(data)
    assert "hiringOrganization" in missing and set(missing) <= set(GOOGLE_REQUIRED)
    assert "baseSalary" not in data


def test_markdown_card_escapes_posting_text_as_the_app_does():
    from summariser.cards.schema import JobCard
    from summariser.text.markdown import escape_markdown

    hostile = "![t](http://attacker.example/x.png) <img src=x onerror=alert(1)> [cv](javascript:alert(1))"
    card = JobCard(
        posting_id="x",
        title=hostile,
        summary=hostile,
        location=hostile,
        benefits=[hostile],
        evidence={"location": [hostile]},
        source_url="javascript:alert(1)",
        warnings=["this posting contains text addressed to AI systems (1 passage); it is not used as evidence"],
    )
    md = card_markdown(card)
    import re

    assert not re.search(r"(?<!\\)(?:!\[|<img|\]\()", md)  # no image, HTML or link is left unescaped
    assert md.count(escape_markdown(hostile)) == 5  # title, location, its evidence, summary, the benefit
    assert "> **Warning:** this posting contains text addressed to AI systems" in md
