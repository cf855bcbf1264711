"""A verified answer in the chat: the message kept in the conversation, its text, badges and sources."""

from __future__ import annotations

import re

import streamlit as st

from summariser.index.store import Index
from summariser.qa.answer import Answer
from summariser.text.markdown import escape_markdown as esc
from summariser.text.markdown import quote_in_context


def answer_message(index: Index, answer: Answer) -> dict:
    """The assistant's turn as the conversation keeps it: the model's text (for the history) and
    its escaped Markdown, the badges' facts, and each source's quote inside its paragraph."""
    sources = [
        {
            "n": c.n,
            "title": c.title,
            "section": c.section,
            "context": quote_in_context(index.posting(c.posting_id).text, c.start, c.end),
        }
        for c in answer.citations
    ]
    return {
        "role": "assistant",
        "content": answer.text,
        "markdown": esc(answer.text),
        "abstained": answer.abstained,
        "dropped": len(answer.dropped_claims),
        "mode": answer.mode,
        "sources": sources,
    }


def stream_verified(markdown: str) -> None:
    """Show an answer word by word. Only verified, escaped text comes here: the answer is checked
    whole first, so nothing the model wrote shows before it passed."""
    st.write_stream(re.findall(r"\S+\s*", markdown))


def show_answer(message: dict) -> None:
    """The badges under an answer (abstention, dropped claims, quoted) and its sources."""
    if message["abstained"]:
        st.badge("The posting does not say", icon=":material/help:", color="orange")
    if message["dropped"]:
        st.badge(
            f"{message['dropped']} unsupported claim(s) dropped",
            icon=":material/content_cut:",
            color="red",
            help="Sentences the model wrote that no quote of the posting supports were removed from the answer.",
        )
    if message["mode"] == "extractive":
        st.badge("Quoted from the posting", icon=":material/format_quote:", color="blue")
    label = "Closest passage" if message["abstained"] else "Source"
    for source in message["sources"]:
        with st.container(border=True):
            st.caption(
                f"{label} \\[{source['n']}\\] · **{esc(source['title'])}** · {esc(source['section'] or 'top of the posting')}"
            )
            st.markdown(source["context"])
