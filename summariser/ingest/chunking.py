"""Section-aware chunking with exact offsets.

A posting is cut into paragraphs and lines; short title-like lines become headings, so every chunk
knows its section path ("We offer", "Admission to the PhD programme > Admission normally
requires:"). Chunks never cross a boilerplate span or a section boundary, stay under the embedding
window, and always satisfy `text[chunk.start:chunk.end] == chunk.text`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from summariser.text import spans as sp
from summariser.text.spans import Span
from summariser.types import Chunk

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_HEADING = re.compile(r"^\*\*([^*]{2,80})\*\*:?\s*$")
_LEAD_IN_LEVEL = 7
_PLAIN_LEVEL = 2


def approx_tokens(text: str) -> int:
    """A conservative stand-in for a sentencepiece count (~3.5 characters a token)."""
    return math.ceil(len(text) / 3.5)


@dataclass
class _Line:
    start: int
    end: int
    heading: tuple[int, str] | None  # (level, title) when the line is a heading
    bullet: bool


def chunk_text(
    text: str,
    removed: list[Span] | None = None,
    target_tokens: int = 160,
    max_tokens: int = 400,
    count: Callable[[str], int] = approx_tokens,
) -> list[Chunk]:
    removed = sorted(removed or [])
    chunks: list[Chunk] = []
    for seg_start, seg_end in sp.subtract((0, len(text)), removed):
        lines = _classify(text, seg_start, seg_end)
        chunks.extend(_pack(text, lines, target_tokens, max_tokens, count, len(chunks)))
    return chunks


def _classify(text: str, start: int, end: int) -> list[_Line]:
    out: list[_Line] = []
    in_list = False  # under a lead-in ("Som person er du:"), short lines are its items
    previous = ""
    for p_start, p_end in sp.paragraphs(text, start, end):
        para_lines = sp.lines(text, p_start, p_end)
        for i, (l_start, l_end) in enumerate(para_lines):
            line = text[l_start:l_end]
            nxt = text[para_lines[i + 1][0] : para_lines[i + 1][1]] if i + 1 < len(para_lines) else None
            # not a line that goes on with the one before ("Interview dates: Tuesday 15", "December 2015")
            heading = None if sp.continues(previous, line) else _heading(line, nxt, alone=len(para_lines) == 1)
            previous = line
            if heading and heading[0] == _PLAIN_LEVEL and in_list and not _MD_HEADING.match(line):
                heading = None
            if heading:
                in_list = heading[0] == _LEAD_IN_LEVEL
            elif _is_prose(line):
                in_list = False
            out.append(_Line(l_start, l_end, heading, sp.is_bullet(line)))
    # A heading needs a body: runs of heading-like lines with nothing under them (a page header
    # such as "Tromsø / On-site / Full time") are content.
    for i, line in enumerate(out):
        if line.heading and line.heading[0] < _LEAD_IN_LEVEL:
            following = out[i + 1] if i + 1 < len(out) else None
            if following is None or (following.heading and following.heading[0] <= line.heading[0]):
                line.heading = None
    return out


def _heading(line: str, next_line: str | None, alone: bool) -> tuple[int, str] | None:
    md = _MD_HEADING.match(line)
    if md:
        return len(md.group(1)), md.group(2).strip("*_ ").strip()
    bold = _BOLD_HEADING.match(line)
    if bold:
        return _PLAIN_LEVEL, bold.group(1).strip()
    words = line.split()
    if not words or len(line) > 80 or sp.is_bullet(line) or not (line[0].isupper() or line[0].isdigit()):
        return None
    if line.endswith(":") and len(words) <= 8:
        return _LEAD_IN_LEVEL, line
    if len(words) > 9 or line[-1] in ".,;!" or any(c in line for c in "|@") or "http" in line:
        return None
    if alone or (next_line is not None and (sp.is_bullet(next_line) or len(next_line) > 2 * len(line) + 20)):
        return _PLAIN_LEVEL, line
    return None


def _is_prose(line: str) -> bool:
    """A long running-text line: it ends a lead-in's list."""
    return not sp.is_bullet(line) and len(line) > 120


def _pack(
    text: str, lines: list[_Line], target: int, limit: int, count: Callable[[str], int], first_index: int
) -> list[Chunk]:
    chunks: list[Chunk] = []
    stack: list[tuple[int, str, int]] = []  # (level, title, start offset of the heading line)
    current: list[Span] = []
    current_tokens = 0
    heading_start: int | None = None  # where the open section's heading line starts, until used
    section: tuple[str, ...] = ()

    def flush() -> None:
        nonlocal current, current_tokens
        if current:
            start, end = current[0][0], current[-1][1]
            chunks.append(Chunk(first_index + len(chunks), start, end, text[start:end], section))
        current, current_tokens = [], 0

    lead_in_used = False
    for line in lines:
        if line.heading:
            flush()
            level, title = line.heading
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title, line.start))
            section = tuple(t for _, t, _ in stack)
            heading_start, lead_in_used = line.start, False
            continue
        if stack and stack[-1][0] == _LEAD_IN_LEVEL and lead_in_used and _is_prose(text[line.start : line.end]):
            flush()  # a lead-in ("Desired skills include:") covers its list, not what follows
            stack.pop()
            section = tuple(t for _, t, _ in stack)
        if stack and stack[-1][0] == _LEAD_IN_LEVEL:
            lead_in_used = True
        for piece in _fit(text, (line.start, line.end), limit, count):
            tokens = count(text[piece[0] : piece[1]])
            if current and current_tokens + tokens > target:
                flush()
            if not current and heading_start is not None:
                tokens += count(text[heading_start : piece[0]])
                piece = (heading_start, piece[1])
            heading_start = None
            current.append(piece)
            current_tokens += tokens
    flush()
    return chunks


def _fit(text: str, span: Span, limit: int, count: Callable[[str], int]) -> list[Span]:
    """Split a span that is over the limit at sentence, then word, boundaries."""
    if count(text[span[0] : span[1]]) <= limit:
        return [span]
    out: list[Span] = []
    for s_start, s_end in sp.sentences(text, *span):
        if count(text[s_start:s_end]) <= limit:
            if out and count(text[out[-1][0] : s_end]) <= limit // 2:
                out[-1] = (out[-1][0], s_end)
            else:
                out.append((s_start, s_end))
            continue
        words = [m.span() for m in re.finditer(r"\S+", text[s_start:s_end])]
        begin = 0
        while begin < len(words):
            stop = begin + 1
            while stop < len(words) and count(text[s_start + words[begin][0] : s_start + words[stop][1]]) <= limit:
                stop += 1
            out.append((s_start + words[begin][0], s_start + words[stop - 1][1]))
            begin = stop
    return out
