"""Who is hiring, and for what: the job title and the employer as the posting's text states them.

The title is the position's name ("PhD candidate", "Postdoctoral fellow", "Fagleder for IKT"), not
an ad's headline ("Er du en utpreget nattugle?"): a "Job title:" line, the feed's own title where
the text repeats it (in any case: 'PhD studentships' for 'PhD Studentships'), else the longest part
of it naming a role that the text repeats ('Head of Department' of 'Professor and Head of
Department'), the role a hiring sentence names ("We are seeking a PhD candidate", "WRK Bemanning
søker våkne nattevakter") or says you will be ("As a PhD candidate, you will", "Som fagansvarlig vil
du", "The employment as postdoc"), or a heading that names a role. A role is recognised by its
head word — English role nouns and Norwegian role endings (-leder, -medarbeider, -vakt ...),
which name a role in 96% of the 501 titles the corpus feeds publish (the rest are project topics
and headlines: "Novel Wear Models for Hip Replacements", "Er det deg?").

The employer is the organisation the text names as hiring: the feed's employer where the text
repeats it (or its short form: 'EV HUB' for 'EV HUB AS'), an "Employer:" line, or the subject of a
hiring sentence."""

from __future__ import annotations

import functools
import re

from summariser.cards.document import CardText, Piece
from summariser.text.spans import find_quote

