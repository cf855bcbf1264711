"""Ingests from the app (the sample postings, uploads): a progress bar, then the report after the rerun."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from summariser.ingest.pipeline import IngestReport
from summariser.text.markdown import escape_markdown as esc

Progress = Callable[[int, int], None]


def ingest_with_progress(work: Callable[[Progress], IngestReport]) -> None:
    """Run work(progress) (an ingest) under a progress bar; its report is shown after the rerun."""
    with st.status("Ingesting…", expanded=True) as status:
        bar = st.progress(0.0)
        report = work(lambda done, total: bar.progress(done / max(total, 1), text=f"{done} of {total}"))
        nothing_in = report.failed and not (report.added or report.updated or report.unchanged)
        status.update(
            label=f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, {report.failed} failed",
            state="error" if nothing_in else "complete",
        )
    st.session_state.ingest_report = report.as_dict()


def show_ingest_report() -> None:
    """The last ingest's outcome, once: each failure named, then what went in."""
    report = st.session_state.pop("ingest_report", None)
    if report is None:
        return
    for error in report["errors"]:
        st.error(f"**{esc(error['source'])}**: {esc(error['error'])}", icon=":material/error:")
    if report["added"] or report["updated"]:
        st.success(f"{report['added']} posting(s) added, {report['updated']} updated.", icon=":material/check:")
    elif not report["failed"]:
        st.info("Those postings were already in the index, unchanged.")
