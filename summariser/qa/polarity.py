"""Yes or no, read from the posting's own sentence: is what the applicant asks about required
("must", "kreves", "må", or listed under a requirements heading), an advantage ("an advantage",
"en fordel", "desirable"), allowed ("you may still apply", "are invited to apply", "kan søke"),
or ruled out ("not eligible", "ikke")? Does the applicant meet a stated limit ("I'm 17" against
"over 18 år")? And failing those: a sentence that states everything the question asks about, in
either language, with no negation ("Kan jobben kombineres med studier?" against "passer veldig
godt i kombinasjon med studier") says yes."""

from __future__ import annotations

import re

from summariser.grounding.rules import negated, stem
from summariser.qa.degrees import degree_verdict
from summariser.qa.terms import holds_terms, key_terms
from summariser.text.lexicon import NUMBER_WORD, number_word_value

_REQUIRED = re.compile(
    r"\b(?:must|required|requirement|mandatory|essential|obligatory|need to|needs to|have to|has to|is expected to|"
    r"expects? (?:you|the candidate|candidates|applicants) to|we expect|forventes|forventer vi|vi forventer|"
    r"should (?:have|hold|possess|be)|kreves|påkrevd|krav|må|nødvendig|forutsetning|skal ha)\b",
    re.I,
)
_ADVANTAGE = re.compile(
    r"\b(?:advantage|advantageous|desirable|preferred|preferably|plus|beneficial|asset|welcome but|not required|"
    r"fordel|ønskelig|fortrinnsvis|vektlagt|positivt)\b",
    re.I,
)
_ALLOWED = re.compile(
    r"\b(?:may (?:still )?apply|can (?:still )?apply|are (?:also )?welcome|is welcome|are eligible|is eligible|"
    r"are encouraged|encouraged to apply|welcome from|open to|regardless|any (?:field|discipline|nationality)|"
    r"kan (?:også )?søke|oppfordres|er velkommen|uavhengig av|compensate|make up for|kan kompensere|kompenserer|"
    r"(?:are|is|were) invited to apply|invit(?:e|es|ing) [\w ,'-]{0,200}? to apply|"
    r"welcom(?:e|es|ing) (?:\w+ ){0,2}applications?|"
    r"også deg som|also (?:you|those|candidates|applicants) (?:who|with)|"
    # a skill or the will to gain it: "a basic knowledge of German or the willingness to acquire such knowledge"
    r"or (?:be |are |is )?(?:the |a )?(?:willingness|willing|readiness|ready|motivation) to (?:learn|acquire|gain|develop)|"
    r"eller (?:har )?vilje til å lære|eller (?:er|være) villig til å lære)\b",
    re.I,
)
_LIMIT = re.compile(
    r"\b(?:over|above|at least|minimum|min\.|older than|minst|eldre enn)\s+(\d{1,3})\b|"
    r"\b(\d{1,3})\s*(?:år|years?)(?: of age)?,?\s*(?:eller|or)\s*(?:over|eldre|older|above|mer|more)\b",
    re.I,
)
_MINE = re.compile(r"\b(?:i am|i'm|im|jeg er|eg er)\s+(\d{1,3})\b", re.I)
_YEARS = rf"(\d{{1,2}}|{NUMBER_WORD})\s*(?:års?|years?'?)"
# "at least 3 years of relevant experience" / "minimum 3 års relevant erfaring" against "with two years' experience"
_EXPERIENCE_LIMIT = re.compile(
    rf"\b(?:at least|minimum|min\.|minst|over)\s+{_YEARS}(?:\s+\w+){{0,3}}\s+(?:experience|erfaring)", re.I
)
_MY_EXPERIENCE = re.compile(rf"\b{_YEARS}(?:\s+\w+){{0,3}}\s+(?:experience|erfaring)", re.I)
_REQUIREMENT_QUESTION = re.compile(
    r"^(?:must|må)\b|\b(?:do i (?:need|have to)|is (?:it|a|an|the)?\s*\w*\s*(?:required|necessary|mandatory|a requirement)|must i|"
    r"need to|må jeg|må eg|trenger jeg|trenger eg|kreves|er det krav|er det et krav|må man|need)\b",
    re.I,
)
_REQUIREMENTS_HEADING = re.compile(
    r"requirement|qualification|essential|eligib|your profile|we (?:are looking for|seek|expect)|krav|kvalifikasjon|"
    r"vi ser etter|vi søker deg som|du har|om deg",
    re.I,
)
_WITHOUT = re.compile(r"\b(?:without|no|not|haven't|don't|dont|lack|uten|ikke|mangler|manglar)\b", re.I)


