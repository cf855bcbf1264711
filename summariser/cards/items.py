"""Card list items in the card's style — a few words, not a paragraph — that are still the
posting's own words: every item is a span of the posting (start, end), so its evidence is exactly
what it says.

A long sentence becomes its key clause: the lead-in ("The successful candidate will have",
"You will be responsible for", "We offer", "Du har", "Vi tilbyr", "Please send") is dropped, then
the rest is cut at the last clause boundary inside MAX_WORDS words (a semicolon, a dash, a bracket,
", and …", ", including …", a sentence end), else at the last comma, else after MAX_WORDS words
without a dangling "with the" (a word or two earlier where the limit would strand the sentence's
last word or two: "… using" | "finite element methods", not "… using finite element" | "methods").
A list of documents in one sentence ("a CV, a cover letter and two references") becomes one item
per document.

What a cut leaves behind is not thrown away: `continuations` gives the rest of the clause as further
short spans ("… as well as electrical energy storage"), which a list shows only where it has room
left after every sentence's first item (cards/lists.py), so the terms late in a long sentence can
still reach the card without pushing out another sentence.
"""

from __future__ import annotations

import re

Span = tuple[int, int]
MAX_WORDS = 15

_LEAD = re.compile(
    r"(?:(?:besides that|furthermore|moreover|in addition|additionally|also|ideally|preferably),?\s+)?"
    r"(?:(?:the |an? |all )?(?:[\w-]+ )?(?:candidates?|applicants?|post ?holder|person|researcher|student|fellow)"
    r"(?: (?:must|should|will|shall|is expected to|are expected to))?(?: (?:have|hold|possess|be|is|are|demonstrate|show))?"
    r"(?:,? or (?:expect|be about|be able) to (?:obtain|receive|achieve|complete|have),?)?(?: (?:the following|a|an))?\b[:\s]*"
    r"|(?:you|we) (?:(?:must|should|will|also) )?(?:have|bring|offer(?: you)?|are|provide|need(?: to have)?)\b[:\s]*"
    r"|(?:you will|the (?:role|position) will|your (?:tasks|duties|responsibilities) (?:will )?(?:include|be))"
    r"(?: be (?:responsible for|expected to))?\b[:\s]*"
    r"|(?:responsibilities|duties|tasks) (?:include|will include)\b[:\s]*"
    r"|(?:du|vi) (?:har|er|tilbyr|kan tilby|ønsker at du har|bør ha|må ha)\b[:\s]*"
    r"|(?:please )?(?:also )?(?:include|submit|attach|upload|send|provide|enclose|e-?mail)(?: (?:us|in))?(?: the following)?\b[:\s]*)",
    re.I,
)
# "Experience in one or more of the following is essential: GIS, 3D modelling, …": the list after the colon
_ANNOUNCED = re.compile(
    r"[^:.;]{0,100}\b(?:following|include|includes|including|essential|required|desirable|needed|expected|as follows)"
    r"\W{0,3}:\s*",
    re.I,
)
_CLAUSE = re.compile(
    r"\s*(?:;|\s[–—-]\s|\(|,\s(?:and|or|which|as well as|including|preferably|ideally|og|eller|som)\b|\.\s)"
)
_TRAILING = re.compile(
    r"(?:\s+(?:to|the|a|an|of|with|and|or|for|in|on|at|by|as|according|is|are|be|will|also|og|i|med|til|av|på|som|"
    r"eller|er|vil|skal))+$",
    re.I,
)
# "… is essential", "… are also desirable": the list's heading already says so
_VERDICT = re.compile(
    r"\s+(?:is|are|will be|would be)\s+(?:(?:also|absolutely|highly|very|strongly)\s+)?(?:essential|required|desirable|"
    r"necessary|mandatory|expected|preferred|an advantage|a plus|an asset|beneficial|welcome|meritorious)\W*$",
    re.I,
)
_EDGE = " •·-–*\t.;:,"
_WORD = re.compile(r"\S+")


def _strip(text: str, start: int, end: int, chars: str = _EDGE) -> Span:
    while start < end and (text[start] in chars or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in chars or text[end - 1].isspace()):
        end -= 1
    return start, end


