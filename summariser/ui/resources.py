"""What every session of the app's process shares: one index handle, one write lock, the parsed cards."""

from __future__ import annotations

import threading

import streamlit as st

from summariser.cards.facts import parsed_card
from summariser.cards.schema import JobCard
from summariser.config import Settings
from summariser.index.store import Index, open_shared


@st.cache_resource(show_spinner="Opening the index…", on_release=lambda index: index.close())
def _shared_index(config_json: str) -> Index:
    return open_shared(Settings.model_validate_json(config_json))


def shared_index(settings: Settings) -> Index:
    """This process's one index handle (see `open_shared`): the index's writer, or a reader while
    another process holds the write lock. Raises IndexNotFound while there is no index."""
    return _shared_index(settings.model_dump_json())


def reopen_index() -> None:
    """Close the handle; the next run opens it again, as the writer if the lock is free by then."""
    _shared_index.clear()


@st.cache_resource
def write_lock() -> threading.Lock:
    """Sessions share one process, so their ingests (samples or uploads) take turns."""
    return threading.Lock()


def parsed_cards(index: Index) -> dict[str, JobCard]:
    """Each posting's deterministic card (parsers only, every value with evidence), by posting id
    in the index's order: extracted once per posting content and kept beside the index
    (cards.facts), the same facts Q&A answers from."""
    with st.spinner("Reading the postings' cards…"):
        return {p.id: parsed_card(index, p.id) for p in index.postings()}
