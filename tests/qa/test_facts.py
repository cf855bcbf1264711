def test_what_a_post_offers_is_no_answer_to_what_it_allows():
    from summariser.cards.schema import JobCard
    from summariser.qa.facts import _yes_no
    from summariser.qa.intents import Intent
    from summariser.qa.models import Answer

    card = JobCard(posting_id="p", employment_type="full_time")
    hours = Intent("hours", None, True, 0.9)

    def lead(question):
        answer = Answer(question=question, posting_id="p", text="", model="none", intent="hours", language="en")
        return _yes_no(hours, answer, card, ["working_hours", "employment_type"])

    assert lead("Can I do this PhD part-time?") == ""  # full-time offered; part-time not ruled out
    assert lead("Is the position part-time?") == "No. "
    assert lead("Is it a full-time job?") == "Yes. "
    assert lead("Can I work full-time?") == "Yes. "


def test_a_documents_list_naming_no_document_is_no_list_of_documents(monkeypatch):
    from summariser.cards.schema import JobCard
    from summariser.qa import facts
    from summariser.qa.intents import Intent
    from summariser.qa.models import Answer

    apply = Intent("how_to_apply", "documents", False, 0.9)

    def listed(items):
        card = JobCard(posting_id="p", application_documents=items)
        monkeypatch.setattr(facts, "parsed_card", lambda index, posting_id: card)
        answer = Answer(question="Which documents must I attach?", posting_id="p", text="", language="en")
        return facts.list_answer_into(answer, None, apply), answer.text

    assert listed(["Documents in other languages must be translated into English"]) == (False, "")
    done, text = listed(["CV", "a cover letter"])
    assert done and text == "The posting lists: CV; a cover letter."


def test_when_one_works_is_no_card_fact_though_how_much_is():
    from summariser.qa.facts import fact_answer_into
    from summariser.qa.intents import Intent
    from summariser.qa.models import Answer

    answer = Answer(question="Hvilke tider må jeg jobbe?", posting_id="p", text="", model="m", language="no")
    assert not fact_answer_into(answer, None, Intent("hours", "schedule", False, 0.9))  # the passages say when
    assert answer.text == ""


def test_a_cards_language_evidence_is_the_quote_naming_it():
    from summariser.cards.schema import Evidence, JobCard
    from summariser.qa.facts import language_evidence

    shared = Evidence(quote="Proof of proficiency in Finnish, Swedish or English.", provenance="text", start=0, end=52)
    dutch = Evidence(
        quote="If you do not speak Dutch at the start, we offer courses.", provenance="text", start=60, end=117
    )
    card = JobCard(posting_id="p", languages=["Finnish", "Swedish", "Dutch"], evidence={"languages": [shared, dutch]})
    assert language_evidence(card, "Swedish") is shared  # two languages, one sentence: not the second quote
    assert language_evidence(card, "Dutch") is dutch
    assert language_evidence(card, "German") is None
    named = Evidence(quote="The working languages are English and German.", provenance="text", start=0, end=45)
    skill = Evidence(quote="A basic knowledge of German is essential.", provenance="text", start=50, end=91)
    both = JobCard(posting_id="p", languages=["English", "German"], evidence={"languages": [named, skill]})
    assert language_evidence(both, "German") is skill  # as the card chose it: asked for as a skill
    assert language_evidence(both, "English") is named
