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
    assert scores["scalar_accuracy"] == 1 / 3
    assert scores["not_stated_filled_rate"] == 1.0 and scores["not_stated_respected"] == 0.0
    assert scores["must_mention_recall"] == 0.5
    assert scores["evidence_valid"] == 0.5
    assert math.isnan(score_cards(gold, {}, {})["scalar_accuracy"])
