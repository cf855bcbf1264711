"""Card: the chosen posting's job-summary card, each field with the posting's words for it.

Cards come from the parsers (instant); "Fill empty fields with …" asks the model for the rest,
under the same evidence gate. Downloads as JSON or schema.org JSON-LD.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from summariser import JobsumError
from summariser.cards.batch import build_card
from summariser.cards.fields import posting_line
from summariser.cards.render import card_jsonld, missing_required
from summariser.text.markdown import escape_markdown as esc
from summariser.ui.card import card_of, keep_filled, show_card
from summariser.ui.errors import show_error

index, cards = st.session_state.index, st.session_state.cards
posting_id, model = st.session_state.posting_id, st.session_state.model

card_id = posting_id or st.selectbox(
    "Posting",
    list(cards),
    format_func=lambda pid: posting_line(cards[pid]),
    key="card_posting",
    persist_state="session",
)
if not card_id:
    st.stop()

buttons = st.columns(3)
if buttons[2].button(
    f"Fill empty fields with {model}",
    help="Asks the model for what the parsers left empty; a value is kept only with a verbatim quote that supports it.",
):
    try:
        with st.spinner(f"Asking {model}…"):
            asked = index.settings.with_overrides(card_fill="always")  # the user asked for this model
            keep_filled(card_id, build_card(index.posting(card_id), asked, model)[0], model)
    except JobsumError as err:
        show_error(err)

card = card_of(cards, card_id, model)
safe = re.sub(r"[^\w.-]", "_", card_id)
jsonld = card_jsonld(card)
buttons[0].download_button(
    "Download JSON",
    card.model_dump_json(indent=2),
    file_name=f"{safe}.json",
    mime="application/json",
    icon=":material/download:",
)
buttons[1].download_button(
    "Download JSON-LD",
    json.dumps(jsonld, ensure_ascii=False, indent=2),
    file_name=f"{safe}.jsonld",
    mime="application/ld+json",
    icon=":material/download:",
)
show_card(card)
missing = missing_required(jsonld)
if missing:
    st.caption(f"JSON-LD leaves out Google-required properties the posting does not state: {esc(', '.join(missing))}")
