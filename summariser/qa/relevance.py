"""Does a sentence answer the question, or is it merely near it? A quote is shown as the answer only
if it addresses the question's focus. What speaks for a sentence:

- for a question after a value (a deadline, a salary, a start, a length, a contact), a value of
  that type next to a cue for the asked-about concept (a date beside "deadline", not any date:
  "Publication date: …" does not answer "When is the deadline?");
- the question's key terms in it, or their equivalents in the other language ("førerkort" for
  "driving licence", through a small English-Norwegian job lexicon: qa.terms);
- words that answer the kind of question asked (requirements: "must", "degree", "krav"; tasks:
  "responsible", "oppgaver" ...), in the sentence or its section heading;
- its dense similarity to the question, and how far it stands below the best sentence.

A logistic regression over these (`relevance_params.json`, fitted by `eval/fit_relevance.py` on
the dev questions: a sentence is right when it overlaps the question's gold evidence) gives each
candidate a probability; below the fitted threshold the answer is "the posting does not say",
with the nearest passage shown as the closest thing.
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

from summariser.cards.items import DOCUMENT
from summariser.grounding.rules import stem
from summariser.qa.terms import holds_terms, key_terms, named_languages, term_overlap
from summariser.text.language import posting_language
from summariser.text.lexicon import DEADLINE_CUE, EMAIL, WHERE_TO_FIND

PARAMS = Path(__file__).with_name("relevance_params.json")

# value types: (pattern for the value, pattern for the concept that must stand beside it)
_DATE = (
    r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|mars|"
    r"april|mai|juni|juli|august|september|oktober|november|desember)\w*|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)\w*\.?\s+\d{1,2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{4}\b|\b(?:spring|summer|autumn|fall|winter|høst|vår|sommer)\b"
)
_WHEN_WORDS = r"|\b(?:as soon as possible|asap|snarest|immediately|straks|by agreement|etter avtale|negotiable)\b"
TYPED: dict[str, tuple[str, str]] = {
    "deadline": (
        _DATE,
        DEADLINE_CUE + r"|\bclos(?:e|es|ing)\b|latest|no later than|senest|innen",
    ),
    "start": (_DATE + _WHEN_WORDS, r"\bstart|commenc|begin|entry|tiltred|oppstart|begynne|from\b|fra\b"),
    "salary": (
        r"[£€$]\s?\d|\d[\d ,.]*\s?(?:NOK|kr|EUR|GBP|USD|SEK|DKK|CHF|euros?|pounds?|kroner)\b|\b(?:NOK|kr|EUR|GBP|USD|"
        r"SEK|DKK|CHF)\.?\s?\d|\b(?:grade|scale|band|lønnstrinn|lønnsramme|tariff)\b|by agreement|etter avtale|"
        r"negotiable|competitive|commensurate|stipend|tuition fees|fees (?:are|will be) (?:paid|covered)|"
        r"\b(?:fully|full) funded",
        r"salar|stipend|\bpay|paid|wage|remunerat|bursary|grade|scale|lønn|tariff|per annum|p\.a\.|compensation",
    ),
    "duration": (
        r"\b(?:\d+(?:[.,]5)?|one|two|three|four|five|six|en|ett|to|tre|fire|fem|seks)[\s-]*(?:years?|months?|weeks?|år|"
        r"måneder|måned|uker)\b|\b(?:permanent|fixed[- ]term|temporary|vikariat|engasjement|fast stilling)\b|until|frem til",
        r"period|contract|appoint|position|post\b|studentship|fellowship|project|funded|duration|employ|stilling|"
        r"engasjement|vikariat|varighet|ansettelse|limited",
    ),
    "contact": (
        r"[\w.+-]+@[\w-]+\.[\w.-]*\w|\+?\(?\d{2}[\d ()]{6,}\d|\b(?:Prof|Dr|Professor)\.?\s+[A-Z]|"
        r"\b(?:contact|kontakt|kontakte)\s+(?:[A-ZÆØÅ][\w'-]+\s+){1,2}[A-ZÆØÅ]?",
        r"contact|enquir|questions|information|kontakt|spørsmål|henvendelse|ring",
    ),
}
_TYPED = {name: (re.compile(value, re.I), re.compile(cue, re.I)) for name, (value, cue) in TYPED.items()}


# what a question about a whole list asks with ("What are the requirements?", "Hvilke oppgaver får jeg?")
_LIST_WORDS = {
    "requirements": "requirement requirements required require qualification qualifications qualified need needed "
    "skill skills competence competences criteria eligible eligibility must have krav kvalifikasjoner kvalifisert "
    "kompetanse ferdigheter kreves trenger",
    "tasks": "task tasks duty duties responsibility responsibilities role work do doing job involve involves day "
    "oppgaver arbeidsoppgaver ansvar gjøre jobbe",
    "benefits": "benefit benefits offer offers perk perks get receive fordeler goder tilbyr tilby får",
    "how_to_apply": "document documents attach include submit send application apply need what which dokumenter "
    "vedlegg søknad søknaden sende legge ved",
}
_FILLER = (
    "blir mine min mitt my employer employers arbeidsgiver arbeidsgiveren søkerne søkere applicants stilles gis går ut "
    "består include includes contain contains package studentship fellowship phd postdoc stillingen"
)
_LIST_STEMS = {kind: {stem(w) for w in f"{words} {_FILLER}".split()} for kind, words in _LIST_WORDS.items()}


def asks_for_whole_list(intent: str, question: str) -> bool:
    """The question asks for its kind's whole list, nothing narrower ("What are the requirements?",
    not "What grades do I need on my master's?")."""
    return intent in _LIST_STEMS and all(t in _LIST_STEMS[intent] for t in key_terms(question))


_ASKING = set().union(*_LIST_STEMS.values())


def topic_terms(question: str) -> list[str]:
    """The question's key terms without the words that ask for a kind of list ("include",
    "duties", "krav"): what it is about."""
    return [t for t in key_terms(question) if t not in _ASKING]


def concept_cue(intent: str) -> re.Pattern | None:
    """The words that name a value question's concept ("deadline", "lønn", ...)."""
    return _TYPED[intent][1] if intent in _TYPED else None


