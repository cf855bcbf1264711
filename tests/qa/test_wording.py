"""Leads and abstentions in the question's language."""

from summariser.qa import wording


def test_phrases_follow_the_language():
    assert wording.phrase("says", "en") == "The posting says:"
    assert wording.phrase("says", "no") == "Utlysningen sier:"
    assert wording.not_said("deadline", "en") == "The posting does not say what the application deadline is."
    assert wording.not_said("deadline", "no").startswith("Utlysningen sier ikke noe om søknadsfristen")
    assert wording.not_said("other", "en") == "The posting does not say."


def test_a_dated_end_is_said_as_until_in_both_languages():
    from summariser.cards.schema import JobCard
    from summariser.qa.wording import fact_sentence

    card = JobCard(posting_id="p", duration="until 10 January 2026")
    assert fact_sentence("duration", card, "no") == "Stillingen varer til 10. januar 2026"
    assert fact_sentence("duration", card, "en") == "The position lasts until 10 January 2026"


def test_the_job_title_is_stated_in_the_questions_language():
    from summariser.cards.schema import JobCard
    from summariser.qa.wording import fact_sentence

    card = JobCard(posting_id="p", title="Reparing Mechanic")
    assert fact_sentence("title", card, "no") == "Stillingstittelen er Reparing Mechanic"
    assert fact_sentence("title", card, "en") == "The job title is Reparing Mechanic"
    assert fact_sentence("title", JobCard(posting_id="p"), "en") is None
    assert wording.not_said("title", "no") == "Utlysningen sier ikke noe om hva stillingen heter."
