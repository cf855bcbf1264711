"""The card's lists — qualifications, responsibilities, benefits, skills, education, application
documents — from any posting, headed or not.

1. A sentence or list item under a heading that names a list (cards/sections.py: "Requirements",
   "Vi tilbyr", "The successful candidate will have:"), or one that opens by saying what it is
   ("Applications should include …", "This project will investigate …"), goes to that list if its
   words agree: a document must name one; in flat text, where a heading's list was often lost,
   prose under the other three needs a cue word too.
2. The rest — intro text, vague headings ("Job description", "Om stillingen"), headings nobody
   wrote a rule for, postings without headings — is classified (cards/classifier.py) and kept when
   the classifier is confident (its per-class thresholds; stricter cuts in a posting with no card
   heading at all) and the words agree. Only units some list could take are embedded, in one batch.
3. A list still short of MIN_ITEMS takes, likeliest first, the units no list took (unheaded, or
   under a heading whose reach ran past its section) that the classifier ranks first among the
   card labels (contact too) and above chance, though short of its confidence: a posting that
   states little in its own headings (a PhD advert that is all project description) still gets
   its lists' gist. These come after the confident items when a list is full.
4. A qualification that names a degree is also listed under education, one that names a skill, an
   ability or a personal quality under skills, unless the posting has such a section of its own.
5. Items are short verbatim spans (cards/items.py), at most MAX_ITEMS a list, each once. Over the
   cap, heading items come first (in posting order), then the classifier's most probable, then the
   top-ups, and last the rests of long sentences (what the cut to a short item left,
   cards/items.py). The kept items are shown in posting order: the order the employer chose (essentials usually first) and
   the order a reader meets them in when checking the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from summariser.cards.classifier import section_classifier
from summariser.cards.document import CardText
from summariser.cards.items import item_pieces, names_degree, names_skill
from summariser.cards.sections import CARD_LABELS, CONTENT_CUES, PROSE_CUES, content_agrees, opening_label
from summariser.cards.units import Unit, has_card_heading, posting_units
from summariser.text.spans import contains_words, normalise_ws

Span = tuple[int, int]
MAX_ITEMS = 8
MIN_ITEMS = 3
TOP_UP_WORDS = 4
LISTED_WORDS = 6
FIELDS = {
    "qualification": "qualifications",
    "responsibility": "responsibilities",
    "benefit": "benefits",
    "application_document": "application_documents",
}
# sections that name the finer lists themselves
_EDUCATION_HEADING = re.compile(r"^education|utdanning|admission normally requires|degree requirements", re.I)
_SKILLS_HEADING = re.compile(
    r"^(?:(?:key|personal|soft|technical|required|desired|essential|other|your) )?(?:skills|competenc\w+|abilities)\W*$|"
    r"ferdighet|personlige egenskaper|som person er du",
    re.I,
)
_LETTER = (
    r"(?:cover|motivation|application|introduction|reference|recommendation) letters?|"
    r"letters? of (?:motivation|recommendation|intent|reference)"
)
_DOCUMENT = re.compile(
    rf"\b(?:CV|curriculum vitae|{_LETTER}|transcripts?|diplomas?|certificates?|references?|"
    r"referees|portfolio|publication list|vitnemål|attester|søknadsbrev)\b",
    re.I,
)
# a letter or transcript named among an item's first words: "An introduction and motivation letter …",
# "Official transcripts of grades …" (not a diploma or certificate there: "Pertinent master or diploma in …")
_OPENING_WORDS = 6
_OPENING_DOCUMENT = re.compile(  # only determiners and describing words before it, not "Experience with …"
    r"^(?:(?:an?|the|one|two|three|\d+|your|official|certified|signed|short|brief|personal|detailed|updated|full|"
    rf"complete|academic|copies of|a copy of|copy of)\s+|[\w-]+\s+and\s+)*(?:{_LETTER}|transcripts?)\b",
    re.I,
)
_CLASSIFIED = (None, "ambiguous", "intro")


@dataclass(frozen=True)
class _Found:
    field: str
    span: Span
    order: int  # the unit's place in the posting
    prob: float | None  # None: under its heading
    extra: bool = False  # the rest of a long sentence after its first item: shown only where there is room
    topped: bool = False  # below the classifier's confidence, taken to bring a short list to MIN_ITEMS


def read_lists(doc: CardText) -> dict[str, list[tuple[str, Span]]]:
    """(item, its span in the posting) per list field, in posting order, each item once."""
    units = posting_units(doc)
    headed = has_card_heading(units)
    units = [u for u in units if not _lead_in_only(doc.text, u)]
    found, todo = [], []
    for k, u in enumerate(units):
        said = u.label if u.label in FIELDS else None
        opens = said is None and u.label in (*_CLASSIFIED, "other") and opening_label(u.text)
        if said or opens in FIELDS:
            found += _under_heading(doc, u, said or opens, k, checked=not opens)
        elif u.label in _CLASSIFIED and _could_be_kept(u):
            todo.append((k, u))
    seen: dict[int, np.ndarray] = {}
    found += _classified(doc, todo, headed, seen)
    found += _topped_up(doc, units, found, seen)
    found += _finer(doc, found)
    lists: dict[str, list[tuple[str, Span]]] = {}
    for field in dict.fromkeys(f.field for f in found):
        mine = [f for f in found if f.field == field]
        pairs = without_repeats([(doc.text[a:b], (a, b)) for a, b in _spans(mine)])
        kept = sorted(pairs[:MAX_ITEMS], key=lambda pair: pair[1])
        if kept:
            lists[field] = kept
    return lists


def _spans(found: list[_Found]) -> list[Span]:
    """The spans to list, best first: heading items in posting order, then by probability; the
    rests of long sentences after every sentence's first item."""
    ranked = sorted(found, key=lambda f: (f.extra, f.topped, f.prob is not None, -(f.prob or 0), f.order))
    return [f.span for f in ranked if f.span[1] > f.span[0]]


