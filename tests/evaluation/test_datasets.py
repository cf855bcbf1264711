import pytest

from summariser.errors import ConfigError
from summariser.evaluation.datasets import load_card_gold, load_items, load_judge_items


@pytest.mark.parametrize(
    ("loader", "content", "message"),
    [
        (load_judge_items, '{"id": "x", "response": "r"}\n', "lacks context"),
        (load_items, "\n", "no questions"),
        # results are matched by id: a repeat would silently overwrite one
        (
            load_items,
            '{"id": "q1", "question": "a?"}\n\n{"id": "q1", "question": "b?"}\n',
            "line 3: id 'q1' already used on line 1",
        ),
        (load_judge_items, '{"id": "q1", "question": "a?"}\n{"id": "q2", \n', "line 2: not a JSON object"),
        (
            load_card_gold,
            '{"posting_id": "p", "gold": {}}\n{"posting_id": "p", "gold": {}}\n',
            "posting_id 'p' already used",
        ),
        (load_items, '{"question": "a?"}\n', "line 1: no id"),
        (load_judge_items, '{"id": ["x"], "context": "c", "response": "r"}\n', "line 1: no id"),
    ],
)
def test_loaders_explain_bad_input(tmp_path, loader, content, message):
    path = tmp_path / "data.jsonl"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        loader(path)
