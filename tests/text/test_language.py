import pytest

from summariser.text.language import posting_language, question_language


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Hva er lønnen?", "no"),
        ("What is the salary?", "en"),
        ("og lønna?", "no"),  # a follow-up
        ("and the salary?", "en"),
        ("kor mykje tener ein?", "no"),  # nynorsk / dialect
        ("hva er lonnen", "no"),  # typed without æ/ø/å
        ("whats teh salary", "en"),  # typos
        ("what does 'fast stilling' mean?", "en"),  # a quoted term in the other language
        ("Må jeg ha førerkort?", "no"),
    ],
)
def test_question_language(question, language):
    assert question_language(question) == language


def test_questions_nothing_decides_follow_the_conversation():
    assert question_language("") == "en" and question_language("?", previous="no") == "no"
    assert question_language("PhD?", previous="no") == "no" and question_language("PhD?", previous="en") == "en"


def test_posting_language_reads_long_text():
    assert posting_language("Vi søker en engasjert medarbeider til vårt kontor i Bergen. Stillingen er fast.") == "no"
    assert posting_language("We are looking for a postdoctoral researcher in machine learning at our lab.") == "en"
    assert posting_language("Die Stelle ist zunächst auf zwei Jahre befristet und in Vollzeit zu besetzen.") == "de"
