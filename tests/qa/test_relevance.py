"""The relevance gate: a quote is an answer only if it addresses the question's focus."""

import pytest

from summariser.qa import relevance, terms


def test_a_date_answers_a_deadline_question_only_beside_a_deadline_cue():
    assert relevance.typed_answer("deadline", "The application deadline is 12 October 2020.")
    assert not relevance.typed_answer("deadline", "The expected start date is 1 January 2021.")
    assert not relevance.typed_answer("deadline", "Applications are only accepted within the deadline.")
    assert relevance.typed_answer("tasks", "You will teach.") is None  # not a value question
    assert relevance.typed_answer("deadline", "We look forward to receiving your CV by 15 April 2020.")
    assert not relevance.typed_answer("deadline", "If you have not received an invitation to interview by 2 May 2015")
    assert not relevance.typed_answer("deadline", "October 2016 Applicants must expect to receive a 2:1 degree.")
    assert not relevance.typed_answer("deadline", "The results will be presented by 1 May 2020.")  # not 'sent by'


@pytest.mark.parametrize(
    ("intent", "question", "whole"),
    [
        ("requirements", "What are the requirements?", True),
        ("requirements", "Hvilke krav stilles til søkerne?", True),
        ("requirements", "What grades do I need on my master's degree?", False),
        ("tasks", "Hva blir arbeidsoppgavene mine?", True),
        ("tasks", "Hva går arbeidsoppgavene ut på?", True),
        ("how_to_apply", "What should the application package contain?", True),
        ("benefits", "What does the employer offer?", True),
        ("how_to_apply", "Which documents do I have to attach to my application?", True),
        ("deadline", "What is the deadline?", False),
    ],
)
def test_a_list_answers_only_a_question_about_the_whole_list(intent, question, whole):
    assert relevance.asks_for_whole_list(intent, question) is whole


def test_the_shipped_gate_is_fitted_and_prefers_the_typed_on_topic_sentence():
    gate = relevance.gate()
    assert gate is not None and 0 < gate.threshold < 1

    def p(sentence, rank, similarity):
        values = relevance.features("deadline", "When is the deadline?", "en", sentence, "", similarity, 0.9, rank)
        return gate.probability(values)

    on_topic = p("The application deadline is 12 October 2020.", 1, 0.85)
    off_topic = p("We look forward to receiving your application.", 0, 0.9)
    assert on_topic > gate.threshold and on_topic > off_topic


def test_a_named_language_must_be_the_one_the_passage_is_about():
    assert terms.named_languages("Do I need to speak German?") == [relevance.stem("german")]
    assert terms.named_languages("Må jeg kunne tysk?")
    assert not relevance.holds_terms(terms.named_languages("Må jeg kunne tysk?"), "English proficiency is required.")
    assert relevance.holds_terms(terms.named_languages("Må jeg kunne tysk?"), "Good German is an advantage.")
    assert terms.named_languages("What is the salary?") == []


def test_a_question_about_one_kind_of_requirement_needs_a_passage_on_that_kind():
    values = {"untyped_value": 0.0}
    experience = "Men også deg som har minst 2 års erfaring hvis du ikke har fagbrev."
    assert relevance.ruled_out(values, "Må jeg ha førerkort?", experience, sub="driving_licence")
    assert not relevance.ruled_out(values, "Må jeg ha førerkort?", "Førerkort klasse B", sub="driving_licence")
    assert not relevance.ruled_out(values, "Hva kreves?", experience, sub=None)  # any requirement will do
    route = "To apply for this studentship please submit an application to the University."
    assert relevance.ruled_out(values, "Do I need a master's degree?", route, sub="degree")
    any_field = "Applicants are welcome from any field but particularly sought from engineering."
    assert not relevance.ruled_out(values, "My degree is in physics. Can I apply?", any_field, sub="degree")
    assert relevance.ruled_out(values, "How much experience do I need?", route, sub="experience")
    the_post = "The PhD candidate will also contribute to field studies in Africa."
    assert relevance.ruled_out(values, "What degree do I need to apply for this PhD?", the_post, sub="degree")
    held = "Applicants must hold a PhD in ecology or a master's in a related field."
    assert not relevance.ruled_out(values, "What degree do I need to apply for this PhD?", held, sub="degree")


def test_a_place_question_needs_a_passage_that_places_the_work():
    values, question = {"untyped_value": 0.0}, "Hvor ligger arbeidsstedet?"
    assert relevance.ruled_out(values, question, "Et inkluderende og hyggelig arbeidsmiljø", sub="place")
    for said in ("Arbeidssted: Mo i Rana", "Kontoret ligger sentralt.", "The post is based at the Exeter campus."):
        assert not relevance.ruled_out(values, question, said, sub="place"), said


def test_a_language_question_needs_a_passage_on_speaking_it_not_a_document_written_in_it():
    values, question = {"untyped_value": 0.0}, "I don't speak any German. Can I still apply?"
    call = "The full call for application (in German) including the salary can be found here: https://x.at/1"
    assert relevance.ruled_out(values, question, call, sub="language")
    for said in (
        "A basic knowledge of German is essential.",
        "Internal communication is in German.",
        "German-speaking",
    ):
        assert not relevance.ruled_out(values, question, said, sub="language")
    assert not relevance.ruled_out(
        values, "Må jeg kunne norsk?", "Du må snakke og skrive norsk flytende.", sub="language"
    )