_ONLY = re.compile(  # the sentence limits who may: "… Chinese students only", "only open to …", "kun for …"
    r"\b(?:students?|applicants?|candidates?|nationals?|citizens?|residents?|søkere|studenter|statsborgere)\s+only\b|"
    r"\b(?:only|exclusively|solely)\s+(?:open|available|eligible|for|to)\b|\b(?:kun|bare)\s+(?:for|åpen|åpent)\b",
    re.I,
)
_SELF = re.compile(
    r"\b(?:i'?m|i am|jeg er|eg er)\s+(?P<not>not\s+|ikke\s+)?(?:an?\s+|en\s+|ei\s+|et\s+)?(?P<who>[^.,;?!]{2,60})", re.I
)
_ABOUT_ME = frozenset(
    stem(w) for w in "student applicant candidate national citizen person holder resident søker statsborger".split()
)


def _outside_the_only_group(question: str, sentence: str) -> bool:
    """'I'm not a Chinese national' against '… for Chinese students only'; 'I'm an international
    student' against 'open to UK and EU resident students only': the sentence limits who may, and
    the applicant says they are not, or are something it does not name."""
    me = _SELF.search(question)
    if not me or not _ONLY.search(sentence):
        return False
    terms = key_terms(me.group("who"))
    words = [w for w in terms if w not in _ABOUT_ME]
    if not words or not any(w in _ABOUT_ME for w in terms):  # 'a Chinese national', not 'in my final year'
        return False
    named = holds_terms(words[:1], sentence)
    return named if me.group("not") else not named


def _number(text: str) -> int:
    return int(text) if text.isdigit() else number_word_value(text)


def for_the_applicant(question: str, sentence: str) -> str | None:
    """'yes' or 'no' where the sentence sets a limit the applicant's own words meet or miss: an age
    ("I'm 17" against "over 18 år"), a group only ("I'm an international student" against "open
    to UK and EU resident students only"), a degree, years of experience."""
    limit, mine = _LIMIT.search(sentence), _MINE.search(question)
    if limit and mine:  # "I'm 17. Can I apply?" against "Må være over 18 år"
        return "yes" if int(mine.group(1)) >= int(limit.group(1) or limit.group(2)) else "no"
    if _outside_the_only_group(question, sentence):
        return "no"
    by_degree = degree_verdict(question, sentence)  # "I only have a bachelor's" against "must hold a master's"
    if by_degree:
        return by_degree
    needed, have = _EXPERIENCE_LIMIT.search(sentence), _MY_EXPERIENCE.search(question)
    if needed and have:  # "I have two years' experience" against "minimum 3 års relevant erfaring"
        return "yes" if _number(have.group(1)) >= _number(needed.group(1)) else "no"
    return None


def verdict(question: str, sentence: str, heading: str = "") -> str | None:
    """'yes', 'no', 'advantage' or 'required' for a yes/no question against the sentence that
    answers it (under `heading`); None when the sentence does not settle it."""
    settled = for_the_applicant(question, sentence)
    if settled:
        return settled
    advantage, required, allowed = _ADVANTAGE.search(sentence), _REQUIRED.search(sentence), _ALLOWED.search(sentence)
    asks_if_required = bool(_REQUIREMENT_QUESTION.search(question))
    lacking = bool(_WITHOUT.search(question))
    if advantage and not (required and required.start() > advantage.start()):
        return "advantage"
    if allowed and not negated(sentence[: allowed.start()][-30:]):
        return "no" if asks_if_required else "yes"
    if required or (heading and _REQUIREMENTS_HEADING.search(heading)):
        if asks_if_required:
            return "required"
        if lacking:
            return "no"
    terms = key_terms(question)
    if terms and not (lacking or asks_if_required) and not negated(sentence) and holds_terms(terms, sentence):
        return "yes"
    return None
