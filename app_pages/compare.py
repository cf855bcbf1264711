"""Compare: two to four postings side by side, each value footnoted with the posting's words."""

from __future__ import annotations

import streamlit as st

from summariser.cards.compare import compare_cards
from summariser.cards.fields import posting_line
from summariser.text.markdown import escape_markdown as esc
from summariser.ui.card import card_of

cards, model = st.session_state.cards, st.session_state.model

picked = st.multiselect(
    "Postings to compare (2 to 4)",
    list(cards),
    default=list(cards)[:2],
    max_selections=4,
    format_func=lambda pid: posting_line(cards[pid]),
    key="compare_postings",
    persist_state="session",
)
if len(picked) < 2:
    st.info("Pick at least two postings to compare.")
    st.stop()

comparison = compare_cards([card_of(cards, pid, model) for pid in picked])
st.table([{esc(k): esc(v) for k, v in row.items()} for row in comparison.records()], hide_index=True)
st.markdown("##### Evidence")
for note in comparison.notes:
    quotes = " · ".join(f"“{esc(q)}”" for q in note.quotes)
    st.markdown(f"\\[{note.n}\\] **{esc(note.posting)}**, {esc(note.label)}: {quotes}")
