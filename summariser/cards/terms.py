"""The terms of a job read from its text: work mode, employment type, contract, duration, deadline,
start, hours, contact, salary, languages and tools. Each reader looks at the posting's lines and
sentences (cards.document) and hands back values with the piece of text that states them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from summariser.cards.document import CardText, Piece
from summariser.cards.schema import Salary
from summariser.text import parsers
from summariser.text.lexicon import CONTACT, DEADLINE_CUE, LANGUAGES
from summariser.text.spans import normalise_ws

Put = Callable[..., bool]  # put(field, value, *pieces) -> whether the field took the value

_DEADLINE = re.compile(DEADLINE_CUE, re.I)
_NOT_DEADLINE = re.compile(r"interview|intervju|held on|take place|funded by|offer", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_START = re.compile(
    r"start date|starting date|able to start|expected start|tiltredelse|oppstart|start(?:ing)? (?:in|on|"
    rf"from) (?:\d|{_MONTH}|fall|autumn|spring|summer|winter)|"
    r"commencing|to commence|for (?:entry|start) in|(?:for|in) (?:\w+ )?\d{4} entry|"
    rf"entry (?:in )?{_MONTH}\w* \d{{4}}",
    re.I,
)
# weaker ways to say when the job starts, read only where no start cue above is found: "starting August
# 2021", "starts on March 1st", "scheduled to start 1 March", "will commence from 1st February", "will
# begin in January/February 2021", "available from 1 January 2021", "earliest possible start"
_BEGINS = r"\b(?:start(?:s|ing)?|commenc(?:e|es|ing)|begin(?:s|ning)?)"
_START_WEAKER = re.compile(
    # a date after the verb ("starting 01.03.2021", "start 1 March"), or a month and a number ("starting at February
    # 1"), not a time or an amount ("starts at 8:00", "starts at 45,000")
    rf"{_BEGINS}(?: (?:in|on|from|as of))?(?: the)? (?:\d{{1,2}}(?:st|nd|rd|th)?\.? (?:of )?{_MONTH}|"
    rf"\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})|{_BEGINS}(?: (?:in|on|from|at|as of))?(?: the)? {_MONTH}\w*\.? \d|"
    r"\b(?:will|to|shall|can|should) (?:begin|start|commence)\b(?! with)|"
    rf"available (?:from|as of) (?:\d|{_MONTH}\w*\.? \d)|earliest (?:possible )?start|begindatum|startdato|"
    # "Beginning of employment is planned for …", "Start of the program: …", "available for commencement
    # from …", "starting preferably on 1st February", "starting between March 2021 and …"
    r"\bbeginning of (?:the )?(?:employment|contract|appointment|position|phd)|"
    r"\bstart of (?:the )?(?:program(?:me)?|employment|contract|appointment|position|phd)|\bcommencement\b|"
    rf"{_BEGINS} (?:preferably|ideally|between|at the earliest)\b",
    re.I,
)
# what else begins on a date: the review of applications, interviews, a project already under way
# beginnings that are not the job's, or a time measured from it ("experience before the beginning of
# the employment contract", "no earlier than 3 years before the start")
_OTHER_BEGINNINGS = re.compile(
    r"review|interview|screening|shortlist|assess|evaluat|consider|started|intervju|before the (?:beginning|start)",
    re.I,
)
_WHEN = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|mars|april|mai|juni|juli|august|"
    r"september|oktober|november|desember|spring|summer|autumn|fall|winter|vår|sommer|høst|vinter|asap|soon|"
    r"possible|immediately|agreement|agreed|negotiable|snarest|straks|avtale|mulig)",
    re.I,
)
_MONTH_YEAR = re.compile(rf"(?:{_MONTH}|mai|okt|des)[a-z]*\.? \d{{4}}", re.I)  # januar, mars … start as jan, mar …
_HOURS = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:hours|timer|t)\s*(?:per|a|/|pr\.?)\s*(?:week|uke)"
    r"|stillingsprosent:?\**\s*\d+(?:\s*[-–]\s*\d+)?\s*%|\b\d{1,3}\s?%\s*(?:stilling|position|FTE)",
    re.I,
)
_CONTACT = re.compile(CONTACT)
_NOT_PAY = re.compile(
    r"\b(?:fees?|tuition|costs?|prizes?|price|budget|travel|consumables|expenses|skolepenger|avgift)\b", re.I
)
_PAY = re.compile(r"\b(?:salary|stipend|pay|paid|wage|bursary|remuneration|lønn\w*)\b", re.I)
# A studentship, scholarship or bursary is funding, not a job: its "funded for 3 years" is no contract
# (the gold leaves such a posting's contract unstated), unless the posting also speaks of employment.
_FUNDING = re.compile(r"\b(?:studentships?|scholarships?|bursar(?:y|ies)|stipends?)\b", re.I)
_EMPLOYMENT = re.compile(
    r"\b(?:salary|salaries|employment contract|employed|employee|appointment|lønn|ansatt|ansettelse)\b", re.I
)
_IMPLIED_TERM = re.compile(r"(?:position is )?for a period of|funded for", re.I)  # a period, not the word 'fixed-term'
_CONTACT_CUE = re.compile(r"contact|kontakt|enquir|questions|spørsmål|send", re.I)
_TOOLS = (
    "PyTorch TensorFlow Tensorflow Keras Jax JAX scikit-learn Python MATLAB Matlab SQL Excel Git Linux Docker "
    "Kubernetes AWS Azure Tripletex SAP Power_BI Tableau SPSS Stata C++ Java JavaScript Fortran Office_365 "
    "Microsoft_Office Visma AutoCAD ArcGIS"
).split()
_TOOL = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t.replace("_", " ")) for t in _TOOLS) + r")(?![\w-])")
_TOOL_NAMES = {"Tensorflow": "TensorFlow", "JAX": "Jax", "Matlab": "MATLAB"}
_LANGUAGES = {word: name for name, norwegian in LANGUAGES.items() for word in (name.lower(), norwegian)}
_NOT_NEEDED = re.compile(
    r"[^.;]{0,25}?\b(?:is |are )?not (?:required|mandatory|necessary|needed|a requirement)\b", re.I
)
_LANGUAGE_WORD = "(?:" + "|".join(sorted(_LANGUAGES, key=len, reverse=True)) + ")"
_NAMED_LANGUAGE = re.compile(rf"(?<![A-Za-zæøå]){_LANGUAGE_WORD}(?![A-Za-zæøå])", re.I)
# a language named as a skill, where the sentence has no word about language as such: "Speak French at
# a level …", "knowledge of English", "excellent English skills (C1/B2)", "Advanced English in writing",
# "- English: good level"; not "the German academic system", "Norwegian maritime industry"
_LANGUAGE_SKILL = re.compile(
    rf"\b(?:speak(?:s|ing)?|knowledge (?:of|in)|fluency in|mastery of|proficiency in)\s+(?:the\s+)?{_LANGUAGE_WORD}\b|"
    rf"\b(?:excellent|good|very good|fluent|advanced|basic|working|native|proficient|strong)\s+{_LANGUAGE_WORD}\b"
    rf"(?!\s+(?:university|institute|academic|research|system|national|government))|"
    rf"\b{_LANGUAGE_WORD}\s*(?:skills|speaking|writing|proficiency|level|\((?:level\s+)?[ABC][12]\))|"
    rf"\b{_LANGUAGE_WORD}:\s*(?:good|very good|excellent|fluent|basic|advanced|native|[ABC][12])\b",
    re.I,
)
_LANGUAGE_CONTEXT = re.compile(
    r"fluen|proficien|language|written|spoken|skills in|command of|documentation|språk|muntlig|skriftlig|beherske|"
    # what the application is written in: "A Cover Letter … in English", "A full CV in English"
    r"(?<!call for )\b(?:letter|cv|application|statement|proposal|søknad\w*|brev)\b[^.]{0,60}\b(?:in|på) (?:english|norwegian|"
    r"german|french|spanish|swedish|danish|dutch|italian|polish|finnish|engelsk|norsk|tysk|fransk|spansk|svensk|dansk)\b",
    re.I,
)


def posted_date(metadata: dict) -> str | None:
    raw = metadata.get("date_posted") or metadata.get("date") or metadata.get("datePosted")
    return str(raw)[:10] if raw and re.match(r"\d{4}-\d{2}-\d{2}", str(raw)) else None


def read_terms(doc: CardText, put_field: Put, posted: str | None) -> None:
    """Work mode, employment type, contract, duration, deadline, start, hours and contact."""
    year = int(posted[:4]) if posted else None
    reference = date.fromisoformat(posted) if posted else None
    read: set[str] = set()

    def put(field: str, value, *evidence) -> bool:  # the caller's put, noting which fields took a value
        took = put_field(field, value, *evidence)
        read.update([field] if took else [])
        return took

    for line in [line for line in doc.lines[:12] if len(line.text) < 40]:  # aggregator header: "Tromsø / On-site"
        for field, found in (
            ("work_mode", parsers.work_mode(line.text)),
            ("employment_type", parsers.employment_type(line.text)),
        ):
            if found:
                put(field, found.value, line)
    said = {(s.start, s.end) for s in doc.sentences}  # a line that is one sentence is read once
    pieces = [*doc.sentences, *(line for line in doc.lines if (line.start, line.end) not in said)]
    funding_only = funding_not_employment(doc.text)
    for number, piece in enumerate(pieces):
        text = piece.text
        for field, parse in (
            ("work_mode", parsers.work_mode),
            ("employment_type", parsers.employment_type),
            ("contract", parsers.contract),
        ):
            found = parse(text)
            if found and field == "contract" and funding_only and _IMPLIED_TERM.fullmatch(text[slice(*found.span)]):
                continue  # "The studentship is funded for 3 years": a duration, no contract
            if found:
                put(field, found.value, piece)
        duration = parsers.parse_duration(text)
        if duration:
            put("duration", duration.value, piece)
            if not parsers.contract(text) and not funding_only:
                put("contract", "fixed_term", piece)
        cues = list(_DEADLINE.finditer(text))
        if cues:
            cue = cues[0]
            dates = parsers.parse_dates(text, default_year=year, reference=reference)
            after = [d for d in dates if d.span[0] >= cue.start()]  # "Publication Date: … Closing Date: 12 October"
            following = pieces[number + 1] if number + 1 < len(pieces) else None
            if not after and all(re.search(r"\b(?:by|before|until|than|latest)$", c.group(0)) for c in cues):
                dates = []  # "… receive … by" names no date before it ("starting date 01-02-2021. You'll receive … by")
            if dates:
                put("deadline", (after or dates)[0].value, piece)
                put("deadline_text", normalise_ws(text), piece)
            elif following and len(text) - cue.end() < 20 and following.start - piece.end < 20:
                # "Closing date:" with the date in the next piece (flat feeds break at runs of spaces)
                below = parsers.parse_dates(following.text, default_year=year, reference=reference)
                if below and below[0].span[0] < 20:
                    put("deadline", below[0].value, piece, following)
                    put("deadline_text", normalise_ws(doc.text[piece.start : following.end]), piece, following)
        start = _START.search(text)
        if start and len(text) < 300 and _WHEN.search(text):  # not "før tiltredelse"
            put("start_date", normalise_ws(text), piece)
        elif start:  # a long sentence: the words around the start cue, if they say when
            a, b = _clause_around(text, start.start(), start.end())
            if _WHEN.search(text[a:b]):
                put("start_date", normalise_ws(text[a:b]), (piece.start + a, piece.start + b))
        hours = _HOURS.search(text)
        if hours:
            put("working_hours", hours.group(0).strip("* "), piece)
        if _CONTACT.search(text) and _CONTACT_CUE.search(text):
            put("contact", normalise_ws(text), piece)
    if "duration" not in read:  # no sentence about the contract: one about the job ("a 3-year PhD position")
        for piece in pieces:
            duration = parsers.parse_duration(piece.text, parsers.JOB_CONTEXT)
            if duration and put("duration", duration.value, piece):
                break
    if "deadline" not in read:
        _deadline_across_lines(doc, put, year, reference)
    _dates_heading_the_text(doc, put, read)
    if "start_date" not in read:
        _start_said_otherwise(pieces, put)


# a start promised within a reasonable time (UiT's template, 18 corpus postings), with what bounds it
_REASONABLE_START = re.compile(
    r"\b(?:start|begin|commence|take up)\w*\b[^.;]{0,40}?within a reasonable (?:amount of )?time\b(?:[^.;]{0,80}\b)?",
    re.I,
)


def _start_said_otherwise(pieces: list[Piece], put: Put) -> None:
    """The first piece that says when the job starts in one of the weaker ways, the words around
    the cue where the piece is long; never the start of a review, of interviews or of a project
    already under way."""
    for piece in pieces:
        cue = _START_WEAKER.search(piece.text)
        if not cue or _OTHER_BEGINNINGS.search(piece.text):
            continue
        a, b = (0, len(piece.text)) if len(piece.text) < 300 else _clause_around(piece.text, cue.start(), cue.end())
        if _WHEN.search(piece.text[a:b]):
            put("start_date", normalise_ws(piece.text[a:b]), (piece.start + a, piece.start + b))
            return
    for piece in pieces:  # the weakest: no date, only "… start in the position within a reasonable time"
        m = _REASONABLE_START.search(piece.text)
        if m and not _OTHER_BEGINNINGS.search(piece.text):  # not "Interviews will start within a reasonable time"
            put("start_date", normalise_ws(m.group(0)).rstrip(".,"), (piece.start + m.start(), piece.start + m.end()))
            return


def _dates_heading_the_text(doc: CardText, put: Put, read: set[str]) -> None:
    """Bare dates as a listing's first lines, its 'closes' and 'starts' columns without their labels
    ("30/11/2015", "01/10/2016", then the text): with two, the first is the deadline and the second
    the start; one alone is the start. Measured on the jobs.ac.uk corpus feed: of 11 pairs, every
    first date is the feed's closing date; of 73 lone dates, 68 fall after it (the other 5
    are a closing date followed by a month, 'October 2016.', the start)."""
    heading: list[tuple[Piece, str | None]] = []
    for line in doc.lines[:3]:
        bare = line.text.strip().rstrip(".")
        found = parsers.parse_dates(bare)
        if len(found) == 1 and found[0].span == (0, len(bare)):
            heading.append((line, found[0].value))
        elif _MONTH_YEAR.fullmatch(bare):  # "October 2016.": a start, never a deadline
            heading.append((line, None))
        else:
            break
    if not heading or len(heading) > 2:
        return
    *closes, (starts, _) = heading
    if closes and closes[0][1] and "deadline" not in read:
        put("deadline", closes[0][1], closes[0][0])
        put("deadline_text", normalise_ws(closes[0][0].text), closes[0][0])
    if "start_date" not in read:
        put("start_date", normalise_ws(starts.text).rstrip(".,"), starts)


def _deadline_across_lines(doc: CardText, put: Put, year: int | None, reference: date | None) -> None:
    """A deadline whose cue and date the feed's line breaks put in different pieces ("Closing Date: 8",
    "January 2016"; "… is 17:00 on Monday 16", "November 2015"): the first date of the whole text
    with a cue in the words just before it, within its sentence."""
    for found in parsers.parse_dates(doc.text, default_year=year, reference=reference):
        start, end = found.span
        before = doc.text[max(0, start - 80) : start]
        before = re.split(r"[.!?](?:\s|$)", before)[-1]
        if _DEADLINE.search(before) and not _START.search(before) and not _NOT_DEADLINE.search(before):
            span = (start - len(before.lstrip()), end)  # from the cue's sentence's first word to the date
            put("deadline", found.value, span)
            put("deadline_text", normalise_ws(doc.text[slice(*span)]), span)
            return


def _clause_around(text: str, start: int, end: int, reach: int = 60) -> tuple[int, int]:
    """The span of the words around text[start:end], at most `reach` characters either side, not
    past punctuation ('… candidates for entry October 2021 and offers …')."""
    a = max(0, start - reach)
    a += max((m.end() for m in re.finditer(r"[.;:!?()]", text[a:start])), default=0)
    if a > 0 and text[a - 1] not in " .;:!?()" and " " in text[a:start]:
        a = text.index(" ", a, start) + 1  # no cut word at the left edge
    skip = 1 if text[end : end + 1] == ":" else 0  # a label's colon: "Starting date: 1.12.2020"
    stop = re.search(r"[;,!?()]|[.:](?=\s|$)", text[end + skip : end + reach])  # not "1.12.2020", "12:00"
    b = end + skip + stop.start() if stop else min(len(text), end + reach)
    if not stop and b < len(text) and text[b] != " " and " " in text[end:b]:
        b = text.rindex(" ", end, b)  # nor at the right
    while a < b and text[a] in " ,":
        a += 1
    while b > a and text[b - 1] in " ,":
        b -= 1
    return a, b


def funding_not_employment(text: str) -> bool:
    """A posting that offers a studentship, scholarship or bursary and says nothing of employment:
    a period it names is how long the funding lasts, not a fixed-term contract."""
    return bool(_FUNDING.search(text)) and not _EMPLOYMENT.search(text)


def read_salary(doc: CardText) -> tuple[Salary, list[Piece]] | None:
    """The salary and every piece that states one. Several ranges in one currency and period make
    one range from the lowest to the highest; figures that disagree all stay in evidence and the
    text says so. A single figure "up to" is a maximum, one "from" a minimum. Fees and costs
    ("tuition fees of £4,600") are not pay."""
    found: list[tuple[parsers.Money, Piece]] = []
    seen: set[str] = set()
    for piece in [*doc.sentences, *doc.lines]:
        if piece.text in seen:
            continue
        seen.add(piece.text)
        for money in parsers.parse_money(piece.text):
            before = piece.text[max(0, money.span[0] - 50) : money.span[0]]
            if _last(_NOT_PAY, before) > _last(_PAY, before):  # the nearer word says what the amount is
                continue
            if not any(abs(m.min - money.min) < 1 and abs(m.max - money.max) < 1 for m, _ in found):
                found.append((money, piece))
    if not found:
        return None
    first = found[0][0]  # no range: of the single figures in the first one's currency, the largest is
    # the pay, the others parts of it or extras ("£4,000 p.a. (paid by grant)", "£17,000 stipend p.a.")
    singles = [m for m, _ in found if m.currency == first.currency and m.period in (None, first.period)]
    main = next((m for m, _ in found if m.max > m.min), max(singles, key=lambda m: m.max))
    period = main.period or next((m.period for m, _ in found if m.period), None)
    same = [m for m, _ in found if m.currency == main.currency and m.period in (None, period)]
    ranges = [m for m in same if m.max > m.min]
    low, high = (min(m.min for m in ranges), max(m.max for m in ranges)) if len(ranges) > 1 else (main.min, main.max)
    if main.bound == "up to" and not ranges:
        low = None
    elif main.bound == "from" and not ranges:
        high = None
    mentions = [normalise_ws(piece.text[m.span[0] : m.span[1]]) for m, piece in found]
    note = "; ".join(mentions) + (" (the posting states these differently)" if len(found) > 1 else "")
    salary = Salary(min=low, max=high, currency=main.currency, period=period, text=note)
    return salary, [p for _, p in found]


def _last(pattern: re.Pattern[str], text: str) -> int:
    return max((m.end() for m in pattern.finditer(text)), default=-1)


def names_language(text: str, language: str) -> bool:
    """Whether the text names the language (a card's English name: 'Norwegian' in "norsk" too)."""
    return any(_LANGUAGES.get(m.group(0).lower()) == language for m in _NAMED_LANGUAGE.finditer(text))


def language_quote(quotes: list[str], language: str) -> int | None:
    """Which of a card's language quotes is the one for this language, chosen as `read_languages`
    chooses: the first naming it as a skill, else the first naming it (a card's evidence does not
    run parallel to its languages: two may share one sentence)."""
    naming = [n for n, quote in enumerate(quotes) if names_language(quote, language)]
    return next((n for n in naming if _LANGUAGE_SKILL.search(quotes[n])), naming[0] if naming else None)


def read_languages(doc: CardText) -> list[tuple[str, Piece]]:
    """Languages named where the posting talks about language skills, in the order first named; each
    with the first sentence naming it as a skill ("a basic knowledge of German … is essential") where
    one does, else the first naming it in talk of language ("the language used may be German")."""
    found: dict[str, Piece] = {}
    as_skill: set[str] = set()  # languages whose sentence names them as a skill ("knowledge of German")
    for sentence in doc.sentences:
        named = list(_NAMED_LANGUAGE.finditer(sentence.text))  # cheap first: most sentences name none
        if not named:
            continue
        skill = _LANGUAGE_SKILL.search(sentence.text) is not None
        if not (skill or _LANGUAGE_CONTEXT.search(sentence.text)):
            continue
        for m in named:
            language = _LANGUAGES[m.group(0).lower()]
            if language in as_skill or (language in found and not skill) or _NOT_NEEDED.match(sentence.text, m.end()):
                continue  # "Italian: not required"
            found[language] = sentence  # in first-named order; a later skill sentence is the better evidence
            if skill:
                as_skill.add(language)
    return list(found.items())


# A name listed next to a known tool is a tool too: "R, Unix, Perl, Python, Java", "Duett, Tripletex".
_NAME = r"(?:[A-Z](?:[\w+#./-]{0,18}[\w+#])?|[a-z]{1,3}[A-Z](?:[\w+#./-]{0,15}[\w+#])?)"
_NEXT_NAME = re.compile(r"\s*(?:[,/;]|\s(?:and|or|og|eller))\s*(" + _NAME + r")(?![\w+#-])")
_PREVIOUS_NAME = re.compile(r"(?<![\w+#-])(" + _NAME + r")\s*(?:[,/;]|\s(?:and|or|og|eller))\s*$")
_NOT_TOOLS = {"I", "A", "The", "And", "Or", "We", "You", "Du", "Vi", "Og", "Eller", "PhD", "Dr", "Prof", "CV"}


def read_tools(doc: CardText) -> list[tuple[str, tuple[int, int]]]:
    """Software and frameworks the text names, each once, with where it is named: the known ones,
    and the names listed beside them."""
    found: dict[str, tuple[int, int]] = {}
    for start, end in [(line.start, line.end) for line in doc.lines]:
        for m in _TOOL.finditer(doc.text, start, end):
            found.setdefault(_TOOL_NAMES.get(m.group(1), m.group(1)), m.span())
            for name, span in _listed_beside(doc.text, start, end, m.span()):
                found.setdefault(_TOOL_NAMES.get(name, name), span)
    return list(found.items())


def _listed_beside(text: str, start: int, end: int, span: tuple[int, int]) -> list[tuple[str, tuple[int, int]]]:
    """The names in the same enumeration as a known tool, each side of it, up to 6 a side."""
    out = []
    left, right = span
    for _ in range(6):
        m = _PREVIOUS_NAME.search(text[max(start, left - 40) : left])
        if not m:
            break
        offset = max(start, left - 40)
        left = offset + m.start(1)
        out.append((m.group(1), (left, offset + m.end(1))))
    for _ in range(6):
        m = _NEXT_NAME.match(text, right, end)
        if not m:
            break
        right = m.end(1)
        out.append((m.group(1), m.span(1)))
    return [(name, where) for name, where in out if _is_tool_name(name)]


def _is_tool_name(name: str) -> bool:
    return name not in _NOT_TOOLS and name.lower() not in _LANGUAGES
