"""Key terms of a question and whether a sentence holds them, in either language."""

from summariser.qa import terms


def test_stems_of_one_word_match_and_different_words_do_not():
    assert terms.term_overlap("Kan jobben kombineres med studier?", "i kombinasjon med studier") == 1.0
    assert terms.term_overlap("Is the office in Oslo?", "Our offices are in Bergen") == 0.5
    assert terms.term_overlap("Is there a canteen?", "There is a cantor") == 0.0


def test_key_terms_cross_languages():
    assert terms.term_overlap("Trenger jeg førerkort?", "A valid driving licence is required.") == 1.0
    assert terms.term_overlap("Is a driving licence required?", "The application URL is here.") == 0.0


def test_a_question_is_searched_with_the_other_languages_words_for_its_terms():
    assert {"salary", "pay"} <= set(terms.translated("Hva er lønnen?"))
    assert "teaching" in terms.translated("Må jeg undervise i denne stillingen?")  # undervise ~ undervisning
    assert terms.translated("What is the salary?") == ["lønn"]
    assert terms.translated("Is there a canteen?") == []


def test_norwegian_determiners_and_possessives_are_no_key_terms():
    assert terms.key_terms("Trenger jeg førerkort for denne jobben?") == ["førerkort"]
    assert terms.key_terms("Hva er mine oppgaver i dette prosjektet?") == [
        terms.stem("oppgaver"),
        terms.stem("prosjektet"),
    ]


def test_the_phd_that_is_the_post_is_no_key_term_but_a_phd_held_is():
    assert "phd" not in terms.key_terms("Will I have to travel as part of the PhD?")
    assert "phd" in terms.key_terms("I already have a PhD in statistics. Am I eligible?")


def test_where_a_project_is_carried_out_crosses_languages():
    question = "Hvor skal prosjektet gjennomføres?"
    assert terms.holds_terms(
        terms.key_terms(question), "The project will be conducted at the University of East Anglia."
    )


def test_a_word_of_the_lexicon_is_matched_by_its_stem_as_translated_matches_it():
    assert "teaching" in terms.translated("Må jeg undervise?")
    assert terms.term_overlap("Må jeg undervise?", "We expect you to assist in teaching.") == 1.0


def test_country_and_opportunity_words_cross_languages():
    assert terms.term_overlap("Blir det mulighet for opphold i Norge?", "an opportunity for a stay in Norway") == 1.0