ROLE_NOUNS = frozenset(
    """studentship studentships scholarship scholarships fellowship fellowships fellow fellows student students
    candidate candidates researcher researchers scientist scientists engineer engineers technician technicians
    lecturer lecturers lectureship professor professors professorship assistant assistants associate associates
    officer officers manager managers director directors head administrator administrators coordinator
    co-ordinator specialist specialists analyst analysts developer developers advisor adviser advisors advisers
    consultant consultants librarian archivist curator nurse nurses physician teacher teachers tutor instructor
    designer architect programmer chef cook driver drivers mechanic electrician operator operators supervisor
    leader postdoc post-doc postdoctoral intern internship trainee apprentice clerk secretary receptionist
    accountant auditor economist statistician editor writer coach practitioner therapist psychologist worker
    workers attendant cleaner caretaker porter representative agent salesperson shopper shoppers position
    positions post posts phd doctorate assistantship bartender""".split()
)
_NORWEGIAN_ROLE = re.compile(
    r"(?:leder|ledere|sjef|direktør|rådgiver|rådgivere|konsulent|konsulenter|medarbeider|medarbeidere|arbeider|"
    r"arbeidere|assistent|assistenter|sekretær|fører|førere|sjåfør|sjåfører|mekaniker|tekniker|ingeniør|ingeniører|"
    r"lærer|lærere|lektor|pedagog|sykepleier|sykepleiere|pleier|terapeut|vakt|vakter|vert|verter|vertinne|betjent|"
    r"selger|selgere|ekspert|spesialist|koordinator|forsker|stipendiat|postdoktor|kokk|kokker|frisør|frisører|"
    r"servitør|snekker|elektriker|maler|lakkerer|operatør|booker|shopper|kontrollør|fagarbeider|montør|renholder|"
    r"vikar|vikarer|bud|ansvarlig|fagansvarlig|controller|utvikler|utviklere|arkitekt|økonom|jurist|advokat)$",
    re.I,
)
_LABEL = re.compile(
    r"^\**(?:job title|position title|post title|title|stillingstittel|stilling|tittel)\**\s*:\**\s*(?P<v>.{2,90})$",
    re.I,
)
_EMPLOYER_LABEL = re.compile(
    r"^\**(?:employer|arbeidsgiver|organisation|organization|company|bedrift)\**\s*:\**\s*(?P<v>.{2,90})$", re.I
)
_HIRING = re.compile(
    r"\b(?:seeking to hire(?: up to)?|seeking|seeks|looking for|recruiting|recruit|to hire|hiring|invites? "
    r"applications for|applications are invited for|opening for|vacancy for|to appoint|søker|ser etter|ansette|"
    r"stilling som|position as|post of|position of|role of|work as|jobbe som|arbeide som)\s+"
    r"(?:(?:a|an|one|two|three|four|five|several|the|en|et|ei|to|tre|flere|\d+)\s+)?(?P<np>[^.,;:!?()\n]{2,90})",
    re.I,
)
_NP_STOP = re.compile(
    r"\s+(?:in|for|at|on|to|with|within|who|that|which|as|from|under|and|or|i|til|for|ved|hos|innen|som|med|"
    r"og|eller|på)\s+",
    re.I,
)
_SUBJECT_ROLE = re.compile(
    r"(?:^|[.;]\s+)(?:The|Our|the) (?:successful |selected |new )?(?P<np>[\w -]{2,60}?) (?:will|shall|is expected to|skal|vil)\b"
)
_ARTICLE_ROLE = re.compile(r"\b(?:a|an|the|one|two|three|en|et|ei)\s+(?P<np>[\w -]{2,60})", re.I)
_TITLE_NAMED = re.compile(r"\b(?:tittelen|the title|job title is|title of)\s+(?P<np>[^.,;:!?()\n]{2,60})", re.I)
# 'As a PhD candidate, you will ...', 'Som fagansvarlig vil du ...', 'The employment as postdoc is ...'
# (in 690 corpus postings: 265 'As ... you will', 441 'employment/appointed as', 6 of the 35 NAV 'Som ... vil du')
_AS_ROLE = re.compile(
    r"^(?:As|Som)\s+(?:(?:a|an|the|our|ny|vår)\s+)?(?P<np>[^.,;:!?()\n]{2,60}?),?\s+(?:you|du)\s+(?:will|would|shall)\b"
    r"|^(?:Som)\s+(?:(?:ny|vår)\s+)?(?P<np2>[^.,;:!?()\n]{2,60}?),?\s+(?:vil|skal|får|blir)\s+du\b"
    r"|\b(?:employment|employed|appointed|appointment|engaged)\s+as\s+(?:(?:a|an|the)\s+)?(?P<np3>[^.,;:!?()\n]{2,60}?)"
    r"(?=\s+(?:is|are|was|will|shall|has|within|for|in|at|on|with|to|from|and)\b|[.,;:!?()\n]|$)",
)
_ROLE_CUES = [(_TITLE_NAMED, 4.0), (_HIRING, 3.0), (_AS_ROLE, 3.0), (_SUBJECT_ROLE, 2.0), (_ARTICLE_ROLE, 1.0)]
_HIRING_SUBJECT = re.compile(
    r"^(?P<org>[A-ZÆØÅ][\w&.'’-]*(?: (?:[A-ZÆØÅ&][\w&.'’-]*|of|for|and|og|i|de|du|der|la))*) "
    r"(?:søker|is (?:seeking|looking|recruiting|hiring|offering|inviting)|are (?:seeking|looking|recruiting|hiring))\b"
)
_LEGAL_FORM = re.compile(r"\s+(?:AS|As|ASA|A/S|A/L|A/l|SA|AB|Ltd\.?|Limited|GmbH|Inc\.?|plc|BA|DA|SE)$")
_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)\s*$")


_GENERIC_ROLES = frozenset("candidate position post student opportunity role vacancy job stilling".split())
_QUALIFIERS = frozenset(
    """phd doctoral postdoctoral post-doctoral predoctoral research senior junior principal chief lead assistant
    associate visiting graduate postgraduate master's masters full-time part-time fully-funded funded technical
    clinical software data laboratory lab project teaching academic administrative financial daglig""".split()
)
_STACKING = frozenset("research assistant associate postdoc project".split())  # 'research assistant', 'project manager'
_NOT_A_ROLE_START = frozenset(
    "this that these those our your their his her its the my denne dette disse vår din".split()
)
_PRONOUNS = frozenset("we vi you du i jeg they de it det this these".split())


@functools.lru_cache(maxsize=65536)
def is_role(word: str) -> bool:
    word = word.lower().strip("-")
    return word in ROLE_NOUNS or bool(_NORWEGIAN_ROLE.search(word))