def typed_answer(intent: str, sentence: str) -> bool | None:
    """For a value question, whether the sentence holds a value of the type next to its concept's
    cue (None for other intents)."""
    if intent not in _TYPED:
        return None
    value, cue = _TYPED[intent]
    return bool(value.search(sentence) and cue.search(sentence))


def _other_language(question: str, context: str) -> bool:
    """The question names a language ("German?") the passage does not: a sentence on English
    proficiency does not answer it."""
    languages = named_languages(question)
    return bool(languages) and not holds_terms(languages, context)


_LANGUAGE_NAMES = (
    r"english|norwegian|german|french|spanish|swedish|danish|scandinavian|engelsk|norsk|tysk|fransk|spansk|svensk|"
    r"dansk|skandinavisk"
)
_SKILL = (
    r"knowledge|command|speak\w*|spoken|written|writ\w+|fluen\w*|proficien\w*|skills?|communicat\w*|read\w*|"
    r"understand\w*|learn\w*|competen\w*|level|native|essential|required|advantage|kunnskap\w*|kunnskaper|"
    r"beherske\w*|muntlig|skriftlig|ferdighet\w*|snakke\w*|lære|kreves|fordel|god|gode|flytende"
)
# what a passage must speak of to answer a question about one thing (intents' `sub`): one kind of
# requirement, or the documents an application holds
_CONCEPTS = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "driving_licence": r"licen[cs]e|driv|førerkort|sertifikat|\bklasse [A-Z]\b|\bclass [A-Z]\b",
        "security_check": r"police|politiattest|vandel|security|clearance|background check|criminal record|DBS",
        "age": r"\bage\b|years? old|\b\d{2} år\b|alder|\b(?:over|under|minimum) 1[5-9]\b|\b1[5-9] år",
        "nationality": r"citizen|nationalit|visa|permit|statsborger|\bEU\b|\bEEA\b|\bUK\b|national|resident|"
        r"international|oppholdstillatelse|arbeidstillatelse|country|countries|\b(?:fra|andre|alle|et|hvilket) land\b|"
        r"(?<=\w)land\b",  # a country's name (Finland, Poland), not "over land"
        # a degree held, not the PhD that is the post ("The PhD candidate will also contribute …"); a
        # field as a requirement's ("a relevant field", "disciplines such as"), not "field studies"
        "degree": r"degree(?! of (?!master|bachelor|doctor|licen))|master|bachelor|"
        r"ph\.?d\b(?!\.?[ -](?:candidate|student|position|project|projet|fellow|"
        r"salary|studentship|thesis|programme|program|work|researcher)s?\b)|doctor|msc|m\.sc|bsc|diploma|graduat|"
        r"honours|qualif|grad\b|utdanning|mastergrad|bachelorgrad|fagbrev|eksamen|\bstudie(?:t|r|ne|retning|poeng)?\b|"
        r"fagfelt|fagområde|"
        r"(?:relevant|related|relating|appropriate|similar|cognate|allied|following|quantitative|scientific|technical) "
        r"(?:\w+ )?(?:fields?|disciplines?|subjects?)|(?:fields?|disciplines?|subjects?) (?:of|such as|like|related|in)\b|"
        r"\bany (?:field|discipline|subject)|background (?:in|within)\b",
        "experience": r"experience|erfaring|worked|background|track record|praksis",
        # a language the applicant speaks or learns, not the one a document is in ("the call (in German)")
        "language": rf"language|språk|\b(?:{_SKILL})\W+(?:\w+\W+){{0,4}}(?:{_LANGUAGE_NAMES})|"
        rf"(?:{_LANGUAGE_NAMES})\W+(?:\w+\W+){{0,3}}(?:{_SKILL})\b|(?:{_LANGUAGE_NAMES})[- ]speak",
        # when the work is done: times of the day or week, shifts
        "schedule": r"\b(?:evenings?|weekends?|nights?|daytime|day shifts?|mornings?|afternoons?|weekdays?|shifts?|rota|"
        r"rotating|holidays?|monday|friday|saturday|sunday|\d{1,2}[:.]\d{2}|kveld\w*|helg\w*|natt\w*|dagtid|dagvakt\w*|"
        r"morgen\w*|skift\w*|turnus\w*|hverdag\w*|vakt\w*|mandag\w*|fredag\w*|lørdag\w*|søndag\w*)\b",
        "documents": DOCUMENT.pattern + r"|document|dokument|vedlegg|attach|enclos|upload|laste? opp",
        # where the work is: a place named after in/at/i/på/ved, or words that locate ('based', 'ligger')
        "place": r"\b(?:in|at|i|på|ved|near|nær)\s+(?:the\s+|our\s+|vår\w*\s+)?(?:(?-i:[A-ZÆØÅ])|university|universitet\w*|"
        r"department|institut\w*|school|faculty|hospital|sykehus\w*|centre|center|lab\w*)|\b(?:located|location|based|situated|"
        r"ligger|adresse|address|campus|office|kontor\w*|(?:arbeids|kontor|oppmøte|tjeneste)?sted(?:et)?|city|town|"
        r"region|byen|kommune|fylke|remote|hjemme\w*)\b",
    }.items()
}


