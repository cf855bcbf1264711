"""The card's lists — qualifications, responsibilities, benefits, skills, education, application
documents — from the posting's sections: the lines under a heading that names one of them."""

from __future__ import annotations

import re

from summariser.cards.document import CardText, Piece
from summariser.text.spans import contains_words, is_bullet, normalise_ws

SECTION_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "application_documents",
        re.compile(
            r"document|attach|application (?:must|should) (?:include|contain)|how to apply|vedlegg|"
            r"søknaden (?:må|skal)|dokumentasjon",
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
_DOCUMENT = re.compile(
    r"\b(?:CV|curriculum vitae|letter|transcripts?|diplomas?|certificates?|thesis|references?|referees|"
    r"portfolio|publication list|vitnemål|attester|søknadsbrev|cover)\b",
    re.I,
)
_BULLET_MARK = re.compile(r"^\s*(?:[•▪◦●\-*–]|\d{1,2}[.)])\s*")
MAX_ITEM_CHARS = 220


def section_field(section: tuple[str, ...]) -> str | None:
    """The list a section's heading (or its parent's) names, if any."""
    for heading in [*section[-1:], *section[-2:-1]]:
        field = next((name for name, pattern in SECTION_FIELDS if pattern.search(heading)), None)
        if field:
            return field
    return None


def item_text(line: Piece) -> str:
    return _BULLET_MARK.sub("", line.text).strip()


def read_lists(doc: CardText) -> dict[str, list[tuple[str, Piece]]]:
    """(item, the line it comes from) per list field, in posting order, each item once."""
    found: dict[str, list[tuple[str, Piece]]] = {}
    for line in doc.lines:
        if not line.section:
            continue
        field = section_field(line.section)
        item = item_text(line)
        if field is None or normalise_ws(item) == normalise_ws(line.heading) or not item or len(item) > MAX_ITEM_CHARS:
            continue
        if (field in {"benefits", "qualifications"} and _DOCUMENT.match(item)) or (
            field == "benefits" and _DOCUMENT.search(item[:60])
        ):
            field = "application_documents"  # pages that lost their headings put the document list anywhere
        if not (is_bullet(line.text) or len(item) < 120):
            continue
        found.setdefault(field, []).append((item, line))
    return {field: without_repeats(pairs) for field, pairs in found.items()}


def without_repeats(pairs: list[tuple[str, Piece]]) -> list[tuple[str, Piece]]:
    """An item said again inside a longer one ('Flexible working hours' in 'Flexible working hours
    and a state collective pay agreement') or repeated is kept once, as the longer."""
    keys = [normalise_ws(item).lower() for item, _ in pairs]
    kept: list[tuple[str, Piece]] = []
    seen: set[str] = set()
    for pair, key in zip(pairs, keys):
        if key in seen or any(len(other) > len(key) and contains_words(other, key) for other in keys):
            continue
        seen.add(key)
        kept.append(pair)
    return kept
