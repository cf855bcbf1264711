"""Posting and model text made safe to show as Markdown, and a quote shown inside its paragraph.

Markdown renders links, images, headings and lists, so text that comes from a posting or a model
is never passed to a Markdown renderer as it is: every ASCII punctuation character is
backslash-escaped (CommonMark allows that for all of them) and line breaks and indentation are
folded into single spaces, so the text can only ever show as the characters it is. GitHub
Markdown also turns bare URLs and e-mail addresses into links after escapes are resolved; an
invisible word joiner (U+2060) inside "://", "www." and "@" keeps them plain text.
"""

from __future__ import annotations

import re

from summariser.text.spans import normalise_ws, paragraphs

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)(?=\w)", re.I)  # where GFM would start a link
WORD_JOINER = "\u2060"
CONTEXT_CHARS = 240  # of the paragraph shown on each side of a quote


def escape_markdown(text: str) -> str:
    """One line of Markdown that shows `text` as it is: whitespace folded, no markup, no links."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, normalise_ws(text)))


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the paragraph(s) of text that hold text[start:end]."""
    spans = [(a, b) for a, b in paragraphs(text) if a < end and b > start]
    if not spans:
        return start, end
    return min(spans[0][0], start), max(spans[-1][1], end)


def quote_in_context(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> str:
    """Markdown of the quote text[start:end] highlighted inside its paragraph, the rest escaped.
    A long paragraph is cut to `context` characters either side of the quote, at a word."""
    para_start, para_end = paragraph_around(text, start, end)
    before, after = text[para_start:start], text[end:para_end]
    if len(before) > context:
        before = "… " + before[-context:].split(" ", 1)[-1]
    if len(after) > context:
        after = after[:context].rsplit(" ", 1)[0] + " …"
    quote = escape_markdown(text[start:end])
    parts = [escape_markdown(before), f":orange-background[**{quote}**]" if quote else "", escape_markdown(after)]
    return " ".join(part for part in parts if part)
