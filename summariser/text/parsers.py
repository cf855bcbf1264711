"""Deterministic parsers for card fields, English and Norwegian: money, dates, durations,
work mode, employment type, contract. Each returns the value and the verbatim span it read,
so every value can carry its evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from summariser.text.lexicon import (
    CURRENCY,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DURATION_UNIT,
    DURATION_UNITS,
    MONTHS,
    NUMBER_WORD,
    number_word_value,
)
from summariser.text.spans import Span

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?"
_YEAR = r"(?P<year>\d{4})"
# A year may run into the next word ("30 november 2020Reference number", a feed's lost line break).
_DATE_PATTERNS = [
    # 2020-11-22, 2020/11/22; not a URL's path ("…/2020/10/16/stem-cell-…")
    re.compile(r"(?<![/\w])(?P<year>\d{4})([-/.])(?P<mnum>\d{1,2})\2(?P<day>\d{1,2})(?![\d/])"),
    re.compile(r"(?<![/\w])(?P<day>\d{1,2})([./])(?P<mnum>\d{1,2})\2(?P<year>\d{4}|\d{2})(?![\d/])"),
    re.compile(r"\b(?P<day>\d{1,2})-(?P<mnum>\d{1,2})-(?P<year>\d{4})(?!\d)"),
    re.compile(rf"\b{_DAY}[\s-]*(?:of\s+)?{_MONTH}(?:,?[\s-]+{_YEAR}(?!\d)|\b)", re.I),  # 23-Nov-2020
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),
]


@dataclass
class Found:
    value: object
    span: Span


_RELATIVE = re.compile(r"\b(?:today|i dag)\b", re.I)


def parse_dates(text: str, default_year: int | None = None, reference: date | None = None) -> list[Found]:
    """Dates in text as ISO strings; a date without a year takes default_year, or is skipped;
    'today' / 'i dag' resolve against reference (the posting date) only when it is known."""
    found: list[Found] = []
    taken: list[Span] = []
    if reference is not None:
        for m in _RELATIVE.finditer(text):
            found.append(Found(reference.isoformat(), m.span()))
            taken.append(m.span())
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            parts = m.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else MONTHS[parts["month"].lower().rstrip(".")]
            year = parts.get("year")
            year_num = (int(year) + (2000 if len(year) == 2 else 0)) if year else default_year
            if year_num is None:
                continue
            day = int(parts["day"])
            if parts.get("mnum") and month > 12 >= day and "/" in m.group(0):
                day, month = month, day  # 11/23/2020 can only be American: month first
            try:
                value = date(year_num, month, day)
            except ValueError:
                continue
            found.append(Found(value.isoformat(), m.span()))
            taken.append(m.span())
    return sorted(found, key=lambda f: f.span)


_AMOUNT = r"\d{1,3}(?:[ \u00a0,.]\d{3})+(?:[.,]\d{2})?|\d+(?:[.,]\d+)?k?"
_CUR = CURRENCY
_RANGE_SEP = r"\s*(?:-|–|—|to|til)\s*"
_NO_CENTS = r"(?:[.,]-)?"  # '€ 2,325.- to € 2,972.-', 'kr 500 000,-'
# an amount in millions or billions is a budget or an income, never pay ('over £100 million of research income')
_MILLIONS = re.compile(r"\s?(?:million|billion|bn|mn|m|mill\.?|millioner|milliarder|mrd)\b", re.I)
_MONEY = re.compile(
    rf"(?P<sym>[£€$])\s?(?P<a>{_AMOUNT})(?:{_NO_CENTS}{_RANGE_SEP}[£€$]?\s?(?P<b>{_AMOUNT}))?"
    rf"|(?P<pre>{_CUR})\s?(?P<a2>{_AMOUNT})(?:{_NO_CENTS}{_RANGE_SEP}(?:{_CUR}\s?)?(?P<b2>{_AMOUNT}))?"
    rf"|(?P<a3>{_AMOUNT})(?:{_RANGE_SEP}(?P<b3>{_AMOUNT}))?\s?(?P<post>{_CUR})\b"
    rf"|(?P<a4>{_AMOUNT})\s?[£€$]?(?:{_RANGE_SEP}(?P<b4>{_AMOUNT}))?\s?(?P<sym2>[£€$])",  # '30.000€ - 45.000€'
    re.I,
)
_PERIODS = [
    ("hour", re.compile(r"per hour|an hour|/\s?(?:hour|h|time)\b|hourly|timelønn|pr\.? time|per time|i timen", re.I)),
    (
        "month",  # "(14 times per year)": a monthly salary paid 14 times
        re.compile(
            r"per month|a month|/\s?(?:month|mnd|måned)|monthly|månedslønn|pr\.? (?:mnd|måned)|"
            r"\b(?:1[2-4]|twelve|thirteen|fourteen)\s+(?:times|x)\b",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"per annum|p\.\s?a\.|\d\s?pa\b|per year|a year|/\s?(?:year|yr|år)\b|annual|yearly|årslønn|årlig|pr\.? år|per år|i året",
            re.I,
        ),
    ),
]


def _number(raw: str, shorthand_thousands: bool = False) -> float:
    raw = raw.strip()
    thousands = raw.lower().endswith("k")
    raw = raw.rstrip("kK")
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0,.]\d{3})+(?:[.,]\d{2})?", raw):
        cents = (
            re.search(r"[.,](\d{2})$", raw)
            if re.search(r"[.,]\d{2}$", raw) and not re.search(r"[ \u00a0,.]\d{3}$", raw)
            else None
        )
        digits = re.sub(r"[^\d]", "", raw[: cents.start()] if cents else raw)
        value = float(digits) + (int(cents.group(1)) / 100 if cents else 0)
    else:
        value = float(raw.replace(",", "."))
    return value * 1000 if thousands or shorthand_thousands else value


@dataclass
class Money:
    min: float
    max: float
    currency: str
    period: str | None
    span: Span
    bound: str | None = None  # "up to" a single figure (a maximum), or "from" one (a minimum)


# a bound, then only words that say which pay it bounds: "up to", "the minimum gross salary of",
# "the maximum total payment amount will be", "the monthly salary begins around"
_WHICH_PAY = (
    r"(?:\s*\b(?:full[- ]time|gross|net|monthly|annual|yearly|basic|base|total|payment|amount|salary|stipend|pay|"
    r"remuneration|wages?|on|appointment|will|be|is|of|amounts|to|the|a|an|at|around|approximately|approx\.?|"
    r"lønn|er|på)\b){0,7}"
)
_UP_TO = re.compile(
    rf"(?:up to|maximum(?: of)?|max\.?|no more than|not exceeding|opp til|inntil|høyst|maks\.?){_WHICH_PAY}\s*:?\s*$",
    re.I,
)
_FROM = re.compile(
    r"(?:\bfrom|\bfra)\s*$|"
    rf"(?:starts?|starting|begins?|minimum(?: of)?|min\.?|at least|not less than|minst){_WHICH_PAY}\s*:?\s*$",
    re.I,
)
# the second of two figures that make one range: "from € 2395 per month in the first year to € 3061",
# "starting at € 2.395 and increasing to € 3.061"
_RISING_TO = re.compile(r"^[^.;!?\n]{0,80}\b(?:to|til)\s*$", re.I)
_RISING = re.compile(r"\b(?:increas\w*|ris(?:e|es|ing)|grow\w*|stiger|øker)\b", re.I)
_AND_THEN = re.compile(r"^[^.;!?\n]{0,60}\b(?:and|to|og|til)\s*$", re.I)


def parse_money(text: str) -> list[Money]:
    """Amounts with a currency: 'NOK 550,000 - 634,000', '550 800 NOK/year', '£18,212 to £20,989 per
    annum', 'årslønn fra kr 509 300 – 692 400', '19-20.000 EUR'."""
    out: list[Money] = []
    for m in _MONEY.finditer(text):
        g = m.groupdict()
        a, b = g["a"] or g["a2"] or g["a3"] or g["a4"], g["b"] or g["b2"] or g["b3"] or g["b4"]
        cur_raw = g["sym"] or g["pre"] or g["post"] or g["sym2"]
        currency = CURRENCY_SYMBOLS.get(cur_raw) or (
            cur_raw.upper() if cur_raw.upper() in CURRENCY_CODES else CURRENCY_WORDS.get(cur_raw.lower())
        )
        if not currency:
            continue
        high = _number(b) if b else None
        # '19-20.000 EUR': the low end is written in thousands
        low = _number(
            a,
            shorthand_thousands=bool(
                high and high >= 1000 and float(re.sub(r"\D", "", a) or 0) < 1000 and "." not in a and "," not in a
            ),
        )
        if max(low, high or 0) < 20 or _MILLIONS.match(text, m.end()):  # '3%', '2 kr', '£100 million'
            continue
        window = text[max(0, m.start() - 80) : m.end() + 40]
        period = next((name for name, p in _PERIODS if p.search(window)), None)
        before = text[max(0, m.start() - 70) : m.start()]
        bound = (
            None if high is not None else "up to" if _UP_TO.search(before) else "from" if _FROM.search(before) else None
        )
        out.append(Money(low, high if high is not None else low, currency, period, m.span(), bound))
    return _joined(text, out)


