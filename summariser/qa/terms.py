"""The words a question is about, and whether a sentence holds them: the question's key stems
(job-question filler and Norwegian function words left out), matched in either language through a
small English-Norwegian job lexicon, and a word's stems matched on a long shared start
('kombinere', 'kombinasjon'). Used by the relevance gate, yes/no reading and the fact answers."""

from __future__ import annotations

import functools
import re

from summariser.grounding.rules import content_words, stem
from summariser.text.lexicon import LANGUAGES

# English-Norwegian equivalents of the words applicants ask with (stems, both directions)
_PAIRS = (
    """salary:lønn pay:lønn wage:lønn deadline:søknadsfrist deadline:frist start:oppstart start:tiltredelse
requirement:krav required:krav experience:erfaring education:utdanning degree:utdanning degree:grad
licence:førerkort license:førerkort driving:førerkort language:språk english:engelsk norwegian:norsk
pension:pensjon insurance:forsikring relocation:flytting interview:intervju contract:kontrakt contract:ansettelse
permanent:fast temporary:midlertidig temporary:vikariat hours:timer hours:arbeidstid shift:skift shift:turnus
weekend:helg night:natt evening:kveld task:oppgave task:arbeidsoppgave duties:oppgave responsibility:ansvar
benefit:fordel benefit:gode office:kontor remote:hjemmekontor home:hjemme location:sted location:arbeidssted
apply:søke application:søknad document:dokument document:vedlegg attachment:vedlegg certificate:attest
police:politiattest age:alder student:student supervisor:veileder training:opplæring full:heltid part:deltid
employer:arbeidsgiver car:bil travel:reise team:team customer:kunde sales:salg service:service age:år
citizen:statsborger visa:visum permit:tillatelse teaching:undervisning research:forskning thesis:avhandling
offer:tilby offers:tilbyr write:skrive written:skrive written:skrevet enclosure:vedlegg flexible:fleksibel
university:universitet study:studie studies:studier combine:kombinere
norway:norge opportunity:mulighet possibility:mulighet internship:praksis placement:praksis funded:finansiert
funding:finansiering laboratory:laboratorium collaboration:samarbeid abroad:utlandet stay:opphold
project:prosjekt conduct:gjennomføre""".split()
    + [f"{name.lower()}:{norwegian}" for name, norwegian in LANGUAGES.items() if name != "Scandinavian"]
)
_EQUIVALENTS: dict[str, set[str]] = {}
_WORDS_FOR: dict[str, set[str]] = {}  # a stem -> the words of the other language, as written
for _pair in _PAIRS:
    _en_word, _no_word = _pair.split(":")
    _english, _norwegian = stem(_en_word), stem(_no_word)
    _EQUIVALENTS.setdefault(_english, set()).add(_norwegian)
    _EQUIVALENTS.setdefault(_norwegian, set()).add(_english)
    _WORDS_FOR.setdefault(_english, set()).add(_no_word)
    _WORDS_FOR.setdefault(_norwegian, set()).add(_en_word)
# words any question about a job may use, which say nothing about what it asks
_GENERIC_WORDS = (
    "position job role post posting work apply applicant candidate need want know tell please stilling jobb studentship "
    "fellowship"
)
# Norwegian function words (content_words drops English ones only)
_NORWEGIAN_FUNCTION_WORDS = (
    "jeg eg du vi meg deg oss det den de er var blir bli en et ei om til på i av for med fra kan må skal vil bør "
    "trenger treng har hva kva hvor kor når hvem kven hvordan korleis hvilke hvilken kva slags noe noen man ikke "
    "også eller og men så da nå får få gi gir ha siden denne dette disse min mitt mine din ditt dine sin sitt sine vår "
    "vårt våre hvis dersom at som"
)
_GENERIC = {stem(w) for w in f"{_GENERIC_WORDS} {_NORWEGIAN_FUNCTION_WORDS} jobben søke søker vite lurer".split()}


# "the PhD" / "this postdoc" is the post ("Will I have to travel as part of the PhD?"); "a PhD" is a degree
_THE_POST = re.compile(r"\b(?:the|this|that|your)\s+(?:phd|ph\.d\.?|postdoc\w*|doctorate)(?!\w)", re.I)


def key_terms(question: str) -> list[str]:
    """The question's content stems that say what it is about."""
    return [w for w in dict.fromkeys(content_words(_THE_POST.sub(" ", question))) if w not in _GENERIC]


@functools.lru_cache(maxsize=4096)
def _entries(term: str) -> tuple[str, ...]:
    """The lexicon's stems that are this term's word ('undervise' is 'undervisning''s): what both
    the matching and the search in the other language look up."""
    return tuple(key for key in _EQUIVALENTS if _same_word(term, key))


def _found(term: str, have: set[str]) -> bool:
    """The term, or its equivalent in the other language, among the stems `have`."""
    forms = {term, *(w for key in _entries(term) for w in _EQUIVALENTS[key])}
    return any(_same_word(f, h) for f in forms for h in have)


def _same_word(a: str, b: str) -> bool:
    """Stems of one word: equal, one the other's start ('appl' in 'application'), or sharing a start
    of at least three quarters of the shorter and five letters ('kombiner', 'kombinasjon')."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter >= 4 and (a.startswith(b) or b.startswith(a)):
        return True
    common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), shorter)
    return common >= 5 and common >= 0.75 * shorter


_LANGUAGE_STEMS = {stem(w) for name, norwegian in LANGUAGES.items() for w in (name.lower(), norwegian)}


def translated(question: str) -> list[str]:
    """The other language's words for the question's key terms ('lønn' -> 'salary', 'pay', 'wage'),
    to search a posting in either language with."""
    words = [w for t in key_terms(question) for key in _entries(t) for w in sorted(_WORDS_FOR[key])]
    return list(dict.fromkeys(words))


def named_languages(question: str) -> list[str]:
    """The languages a question names ("Do I need to speak German?"): a passage about another
    language does not answer it."""
    return [t for t in key_terms(question) if t in _LANGUAGE_STEMS]


def holds_terms(terms: list[str], sentence: str) -> bool:
    """The sentence holds every one of these key terms (stems), in either language."""
    have = set(content_words(sentence))
    return all(_found(t, have) for t in terms)


def term_overlap(question: str, sentence: str) -> float:
    """Share of the question's key terms the sentence holds, in either language."""
    terms = key_terms(question)
    if not terms:
        return 0.0
    have = set(content_words(sentence))
    return sum(_found(t, have) for t in terms) / len(terms)