# a question asking for a value written in one form (an email address, a telephone number, a web
# address), and that form: a passage without one does not give it
_ASKS_EMAIL = re.compile(r"e-?mail address|e-?post(?:adresse|en)\b|\b(?:which|what) e-?mail", re.I)
_EMAIL_FORM = re.compile(EMAIL + r"|\w\s*[\[(]at[\])]\s*\w", re.I)
_ASKS_WEB = re.compile(  # "Where can I find the official call?": the posting points there with an address
    rf"\b(?:what|which|where)\b.*\b(?:website|web ?page|url|link)\b|nettside|nettsted|lenke|{WHERE_TO_FIND}", re.I
)
_DOMAIN = r"[\w-]+\.(?:com|org|net|edu|gov|ac\.uk|co\.uk|no|de|eu|fr|it|es|nl|se|dk)\b"
_ASKED_FORMS = [
    (_ASKS_EMAIL, _EMAIL_FORM),
    (re.compile(r"(?:tele)?phone number|telefonnummer|nummeret", re.I), re.compile(r"\+?\(?\d[\d ()/.-]{6,}\d")),
    (_ASKS_WEB, re.compile(rf"https?://|www\.|\b{_DOMAIN}", re.I)),
]
# a field label left empty at a sentence's end, after another part ("…, email:", "Eligibility:
# nationality/ies:"): it names a subject the sentence says nothing about
_EMPTY_LABEL = re.compile(r"[,:;]\s*(?:[^\s,:;]+\s+){0,2}[^\s,:;]+\s*:\s*$")