def key_clause(text: str, start: int, end: int, max_words: int = MAX_WORDS) -> Span:
    """The span of text[start:end] to show as an item: without its lead-in, at most max_words words;
    empty when the sentence is nothing but a lead-in ("Preferred candidates should have")."""
    start, end = _strip(text, start, end, " •·-–*\t")
    lead = _LEAD.match(text, start, end) or _ANNOUNCED.match(text, start, end)
    if lead and len(text[lead.end() : end].split()) >= 2:
        start = lead.end()
    elif lead and lead.end() >= _strip(text, start, end)[1]:
        return start, start
    verdict = _VERDICT.search(text, start, end)
    if verdict and _nwords(text, start, verdict.start()) >= 2:
        end = verdict.start()
    words = list(_WORD.finditer(text, start, end))
    if len(words) <= max_words:
        return _strip(text, start, end)
    limit = words[max_words - 1].end()
    cuts = [
        c.start()
        for c in _CLAUSE.finditer(text, start, end)
        if c.start() <= limit and _nwords(text, start, c.start()) >= 3
    ]
    if not cuts:  # no clause boundary: the last comma, else the word limit
        cuts = [i for i in range(start, limit) if text[i] == "," and _nwords(text, start, i) >= 6]
    cut = cuts[-1] if cuts else limit
    if not cuts:  # the word limit, but not where it strands a word or two ("… and machine" | "learning")
        for back in range(max_words - 2, max_words - 1 - MIN_TAIL, -1):
            if _tail_words(text, cut, end) in range(1, MIN_TAIL):
                cut = words[back].end()
    trailing = _TRAILING.search(text, start, cut)
    return _strip(text, start, trailing.start() if trailing else cut)


MIN_TAIL = 3  # the fewest words a continuation lists
MAX_CONTINUATIONS = 2  # pieces after the first: a long sentence gives at most three items
_JOINER = re.compile(
    r"(?:(?:and|or|but|as well as|including|which|while|plus|with|also|og|eller|samt|som|med)\b[\s,]*)+", re.I
)


def continuations(text: str, start: int, end: int, shown: Span) -> list[Span]:
    """The rest of text[start:end] after its `shown` item, as up to MAX_CONTINUATIONS key clauses of
    MIN_TAIL words or more (without the joining word: "and consumption as well as …" starts at "consumption")."""
    out: list[Span] = []
    pos = shown[1]
    while pos > start and len(out) < MAX_CONTINUATIONS:
        if pos < end and text[pos - 1].isalnum() and not text[pos].isspace():
            while pos < end and not text[pos].isspace():
                pos += 1  # cut inside a word ("degree(s)"): the rest starts at the next word
        a, b = _strip(text, pos, end)
        joiner = _JOINER.match(text, a, b)
        if joiner:
            a = joiner.end()
        if _nwords(text, a, b) < MIN_TAIL:
            break
        piece = key_clause(text, a, b)
        if piece[1] <= piece[0] or _nwords(text, *piece) < MIN_TAIL or piece[1] <= pos:
            break
        out.append(piece)
        pos = piece[1]
    return out


def _tail_words(text: str, cut: int, end: int) -> int:
    """The words after a cut that a continuation could list (without its joining word)."""
    a, b = _strip(text, cut, end)
    joiner = _JOINER.match(text, a, b)
    return _nwords(text, joiner.end() if joiner else a, b)


def _nwords(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


_DETERMINERS = set("a an the your his her their one two three four copies copy en et ett to tre".split())
DOCUMENT = re.compile(  # the documents themselves (not "degree", "evidence", "form of …")
    r"\b(?:cv|curriculum|r[ée]sum[ée]|letters?|transcripts?|diplomas?|certificates?|cop(?:y|ies)|publications?|"
    r"referees?|references?|recommendations?|statement|proposal|thesis|portfolio|passport|essay|summary|abstract|"
    r"records|søknadsbrev|søknad|vitnemål|attester?|karakterutskrift)\b",
    re.I,
)
_LIST_BREAK = re.compile(r"\s*[,;]\s*(?:(?:and|or|og|eller|samt)\s+)?|\s+(?:and|or|og|eller|samt|as well as|plus)\s+")
# "… package which includes retirement benefits, annual leave, medical and dental scheme, …"
_ENUMERATION = re.compile(
    r":\s+|\b(?:include|includes|including|such as|comprising|consisting of|inkludert|blant annet)\s+"
)
ENUMERATION_WORDS = 10


def item_spans(text: str, start: int, end: int, documents: bool = False) -> list[Span]:
    """The items a sentence gives: one per document for a list of documents, one per part of a list
    a long sentence announces ("… includes a, b, c and d"), else the key clause of each of its
    coordinated clauses ("Good communication skills, and the ability to work in a team …")."""
    return [item for item, _ in _items_of(text, start, end, documents)]


def item_pieces(text: str, start: int, end: int, documents: bool = False) -> tuple[list[Span], list[Span]]:
    """The sentence's items (`item_spans`), and what their cuts left: the continuations of each."""
    pairs = _items_of(text, start, end, documents)
    return [item for item, _ in pairs], [more for item, part in pairs for more in continuations(text, *part, item)]


def _items_of(text: str, start: int, end: int, documents: bool) -> list[tuple[Span, Span]]:
    """(item, the part of the sentence it was cut from) for each item of the sentence."""
    if documents:
        parts = _document_parts(text, start, end)
        return [(key_clause(text, a, b), (a, b)) for a, b in parts or [(start, end)]]
    parts = _enumeration_parts(text, start, end) or _clauses(text, start, end)
    return [(key_clause(text, a, b), (a, b)) for a, b in parts]


_COORDINATION = re.compile(r"\s*(?:;|,\s+(?:and|but also|as well as|while|og|samt)\s)\s*")


def _clauses(text: str, start: int, end: int) -> list[Span]:
    """A long sentence cut where it joins clauses (a semicolon, ", and …"), each of 3 words or more;
    a short one whole."""
    if _nwords(text, start, end) <= MAX_WORDS:
        return [(start, end)]
    bounds = [start]
    for m in _COORDINATION.finditer(text, start, end):
        if _nwords(text, bounds[-1], m.start()) >= 3 and _nwords(text, m.end(), end) >= 3:
            bounds += [m.start(), m.end()]
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)] + [(bounds[-1], end)]


