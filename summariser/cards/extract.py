"""Job-summary cards, deterministic first: sections, bullets and parsers fill the card, and every
value keeps the verbatim line it came from. `verify_card` drops any value whose evidence is not in
the posting, so whatever fills a card later (a model) passes the same gate."""

from __future__ import annotations

import re
from datetime import date

from summariser.cards.schema import LIST_FIELDS, SCALAR_FIELDS, JobCard, Salary
from summariser.ingest.chunking import chunk_text
from summariser.ingest.flags import excluded_spans
from summariser.text import parsers
from summariser.text.lexicon import CONTACT
from summariser.text.spans import contains_words, find_quote, is_bullet, lines, normalise_ws, sentences

_SECTION_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "application_documents",
        re.compile(
            r"document|attach|application (?:must|should) (?:include|contain)|how to apply|vedlegg|søknaden (?:må|skal)|dokumentasjon",
            re.I,
        ),
    ),
    (
        "benefits",
        re.compile(r"benefit|we offer|what we offer|vi tilbyr|hos oss (?:vil du|får du)|goder|fordeler|perks", re.I),
    ),
    ("education", re.compile(r"^education|utdanning|admission normally requires|degree requirements", re.I)),
    ("skills", re.compile(r"skill|ferdighet|personlige egenskaper|som person er du|competenc", re.I)),
    (
        "responsibilities",
        re.compile(
            r"responsibilit|duties|your role|tasks|arbeidsoppgaver|oppgaver|ansvar|what you will do|the role", re.I
        ),
    ),
    (
        "qualifications",
        re.compile(
            r"qualification|requirement|criteria|kvalifikasjon|krav|vi ønsker at du har|hvem er du|your profile|"
            r"who you are|eligib|we are looking for|hva vi ser etter",
            re.I,
        ),
    ),
]
_TOOLS = (
    "PyTorch",
    "TensorFlow",
    "Tensorflow",
    "Keras",
    "Jax",
    "JAX",
    "scikit-learn",
    "Python",
    "MATLAB",
    "Matlab",
    "SQL",
    "Excel",
    "Git",
    "Linux",
    "Docker",
    "Kubernetes",
    "AWS",
    "Azure",
    "Tripletex",
    "SAP",
    "Power BI",
    "Tableau",
    "SPSS",
    "Stata",
    "C\\+\\+",
    "Java",
    "JavaScript",
    "Fortran",
    "Office 365",
    "Microsoft Office",
    "Visma",
    "AutoCAD",
    "ArcGIS",
)
_TOOL = re.compile(r"(?<![\w-])(" + "|".join(_TOOLS) + r")(?![\w-])")
_LANGUAGES = {
    "english": "English",
    "engelsk": "English",
    "norwegian": "Norwegian",
    "norsk": "Norwegian",
    "scandinavian": "Scandinavian",
    "skandinavisk": "Scandinavian",
    "swedish": "Swedish",
    "svensk": "Swedish",
    "danish": "Danish",
    "dansk": "Danish",
    "german": "German",
    "tysk": "German",
    "french": "French",
    "fransk": "French",
    "spanish": "Spanish",
}
_LANGUAGE_CONTEXT = re.compile(
    r"fluen|proficien|language|written|spoken|skills in|command of|documentation|språk|muntlig|skriftlig|beherske", re.I
)
_DEADLINE = re.compile(
    r"deadline|closing date|closes|apply by|applications? (?:must|should) be (?:received|submitted) by|"
    r"latest we can accept|søknadsfrist|søk senest|frist",
    re.I,
)
_START = re.compile(
    r"start date|starting date|able to start|expected start|tiltredelse|oppstart|start(?:ing)? (?:in|on|"
    r"from) (?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|fall|autumn|spring|summer|winter)",
    re.I,
)
_DOCUMENT = re.compile(
    r"\b(?:CV|curriculum vitae|letter|transcripts?|diplomas?|certificates?|thesis|references?|referees|"
    r"portfolio|publication list|vitnemål|attester|søknadsbrev|cover)\b",
    re.I,
)
_EMPLOYER_SECTION = re.compile(
    r"om bedriften|om arbeidsgiver|about (?:the )?(?:employer|company|us|organisation|organization|university)", re.I
)
_EMPLOYER_SUBJECT = re.compile(r"^(?P<org>[A-ZÆØÅ][^.,;:\n]{2,80}?) (?:is|er) (?:a|an|the|en|et|ei)\b")
_HOURS = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:hours|timer|t)\s*(?:per|a|/|pr\.?)\s*(?:week|uke)|stillingsprosent:?\**\s*\d+(?:\s*[-–]\s*\d+)?\s*%|\b\d{1,3}\s?%\s*(?:stilling|position|FTE)",
    re.I,
)
_CONTACT = re.compile(CONTACT)
_LOCATION_LABEL = re.compile(
    r"^\**(?:location\(?s?\)?|sted|arbeidssted|place of work)\**\s*:\**\s*(?P<v>[^\n]{2,60})$", re.I | re.M
)
_LOCATION_PHRASE = re.compile(
    r"(?:workplace is|located|based|position is|placed|ligger|arbeidssted er) (?:at [^.\n]{0,60}? )?(?:in|"
    r"i) (?P<v>[A-ZÆØÅ][\wæøåÆØÅ-]+)|\((?P<c>[A-ZÆØÅ][\wæøå-]+), (?:Norway|Sweden|Denmark|Finland|UK|Germany|Spain|Italy|France)\)"
)