def _joined(text: str, found: list[Money]) -> list[Money]:
    """Single figures that the text makes one rising range ("from € 2395 per month in the first year
    to € 3061 in the third year and € 3217 in the fourth") become that range."""
    out: list[Money] = []
    joined = False  # whether out[-1] is a range made here, which later figures may extend
    for money in found:
        if out and _rises_to(text, out[-1], money, joined):
            last = out[-1]
            span = (last.span[0], money.span[1])
            out[-1] = Money(last.min, money.max, last.currency, last.period or money.period, span)
            joined = True
        else:
            out.append(money)
            joined = False
    return out


def _rises_to(text: str, last: Money, money: Money, joined: bool) -> bool:
    """`money`, a single higher figure in the same currency, continues `last`: a "minimum" then a
    "maximum" in one clause; the words between end in "to" and say it rises (or `last` was a single
    "from"), "£31,604 - £38,587 per annum, rising to £40,000"; after a range made here, they end in
    "and" or "to"."""
    if last.currency != money.currency or money.min != money.max or money.min <= last.max:
        return False
    between = re.sub(r"^[.,]-", "", text[last.span[1] : money.span[0]])
    if last.bound == "from" and money.bound == "up to" and len(between) <= 80:
        return not re.search(r"[.;!?\n]", between)  # 'a minimum of € 2,395 … up to a maximum of € 3,061'
    if joined:
        return bool(_AND_THEN.search(between))
    return bool(_RISING_TO.search(between)) and (
        bool(_RISING.search(between)) or (last.min == last.max and last.bound == "from")
    )


