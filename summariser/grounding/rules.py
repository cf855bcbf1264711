"""The hand-written rules of grounding: numbers, dates, negation and content coverage.

Hard rules come first and veto: every number, amount, date and duration the claim states must be
in the evidence, and the claim may not flip the evidence's polarity (negation). Then soft support:
how much of the claim's content the evidence covers, lexically and by embedding similarity.
`grounding.check` runs these before the learned judge; the judge's features reuse them.
"""

from __future__ import annotations

import re

from summariser.grounding.verdict import Rule, Verdict
from summariser.text.lexicon import MONTHS, NUMBER_WORDS, ORDINAL_WORDS

_NUMBER_WORDS = {**NUMBER_WORDS, **ORDINAL_WORDS}  # single words: 'twenty-four' counts as 20 and 4
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:[ \u00a0,.]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nor|cannot|can't|won't|don't|doesn't|isn't|aren't|wasn't|weren't|shouldn't|mustn't|"
    r"without|neither|ikke|ingen|aldri|verken|uten)\b|n't\b",
    re.I,
)
_WORD = re.compile(r"[^\W_]+", re.U)
STOPWORDS = frozenset(
    """a an the and or but if then of to in on at by for with from as is are was were be been being it its this that
    these those there here you your yours we our us they their them he she his her i me my do does did can could may
    might must shall should will would have has had not no yes so such than too very also just only about into over
    under up down out what which who whom whose when where why how all any both each few more most other some own same
    position job posting role post please per via able
    og i på er en et det den de som til av for med har kan vil skal må du vi dere deg oss seg eller men ikke at fra om
    ved hos der her hva hvem hvor hvordan når hvilke hvilken stillingen stilling""".split()
)


def _normalise_number(raw: str) -> str:
    digits = re.sub(r"[ \u00a0,](?=\d{3}\b)", "", raw)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):  # 550.800 as thousands
        digits = digits.replace(".", "")
    digits = digits.replace(",", ".")
    try:
        value = float(digits)
    except ValueError:
        return raw
    return str(int(value)) if value == int(value) else str(value)


def numbers(text: str) -> set[str]:
    """Numbers stated in text, normalised ('550 800' = '550,800' = '550800'; 'four' = '4')."""
    found = {_normalise_number(m.group(0)) for m in _NUMBER.finditer(text)}
    for word in _WORD.findall(text.lower()):
        if word in _NUMBER_WORDS:
            found.add(str(_NUMBER_WORDS[word]))
    return found


def months(text: str) -> set[int]:
    return {
        MONTHS[w]
        for w in _WORD.findall(text.lower())
        if w in MONTHS and (w != "may" or re.search(r"\b\d{1,2}\s+May\b|\bMay\s+\d", text))
    }


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def stem(word: str) -> str:
    """A light English/Norwegian suffix stripper: enough to match 'applicants' with 'apply'."""
    word = word.lower()
    for suffix in (
        "ications",
        "ication",
        "ations",
        "ation",
        "ings",
        "ing",
        "ies",
        "ied",
        "ants",
        "ant",
        "ers",
        "er",
        "ed",
        "es",
        "s",
        "ene",
        "en",
        "et",
        "a",
    ):
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and not w.isdigit() and len(w) > 1]


def coverage(claim: str, evidence: str) -> float:
    """Share of the claim's content words found in the evidence (1.0 for a claim with none)."""
    words = content_words(claim)
    if not words:
        return 1.0
    have = set(content_words(evidence))
    # prefix match also lets compounds count ('lønn' in 'lønnstrinn', 'pension' in 'pensions')
    hits = sum(
        1
        for w in words
        if w in have or any(h.startswith(w) or w.startswith(h) for h in have if min(len(h), len(w)) >= 4)
    )
    return hits / len(words)


def check(claim: str, evidence: str, similarity: float | None = None, min_coverage: float = 0.5) -> Verdict:
    """The rules' verdict on claim against evidence; `similarity` (cosine of their embeddings) helps
    paraphrases. A supported verdict's rule is COVERAGE; an unsupported one names the first rule
    that failed, and `failures` lists them all."""
    failures: list[tuple[Rule, str]] = []
    missing = numbers(claim) - numbers(evidence)
    if missing:
        failures.append((Rule.NUMBERS, f"numbers not in the quote: {', '.join(sorted(missing))}"))
    if months(claim) - months(evidence):
        failures.append((Rule.MONTHS, "a date (month) not in the quote"))
    if negated(claim) != negated(evidence):
        failures.append((Rule.NEGATION, "negation differs from the quote"))
    hard = bool(failures)
    cov = coverage(claim, evidence)
    soft = cov if similarity is None else 0.6 * cov + 0.4 * max(0.0, (similarity - 0.7) / 0.3)
    if cov < min_coverage and not (similarity is not None and similarity >= 0.9 and cov >= min_coverage / 2):
        failures.append((Rule.COVERAGE, f"only {cov:.0%} of the claim's content is in the quote"))
    score = round(min(1.0, 0.0 if hard else soft), 4)
    rule, reason = failures[0] if failures else (Rule.COVERAGE, "supported")
    return Verdict(claim, not failures, score, rule, reason, evidence, coverage=score, failures=failures)