def extract_card(
    posting_id: str,
    text: str,
    title: str | None = None,
    employer: str | None = None,
    source_url: str | None = None,
    metadata: dict | None = None,
) -> JobCard:
    """A card from the text alone (plus the posting's own metadata), every value with evidence."""
    metadata = metadata or {}
    card = JobCard(posting_id=posting_id, source_url=source_url)
    ev: dict[str, list[str]] = {}

    def put(field: str, value, quote: str) -> None:
        if value in (None, "", []) or getattr(card, field) not in (None, [], ""):
            return
        setattr(card, field, value)
        ev.setdefault(field, []).append(quote)

    removed = excluded_spans(text, metadata)  # boilerplate, text addressed to AI, hidden text: never evidence
    body_lines = [(text[a:b], c.section) for c in chunk_text(text, removed) for a, b in lines(text, c.start, c.end)]
    sents = [text[a:b] for c in chunk_text(text, removed) for a, b in sentences(text, c.start, c.end)]
    posted = _posted(metadata)
    if posted:
        card.posted = posted
    # The title is the posting's own name for itself (front matter, feed record, <title>) and is
    # kept, with evidence when the text repeats it. An employer the text never mentions is site
    # metadata, not the posting's word, and stays off the card.
    if title and find_quote(text, title):
        put("title", title, title)
    elif title:
        card.title = title
    if employer and find_quote(text, employer):
        put("employer", employer, employer)
    _scalars_from_lines(body_lines, sents, put, posted)
    _salary(sents + [line for line, _ in body_lines], card, ev)
    _lists(body_lines, card, ev)
    for m in _TOOL.finditer(text):
        name = {"Tensorflow": "TensorFlow", "JAX": "Jax", "Matlab": "MATLAB"}.get(m.group(1), m.group(1))
        if name not in card.tools:
            card.tools.append(name)
            ev.setdefault("tools", []).append(m.group(1))
    for sentence in sents:
        if _LANGUAGE_CONTEXT.search(sentence):
            for word in re.findall(r"[A-Za-zæøå]+", sentence):
                language = _LANGUAGES.get(word.lower())
                if language and language not in card.languages:
                    card.languages.append(language)
                    ev.setdefault("languages", []).append(sentence)
    summary = _summary(body_lines, sents)
    if summary:
        card.summary = normalise_ws(" ".join(summary))
        ev["summary"] = summary
    for line, section in body_lines:
        m = _EMPLOYER_SUBJECT.match(line)
        if m and section and _EMPLOYER_SECTION.search(section[-1]):
            put("employer", m.group("org"), m.group(0))
            break
    card.evidence = ev
    return verify_card(card, text)


def _posted(metadata: dict) -> str | None:
    raw = metadata.get("date_posted") or metadata.get("date") or metadata.get("datePosted")
    return str(raw)[:10] if raw and re.match(r"\d{4}-\d{2}-\d{2}", str(raw)) else None


def _scalars_from_lines(body_lines, sents, put, posted: str | None) -> None:
    year = int(posted[:4]) if posted else None
    header = [line for line, section in body_lines[:12] if len(line) < 40]
    for line in header:  # aggregator header: "Tromsø / On-site / Full time"
        for field, found in (
            ("work_mode", parsers.work_mode(line)),
            ("employment_type", parsers.employment_type(line)),
        ):
            if found:
                put(field, found.value, line)
    for line in [*sents, *(line for line, _ in body_lines)]:
        for field, parse in (
            ("work_mode", parsers.work_mode),
            ("employment_type", parsers.employment_type),
            ("contract", parsers.contract),
        ):
            found = parse(line)
            if found:
                put(field, found.value, line)
        duration = parsers.parse_duration(line)
        if duration:
            put("duration", duration.value, line)
            if not parsers.contract(line):
                put("contract", "fixed_term", line)
        if _DEADLINE.search(line):
            dates = parsers.parse_dates(
                line, default_year=year, reference=date.fromisoformat(posted) if posted else None
            )
            if dates:
                put("deadline", dates[0].value, line)
                put("deadline_text", normalise_ws(line), line)
        if _START.search(line) and len(line) < 300:
            put("start_date", normalise_ws(line), line)
        hours = _HOURS.search(line)
        if hours:
            put("working_hours", hours.group(0).strip("* "), line)
        contact = _CONTACT.search(line)
        if contact and re.search(r"contact|kontakt|enquir|questions|spørsmål|send", line, re.I):
            put("contact", normalise_ws(line), line)
    text = "\n".join(line for line, _ in body_lines)
    label = _LOCATION_LABEL.search(text)
    if label:
        put("location", label.group("v").strip("* "), label.group(0))
    for sentence in sents:
        m = _LOCATION_PHRASE.search(sentence)
        if m:
            put("location", m.group("v") or m.group("c"), sentence)


