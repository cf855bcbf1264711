import numpy as np
import pytest

from summariser.cards import employers
from summariser.cards.document import CardText
from summariser.cards.extract import extract_card


def names(text: str) -> list[str]:
    return [c.text for c in employers.candidates(CardText(text))]


def test_candidates_are_capitalised_runs_and_their_parts():
    found = names(
        "Research Fellow\nUniversity of Exeter - Department of Physics\n"
        "The Department of Geosciences at the University of Oslo is funded by the Research Council of Norway. The post"
    )
    assert {"University of Exeter", "Department of Physics", "University of Oslo", "Department of Geosciences"} <= set(
        found
    )
    assert "Research Council of Norway" in found and not any("Norway. The" in n for n in found)  # not across sentences
    assert "SOUL SESSIONS OSLO" in names("LEDIG STILLING HOS SOUL SESSIONS OSLO\nx")
    assert names("vi søker en blid medarbeider.") == []


def test_a_word_capitalised_only_by_its_place_is_no_candidate():
    text = (
        "Calcium is an essential messenger. Plants sense calcium signals.\nSimula hosts the project. Simula is in Oslo."
    )
    found = names(text)
    assert "Calcium" not in found and "Plants" in found  # 'plants' is never written in lower case here
    assert "Simula" in found  # a name, though it opens its sentences


def test_the_ranker_names_the_hiring_organisation_not_the_funder():
    doc = CardText(
        "PhD position in Hydrology\nThe Department of Geosciences at the University of Oslo invites applications "
        "for a PhD position funded by the Research Council of Norway.\nContact Professor Kari Nordmann for details."
    )
    name, pieces = employers.ranked_employer(doc)
    assert name == "University of Oslo"
    assert doc.text[pieces[0].start : pieces[0].end] == name  # the evidence is the name, verbatim


def test_a_text_that_names_no_organisation_gets_none():
    assert (
        employers.ranked_employer(CardText("Vi søker en blid medarbeider til butikken.\nDu må jobbe helger.")) is None
    )


def test_the_sources_employer_wins_over_the_ranker_when_sources_are_used():
    text = "PhD position\nThe University of Oslo invites applications for a PhD position in hydrology."
    metadata = {"jsonld": {"@type": "JobPosting", "hiringOrganization": {"name": "Acme Research AS"}}}
    card = extract_card("p", text, metadata=metadata)
    assert card.employer == "Acme Research AS" and card.evidence["employer"][0].provenance.startswith("source:")
    assert extract_card("p", text, metadata=metadata, sources=False).employer == "University of Oslo"
    assert extract_card("p", text).employer == "University of Oslo"  # no source names one


def test_parameters_of_another_candidate_version_are_refused(tmp_path):
    with np.load(employers.PARAMS) as p:
        stale = {k: p[k] for k in p.files}
    stale["version"] = np.array(employers.VERSION - 1)
    np.savez(tmp_path / "employer_params.npz", **stale)
    with pytest.raises(ValueError, match="refit"):
        employers.EmployerRanker(tmp_path / "employer_params.npz")


def test_an_acronym_is_spelt_out_where_the_text_spells_it_out():
    from summariser.cards.document import CardText
    from summariser.cards.employers import _spelt_out

    def spelt(text, acronym):
        found = _spelt_out(CardText(text, []), acronym)
        return found[0] if found else None

    assert spelt("The UCL Institute of Child Health (ICH) is a division of UCL. ICH leads", "ICH") == (
        "UCL Institute of Child Health"
    )
    assert spelt("in the Framework of the Integrated Territorial Initiative (ITI) we", "ITI") == (
        "Integrated Territorial Initiative"
    )
    assert spelt("the Centre National de la Recherche Scientifique (CNRS) hires", "CNRS") == (
        "Centre National de la Recherche Scientifique"
    )
    assert spelt("funded by Recherche Scientifique (CNRS).", "CNRS") is None  # its capitals do not spell it
    assert spelt("We are at CERN in Geneva.", "CERN") is None
