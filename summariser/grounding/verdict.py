"""What grounding decides about a claim: supported or not, which rule decided, and how strongly.

Every "is this supported?" question in jobsum — a sentence of an answer against the passage it
cites, a card value against its quote, a claim of a summary against its context — gets one of
these, so callers branch on `rule`, never on the wording of a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Rule(StrEnum):
    """What decided a verdict: the check that failed, or for a supported claim the one that passed it."""

    QUOTE = "quote"  # the claim only attributes verbatim quotes of the evidence: supported outright
    NUMBERS = "numbers"  # the claim states a number the evidence does not
    MONTHS = "months"  # the claim states a date (month) the evidence does not
    NEGATION = "negation"  # the claim's polarity differs from the evidence's
    COVERAGE = "coverage"  # how much of the claim's content the evidence holds
    JUDGE = "judge"  # the learned judge's score
    NO_CLAIM = "no_claim"  # nothing to check (no word in it)


HARD_RULES = frozenset({Rule.NUMBERS, Rule.MONTHS, Rule.NEGATION})


@dataclass
class Verdict:
    """One claim against one piece of evidence."""

    claim: str
    supported: bool
    score: float  # 0..1, higher = better supported, by the check that decided
    rule: Rule
    reason: str  # in words, for people reading it
    evidence: str = ""  # the evidence the claim was checked against (for the judge: its best-aligned sentence)
    coverage: float = 0.0  # the rules' soft support (content coverage, blended with similarity): ranks evidences
    failures: list[tuple[Rule, str]] = field(default_factory=list)  # every rule that failed, in order

    @property
    def hard_failure(self) -> bool:
        """A number, date or polarity the evidence does not share: no score can outweigh it."""
        return any(rule in HARD_RULES for rule, _ in self.failures)

    @property
    def reasons(self) -> list[str]:
        return [reason for _, reason in self.failures]


@dataclass
class ResponseVerdict:
    """A judge's verdict on a whole response against its context."""

    score: float  # 0..1, higher = better supported
    pred: int  # 1 = supported at the judge's calibrated threshold
    claims: list[Verdict]
    judge: str
