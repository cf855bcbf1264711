"""The hiring organisation among the names a posting's text gives, learnt from 10k corpus postings.

Every EURAXESS, jobs.ac.uk and NAV posting in the corpus names its employer in the feed; where the
text names it too, the names in the text are labelled examples: the employer ("University of
Exeter", "Soul Sessions Oslo") against every other name (funders, partner institutes, cities,
people, headings). Candidates are runs of capitalised words (with 'of', 'for', 'and', 'og' ...
inside), as a line or sentence writes them; each is described by hashed features — its own words,
first and last word, the words around it, where it stands (line start, whole line, share of the
text before it), how often the text repeats it, its length — and scored by a logistic regression
(eval/fit_employer.py writes `employer_params.npz` and reports held-out accuracy). The best
candidate is the employer when its probability reaches the threshold fitted for precision; else
the text is taken not to name one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from summariser.cards.document import CardText, Piece
from summariser.cards.word_features import hashed, pooled

PARAMS = Path(__file__).with_name("employer_params.npz")
VERSION = 3  # 3: no one-word candidate capitalised only by its place
DIMENSIONS = 1 << 18
_CONNECTOR = r"(?:of|for|and|the|de|du|des|der|di|del|für|la|le|og|i|&|-|–)"
_NAME_WORD = r"[A-ZÆØÅÄÖÜÉŁ][\w&'’-]*(?:\.[\w&'’-]+)*"  # no trailing full stop: 'Norway. The' is two
_CANDIDATE = re.compile(rf"{_NAME_WORD}(?:(?: {_CONNECTOR})* {_NAME_WORD})*")
_WORD = re.compile(r"\w+")
_PARTS = re.compile(r"\s+[-–]\s+|\s+(?:AT|HOS|VED|I)\s+")  # 'University of Exeter - Department of Physics'
_LEADING = re.compile(r"^(?:The|Our|At|About|Join|Bli|Om|Hos|Ved|In|For)\s+")
MAX_WORDS = 12
MAX_CANDIDATES = 150


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    piece: Piece


def candidates(doc: CardText) -> list[Candidate]:
    """Capitalised runs of each line, and their parts around a dash (or an upper-case 'AT'/'HOS'),
    once per distinct text (its first place), without a leading 'The'/'About'...; at most
    MAX_CANDIDATES, in text order."""
    out: dict[str, Candidate] = {}
    for line in doc.lines:
        for m in _CANDIDATE.finditer(line.text):
            whole = (line.start + m.start(), line.start + m.end())
            parts = [whole] + [(whole[0] + a, whole[0] + b) for a, b in _spans_between(_PARTS, m.group(0))]
            for start, end in parts if len(parts) > 2 else parts[:1]:
                _add(out, doc.text, start, end, line)
            if len(out) >= MAX_CANDIDATES:
                return list(out.values())[:MAX_CANDIDATES]
    return list(out.values())


def _spans_between(separator: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    cuts = [0, *(x for m in separator.finditer(text) for x in m.span()), len(text)]
    return list(zip(cuts[::2], cuts[1::2]))


def _add(out: dict[str, Candidate], text: str, start: int, end: int, line: Piece) -> None:
    name = text[start:end].rstrip(".,’'-–& ")
    lead = _LEADING.match(name)
    if lead:
        name, start = name[lead.end() :], start + lead.end()
    words = name.split()
    if len(words) == 1 and _lower_elsewhere(text, name, start, line):
        return  # 'Calcium is an essential …' and '… calcium signals': a word, capitalised by its place
    if words and len(words) <= MAX_WORDS and len(name) >= 3 and name.lower() not in out:
        out[name.lower()] = Candidate(start, start + len(name), name, line)


def _lower_elsewhere(text: str, word: str, start: int, line: Piece) -> bool:
    """A word that opens its line or sentence and that the text also writes in lower case."""
    opens = start == line.start or re.search(r"[.!?:]\s+$", text[max(line.start, start - 3) : start]) is not None
    return (
        opens and word[1:].islower() and re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text) is not None
    )


def features(doc: CardText, cand: Candidate, lowered: str) -> np.ndarray:
    words = [w.lower() for w in _WORD.findall(cand.text)]
    before = _WORD.findall(doc.text[max(0, cand.start - 60) : cand.start].lower())[-2:]
    after = _WORD.findall(doc.text[cand.end : cand.end + 60].lower())[:2]
    line = cand.piece
    repeats = lowered.count(cand.text.lower())
    names = [f"w:{w}" for w in words] + [f"first:{words[0]}", f"last:{words[-1]}"] if words else []
    names += [f"l1:{w}" for w in before[-1:]] + [f"l2:{' '.join(before)}"]
    names += [f"r1:{w}" for w in after[:1]] + [f"r2:{' '.join(after)}"]
    names += [
        f"len:{min(len(words), 6)}",
        f"rep:{min(repeats, 5)}",
        f"pos:{min(int(10 * cand.start / max(len(doc.text), 1)), 9)}",
        f"line_start:{cand.start == line.start}",
        f"whole_line:{cand.start == line.start and cand.end >= line.end - 1}",
        f"caps:{cand.text.isupper()}",
        f"heading:{bool(line.heading)}",
        f"first_lines:{line in doc.lines[:3]}",
    ]
    return hashed(names, DIMENSIONS)


class EmployerRanker:
    def __init__(self, params: str | Path = PARAMS):
        with np.load(params, allow_pickle=False) as p:
            if int(p["version"]) != VERSION:
                raise ValueError(f"{params} is for another version of cards/employers.py: refit eval/fit_employer.py")
            self.w = np.zeros(DIMENSIONS, np.float32)
            self.w[p["rows"]] = p["weights"].astype(np.float32)
            self.b, self.threshold = float(p["b"]), float(p["threshold"])

    def scores(self, doc: CardText, cands: list[Candidate]) -> np.ndarray:
        lowered = doc.text.lower()
        z = np.array([pooled(self.w, features(doc, c, lowered)) for c in cands])
        return 1 / (1 + np.exp(-(z + self.b)))

    def best(self, doc: CardText) -> tuple[Candidate, float] | None:
        cands = candidates(doc)
        if not cands:
            return None
        p = self.scores(doc, cands)
        i = int(p.argmax())
        return (cands[i], float(p[i])) if p[i] >= self.threshold else None


@functools.cache
def employer_ranker() -> EmployerRanker | None:
    return EmployerRanker() if PARAMS.exists() else None


def ranked_employer(doc: CardText) -> tuple[str, list[Piece]] | None:
    """The ranker's employer with the piece of text it stands in, when it is sure enough."""
    ranker = employer_ranker()
    found = ranker.best(doc) if ranker else None
    if found is None:
        return None
    cand = found[0]
    spelt_out = _spelt_out(doc, cand.text)
    if spelt_out:  # 'ICH' where the text says 'The UCL Institute of Child Health (ICH)'
        return spelt_out
    return cand.text, [Piece(cand.start, cand.end, cand.text, cand.piece.section)]


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,9}")
_FUNCTION_WORDS = "of|for|and|in|on|the|de|du|des|di|der|für|la|le|les|del|della|van|von|y|&"  # inside a name
_NAME_WORD = re.compile(rf"[A-ZÆØÅ][\w&'’-]*|[dl]['’][A-ZÀ-Ý][\w-]*|{_FUNCTION_WORDS}")
_FUNCTION_WORD = re.compile(rf"(?:{_FUNCTION_WORDS})", re.I)
MAX_NAME_WORDS = 12
# a run that starts with one of these names an organisation ('Leibniz-Institut für Molekulare Pharmakologie')
_ORGANISATION_HEAD = re.compile(
    r"institut|universit|centre|center|department|school|laborator|college|faculty|academy|hospital|foundation", re.I
)


