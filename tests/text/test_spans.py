from summariser.text import spans


def test_sentences_keep_offsets_and_abbreviations():
    text = "Apply by e.g. email. The post is full time!  Salary: NOK 550 800.\n• Pension"
    got = [text[a:b] for a, b in spans.sentences(text)]
    assert got == ["Apply by e.g. email.", "The post is full time!", "Salary: NOK 550 800.", "• Pension"]


def test_paragraphs_split_on_blank_lines_and_runs_of_spaces():
    text = "First para\nstill first.\n\nSecond.   Third in a flat feed."
    assert [text[a:b] for a, b in spans.paragraphs(text)] == [
        "First para\nstill first.",
        "Second.",
        "Third in a flat feed.",
    ]


def test_subtract_cuts_holes():
    assert spans.subtract((0, 100), [(10, 20), (50, 60), (200, 300)]) == [(0, 10), (20, 50), (60, 100)]
    assert spans.subtract((10, 20), [(0, 30)]) == []


def test_find_quote_is_whitespace_insensitive():
    text = "You must be able to start in the position\nwithin a reasonable time."
    start, end = spans.find_quote(text, "start in the position within a reasonable time")
    assert text[start:end] == "start in the position\nwithin a reasonable time"
    assert spans.find_quote(text, "start tomorrow") is None


def test_lines_broken_mid_sentence_are_rejoined():
    text = "Closing date: 13\n\nNovember 2015\n\nInterview dates: Tuesday 15\n\nand Wednesday 16\n\nDecember 2015\n\n• CV\n• Cover letter"
    got = [text[a:b] for a, b in spans.sentences(text)]
    assert got == [
        "Closing date: 13\n\nNovember 2015",
        "Interview dates: Tuesday 15\n\nand Wednesday 16\n\nDecember 2015",
        "• CV",
        "• Cover letter",
    ]


def test_contains_words_matches_whole_words_whitespace_aside():
    assert spans.contains_words("Flexible working\n hours and a pension", "working  hours")
    assert not spans.contains_words("The position is unpaid.", "paid")
    assert not spans.contains_words("Laptops for all", "laptop")
    assert spans.contains_words("Pay (NOK 500 000) per year", "(NOK 500 000)")


def test_a_title_joined_by_a_hyphen_does_not_end_the_sentence():
    text = "The position is in the research group of Univ.-Prof. Dr. Philipp Grohs. Apply online."
    assert [text[a:b] for a, b in spans.sentences(text)] == [
        "The position is in the research group of Univ.-Prof. Dr. Philipp Grohs.",
        "Apply online.",
    ]


def test_a_full_stop_whose_space_the_feed_lost_still_ends_the_sentence():
    def split(text):
        return [text[a:b] for a, b in spans.sentences(text)]

    assert split("We teach and do administrative tasks.We expect you to sign within 12 months.") == [
        "We teach and do administrative tasks.",
        "We expect you to sign within 12 months.",
    ]
    assert split("Gode lønnsbetingelser.Gode muligheter.") == ["Gode lønnsbetingelser.", "Gode muligheter."]
    for whole in (
        "Write to Marieke.Jeuken@wur.nl today.",
        "See e.g.The guide on jobs.ac.uk now.",
        "Led by Dr.Smith now.",
    ):
        assert split(whole) == [whole]  # an address, an abbreviation, a title
