import math

from summariser.evaluation.card_metrics import card_field_correct, grade_card, score_cards

TEXT = "Salary NOK 550 000. Apply by 1 March 2026. The position is in Tromsø."


def test_field_rules():
    assert card_field_correct("deadline", "2026-03-01", "2026-03-01")
    assert not card_field_correct("deadline", "2026-03-02", "2026-03-01")
    assert card_field_correct("location", "Tromsø, Norway", "Tromsø")  # normalised containment
    assert card_field_correct("work_mode", "on_site", "on site")
    assert card_field_correct(
        "salary", {"min": 1, "max": 2, "currency": "NOK", "period": "year"}, {"min": 1, "max": 2, "currency": "NOK"}
    )
    assert not card_field_correct(
        "salary", {"min": 1, "max": 3, "currency": "NOK"}, {"min": 1, "max": 2, "currency": "NOK"}
    )
    assert card_field_correct("deadline", None, None)  # not stated, left empty
    assert not card_field_correct("deadline", "2026-03-01", None)  # not stated, filled: wrong
    assert not card_field_correct("location", None, "Tromsø")


def test_grade_and_score_cards():
    gold = [
        {
            "posting_id": "p",
            "gold": {
                "location": "Tromsø",
                "deadline": "2026-03-01",
                "start_date": None,
                "must_mention": {"qualifications": ["Python", "PhD"]},
            },
            "not_stated": ["start_date"],
        }
    ]
    card = {
        "posting_id": "p",
        "location": "Tromsø",
        "deadline": "2026-03-02",
        "start_date": "2026-08-01",
        "qualifications": ["Python programming"],
        "evidence": {"location": ["The position is in Tromsø."], "deadline": ["invented"]},
    }
    grade = grade_card(gold[0], card)
    assert set(grade["wrong"]) == {"deadline", "start_date"} and grade["filled_not_stated"] == ["start_date"]
    scores = score_cards(gold, {"p": card}, {"p": TEXT})
    # scalar accuracy counts the fields the posting states; the filled start date counts below
    assert scores["scalar_accuracy"] == 1 / 2 and scores["per_field"] == {"location": 1.0, "deadline": 0.0}
    assert scores["not_stated_filled_rate"] == 1.0 and scores["not_stated_respected"] == 0.0
    assert scores["must_mention_recall"] == 0.5
    assert scores["evidence_valid"] == 0.5
    assert scores["lists_with_3_to_8_items"] == 0.0 and scores["list_items_short"] == 1.0
    assert math.isnan(score_cards(gold, {}, {})["scalar_accuracy"])


def test_scores_per_group_and_evidence_with_provenance():
    gold = [
        {"posting_id": "a", "dataset": "d1", "gold": {"location": "Tromsø"}, "not_stated": []},
        {"posting_id": "b", "dataset": "d2", "gold": {"location": "Oslo"}, "not_stated": []},
    ]
    cards = {
        "a": {
            "location": "Tromsø",
            "evidence": {"location": [{"provenance": "text", "quote": "Tromsø", "start": 62, "end": 68}]},
        },
        "b": {
            "location": "Bergen",
            "evidence": {"location": [{"provenance": "source:fields.location", "quote": "Bergen"}]},
        },
    }
    scores = score_cards(gold, cards, {"a": TEXT, "b": ""}, {"dataset": lambda row: row["dataset"]})
    assert scores["scalar_accuracy"] == 0.5 and scores["evidence_valid"] == 1.0
    assert scores["by_dataset"]["d1"]["scalar_accuracy"] == 1.0 and scores["by_dataset"]["d2"]["scalar_accuracy"] == 0.0
    moved = {
        "a": {**cards["a"], "evidence": {"location": [{"provenance": "text", "quote": "Tromsø", "start": 0, "end": 6}]}}
    }
    assert score_cards(gold[:1], moved, {"a": TEXT})["evidence_valid"] == 0.0  # offsets must point at the quote