def _lead_in_only(text: str, unit: Unit) -> bool:
    """A sentence that only announces a list ("Your specific research tasks will include:")."""
    return text[unit.end : unit.end + 3].lstrip().startswith(":")


def _under_heading(doc: CardText, unit: Unit, label: str, order: int, checked: bool = True) -> list[_Found]:
    """A unit whose heading names its list (`checked`: its words must agree), or its own opening
    (which says what it is: only a document list must name a document)."""
    opening = " ".join(unit.text.split()[:_OPENING_WORDS])
    if label in ("benefit", "qualification") and (_DOCUMENT.match(unit.text) or _OPENING_DOCUMENT.search(opening)):
        label = "application_document"  # pages that lost their headings put the document list anywhere
    if not content_agrees(label, unit.text, not checked or _listed(unit) or unit.apart):
        return []
    field = FIELDS[label]
    if label == "qualification" and _EDUCATION_HEADING.search(unit.heading):
        field = "education"
    elif label == "qualification" and _SKILLS_HEADING.search(unit.heading):
        field = "skills"
    return _found(field, doc.text, unit, label, order, None)


def _found(
    field: str, text: str, unit: Unit, label: str, order: int, prob: float | None, topped: bool = False
) -> list[_Found]:
    items, rests = item_pieces(text, unit.start, unit.end, documents=label == "application_document")
    return [_Found(field, span, order, prob, topped=topped) for span in items] + [
        _Found(field, span, order, prob, extra=True, topped=topped) for span in rests
    ]


def _classified(doc: CardText, todo: list[tuple[int, Unit]], headed: bool, seen: dict[int, np.ndarray]) -> list[_Found]:
    """The classifier's confident calls on the units no card heading covers, in one batch; like the
    prototype's measured precision, each must also pass the content check for prose."""
    if not todo:
        return []
    classifier = section_classifier(doc.language)
    P = classifier.probabilities([u.text for _, u in todo], doc.language)
    seen.update(zip((k for k, _ in todo), P))
    found = []
    for (k, u), row in zip(todo, P):
        label, prob = classifier.labels[int(row.argmax())], float(row.max())
        if label not in FIELDS or not classifier.confident(label, prob, headed):
            continue
        if not content_agrees(label, u.text):
            continue
        found += _found(FIELDS[label], doc.text, u, label, k, prob)
    return found