# the forms unmistakable enough to be the answer on their own (a number may be a date or a salary,
# a bare domain the end of an email address)
_GIVEN_FORMS = [(_ASKS_EMAIL, _EMAIL_FORM), (_ASKS_WEB, re.compile(rf"https?://|\bwww\.|(?<![@\w.-]){_DOMAIN}", re.I))]


def gives_asked_form(question: str, context: str) -> bool:
    """The question asks for an email address or a web address, and the candidate (`context_of`)
    holds one: what was asked for, whatever its other words."""
    return any(asks.search(question) and form.search(context) for asks, form in _GIVEN_FORMS)


def context_of(section: str, sentence: str) -> str:
    """A candidate as the rules read it: its section heading and sentence, each without an empty
    field label at its end."""
    return f"{_EMPTY_LABEL.sub('', section)} {_EMPTY_LABEL.sub('', sentence)}"


def ruled_out(values: dict[str, float], question: str, context: str, sub: str | None = None) -> bool:
    """The rules no learned score overrides, on a candidate's `features` and its text (section
    heading and sentence: `context_of`): a value question needs a value of its type beside its
    concept; a question asking for an email address, a telephone number or a web address, one; a
    question naming a language, a passage on that language; and a question about one kind of
    requirement (a driving licence, a police certificate, age, nationality, language: `sub`), a
    passage that speaks of that kind — not any requirement; one about the documents to send, a
    passage naming a document."""
    off_concept = not speaks_of(sub, context)
    off_form = any(asks.search(question) and not form.search(context) for asks, form in _ASKED_FORMS)
    return bool(values["untyped_value"]) or _other_language(question, context) or off_concept or off_form


def speaks_of(sub: str | None, context: str) -> bool:
    """Whether a candidate (`context_of`) speaks of the one kind of thing a question asks about (an
    intent's `sub`: a driving licence, nationality, a language ...); true for a question about none."""
    return sub not in _CONCEPTS or _CONCEPTS[sub].search(context) is not None


def addresses(intent: str, question: str, sentence: str, context: str = "") -> bool:
    """Whether the sentence (read with its section heading, `context`) answers the question."""
    if _other_language(question, f"{context} {sentence}"):
        return False
    typed = typed_answer(intent, f"{context} {sentence}")
    if typed is not None:
        return typed
    terms = key_terms(question)
    overlap = term_overlap(question, f"{context} {sentence}")
    return overlap >= (0.5 if len(terms) >= 2 else 1.0) if terms else False


