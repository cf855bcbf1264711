import json
import math

import pytest

from summariser.errors import ConfigError
from summariser.grounding import HARD_RULES, Rule, alignment, check
from summariser.grounding.judge import PARAMS, QUOTED, OfflineJudge, Params, attributed_quote, claims_of

CONTEXT = (
    "Activists in London dumped gallons of yellow and blue paint in front of the Russian embassy on Thursday morning. "
    "The protest comes on the eve of the one-year anniversary of Russia's invasion of Ukraine. "
    "Police said that 12 people were arrested after the protest. "
    "The group did not give a reason for choosing the embassy."
)
VERBATIM = "Police said that 12 people were arrested after the protest."


@pytest.fixture(scope="module")
def judge(embed_model):
    return OfflineJudge(embed_model=embed_model)


def test_params_file_matches_the_features():
    data = json.loads(PARAMS.read_text(encoding="utf-8"))
    assert data["features"] == alignment.FEATURES
    assert len(data["weights"]) == len(data["mean"]) == len(data["scale"]) == len(alignment.FEATURES)
    assert 0.0 < data["threshold"] < 1.0 and all(math.isfinite(w) for w in data["weights"])
    params = Params.load()
    assert params.weights.shape == (len(alignment.FEATURES),)


def test_params_fitted_on_other_features_are_refused(tmp_path):
    data = json.loads(PARAMS.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="refit"):
        Params.load(path)


def test_empty_response_is_vacuously_supported(judge):
    for response in ("", "   ", "…", "- -"):
        verdict = judge.judge(CONTEXT, response)
        assert (verdict.score, verdict.pred, verdict.claims, verdict.judge) == (1.0, 1, [], "offline")


def test_verbatim_and_paraphrase_are_supported(judge):
    verbatim = judge.judge(CONTEXT, VERBATIM)
    assert verbatim.pred == 1 and verbatim.claims[0].supported and verbatim.claims[0].evidence == VERBATIM
    paraphrase = judge.judge(CONTEXT, "Activists poured yellow and blue paint outside the Russian embassy in London.")
    assert paraphrase.pred == 1, paraphrase


@pytest.mark.parametrize(
    "response",
    [
        "Police said that 40 people were arrested after the protest.",  # number swap
        "Police said that nobody was arrested after the protest.",  # polarity flip
        "Activists in Paris dumped gallons of yellow and blue paint in front of the Russian embassy.",  # entity swap
        "Activists dumped paint in front of the Russian embassy on Saturday morning.",  # weekday swap
    ],
)
def test_edits_are_flagged(judge, response):
    verdict = judge.judge(CONTEXT, response)
    assert verdict.pred == 0 and verdict.score < judge.judge(CONTEXT, VERBATIM).score, verdict
    assert not verdict.claims[0].supported and verdict.claims[0].reason != "supported"


def test_dropped_negation_scores_lower_and_is_vetoed_per_claim(judge):
    # Polarity flips are common in the human-labelled summaries that are still supported (dialogue,
    # transcripts), so the learned score only lowers; the claim-level check (Q&A) vetoes outright.
    claim = "The group gave a reason for choosing the embassy."
    evidence = "The group did not give a reason for choosing the embassy."
    assert judge.judge(CONTEXT, claim).score < judge.judge(CONTEXT, evidence).score
    assert check(claim, evidence).rule is Rule.NEGATION


def test_one_bad_sentence_makes_the_response_unsupported(judge):
    verdict = judge.judge(CONTEXT, f"{VERBATIM} Police said that 40 people were arrested after the protest.")
    assert [c.supported for c in verdict.claims] == [True, False] and verdict.pred == 0


def test_judge_many_equals_judge(judge):
    pairs = [
        (CONTEXT, VERBATIM),
        (CONTEXT, "Police said 40 people were arrested."),
        ("Short context.", ""),
        ("", "A claim."),
    ]
    many = judge.judge_many(pairs)
    assert many == [judge.judge(c, r) for c, r in pairs]
    assert all(math.isfinite(v.score) and 0.0 <= v.score <= 1.0 for v in many)


def test_claims_are_response_sentences():
    assert claims_of("Alice asks Bob for help. Bob agrees! ") == ["Alice asks Bob for help.", "Bob agrees!"]
    # a bare yes/no answers a question the judge does not see: not a claim about the context
    assert (
        claims_of("Yes. Alice asks Bob for help.")
        == claims_of("Ja. Alice asks Bob for help.")
        == ["Alice asks Bob for help."]
    )
    assert claims_of("Yes, Alice asks Bob.") == ["Yes, Alice asks Bob."]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (f"The posting says: “{VERBATIM}”", True),
        (f"Utlysningen sier: «{VERBATIM}»", True),
        (
            'According to the ad, "Police said that 12   people were arrested" and “The group did not give a reason”',
            True,
        ),
        (f"The posting says: “{VERBATIM.replace('12', '14')}”", False),  # not verbatim
        (f"The posting does not say “{VERBATIM}”", False),  # a negation is a claim of its own
        ("The salary is “12 people”", False),  # says what the quote is about: for the model to judge
        (VERBATIM, False),  # no quotes: the model judges it
        ("The posting says “arrested”", True),
        ("The posting says “rested”", False),  # whole words only: 'arrested' does not quote it
    ],
)
def test_attributed_verbatim_quotes(claim, expected):
    assert attributed_quote(claim, CONTEXT) is expected


def test_quoted_answers_are_supported_and_the_rest_still_judged(judge):
    verdict = judge.judge(CONTEXT, f"Yes. The posting says: “{VERBATIM}”")
    assert verdict.pred == 1 and verdict.score == 1.0 and [c.reason for c in verdict.claims] == [QUOTED]
    mixed = judge.judge(CONTEXT, f"The posting says: “{VERBATIM}” Police said that 40 people were arrested.")
    assert [c.supported for c in mixed.claims] == [True, False] and mixed.pred == 0
    assert check(f"The posting says “{VERBATIM}”", VERBATIM).rule is Rule.QUOTE


def test_check_runs_the_hard_rules_before_the_learned_judge():
    quote = "PhD Fellows are normally given a salary of 550 800 NOK/year with a 3% yearly increase"
    supported = check("PhD Fellows are given a salary of 550 800 NOK/year.", quote)
    assert supported.supported and supported.rule is Rule.JUDGE
    for claim, rule in (
        ("PhD Fellows are given a salary of 650 800 NOK/year.", Rule.NUMBERS),
        ("PhD Fellows are not given a salary.", Rule.NEGATION),
    ):
        verdict = check(claim, quote)
        assert not verdict.supported and verdict.rule is rule and verdict.hard_failure and rule in HARD_RULES
    # without the learned judge, passing the rules is enough
    assert check("PhD Fellows are given a salary of 550 800 NOK/year.", quote, learned=False).rule is Rule.COVERAGE


def test_missing_parameters_are_explained(tmp_path):
    with pytest.raises(ConfigError, match=r"fit_judge\.py"):
        Params.load(tmp_path / "none.json")