def _spelt_out(doc: CardText, name: str) -> tuple[str, list[Piece]] | None:
    """The full name an acronym stands for where the text spells it out, 'Full Name (ACR)': of the
    name words just before the bracket, the shortest run that ends there and whose capitals best
    spell the acronym ('Integrated Territorial Initiative (ITI)', not 'Framework of the …'), with a
    'Department of' / 'Centre for' before it kept."""
    if not _ACRONYM.fullmatch(name):
        return None
    for bracket in re.finditer(rf"\(\s*{re.escape(name)}\s*\)", doc.text):
        words: list[re.Match[str]] = []  # the name words before the bracket, nearest first
        end = bracket.start()
        offset = max(0, end - 200)
        for m in reversed(list(re.finditer(r"\S+", doc.text[offset:end]))):
            if not _NAME_WORD.fullmatch(m.group(0)) or len(words) >= MAX_NAME_WORDS or m.group(0) == "The":
                break
            words.append(m)
        runs = [words[: n + 1][::-1] for n in range(len(words)) if not _FUNCTION_WORD.fullmatch(words[n].group(0))]
        scored = [(_spelled(name, " ".join(w.group(0) for w in run)), -len(run), run) for run in runs if len(run) >= 2]
        if not scored:
            continue
        best = max(score for score, _, _ in scored)
        headed = [t for t in scored if t[0] == best and _ORGANISATION_HEAD.search(t[2][0].group(0))]
        score, _, run = min(headed, key=lambda t: t[1]) if headed else max(scored, key=lambda t: (t[0], t[1]))
        if 3 * score < 2 * len(name):
            continue
        first = words.index(run[0])
        if (
            first + 2 < len(words)
            and words[first + 1].group(0) in ("of", "for")
            and words[first + 2].group(0)[0].isupper()
        ):
            run = [words[first + 2], words[first + 1], *run]  # 'Department of' Cell and Molecular Biology
        elif first + 1 < len(words) and _ACRONYM.fullmatch(words[first + 1].group(0)):
            run = [words[first + 1], *run]  # its parent's acronym: 'UCL' Institute of Child Health
        start, stop = offset + run[0].start(), offset + run[-1].end()
        return doc.text[start:stop], [Piece(start, stop, doc.text[start:stop], "")]
    return None


def _spelled(acronym: str, full: str) -> int:
    """How many of the acronym's letters are, in order, capitals of the name ('ICH' in 'UCL
    Institute of Child Health': 3)."""
    capitals = [c for c in full if c.isupper()]
    common = [[0] * (len(capitals) + 1) for _ in range(len(acronym) + 1)]
    for i, a in enumerate(acronym):
        for j, c in enumerate(capitals):
            common[i + 1][j + 1] = common[i][j] + 1 if a == c else max(common[i][j + 1], common[i + 1][j])
    return common[-1][-1]
