"""HTML inside feed records — a JSON-LD description, a NAV ad's description, a corpus record whose
text is markup (one EURAXESS posting in eight) — as plain text: block tags become line breaks, other
tags go, entities are unescaped, scripts and styles are dropped, and text the markup hides from its
readers (display:none, white on white …) is flagged exactly as a web page's is (ingest/hidden.py),
so it stays in the stored text but is never evidence."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from summariser.ingest.hidden import as_flags, mark_hidden, unmark

_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|section|article)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
# tags of formatted text; two or more make a record's text markup, not prose that mentions a tag
_MARKUP = re.compile(r"</?(?:p|br|div|span|strong|em|b|i|u|li|ul|ol|h[1-6]|table|tr|td|a|font)(?:\s[^<>]*)?/?>", re.I)


def looks_like_html(text: str) -> bool:
    return len(_MARKUP.findall(text, 0, 200_000)) >= 2


def fragment_to_text(fragment: str) -> tuple[str, list[dict[str, Any]]]:
    """The fragment as text, and the flags (`{"kind", "rule", "start", "end"}`, offsets in that
    text) of what it hides from readers."""
    marked, marks = mark_hidden(fragment) if "<" in fragment else (fragment, None)
    text = _BLOCK_TAG.sub("\n", _SCRIPT.sub("", marked))
    text = html_lib.unescape(_TAG.sub("", text))
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)  # the markup's indentation is not the posting's
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if marks is None:
        return text, []
    text, hidden = unmark(text, marks)
    return text, as_flags(hidden)