def _topped_up(doc: CardText, units: list[Unit], found: list[_Found], seen: dict[int, np.ndarray]) -> list[_Found]:
    """A list left with fewer than MIN_ITEMS items takes, likeliest first, the units no list took
    (unheaded, or under a heading whose words they do not fit: flat text, where a heading's reach ran
    on into the next section) that the classifier ranks above chance for it and above every other
    card label, a contact included, though short of its confidence, until it has MIN_ITEMS. They
    come last in their list. A responsibility needs no cue word here: where a posting states few
    duties, what it describes (the project, the team's work) is the work. `seen`: the classifier's
    probabilities already computed, by unit."""
    counts = {field: sum(not f.extra for f in found if f.field == field) for field in FIELDS.values()}
    short = [label for label, field in FIELDS.items() if counts[field] < MIN_ITEMS]
    used = {f.order for f in found}
    todo = [
        (k, u)
        for k, u in enumerate(units)
        if k not in used
        and len(u.text.split()) >= TOP_UP_WORDS
        and any(_takes(label, u.text) for label in short)  # only what a short list could take is scored
    ]
    if not short or not todo:
        return []
    classifier = section_classifier(doc.language)
    new = [(k, u) for k, u in todo if k not in seen]
    seen.update(zip((k for k, _ in new), classifier.probabilities([u.text for _, u in new], doc.language)))
    cols = [classifier.labels.index(label) for label in CARD_LABELS]
    chance = 1 / len(classifier.labels)
    out = []
    for label in short:
        j = classifier.labels.index(label)
        mine = [(seen[k][j], k, u) for k, u in todo if cols[seen[k][cols].argmax()] == j and seen[k][j] > chance]
        have = counts[FIELDS[label]]
        for prob, k, u in sorted(mine, key=lambda m: -m[0]):
            if have >= MIN_ITEMS:
                break
            if not _takes(label, u.text):
                continue
            more = _found(FIELDS[label], doc.text, u, label, k, float(prob), topped=True)
            have += sum(not f.extra for f in more)
            out += more
    return out


def _takes(label: str, text: str) -> bool:
    """Whether a top-up for the label may take the text: its words agree, and a responsibility needs
    no cue word (where a posting states few duties, what it describes is the work)."""
    return content_agrees(label, text, bullet=label == "responsibility")


def _could_be_kept(unit: Unit) -> bool:
    """Whether any list would take the unit if the classifier named it: a unit no content check
    would let through is not worth embedding."""
    cues = [CONTENT_CUES["application_document"], *(PROSE_CUES[label] for label in FIELDS if label in PROSE_CUES)]
    return any(cue.search(unit.text) for cue in cues)


def _listed(unit: Unit) -> bool:  # (or under a heading on its own line: `apart`)
    """A list item, or a fragment as short as one ("Kioskarbeid."): not prose, so no cue word needed."""
    return unit.bullet or len(unit.text.split()) <= LISTED_WORDS


def _finer(doc: CardText, found: list[_Found]) -> list[_Found]:
    """Qualifications that name a degree also under education, a skill or quality under skills,
    where the posting has no such section of its own."""
    own = {f.field for f in found}
    out = []
    for f in found:
        if f.field != "qualifications":
            continue
        text = doc.text[f.span[0] : f.span[1]]
        if "education" not in own and names_degree(text):
            out.append(_Found("education", f.span, f.order, f.prob, f.extra, f.topped))
        if "skills" not in own and names_skill(text):
            out.append(_Found("skills", f.span, f.order, f.prob, f.extra, f.topped))
    return out


def without_repeats(pairs: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """An item said again inside a longer one ('Flexible working hours' in 'Flexible working hours
    and a state collective pay agreement') or repeated is kept once, as the longer."""
    keys = [normalise_ws(item).lower() for item, _ in pairs]
    kept: list[tuple[str, Span]] = []
    seen: set[str] = set()
    for pair, key in zip(pairs, keys):
        if key in seen or any(len(other) > len(key) and contains_words(other, key) for other in keys):
            continue
        seen.add(key)
        kept.append(pair)
    return kept
