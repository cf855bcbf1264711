from summariser.cards.items import MAX_WORDS, item_pieces, item_spans, key_clause, names_degree, names_skill


def _items(text, documents=False):
    spans = item_spans(text, 0, len(text), documents)
    return [text[a:b] for a, b in spans]


def test_a_long_sentence_becomes_its_key_clause_a_verbatim_span():
    text = (
        "Intro.  The successful candidate will have a PhD in statistics or a closely related field, "
        "with a strong publication record in Bayesian inference and excellent programming skills in R."
    )
    start = text.index("The successful")
    a, b = key_clause(text, start, len(text))
    item = text[a:b]
    assert item == "PhD in statistics or a closely related field"  # no lead-in, cut at a clause boundary
    assert len(item.split()) <= MAX_WORDS
    assert text[a:b] == item and a > start  # offsets into the posting, not into the sentence


def test_what_a_cut_leaves_comes_back_as_short_verbatim_continuations():
    text = (
        "The project is concerned with the rigorous analysis of electrical networks with random energy "
        "production and consumption as well as electrical energy storage."
    )
    items, rests = item_pieces(text, 0, len(text))
    assert [text[a:b] for a, b in items] == [
        "The project is concerned with the rigorous analysis of electrical networks with random energy production"
    ]
    assert [text[a:b] for a, b in rests] == ["consumption as well as electrical energy storage"]  # no joining 'and'
    text = (
        "Applications should include a CV, as well as transcripts of marks obtained on your degree(s) and the "
        "names and contact details of two academic referees."
    )
    _, rests = item_pieces(text, 0, len(text), documents=True)
    assert [text[a:b] for a, b in rests] == ["the names and contact details of two academic referees"]  # not 's) …'
    short = "• Flexible working hours."
    assert item_pieces(short, 0, len(short)) == ([(2, 24)], [])  # nothing was cut, nothing left


def test_a_cut_at_the_word_limit_does_not_strand_the_last_word_or_two():
    text = "We develop and analyse three-dimensional mathematical models of calcium dynamics in spines using finite element methods."
    items, rests = item_pieces(text, 0, len(text))
    pieces = [text[a:b] for a, b in items + rests]
    assert pieces[-1] == "finite element methods"  # not '… using finite element' and a lost 'methods'
    assert all(len(piece.split()) <= MAX_WORDS for piece in pieces)
    assert " ".join(pieces) == text.rstrip(".")  # nothing dropped, nothing said twice


def test_short_items_stay_whole_and_a_bare_lead_in_gives_nothing():
    assert _items("• Flexible working hours.") == ["Flexible working hours"]
    text = "Preferred candidates should have"
    assert key_clause(text, 0, len(text)) == (0, 0)


def test_documents_and_announced_lists_become_one_item_each():
    assert _items("Please send a CV, a cover letter and two references to hr@example.org.", documents=True) == [
        "a CV",
        "a cover letter",
        "two references to hr@example.org",
    ]
    text = (
        "The University offers a competitive package which includes retirement benefits, annual leave, "
        "a medical and dental scheme, housing assistance and a relocation allowance."
    )
    assert _items(text) == [
        "retirement benefits",
        "annual leave",
        "a medical and dental scheme",
        "housing assistance",
        "a relocation allowance",
    ]


def test_degrees_and_skills():
    assert names_degree("an upper second class honours degree in engineering")
    assert names_degree("Fagbrev som bilmekaniker")
    assert not names_degree("experience with graduate school administration")
    assert names_skill("Good communication skills")
    assert names_skill("Nøyaktig og løsningsorientert")
    assert not names_skill("A PhD in chemistry")