_DURATION = re.compile(
    rf"\b(?:(?P<num>\d{{1,2}}(?:[.,]5)?)|(?P<word>{NUMBER_WORD}))[\s-]*(?P<unit>{DURATION_UNIT})\b", re.I
)
_CONTRACT_CONTEXT = re.compile(
    r"period of|contract|appointment|fixed[- ]term|position is for|duration|funded for|studentship|fellowship|engasjement|"
    r"vikariat|åremål|varighet|for a term|tenure|length|project|bursary|scholarship|funding|limited to|maximum of|"
    r"employment|employed|offered|full[- ]time basis|each year for",
    re.I,
)
# read where the words above are not found anywhere: the job itself ("a three-year Postdoc position",
# "3-year PhD positions", "stipend … during 2 years", "The post is available for 18 months")
JOB_CONTEXT = re.compile(
    r"\bpositions?\b|\bpost\b(?!-)|\bphd\b|postdoc|stipend|\bterm\b|renewable|prolong|extension", re.I
)
# a length that is not the job's: the applicant's past ("at least 2 years of post-graduation
# research"), a degree due "within 6 months", the mobility rule ("resided … more than 12 months in
# the 3 years before")
_NOT_THE_JOBS = re.compile(
    r"\b(?:at least|minimum(?: of)?|min\.|over|more than|within)\s*(?:\d{1,2}\s*[-–]\s*)?$",
    re.I,  # "within 12-18 months"
)
_NOT_ABOUT_THE_JOB = re.compile(r"experience|erfaring|resided|main activity|residence", re.I)


_UNTIL = re.compile(r"\b(?:until|till|frem til|fram til|til og med|t\.o\.m\.?)\s+(?:the\s+)?(?=\d)", re.I)
_MONTH_NAMES = "January February March April May June July August September October November December".split()


def parse_duration(text: str, context: re.Pattern[str] = _CONTRACT_CONTEXT) -> Found | None:
    """A contract length ('a period of four years' → '4 years'; 'vikariat frem til 10. januar 2026'
    → 'until 10 January 2026'), only where the sentence is about the contract (`context`), not
    experience ('3 years of experience')."""
    if not context.search(text) or _NOT_ABOUT_THE_JOB.search(text):
        return None
    m = _DURATION.search(text)
    while m and _NOT_THE_JOBS.search(text, max(0, m.start() - 22), m.start()):
        m = _DURATION.search(text, m.end())
    if not m:
        return _until(text)
    n = float(m.group("num").replace(",", ".")) if m.group("num") else number_word_value(m.group("word"))
    unit = DURATION_UNITS[m.group("unit").lower()]
    value = f"{n:g} {unit[:-1] if n == 1 else unit}"
    return Found(value, m.span())


_APPLYING = re.compile(r"appl(?:y|ication|icant)|submi|document|søknad", re.I)


def _until(text: str) -> Found | None:
    """A contract that runs until a dated end ('fixed term until 31 March 2023'), the date with its year;
    not what an application may be sent until ('applications will only be accepted until 11/23/2020')."""
    for cue in _UNTIL.finditer(text):
        if _APPLYING.search(text[max(0, cue.start() - 60) : cue.start()]):
            continue
        dates = parse_dates(text[cue.end() :])
        if dates and dates[0].span[0] == 0:
            end = date.fromisoformat(dates[0].value)
            value = f"until {end.day} {_MONTH_NAMES[end.month - 1]} {end.year}"
            return Found(value, (cue.start(), cue.end() + dates[0].span[1]))
    return None


