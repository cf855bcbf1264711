"""A job-summary card on the page: each field with the posting's words for it, or "not stated"."""

from __future__ import annotations

import streamlit as st

from summariser.cards.fields import facts, lists, salary_note
from summariser.cards.schema import JobCard
from summariser.text.markdown import escape_markdown as esc


def card_of(cards: dict[str, JobCard], posting_id: str, model: str) -> JobCard:
    """The model-filled card when the user asked for one with this model, else the parsed one."""
    filled = st.session_state.filled_cards.get((posting_id, cards[posting_id].content_hash, model))
    return filled or cards[posting_id]


def keep_filled(posting_id: str, card: JobCard, model: str) -> None:
    """Remember a model-filled card for this session (until the posting's content changes)."""
    st.session_state.filled_cards[(posting_id, card.content_hash, model)] = card


def provenance_help(view) -> str:
    """A field's tooltip: the posting's words for it, and the source's structured data, each named."""
    said = [f"“{esc(q)}”" for q, p in zip(view.quotes, view.provenance) if p == "text"]
    data = [esc(q) for q, p in zip(view.quotes, view.provenance) if p != "text"]
    parts = (["**The posting says:**", *said] if said else []) + (
        ["**From the source's structured data:**", *data] if data else []
    )
    return BREAK.join(parts) or "the posting's own metadata"


BREAK = "  \n"  # a Markdown line break


def show_card(card: JobCard) -> None:
    st.subheader(esc(card.title or card.posting_id))
    origin = "parsed from the text" if card.model in (None, "none") else f"parsed, then filled by {card.model}"
    st.caption(f"{esc(card.posting_id)} · {esc(origin)} · hover a field for the posting's words")
    if card.warnings:  # text addressed to AI systems or hidden on the page; a JSON-LD-only page
        st.warning(esc("Warning: " + "; ".join(card.warnings)), icon="⚠️")
    left, right = st.container(border=True).columns(2)
    for number, view in enumerate(facts(card)):
        column = left if number % 2 == 0 else right
        if view.stated:
            column.markdown(f"**{view.label}:** {esc(view.value)}", help=provenance_help(view))
        else:
            column.markdown(f"**{view.label}:** _not stated_")
    note = salary_note(card)
    if note:
        st.caption(f"Salary note: {esc(note)}")
    for conflict in card.conflicts:
        st.caption(f"The text and the source's data disagree: {esc(conflict)}")
    st.markdown("#### Job summary")
    st.markdown(esc(card.summary) if card.summary else "_not stated_")
    if card.summary_by:  # a model's sentences: say so, and show the words each one was checked against
        st.caption(f"Written by {esc(card.summary_by)}; each sentence checked against the posting's words.")
        with st.expander("Where the posting says this"):
            st.markdown("\n".join(f"> {esc(e.quote)}\n" for e in card.evidence.get("summary", [])))
    for view in lists(card):
        st.markdown(f"#### {view.label}")
        st.markdown("\n".join(f"- {esc(item)}" for item in view.items) if view.items else "_not stated_")
        if view.quotes:
            with st.expander(f"Where the posting says this ({len(view.quotes)})"):
                st.markdown("\n".join(f"> {esc(q)}\n" for q in view.quotes))
    if card.dropped:
        st.caption(f"{len(card.dropped)} proposed value(s) dropped for lack of evidence.")
