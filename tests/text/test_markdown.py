"""Posting and model text escaped for Markdown, and quotes shown highlighted in their paragraph."""

from __future__ import annotations

import re

import pytest

from summariser.text.markdown import escape_markdown, paragraph_around, quote_in_context


def _unescaped(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


@pytest.mark.parametrize(
    "text",
    [
        "[click me](https://evil.example/x) ![img](https://evil.example/p.png)",
        "<script>alert(1)</script> <img src=x onerror=alert(1)>",
        "# Heading\n- bullet\n1. numbered\n    code block\n> quote",
        "**bold** _it_ `code` ~~del~~ $x^2$ :red[colour] a | b \\ back",
        "Apply at https://jobbnorge.no/apply or www.uit.no; questions to hr@uit.no",
    ],
)
def test_escaped_markdown_has_no_live_syntax_and_reads_as_the_text(text):
    escaped = escape_markdown(text)
    assert "\n" not in escaped
    assert re.search(r"(?<!\\)[\[\]()<>*_`#$|!~:]", escaped) is None  # every special character escaped
    assert _unescaped(escaped) == " ".join(text.split())


def test_bare_urls_and_addresses_cannot_become_links():
    escaped = escape_markdown("https://a.example www.b.example c@d.example HTTP://E.EXAMPLE")
    plain = escaped.replace("\\", "")
    assert not re.search(r"https?://|www\.|@\w", plain, re.I)
    assert escaped.count("\u2060") == 4


def test_quote_is_highlighted_inside_its_paragraph():
    text = "Intro line.\n\nFirst sentence here. The quoted [one] sentence. Last sentence.\n\nNext paragraph."
    start = text.index("The quoted")
    end = text.index("Last") - 1
    assert paragraph_around(text, start, end) == (text.index("First"), text.index("\n\nNext"))
    markdown = quote_in_context(text, start, end)
    assert (
        markdown == "First sentence here\\. :orange-background[**The quoted \\[one\\] sentence\\.**] Last sentence\\."
    )
    assert "Intro" not in markdown and "Next" not in markdown


def test_long_paragraph_is_cut_around_the_quote():
    text = " ".join(f"word{i}" for i in range(400)) + " QUOTE HERE. " + " ".join(f"tail{i}" for i in range(400))
    start = text.index("QUOTE")
    markdown = quote_in_context(text, start, start + len("QUOTE HERE."), context=50)
    assert markdown.startswith("… ") and markdown.endswith(" …")
    assert ":orange-background[**QUOTE HERE\\.**]" in markdown
    assert len(markdown) < 200
