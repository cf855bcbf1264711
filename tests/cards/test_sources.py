"""Facts a source publishes beside the text: provenance on every value, the text's word first."""

from summariser.cards.extract import extract_card

TEXT = "Research engineer\n\nWe are seeking a research engineer. The application deadline is 15 April 2026."


def test_source_data_fills_what_the_text_does_not_state_and_says_where_it_comes_from():
    fields = {"location": "Ringveien 99, 9018 Tromsø, Hjemmekontor ikke mulig", "type_ansettelse": "Fast, heltid 100%"}
    card = extract_card("p", TEXT, metadata={"fields": fields})
    assert (card.location, card.contract, card.employment_type, card.work_mode) == (
        "Tromsø",
        "permanent",
        "full_time",
        "on_site",
    )
    assert [e.provenance for e in card.evidence["location"]] == ["source:fields.location"]
    assert card.evidence["location"][0].quote == fields["location"]
    assert [e.provenance for e in card.evidence["deadline"]] == ["text"]  # the text states it


def test_where_text_and_source_disagree_the_text_wins_and_both_are_kept():
    jsonld = {
        "@type": "JobPosting",
        "validThrough": "2099-12-31",
        "baseSalary": {"currency": "EUR", "value": {"value": 1_000_000, "unitText": "YEAR"}},
    }
    card = extract_card("p", TEXT, metadata={"jsonld": jsonld})
    assert card.deadline == "2026-04-15"
    assert card.conflicts == ["deadline: the text says 2026-04-15; source:jsonld.validThrough says 2099-12-31"]
    assert {e.provenance for e in card.evidence["deadline"]} == {"text", "source:jsonld.validThrough"}
    assert card.salary.min == 1_000_000 and card.evidence["salary"][0].provenance == "source:jsonld.baseSalary"


def test_without_sources_the_card_holds_only_what_the_text_states():
    card = extract_card(
        "p",
        TEXT,
        title="Headline!",
        metadata={"fields": {"location": "Oslo"}, "date_posted": "2026-01-02"},
        sources=False,
    )
    assert card.location is None and card.posted is None and card.title == "research engineer"
    assert all(e.from_text for evidence in card.evidence.values() for e in evidence)