RuleSet = tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str]]


def _rule_set(named: list[tuple[str, re.Pattern[str]]]) -> RuleSet:
    """Named rules, and one pattern that matches wherever any of them does (compiled once)."""
    return named, re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in named), re.I)


_WORK_MODE = _rule_set(
    [
        # "tilrettelagt for mobilt kontor når det er hensiktsmessig": an office, and elsewhere when it suits
        (
            "hybrid",
            re.compile(r"\bhybrid(?:kontor)?\b|delvis hjemmekontor|mobilt kontor|partly remote|mix of remote", re.I),
        ),
        # "Hjemmekontor ikke mulig" (no home office) says the job is on site, not remote
        (
            "on_site",
            re.compile(
                r"hjemmekontor ikke mulig|ikke (?:mulig|mulighet) (?:for|med|til) hjemmekontor|no remote work|"
                r"ikke mulig å (?:jobbe|arbeide) hjemmefra|kan ikke (?:jobbe|arbeide) hjemmefra",
                re.I,
            ),
        ),
        (
            "remote",
            re.compile(
                r"\b(?:fully remote|remote (?:position|work|working|job|role|first)|work(?:ing)? remotely|work from home|"
                r"hjemmekontor|(?:jobb|jobbe|arbeid|arbeide) hjemmefra)\b",
                re.I,
            ),
        ),
        ("on_site", re.compile(r"\bon[- ]?site\b|\bin[- ]office\b|\bpå kontoret\b|\bfremmøte\b", re.I)),
    ]
)
# a word's start, or the seam where a feed glued a heading to the text under it ("Position summaryFull-time
# temporary employment", "Contract termsFull-time"): a lower-case letter, then a capital
_STARTS = r"(?:\b|(?-i:(?<=[a-z])(?=[A-Z])))"
_EMPLOYMENT = _rule_set(
    [
        (
            "full_time",
            re.compile(
                rf"{_STARTS}full[- ]?time\b|\bheltid\b(?!\s*/\s*deltid)|\b100\s?%\s*(?:stilling|position|FTE)|stillingsprosent:?\**\s*100",
                re.I,
            ),
        ),
        (
            "part_time",
            re.compile(
                rf"{_STARTS}part[- ]?time\b|\bdeltid\b|\b(?:[1-9]\d?)\s?%\s*(?:stilling|position|FTE)|"
                r"stillingsprosent:?\**\s*[1-9]\d?\s?(?:-|–)?",
                re.I,
            ),
        ),
    ]
)
_CONTRACT = _rule_set(
    [
        (
            "temporary",
            re.compile(  # not "temporary housing for new employees", "bone substitute", "Substitute member"
                r"\bvikariat\b|\bmaternity (?:cover|leave)\b|\bcover post\b|"
                r"\btemporary\b(?!\s+(?:housing|accommodation|residen\w*|permits?|visas?|address)\b)|"
                r"\bsubstitute (?:position|post|teacher|lecturer|employment|contract|for)\b|\bas a substitute\b|"
                r"[–-]\s*substitute\b",  # "… for a certain time period – SUBSTITUTE"
                re.I,
            ),
        ),
        (
            "fixed_term",
            re.compile(
                r"\bfixed[- ]term\b|\bengasjement\b|\båremål\b|\bposition is for a period of\b|\bfor a period of\b|\bfunded for\b",
                re.I,
            ),
        ),
        (
            "permanent",
            re.compile(
                # not a prospect ("may become permanent", "conversion to permanent employment", "the option of a
                # permanent position"), the applicant's past ("with or without a permanent position"), staff
                # counted ("560 permanent (340 engineers …)") or a thing ("permanent magnets")
                r"(?<!become )(?<!to )(?<!of )(?<!of a )(?<!without a )(?<!into a )(?<!\d )\bpermanent\b"
                r"(?!\s+(?:magnets?|storage|staff|employees|members|residen\w*|address|exhibitions?|collections?)\b)|"
                r"\b\d+ permanent (?:positions?|posts?|contracts?)\b|"  # "for 1 permanent position of full professor"
                r"\bfast (?:stilling|ansettelse|ansatt)\b|\bopen[- ]ended\b|\btenured?\b",
                re.I,
            ),
        ),
    ]
)


def classify(text: str, rules: RuleSet) -> Found | None:
    """First rule that matches text (rules are ordered most specific first)."""
    named, any_rule = rules
    if not any_rule.search(text):  # one search for the many texts no rule matches
        return None
    for name, pattern in named:
        m = pattern.search(text)
        if m:
            return Found(name, m.span())
    return None


def work_mode(text: str) -> Found | None:
    return classify(text, _WORK_MODE)


def employment_type(text: str) -> Found | None:
    return classify(text, _EMPLOYMENT)


def contract(text: str) -> Found | None:
    return classify(text, _CONTRACT)
