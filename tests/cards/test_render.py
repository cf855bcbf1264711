from summariser.cards.extract import extract_card
from summariser.cards.render import GOOGLE_REQUIRED, card_jsonld, card_markdown, missing_required
from summariser.ingest.loaders import load
from tests.conftest import POSTINGS, SIMULA, UIT


def _card(stem):
    p = next(load(POSTINGS / f"{stem}.txt"))
    return extract_card(p.id, p.text, p.title, p.employer, p.source_url, p.metadata)


def test_markdown_card_shows_values_evidence_and_not_stated():
    md = card_markdown(_card(UIT))
    assert md.startswith("# PhD Fellow in Knowledge-Driven Machine Learning")
    assert "- **Location:** Tromsø" in md and "- **Work mode:** On-site" in md
    assert "- **Salary:** NOK 550,000 - 634,000 per year" in md and "states these differently" in md
    assert "- **Deadline:** not stated" in md
    assert "## Tools" in md and "- PyTorch" in md
    assert "  > The workplace is at UiT in Tromsø." in md


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
    data = card_jsonld(_card(SIMULA))
    missing = missing_required(data)
    assert "hiringOrganization" in missing and set(missing) <= set(GOOGLE_REQUIRED)
    assert "baseSalary" not in data