def role_phrase(words: str) -> str | None:
    """The role a noun phrase names: its role word with the qualifiers right before it ('PhD
    candidate' from 'motivated PhD candidate for a research project'); none for 'this position',
    a bare 'successful candidate', or 'Professor Tracey Chapman' (a person's title)."""
    head = _NP_STOP.split(words, maxsplit=1)[0].strip()
    tokens = [t.strip("'’\"“”:") for t in head.split()[:8]]
    if not tokens or tokens[0].lower() in _NOT_A_ROLE_START:
        return None
    last = max((n for n, token in enumerate(tokens) if is_role(token)), default=None)
    if last is None or (last + 1 < len(tokens) and tokens[last + 1][:1].isupper() and tokens[last][:1].isupper()):
        return None
    first = last
    while first > 0 and first > last - 3 and _qualifier(tokens[first - 1]):
        first -= 1
    phrase = tokens[first : last + 1]
    if phrase[-1].lower().rstrip("s") in _GENERIC_ROLES and len(phrase) == 1:
        return None  # 'candidate', 'position': a role only with what kind ('PhD candidate')
    return " ".join(phrase)


def _qualifier(token: str) -> bool:
    """A word that says what kind of role: capitalised ('PhD', 'BBSRC-funded', 'Research') or one of
    the few lower-case kinds ('doctoral', 'postdoctoral', 'senior', 'research' ...)."""
    return token[:1].isupper() or token.lower() in _QUALIFIERS or (is_role(token) and token.lower() in _STACKING)


def title_like(title: str | None) -> bool:
    """A feed's title that names the post ('Data Engineer at Acme'), not an ad's headline ('Vi ser
    etter skjulte talenter! Er det deg?') or a project's topic after its role."""
    words = (title or "").split()
    return 1 <= len(words) <= 8 and any(is_role(w.strip(":,")) for w in words) and not re.search(r"[?!:]", title)


def read_title(doc: CardText, feed_title: str | None, sources: bool = True) -> tuple[str, list[Piece] | None] | None:
    """The position's name, as the text states it (pieces of text), else — with `sources` — the
    feed's own title when it names the post (no pieces: the caller cites the source)."""
    for line in doc.lines[:60]:
        label = _LABEL.match(line.text)
        if label and not label.group("v").endswith("?"):
            return label.group("v").strip("* "), [line]
    if title_like(feed_title):
        if (piece := _find_any_case(doc.text, feed_title)) is not None:  # the feed's own name for the post
            return piece.text, [piece]
        if sources:
            return feed_title, None
    if feed_title and (piece := _feed_title_part(doc.text, feed_title)) is not None:
        return piece.text, [piece]
    named = _named_role(doc)
    if named:
        return named
    for line in doc.lines[:12]:
        words = line.text.strip("#* ").split()
        if (
            1 <= len(words) <= 10
            and not line.text.rstrip().endswith(("?", "!", ".", ":"))  # a question, a sentence, a label
            and not _NOT_A_NAME_LINE.search(line.text)
            and any(is_role(w) for w in words)
        ):
            return line.text.strip("#* "), [line]
    return None


# a line that holds a web address, is an item of a list ("b) PhD title obtained", "• PhD in …"), opens
# with a long number (a time stamp) or breaks off a sentence ("Candidates should … apply through the")
_NOT_A_NAME_LINE = re.compile(
    r"https?://|www\.|^\s*(?:[a-z0-9]{1,2}[.)]\s|[•·▪◦*–-]\s|\d{5,})|\b(?:the|a|an|of|to|and|or|in|for|with)\s*$", re.I
)
_TITLE_PARTS = re.compile(r"\s*(?:[/,:;()|]|\s[-–]\s)\s*|\s+(?:and|og|&)\s+")


def _find_any_case(text: str, phrase: str) -> Piece | None:
    """Where the text writes the phrase, ignoring case and spacing ('PhD studentships' for the feed's
    'PhD Studentships'), as the text writes it."""
    words = phrase.split()
    if not words:
        return None
    m = re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", text, re.I)
    return Piece(m.start(), m.end(), m.group(0), ()) if m else None


