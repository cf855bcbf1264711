"""jobsum chat: ask job postings questions and get answers that quote them (`make app`).

The frame around the app's three pages (app_pages/chat.py, card.py, compare.py): the page setup,
the configuration check, the index, and the sidebar every page shares. The pages find what they
share in st.session_state: the sidebar's choices `posting_id` (None for all postings) and `model`,
this process's one index handle `index`, and `cards` (each posting's parsed card, by id). The
Streamlit glue the pages share lives in summariser/ui/.

One index handle per process: the index's single writer, so uploads go through it. Every answer
is verified against the posting before it is shown. No posting or model text is rendered as HTML,
and all of it is escaped before it reaches Markdown.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from summariser import JobsumError, Settings, ingest, open_index
from summariser.cards.fields import posting_line
from summariser.errors import IndexNotFound
from summariser.ingest.uploads import MAX_UPLOAD_MB, UPLOAD_TYPES, ingest_uploads
from summariser.text.markdown import escape_markdown as esc
from summariser.ui.errors import show_error
from summariser.ui.ingest import ingest_with_progress, show_ingest_report
from summariser.ui.resources import parsed_cards, reopen_index, shared_index, write_lock

SAMPLES = Path(__file__).resolve().parent / "data" / "postings"
ALL = "__all__"

st.set_page_config(page_title="jobsum: ask a job posting", page_icon=":material/work:", layout="wide")
try:
    settings = Settings()
except ValueError as err:  # pydantic's ValidationError: a bad JOBSUM_* variable or jobsum.toml value
    st.error(f"The configuration is not valid; fix the JOBSUM_* variable or jobsum.toml it names. {esc(str(err))}")
    st.stop()

# -- no index yet: one click ingests the sample postings -------------------------------------
try:
    index = shared_index(settings)
except IndexNotFound:
    st.title("jobsum")
    st.warning(
        f"There is no index at {esc(str(settings.index_dir))} yet. Ingest the sample postings to start chatting, "
        f"or run `jobsum ingest <files>` and reload.",
        icon=":material/inventory_2:",
    )
    show_ingest_report()
    if st.button("Ingest sample postings", type="primary", icon=":material/download:"):
        try:
            with write_lock(), open_index(settings, write=True) as writer:
                ingest_with_progress(lambda progress: ingest([SAMPLES], writer, progress=progress))
        except JobsumError as err:
            show_error(err)
        else:
            st.rerun()
    st.stop()
except JobsumError as err:
    st.title("jobsum")
    show_error(err)
    st.stop()

cards = parsed_cards(index)
st.session_state.setdefault("messages", [])
st.session_state.setdefault("filled_cards", {})
st.session_state.setdefault("upload_key", 0)

# -- sidebar: posting, model, uploads ---------------------------------------------------------
with st.sidebar:
    st.title("jobsum")
    st.caption(f"{len(cards)} postings", help=f"Index: {esc(index.where)}")
    chosen = st.selectbox(
        "Posting", [ALL, *cards], format_func=lambda pid: "All postings" if pid == ALL else posting_line(cards[pid])
    )
    model = st.selectbox(
        "Model", settings.model_choices, help="From JOBSUM_MODEL, JOBSUM_FALLBACK_MODEL and JOBSUM_MODELS."
    )
    if st.button("New chat", icon=":material/add_comment:"):
        st.session_state.messages = []
    st.divider()
    files = st.file_uploader(
        f"Add postings ({', '.join(UPLOAD_TYPES)}; up to {MAX_UPLOAD_MB} MB each)",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        max_upload_size=MAX_UPLOAD_MB,
        key=f"upload_{st.session_state.upload_key}",
        disabled=not index.writable,
    )
    if not index.writable:
        st.caption("Uploads are off while another process writes to this index.")
        if st.button("Try again"):
            reopen_index()  # the next run opens it as the writer if the lock is free
            st.rerun()
    if files and st.button(f"Ingest {len(files)} file(s)", type="primary"):
        with write_lock():
            try:
                uploads = [(f.name, f.getvalue()) for f in files]
                ingest_with_progress(lambda progress: ingest_uploads(uploads, index, progress=progress))
            except JobsumError as err:
                show_error(err)
            else:
                st.session_state.upload_key += 1  # empties the uploader
                st.rerun()
    show_ingest_report()

# -- the page the user is on, with what the pages share ---------------------------------------
st.session_state.update(index=index, cards=cards, posting_id=None if chosen == ALL else chosen, model=model)
pages = [
    st.Page("app_pages/chat.py", title="Chat", icon=":material/chat:", default=True),
    st.Page("app_pages/card.py", title="Card", icon=":material/badge:"),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare:"),
]
st.navigation(pages, position="top").run()