def _document_parts(text: str, start: int, end: int) -> list[Span]:
    """A sentence naming several documents ("a CV, a cover letter and two references"), one span
    per document; none when it names fewer than two."""
    bounds = [start]
    for m in _LIST_BREAK.finditer(text, start, end):
        following = text[m.end() : end].split()[:3]
        if following and following[0].lower() in _DETERMINERS:  # "a CV", "two references"
            following = following[1:]
        if DOCUMENT.search(" ".join(following[:2])) and DOCUMENT.search(text[bounds[-1] : m.start()]):
            bounds += [m.start(), m.end()]
    spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)] + [(bounds[-1], end)]
    return spans if len(spans) > 1 else []


def _enumeration_parts(text: str, start: int, end: int) -> list[Span]:
    """The parts of a list a long sentence announces, when it has 3 or more of at most
    ENUMERATION_WORDS words each."""
    if _nwords(text, start, end) <= MAX_WORDS:
        return []  # short enough to stay whole
    announced = _ENUMERATION.search(text, start, end)
    if not announced or _nwords(text, start, announced.start()) > MAX_WORDS:
        return []
    pos, parts = announced.end(), []
    for m in re.finditer(r"\s*[,;]\s*(?:(?:and|or|og|eller)\s+)?", text[:end]):
        if m.start() >= pos:
            parts.append((pos, m.start()))
            pos = m.end()
    last = text[pos:end]
    conj = list(re.finditer(r"\s+(?:and|or|og|eller|samt)\s+", last))
    if conj and parts:  # "…, c and d": the last conjunction joins two parts
        parts += [(pos, pos + conj[-1].start()), (pos + conj[-1].end(), end)]
    else:
        parts.append((pos, end))
    spans = [_strip(text, a, b) for a, b in parts]
    if len(spans) < 3 or any(not 1 <= _nwords(text, a, b) <= ENUMERATION_WORDS for a, b in spans):
        return []
    return spans


_DEGREE = re.compile(
    r"\b(?:degree|diploma|bachelor|master(?:'s|’s|s)?(?= (?:degree|in|of|level|thesis|programme))|msc|m\.sc|bsc|b\.sc|"
    r"ph\.?d\.?(?= (?:degree|in|or|level))|doctorate|doctoral degree|honours|2:[12]|upper second|first class|ects|"
    r"a-levels?|undergraduate|postgraduate|graduated?\b(?! school)|utdanning|bachelorgrad|mastergrad|fagbrev|"
    r"svennebrev|sveinebrev|høyskole|universitetsutdanning|master(?:grad)?\b(?= i\b))",
    re.I,
)
_SKILL = re.compile(
    r"skills?\b|abilit|able to|capab|communicat|interpersonal|inter-personal|team|collaborat|co-?operat|independen|"
    r"autonom|motivated|organi[sz](?:ed|ational)|problem[- ]solv|analytical|creativ|flexib|reliab|accura|detail|"
    r"initiative|proactive|curio|enthusias|leadership|structured|service-minded|presentation|fluen|programming|coding|"
    r"ferdighet|evne|egenskap|selvstendig|fleksib|nøyaktig|strukturert|samarbeid|kommunikasjon|løsningsorientert|"
    r"serviceinnstilt|pålitelig|lagspiller|ansvarsbevisst|initiativ|engasjert|positiv|punktlig|målbevisst|"
    r"kvalitetsbevisst|relasjonsbygg|gjennomføringsevne|oppmerksom|handlekraftig|trives|omgjengelig|ryddig",
    re.I,
)


def names_degree(item: str) -> bool:
    """A qualification that asks for a degree or a formal education ("Master's degree in …", "fagbrev")."""
    return bool(_DEGREE.search(item))


def names_skill(item: str) -> bool:
    """A qualification that asks for a skill, an ability or a personal quality ("good communication
    skills", "ability to work independently", "Nøyaktig")."""
    return bool(_SKILL.search(item))