def _feed_title_part(text: str, feed_title: str) -> Piece | None:
    """The longest part of the feed's title that names a role and that the text repeats: 'Head of
    Department' of 'Professor and Head of Department', 'Research Fellow' of 'Research Fellow -
    Neuroscience', 'Competition-funded studentship' of 'Competition-funded studentship: Love thy
    neighbour?'."""
    found = []
    for part in _TITLE_PARTS.split(feed_title):
        words = part.strip(" .?!").split()
        if 1 <= len(words) <= 8 and any(is_role(w) for w in words) and (role_phrase(part) or len(words) > 1):
            piece = _find_any_case(text, " ".join(words))
            if piece is not None:
                found.append(piece)
    return max(found, key=lambda piece: (len(piece.text), -piece.start), default=None)


def _named_role(doc: CardText) -> tuple[str, list[Piece]] | None:
    """The role the text names most strongly: in a hiring sentence ("we are seeking a PhD
    candidate": 3), as the subject of what the job does ("The Scientist will work": 2), or with
    an article ("for the PhD fellow": 1); the scores of one role add up, the earliest wins a tie."""
    scores: dict[str, float] = {}
    first: dict[str, Piece] = {}
    for sentence in doc.sentences:
        for pattern, weight in _ROLE_CUES:
            for m in pattern.finditer(sentence.text):
                group = next(g for g in ("np", "np2", "np3") if m.groupdict().get(g) is not None)
                phrase = role_phrase(m.group(group))
                if not phrase:
                    continue
                span = find_quote(sentence.text, phrase, m.start(group))
                if not span:
                    continue
                key = phrase.lower().split()[-1].rstrip("s")
                scores[key] = scores.get(key, 0.0) + weight
                start, end = sentence.start + span[0], sentence.start + span[1]
                piece = Piece(start, end, doc.text[start:end], sentence.section)
                if key not in first or (weight > 1 and first[key].section == ("weak",)):
                    first[key] = piece if weight > 1 else Piece(piece.start, piece.end, piece.text, ("weak",))
    if not scores:
        return None
    best = max(scores, key=lambda key: (scores[key], -first[key].start))
    piece = first[best]
    return singular(piece.text), [Piece(piece.start, piece.end, piece.text, ())]


def singular(phrase: str) -> str:
    """The role named in the singular, the name of one post ('våkne nattevakter' -> 'våkne nattevakt',
    'PhD candidates' -> 'PhD candidate'): the last word loses a plural ending when what is left is
    itself a role word ('lærer' is no plural of 'lær'). The result is a start of the text's words."""
    words = phrase.split()
    last = words[-1] if words else ""
    for ending, drop in (("s", 1), ("ere", 1), ("er", 2)):  # candidates, sykepleiere, nattevakter
        cut = last[:-drop] if last.endswith(ending) else ""
        if len(cut) >= 4 and is_role(cut):
            return " ".join([*words[:-1], cut])
    return phrase


def employer_names(feed_employer: str) -> list[str]:
    """The ways a text may name the feed's employer: in full, without its legal form ('EV HUB' for
    'EV HUB AS'), by the acronym it gives in brackets ('BSC' for 'Barcelona Supercomputing Center
    (BSC)') or without it."""
    names = [feed_employer]
    short = _LEGAL_FORM.sub("", feed_employer)
    names.append(short)
    acronym = _ACRONYM.search(short)
    if acronym:
        names += [_ACRONYM.sub("", short), acronym.group(1)]
    names += [part for part in re.split(r"\s+[-–]\s+", short) if len(part) > 3]
    return list(dict.fromkeys(n for n in names if n))


def read_employer(doc: CardText, feed_employer: str | None) -> tuple[str, list[Piece]] | None:
    """The hiring organisation, as the text names it."""
    for name in employer_names(feed_employer) if feed_employer else []:
        found = doc.locate(name)
        if found is not None and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", doc.text, re.I):
            return found.quote, [Piece(found.start, found.end, found.quote, ())]
    for line in doc.lines[:80]:
        label = _EMPLOYER_LABEL.match(line.text)
        if label:
            return label.group("v").strip("* "), [line]
    for sentence in doc.sentences[:40]:
        m = _HIRING_SUBJECT.match(sentence.text)
        if m and m.group("org").split()[0].lower() not in _PRONOUNS | _NOT_A_ROLE_START:
            return m.group("org"), [sentence]
    return None
