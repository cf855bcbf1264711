import pytest

from summariser.qa.facts import _asks_for_documents


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
    assert _asks_for_documents(question) is documents