def _salary(candidates: list[str], card: JobCard, ev: dict) -> None:
    found: list[tuple[parsers.Money, str]] = []
    for line in dict.fromkeys(candidates):
        for money in parsers.parse_money(line):
            if not any(abs(m.min - money.min) < 1 and abs(m.max - money.max) < 1 for m, _ in found):
                found.append((money, line))
    if not found:
        return
    main, _ = next(((m, q) for m, q in found if m.max > m.min), found[0])
    mentions = [normalise_ws(q[m.span[0] : m.span[1]]) for m, q in found]
    note = "; ".join(mentions) + (" (the posting states these differently)" if len(found) > 1 else "")
    period = main.period or next((m.period for m, _ in found if m.period), None)
    card.salary = Salary(min=main.min, max=main.max, currency=main.currency, period=period, text=note)
    ev["salary"] = [q for _, q in found]


def _lists(body_lines, card: JobCard, ev: dict) -> None:
    found: dict[str, list[tuple[str, str]]] = {}
    for line, section in body_lines:
        if not section:
            continue
        heading = section[-1]
        field = next((name for name, pattern in _SECTION_FIELDS if pattern.search(heading)), None)
        if field is None and len(section) > 1:
            field = next((name for name, pattern in _SECTION_FIELDS if pattern.search(section[-2])), None)
        item = re.sub(r"^\s*(?:[•▪◦●\-*–]|\d{1,2}[.)])\s*", "", line).strip()
        if field is None or normalise_ws(item) == normalise_ws(heading) or not item or len(item) > 220:
            continue
        if (field in {"benefits", "qualifications"} and _DOCUMENT.match(item)) or (
            field == "benefits" and _DOCUMENT.search(item[:60])
        ):
            field = "application_documents"  # pages that lost their headings put the document list anywhere
        if not (is_bullet(line) or len(item) < 120):
            continue
        found.setdefault(field, []).append((item, line.strip()))
    for field, pairs in found.items():
        # an item said again inside a longer one ('Flexible working hours' in 'Flexible working
        # hours and a state collective pay agreement') or repeated is kept once, as the longer
        keys = [normalise_ws(item).lower() for item, _ in pairs]
        kept: set[str] = set()
        for (item, line), key in zip(pairs, keys):
            if key in kept or any(len(other) > len(key) and contains_words(other, key) for other in keys):
                continue
            kept.add(key)
            getattr(card, field).append(item)
            ev.setdefault(field, []).append(line)


def _summary(body_lines, sents) -> list[str]:
    """Up to three verbatim sentences: the posting's own summary section, else its first prose."""
    for line, section in body_lines:
        if (
            section
            and re.search(
                r"job summary|summary|sammendrag|om stillingen|about the (?:role|position)", section[-1], re.I
            )
            and len(line) > 80
        ):
            return [line[a:b] for a, b in sentences(line)][:3]
    return [s for s in sents if len(s) > 60 and not is_bullet(s)][:2]


def verify_card(card: JobCard, text: str) -> JobCard:
    """Keep only evidence that is verbatim in the posting; drop values left without any."""
    kept: dict[str, list[str]] = {}
    for field, quotes in card.evidence.items():
        good = [q for q in quotes if find_quote(text, q)]
        if good:
            kept[field] = list(dict.fromkeys(good))
    for field in SCALAR_FIELDS:
        value = getattr(card, field)
        if value in (None, "", []) or field in kept or field in {"title", "posted"}:  # the posting's own metadata
            continue
        card.dropped.append(f"{field}: {value}")
        setattr(card, field, None)
    for field in LIST_FIELDS:
        if getattr(card, field) and field not in kept:
            card.dropped.append(f"{field}: {getattr(card, field)}")
            setattr(card, field, [])
    card.evidence = kept
    card.not_stated = [f for f in (*SCALAR_FIELDS, *LIST_FIELDS) if getattr(card, f) in (None, "", [])]
    return card