@pytest.mark.parametrize(
    ("question", "passage", "out"),
    [
        ("What email address should I use?", "Questions may be sent to the head of group.", True),
        ("What email address should I use?", "Contact Dr Smith at j.smith@example.ac.uk.", False),
        ("What email address should I use?", "Write to jane[at]example.org.", False),
        ("Hva er telefonnummeret?", "Spørsmål kan rettes til daglig leder.", True),
        ("What is the phone number of the contact?", "Phone: +47 77 64 40 00", False),
        ("Which website do I apply through?", "Apply through our recruitment portal.", True),
        ("Which website do I apply through?", "Apply at www.jobbnorge.no.", False),
        ("Who is the contact person?", "Questions may be sent to the head of group.", False),  # asks no form
    ],
)
def test_a_question_asking_for_an_address_or_number_needs_a_passage_holding_one(question, passage, out):
    assert relevance.ruled_out({"untyped_value": 0.0}, question, passage) is out


def test_an_empty_field_label_at_the_end_says_nothing_on_its_subject():
    euraxess = "Eligibility criteria: The candidate must hold a PhD: Nationality/ies:"
    assert "Nationality" not in relevance.context_of("", euraxess)
    assert relevance.context_of("Contact", "Name: Jane Doe, email:") == "Contact Name: Jane Doe"
    assert (
        relevance.context_of("", "Applicants must hold: a PhD in physics.")
        == " Applicants must hold: a PhD in physics."
    )
    values = {"untyped_value": 0.0}
    context = relevance.context_of("", euraxess)
    assert relevance.ruled_out(values, "Are there nationality requirements?", context, sub="nationality")


def test_a_question_on_the_documents_needs_a_passage_naming_one():
    values = {"untyped_value": 0.0}
    invited = "Students with at least an upper second class honours degree are invited to apply."
    assert relevance.ruled_out(values, "What documents do I need to submit?", invited, sub="documents")
    for named in ("Please attach a CV and a cover letter.", "Legg ved vitnemål og attester.", "Upload your files."):
        assert not relevance.ruled_out(values, "What documents do I need to submit?", named, sub="documents")


def test_topic_terms_leave_out_the_words_that_ask_for_a_list():
    assert relevance.topic_terms("Besides writing the dissertation, what duties does the position include?") == [
        "besid",
        "writ",
        "dissert",
    ]


def test_a_candidate_holding_the_address_asked_for_gives_it():
    call = "http://www.unisalento.it - sezione bandi e concorsi"
    assert relevance.gives_asked_form("Where can I find the official call for applications?", call)
    assert relevance.ruled_out({"untyped_value": 0.0}, "Where can I find the official call?", "See the call.")
    assert not relevance.gives_asked_form("Who is the contact person?", "Contact jane@example.org.")  # asks no form
    assert relevance.gives_asked_form("What email address should I use?", "Contact jane@example.org.")


def test_concepts_need_their_words_not_any_letter_after_a_preposition():
    values = {"untyped_value": 0.0}
    assert relevance.ruled_out(values, "Hvor ligger arbeidsstedet?", "Med fokus på faglig utvikling.", sub="place")
    assert relevance.ruled_out(values, "If you are interested, apply.", "If you are interested, apply.", sub="place")
    assert relevance.ruled_out(values, "Do I need German?", "The call is already published in German.", sub="language")
    assert not relevance.gives_asked_form("Where can I find the salary scale?", "Write to post@uib.no")


def test_a_kind_of_requirement_is_spoken_of_by_its_own_words_not_by_look_alikes():
    assert relevance.speaks_of("nationality", "Applications are invited from nationals of the Member States.")
    assert relevance.speaks_of("nationality", "Søkere fra land utenfor EU må ha oppholdstillatelse.")
    assert not relevance.speaks_of("nationality", "We model snow over land and sea ice.")
    assert relevance.speaks_of("nationality", "Applicants from Finland, Poland or Ireland are preferred.")
    assert not relevance.speaks_of("degree", "Kinship and the degree of polymorphism affect the tags.")
    assert relevance.speaks_of("degree", "Applicants hold a degree of Master of Science in ecology.")
    assert relevance.speaks_of(None, "Anything at all.")  # a question about no one kind


def test_words_of_an_asked_kind_the_requirement_words_lack_answer_its_question():
    nationals = "Applications are invited from nationals of ECMWF Member States and Co-operating States."

    def answers_kind(sub):
        q = "I'm a Canadian citizen. Can I apply?"
        return relevance.features("requirements", q, "en", nationals, "", 0.8, 0.8, 0, sub)["answers_kind"]

    assert answers_kind("nationality") == 1.0
    assert answers_kind(None) == 0.0  # as a requirement in general it says nothing the words know
    fagbrev = relevance.features("requirements", "Kan jeg søke?", "no", "Du har fagbrev.", "", 0.8, 0.8, 0, "degree")
    assert fagbrev["answers_kind"] == 0.0  # degrees are requirement words already; their kind adds nothing


def test_a_schedule_question_needs_a_passage_on_times_of_the_day_or_week():
    assert relevance.speaks_of("schedule", "Jobben foregår hovedsakelig på kveldstid og i helger.")
    assert relevance.speaks_of("schedule", "You will work rotating shifts, including nights.")
    assert not relevance.speaks_of("schedule", "Stillingsprosent: 50%, midlertidig")
    for other in ("We reply within 14 days.", "Søknaden sendes til daglig leder.", "Pay grade 54 - 58."):
        assert not relevance.speaks_of("schedule", other)
