"""Grounding: does this evidence support this claim, and if not, why not (`check`, `check_each`).

`rules` (numbers, dates, negation, coverage) and the learned `judge` (features from `alignment`,
parameters in judge_params.json) are its parts; `llm_judge` and `judges.get_judge` score whole
responses for evaluation.
"""

from summariser.grounding.check import check, check_each
from summariser.grounding.verdict import HARD_RULES, ResponseVerdict, Rule, Verdict

__all__ = ["HARD_RULES", "ResponseVerdict", "Rule", "Verdict", "check", "check_each"]
