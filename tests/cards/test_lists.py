import numpy as np
import pytest

from summariser.cards import lists
from summariser.cards.classifier import LABELS
from summariser.cards.document import CardText


class _Fake:
    """A classifier that is never confident and gives each sentence the probabilities its text asks for."""

    def __init__(self, probs: dict[str, dict[str, float]]):
        self.labels = list(LABELS)
        self.probs = probs
        self.asked: list[str] = []

    def probabilities(self, texts, language="en"):
        self.asked += texts
        rows = []
        for text in texts:
            given = next((p for key, p in self.probs.items() if key in text), {"other": 1.0})
            rows.append([given.get(label, 0.0) for label in self.labels])
        return np.array(rows, np.float32)

    def confident(self, label, prob, posting_has_headings=True):
        return False


@pytest.fixture
def fake(monkeypatch):
    def install(probs):
        model = _Fake(probs)
        monkeypatch.setattr(lists, "section_classifier", lambda language="en": model)
        return model

    return install


TEXT = (
    "The project will study glacier melt with satellite radar and field campaigns.\n\n"
    "The university lies in a quiet city by the sea.\n\n"
    "Travel to two conferences a year is paid for every student.\n\n"
    "Sunny views from every window of the new building.\n\n"
    "Knowledge of radar interferometry is helpful to have.\n\n"
    "Qualifications\n\n• A PhD in physics.\n• Fluent English.\n• A driving licence.\n"
)
PROBS = {
    "glacier": {"responsibility": 0.3, "other": 0.7},  # likeliest card list, above chance, not confident
    "quiet city": {"responsibility": 0.1, "other": 0.9},  # below chance
    "Travel": {"benefit": 0.4, "qualification": 0.2, "other": 0.4},
    "Sunny": {"benefit": 0.5, "other": 0.5},  # no benefit cue word
    "radar interferometry": {"qualification": 0.6, "other": 0.4},
}


def test_a_short_list_is_topped_up_with_the_likeliest_unheaded_units(fake):
    fake(PROBS)
    got = {field: [item for item, _ in items] for field, items in lists.read_lists(CardText(TEXT)).items()}
    assert any("glacier melt" in item for item in got["responsibilities"])  # a duty needs no cue word
    assert not any("quiet city" in item for item in got.get("responsibilities", []))  # below chance
    assert any("Travel to two conferences" in item for item in got["benefits"])
    assert not any("Sunny" in item for item in got["benefits"])  # a benefit still needs its cue
    assert not any("radar interferometry" in item for item in got["qualifications"])  # three already: full enough


def test_a_unit_goes_only_to_the_card_list_the_classifier_ranks_first(fake):
    fake({"Travel": {"qualification": 0.3, "benefit": 0.25, "other": 0.45}})
    text = "Travel to two conferences a year is paid for every student and knowledge of radar is required.\n"
    got = lists.read_lists(CardText(text))
    assert "benefits" not in got and "qualifications" in got


def test_topped_up_items_come_after_the_confident_ones():
    confident = lists._Found("benefits", (0, 5), order=3, prob=0.5)
    topped = lists._Found("benefits", (10, 15), order=1, prob=0.9, topped=True)
    headed = lists._Found("benefits", (20, 25), order=2, prob=None)
    assert lists._spans([topped, confident, headed]) == [(20, 25), (0, 5), (10, 15)]


def test_units_already_classified_are_not_scored_again(fake):
    model = fake(PROBS)
    lists.read_lists(CardText(TEXT))
    assert len(model.asked) == len(set(model.asked))


def test_a_unit_the_classifier_ranks_a_contact_is_not_topped_up(fake):
    fake({"Dr Smith": {"contact": 0.4, "responsibility": 0.3, "other": 0.3}})
    got = lists.read_lists(CardText("For more on the project and the group write to Dr Smith at the lab.\n"))
    assert "responsibilities" not in got


def test_a_unit_under_a_heading_it_does_not_fit_can_top_up_another_list(fake):
    # flat text: the duties heading's reach runs on into the funding sentence
    text = (
        "Duties  Run the field campaigns.  "
        "The studentship covers tuition fees at the home rate and a generous stipend for all of its three years."
    )
    fake({"studentship covers": {"benefit": 0.4, "responsibility": 0.2, "other": 0.4}})
    got = {field: [item for item, _ in items] for field, items in lists.read_lists(CardText(text)).items()}
    assert any("tuition fees" in item for item in got["benefits"])
    assert not any("tuition fees" in item for item in got["responsibilities"])


def test_top_ups_score_only_units_a_short_list_could_take(fake):
    model = fake({})
    text = (
        "The campus lies in a quiet green city by the sea.\n\n"
        "Duties\n\n• Run the field campaigns.\n• Teach one course.\n• Write the thesis.\n\n"
        "Qualifications\n\n• A PhD in physics.\n• Fluent English.\n• A driving licence.\n\n"
        "We offer\n\n• A pension.\n• Flexible hours.\n• Free lunch.\n"
    )
    lists.read_lists(CardText(text))
    assert not any("quiet green city" in asked for asked in model.asked)  # only documents are short: no cue


def test_a_document_list_that_lost_its_heading_leaves_the_benefits_before_it():
    text = (
        "We offer:\n\n  • Pension scheme through the state pension fund\n  • Flexible working hours\n"
        "  • An introduction and motivation letter (max 1-2 pages), with why you are the right candidate.\n"
        "  • CV (max 2 pages).\n  • Official transcripts of grades for the bachelor's and master's degree\n"
        "  • Pertinent master or diploma in computer science\n"
    )
    found = {field: [item for item, _ in items] for field, items in lists.read_lists(CardText(text)).items()}
    documents = " | ".join(found.get("application_documents", []))
    assert "motivation letter" in documents and "CV" in documents and "Official transcripts" in documents
    assert "Pension scheme through the state pension fund" in found["benefits"]
    assert "diploma in computer science" not in documents  # a diploma there is a degree
    skill = "We offer:\n\n  • Experience with interview transcripts and qualitative coding\n  • A pension\n"
    found = lists.read_lists(CardText(skill))
    assert not any("transcripts" in item for item, _ in found.get("application_documents", []))
