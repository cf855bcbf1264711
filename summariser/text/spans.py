"""Character spans over a posting's stored text: paragraphs, sentences, verbatim quotes.

Everything here returns (start, end) offsets into the original string, so that whatever is cut
out of a posting can be shown, cited and checked as `text[start:end]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str


# A paragraph ends at a blank line; in flat feeds (EURAXESS) at a run of 2+ spaces.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*|[ \t\u00a0]{2,}(?=\S)")
_LINE_BREAK = re.compile(r"\n")
# Sentence end: . ! ? (optionally closed by a quote/bracket) then space and a plausible opener; or,
# where a feed lost the space, a full stop between a lower-case word and a capitalised one
# ("… administrative tasks.We expect …"; not "Marieke.Jeuken@wur.nl", "e.g.The", "jobs.ac.uk").
_SENTENCE_END = re.compile(
    r"""(?<=[.!?])["”’)\]]?\s+(?=["“‘(\[]?[A-ZÆØÅÄÖÜÉ0-9•\-–])"""
    r"""|(?<=[a-zæøå]{2}[.!?])(?=[A-ZÆØÅ][a-zæøå]*\s)"""
    r"""|\n+|(?<=[;:])\s*\n"""
)
_BULLET = re.compile(r"^\s*(?:[•▪◦●\-*–]|\d{1,2}[.)])\s+")
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "Dr.",
    "Prof.",
    "No.",
    "approx.",
    "incl.",
    "Ref.",
    "vs.",
    "St.",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Jr.",
    "ca.",
    "bl.a.",
    "f.eks.",
    "nr.",
    "kl.",
)


def trim(text: str, start: int, end: int) -> Span | None:
    """Shrink [start, end) to exclude surrounding whitespace; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_on(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split text[start:end] at the matches of pattern, returning trimmed non-empty spans."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    for match in pattern.finditer(text, start, end):
        piece = trim(text, pos, match.start())
        if piece:
            spans.append(piece)
        pos = match.end()
    piece = trim(text, pos, end)
    if piece:
        spans.append(piece)
    return spans


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    return split_on(_PARAGRAPH_BREAK, text, start, end)


def lines(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    return split_on(_LINE_BREAK, text, start, end)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of text[start:end]; line breaks and bullets also end a sentence."""
    raw = split_on(_SENTENCE_END, text, start, end)
    merged: list[Span] = []
    for span in raw:
        if merged and continues(text[merged[-1][0] : merged[-1][1]], text[span[0] : span[1]]):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


_MONTH_START = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|mars|mai|juni|juli|okt|des)\w*\b", re.I
)


def continues(previous: str, following: str) -> bool:
    """A break that is not a sentence end: after an abbreviation, or a line broken mid-sentence
    (scraped pages lose superscripts: "Closing date: 13<sup>th</sup> November" → "13\n\nNovember")."""
    if _ends_with_abbreviation(previous):
        return True
    if previous.rstrip()[-1:] in ".!?:;" or is_bullet(following):
        return False
    return bool(following[:1].islower() or (previous.rstrip()[-1:].isdigit() and _MONTH_START.match(following)))


def _ends_with_abbreviation(sentence: str) -> bool:
    """'… led by Prof.', '(e.g.', 'Univ.-Prof.': a title or short form, not an end."""
    tail = sentence[-8:]
    return any(tail.endswith((" " + a, "(" + a, "-" + a)) or tail == a for a in _ABBREVIATIONS)


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def subtract(span: Span, holes: list[Span]) -> list[Span]:
    """span minus the (sorted) holes that overlap it."""
    out: list[Span] = []
    start, end = span
    for h_start, h_end in holes:
        if h_end <= start or h_start >= end:
            continue
        if h_start > start:
            out.append((start, h_start))
        start = max(start, h_end)
    if start < end:
        out.append((start, end))
    return out


_WS = re.compile(r"\s+")


def normalise_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def contains_words(text: str, part: str) -> bool:
    """part occurs in text as whole words, whitespace aside ('working hours' is in 'Flexible
    working hours', 'paid' is not in 'unpaid')."""
    text, part = normalise_ws(text), normalise_ws(part)
    at = text.find(part)
    while at >= 0:  # str.find, not a regex per call: lists compare every pair of their items
        before, after = text[at - 1 : at], text[at + len(part) : at + len(part) + 1]
        if not _word_char(before) and not _word_char(after):
            return True
        at = text.find(part, at + 1)
    return False


def _word_char(c: str) -> bool:
    return bool(c) and (c.isalnum() or c == "_")


def find_quote(text: str, quote: str, start: int = 0) -> Span | None:
    """Locate quote in text, whitespace-insensitively; returns offsets into text or None."""
    exact = text.find(quote, start)
    if exact >= 0:
        return exact, exact + len(quote)
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(
        r"\s*".join(re.escape(w) for w in words) if len(words) == 1 else r"\s+".join(re.escape(w) for w in words)
    )
    match = pattern.search(text, start)
    return (match.start(), match.end()) if match else None
