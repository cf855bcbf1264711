"""Errors as messages: what to do when jobsum knows, the error's name when it does not."""

from __future__ import annotations

import streamlit as st

from summariser.errors import JobsumError
from summariser.text.markdown import escape_markdown as esc


def show_error(err: Exception) -> None:
    """JobsumError messages say what to do; anything else is named, never shown as a traceback."""
    message = str(err) if isinstance(err, JobsumError) else f"Something went wrong: {type(err).__name__}: {err}"
    st.error(esc(message), icon=":material/error:")
