from summariser.qa.evidence import Sentence, with_what_follows
from summariser.text.spans import sentences

TEXT = (
    "About the post.\nThe application package should contain:\n- a letter of intent\n- a CV\n"
    "- two letters of recommendation\nWe look forward to your application, which we will read carefully and soon."
)


def _pool(text: str) -> list[Sentence]:
    return [Sentence("p", "t", "", a, b, text[a:b], 1) for a, b in sentences(text)]


def test_a_lead_in_is_quoted_with_the_list_it_announces():
    pool = _pool(TEXT)
    lead = next(s for s in pool if s.text.endswith(":"))
    quoted = [s.text for s in with_what_follows([lead], pool)]
    assert quoted == [lead.text, "- a letter of intent", "- a CV", "- two letters of recommendation"]


def test_a_sentence_that_is_no_lead_in_is_left_alone():
    pool = _pool(TEXT)
    first = pool[0]
    assert with_what_follows([first], pool) == [first]


def test_a_row_of_headings_with_nothing_under_them_is_no_answer():
    from summariser.qa.evidence import only_headings

    for text, heading in [
        ("Person Specification Essential: Desirable", True),
        ("Kvalifikasjoner", True),
        ("Heidelberg University", False),  # a name, not a heading
        ("Contact: Dr Smith", False),
        ("Salary: £30,000", False),
        ("Essential: a PhD in physics.", False),
    ]:
        assert only_headings(_pool(text)[0]) is heading, text


def test_a_lead_in_whose_list_is_missing_announces_nothing():
    from summariser.qa.evidence import announces_nothing

    missing = "Always attach the following documents:\n\n\nHow to apply:\nUse the portal."
    pool = _pool(missing)
    assert announces_nothing(pool[0], missing)
    last = "Please attach:"
    assert announces_nothing(_pool(last)[0], last)
    pool = _pool(TEXT)
    lead = next(s for s in pool if s.text.endswith(":"))
    assert not announces_nothing(lead, TEXT)  # its list follows
    assert not announces_nothing(pool[0], TEXT)  # no lead-in
