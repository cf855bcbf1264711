from summariser.llm import usefulness


def test_a_kept_value_the_gold_contradicts_does_not_count_as_help(monkeypatch):
    table = {
        "gated/model": {"card_fill": {"produced": 10, "kept": 6, "judged": 10, "right": 1}},
        "right/model": {"card_fill": {"produced": 10, "kept": 4, "judged": 8, "right": 4}},
        "old/model": {"card_fill": {"produced": 10, "kept": 3}},  # measured before 'right' was recorded
    }
    monkeypatch.setattr(usefulness, "measurements", lambda: table)
    assert usefulness.survival("gated/model", "card_fill") == 0.1
    assert not usefulness.use_model("gated/model", "card_fill", "auto")
    assert usefulness.survival("right/model", "card_fill") == 0.5
    assert usefulness.use_model("right/model", "card_fill", "auto")
    assert usefulness.survival("old/model", "card_fill") == 0.3
    assert usefulness.survival("unmeasured/model", "card_fill") is None
    assert usefulness.use_model("unmeasured/model", "card_fill", "auto")
