"""The applicant's degree against the posting's: "I only have a bachelor's. Can I apply?" against
"Applicants must hold a master's degree", "I expect to finish my master's in November" against
"... or expect to complete such a degree by 1 December", "I already have a PhD" against "If you
already hold a PhD ..., we will not appoint you". Degrees are ordered (bachelor < master < PhD);
the reading says yes or no only when the sentence names the applicant's level or a level to
compare it with, and otherwise leaves the verdict to the general reading (qa.polarity)."""

from __future__ import annotations

import re

from summariser.grounding.rules import stem
from summariser.qa.terms import holds_terms

_LEVELS = [  # in order: a level's rank is its place here (0 bachelor, 1 master, 2 PhD)
    re.compile(pattern, re.I)
    for pattern in (
        r"bachelor|b\.?sc\b|\bba\b|undergraduate|honours degree|first degree|bachelorgrad|cand\.?\s?mag",
        r"master|m\.?sc\b|\bma\b|\bmphil\b|mastergrad|cand\.?\s?(?:scient|polit|philol)|hovedfag",
        r"ph\.?\s?d\b|doctora(?:l|te) degree|doctorate|doktorgrad",
    )
]
_PENDING = re.compile(
    r"\b(?:finish|finishing|complete|completing|expect|expecting|final year|last year|not yet|still|about to|"
    r"near|currently (?:doing|studying|taking)|holder på|fullfører|blir ferdig|ferdig med)\b",
    re.I,
)
_LACKING = re.compile(r"\b(?:don'?t|do not|haven'?t|have not|no|without|lack|uten|ikke|mangler)\b", re.I)
_EXPECTED_OK = re.compile(
    r"expect(?:s|ed|ing)? to (?:complete|obtain|receive|attain|finish|be awarded|graduate)|near(?:ing)? completion|"
    r"final year|about to (?:complete|finish)|prior to (?:the )?(?:start|commencement|appointment)|"
    r"before (?:the )?(?:start|commencement|appointment)|by the (?:time|start)|awaiting|may still apply|"
    r"(?:due|expected) to be (?:completed|awarded)|in the process of completing|nær ferdig|før tiltredelse",
    re.I,
)
_REQUIRES = re.compile(
    r"\b(?:must|required|requirement|essential|should (?:have|hold|possess)|need|needs|have to|has to|"
    r"eligible|qualified for|hold an?|holding an?|kreves|må ha|krav|forutsetning)\b",
    re.I,
)
_RULED_OUT = re.compile(
    r"\bwill not (?:be )?(?:appoint|consider|eligible|accept)|\bnot (?:be )?eligible|\bineligible|\bcannot apply|"
    r"\bcan ?not (?:apply|be appointed)|\bmay not apply|\bnot be considered|\bexcluded|\bkan ikke (?:søke|ansettes)|"
    r"\bikke aktuell",
    re.I,
)


_FIELD = re.compile(r"^[\w'’]*(?:\s+degree)?\s+(?:in|i)\s+(?!(?:the|my|a|an)\b)([^\W\d]{3,})", re.I)


def levels_in(text: str) -> list[int]:
    """The degree levels a text names (0 bachelor, 1 master, 2 PhD), in order."""
    return [rank for rank, pattern in enumerate(_LEVELS) if pattern.search(text)]


def degree_verdict(question: str, sentence: str) -> str | None:
    """'yes' or 'no' when the applicant names their degree and the sentence settles it; else None."""
    asked = levels_in(question)
    if len(asked) != 1:  # no degree, or a comparison ("a master's instead of a PhD?") the general reading takes
        return None
    mine, named = asked[0], levels_in(sentence)
    if not named or _LACKING.search(question):
        return None
    pending = bool(_PENDING.search(question))
    if _RULED_OUT.search(sentence):
        return "no" if mine in named and not pending else None
    if not _REQUIRES.search(sentence):
        return None
    lowest = min(named)  # "a master's or PhD": the lowest level the sentence accepts
    if mine < lowest:
        return "no"
    if mine > lowest:  # more than asked for is not always welcome (PhD fellowships exclude PhD holders)
        return None
    if not _same_field(question, mine, sentence):  # "a master's in biology" against "a master's in physics"
        return None
    if pending:
        return "yes" if _EXPECTED_OK.search(sentence) else None
    return "yes"


def _same_field(question: str, mine: int, sentence: str) -> bool:
    """The field the applicant's degree (of level `mine`) is in ("my master's in mathematics"), if
    they name one, is the sentence's too."""
    level = _LEVELS[mine].search(question)
    field = _FIELD.search(question[level.end() :])
    return not field or holds_terms([stem(field.group(1))], sentence)