# words in a sentence (or its heading) that answer a kind of question
_ANSWERS = {
    "requirements": r"must|required|requirement|essential|desirable|advantage|degree|master|bachelor|phd|experience|"
    r"fluent|proficien|qualif|eligib|applicants? (?:should|must|are)|krav|må|kreves|utdanning|erfaring|fordel|"
    r"førerkort|kvalifik",
    "tasks": r"will (?:work|be|develop|conduct|carry|focus|involve|include)|responsib|dut(?:y|ies)|tasks?|project|aim|"
    r"research|arbeidsoppgave|oppgave|ansvar|innebærer",
    "benefits": r"offer|benefit|pension|insurance|relocat|training|leave|holiday|tilbyr|pensjon|forsikring|opplæring|"
    r"goder|får du",
    "how_to_apply": r"apply|application|submit|send|upload|online|portal|email|include|attach|søknad|søk |sendes|"
    r"vedlegg|legg ved",
    "selection": r"interview|shortlist|selection|assess|notified|intervju|utvelgelse",
    "supervisor": r"supervis|led by|principal investigator|\bpi\b|veileder|leder",
    "positions": r"\b(?:one|two|three|four|five|several|\d+)\b.*(?:position|post|studentship|place|stilling)",
    "employer": r"university|institute|company|centre|center|council|department|universitet|bedrift|selskap",
    "hours": r"hours|full[- ]?time|part[- ]?time|shift|weekend|evening|night|%|heltid|deltid|turnus|skift|helg|kveld|natt",
    "location": r"\b(?:in|at|i|på)\s+[A-ZÆØÅ]|located|based|ligger|campus|office|kontor",
    "work_mode": r"remote|hybrid|home|office|on[- ]?site|hjemme|kontor",
    "contract": r"permanent|fixed|temporary|contract|fast|vikariat|engasjement",
}
_ANSWER_PATTERNS = {name: re.compile(pattern, re.I) for name, pattern in _ANSWERS.items()}
# kinds of requirement whose words the requirement words (_ANSWERS) lack; degrees and experience they name
_OWN_WORDS = ("nationality", "language", "driving_licence", "security_check", "age")
FEATURES = [
    "similarity",
    "below_best",
    "rank",
    "term_overlap",
    "typed",
    "untyped_value",
    "answers_kind",
    "crosslingual",
    "log_words",
]


def features(
    intent: str,
    question: str,
    language: str,
    sentence: str,
    section: str,
    similarity: float,
    best: float,
    rank: int,
    sub: str | None = None,
) -> dict[str, float]:
    """What speaks for (and against) a sentence as the answer to a question. For a question about
    a kind of requirement the requirement words do not name (`sub`: _OWN_WORDS), words of that
    kind answer it too ("nationals" for "I'm a Canadian citizen. Can I apply?")."""
    context = f"{section} {sentence}"
    typed = typed_answer(intent, context)
    answers = _ANSWER_PATTERNS.get(intent)
    own = _CONCEPTS[sub] if sub in _OWN_WORDS else None
    return {
        "similarity": similarity,
        "below_best": best - similarity,
        "rank": float(rank),
        "term_overlap": term_overlap(question, context),
        "typed": float(bool(typed)),
        "untyped_value": float(typed is False),  # a value question, and this sentence holds no such value
        "answers_kind": float(bool((answers and answers.search(context)) or (own and own.search(context)))),
        "crosslingual": float(language != language_of(sentence)),
        "log_words": math.log1p(len(sentence.split())),
    }


def language_of(sentence: str) -> str:
    """ "no" for a Norwegian sentence, else "en"."""
    return "no" if posting_language(sentence) == "no" else "en"


class Gate:
    """The fitted logistic regression over `features`, with its threshold."""

    def __init__(self, params: dict):
        self.weights = [params["weights"][name] for name in FEATURES]
        self.bias, self.threshold = params["bias"], params["threshold"]
        self.mean, self.scale = params["mean"], params["scale"]

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias + sum(
            w * (values[n] - m) / s for w, n, m, s in zip(self.weights, FEATURES, self.mean, self.scale)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.cache
def gate() -> Gate | None:
    """The shipped gate; None before it has been fitted (then `addresses` decides alone)."""
    try:
        return Gate(json.loads(PARAMS.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None
