"""Leads and abstentions in the question's language."""

from summariser.qa import wording


def test_phrases_follow_the_language():
    assert wording.phrase("says", "en") == "The posting says:"
    assert wording.phrase("says", "no") == "Utlysningen sier:"
    assert wording.not_said("deadline", "en") == "The posting does not say what the application deadline is."
    assert wording.not_said("deadline", "no").startswith("Utlysningen sier ikke noe om søknadsfristen")
    assert wording.not_said("other", "en") == "The posting does not say."
