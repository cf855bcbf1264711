"""The one place jobsum decides whether evidence supports a claim, and if not, why not.

Q&A verification (a model's sentence against the passages it cites), card values (a proposed value
against its quote) and the offline judge's claim verdicts all come here. The checks run in order,
and the first that settles it decides:

1. a claim that only attributes verbatim quotes of the evidence ("The posting says: “…”") is
   supported (Rule.QUOTE);
2. the hard rules: a number, a date (month) or a polarity the evidence does not share vetoes it
   (Rule.NUMBERS, Rule.MONTHS, Rule.NEGATION);
3. coverage: too little of the claim's content in the evidence (Rule.COVERAGE);
4. the learned judge (Rule.JUDGE), unless `learned=False` (then passing the rules is enough).
"""

from __future__ import annotations

from summariser.grounding import rules
from summariser.grounding.judge import QUOTED, attributed_quote, default_judge
from summariser.grounding.verdict import Rule, Verdict


def check(claim: str, evidence: str, *, learned: bool = True) -> Verdict:
    """Does evidence support claim?"""
    return check_each(claim, [evidence], learned=learned)[0]


def check_each(claim: str, evidences: list[str], *, learned: bool = True) -> list[Verdict]:
    """The verdict on claim against each evidence; the learned judge embeds the ones the rules
    pass in one batch. Each verdict's `coverage` is the rules' score, for ranking evidences."""
    verdicts = [
        Verdict(claim, True, 1.0, Rule.QUOTE, QUOTED, evidence, coverage=1.0)
        if attributed_quote(claim, evidence)
        else rules.check(claim, evidence)
        for evidence in evidences
    ]
    pending = [
        n for n, verdict in enumerate(verdicts) if learned and verdict.supported and verdict.rule is not Rule.QUOTE
    ]
    if pending:
        for n, judged in zip(pending, default_judge().judge_claims(claim, [evidences[n] for n in pending])):
            judged.coverage = verdicts[n].coverage
            verdicts[n] = judged
    return verdicts
