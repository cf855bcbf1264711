"""jobsum chat: ask job postings questions and get answers that quote them (`make app`).

A thin Streamlit script over the `summariser` library, used as any user would use it. One index
handle per process (the index's single writer; uploads go through it). Every answer is verified
against the posting before it is shown. No posting or model text is rendered as HTML, and all of
it is escaped before it reaches Markdown.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import streamlit as st

from summariser import JobsumError, Settings, answer_question, ingest, open_index
from summariser.cards.batch import build_card
from summariser.cards.compare import compare_cards
from summariser.cards.fields import facts, lists, posting_line, salary_note
from summariser.cards.render import card_jsonld, missing_required
from summariser.errors import IndexLocked, IndexNotFound
from summariser.index.store import Index
from summariser.ingest.uploads import MAX_UPLOAD_MB, UPLOAD_TYPES, ingest_uploads
from summariser.text.markdown import escape_markdown as esc
from summariser.text.markdown import quote_in_context

SAMPLES = Path(__file__).resolve().parent / "data" / "postings"
EXAMPLES = (
    "Can I apply before finishing my master's?",
    "What is the salary?",
    "What is the application deadline?",
    "Which documents must I send?",
)
ALL = "__all__"

st.set_page_config(page_title="jobsum: ask a job posting", page_icon=":material/work:", layout="wide")
try:
    settings = Settings()
except ValueError as err:  # pydantic's ValidationError: a bad JOBSUM_* variable or jobsum.toml value
    st.error(f"The configuration is not valid; fix the JOBSUM_* variable or jobsum.toml it names. {esc(str(err))}")
    st.stop()


@st.cache_resource(show_spinner="Opening the index…", on_release=lambda index: index.close())
def shared_index(config_json: str) -> Index:
    """This process's one index handle: the index's writer, or a reader while another process
    (e.g. `jobsum ingest`) holds the write lock."""
    config = Settings.model_validate_json(config_json)
    Index(config)  # raises IndexNotFound before anything is created
    try:
        return Index(config, write=True)
    except IndexLocked:
        return Index(config)


@st.cache_resource
def write_lock() -> threading.Lock:
    """Sessions share one process, so their ingests (samples or uploads) take turns."""
    return threading.Lock()


@st.cache_data(show_spinner=False, max_entries=10_000)
def parsed_card(_index: Index, posting_id: str, content_hash: str):
    """The deterministic card (parsers only, every value with evidence): fast, cached per content."""
    return build_card(_index.posting(posting_id), settings, None)[0]


def show_error(err: Exception) -> None:
    """JobsumError messages say what to do; anything else is named, never shown as a traceback."""
    message = str(err) if isinstance(err, JobsumError) else f"Something went wrong: {type(err).__name__}: {err}"
    st.error(esc(message), icon=":material/error:")


def ingest_with_progress(work) -> None:
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
    report = st.session_state.pop("ingest_report", None)
    if report is None:
        return
    for error in report["errors"]:
        st.error(f"**{esc(error['source'])}**: {esc(error['error'])}", icon=":material/error:")
    if report["added"] or report["updated"]:
        st.success(f"{report['added']} posting(s) added, {report['updated']} updated.", icon=":material/check:")
    elif not report["failed"]:
        st.info("Those postings were already in the index, unchanged.")


# -- no index yet: one click ingests the sample postings -------------------------------------
try:
    index = shared_index(settings.model_dump_json())
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

postings = index.postings()
with st.spinner("Reading the postings' cards…"):
    cards = {p.id: parsed_card(index, p.id, p.content_hash) for p in postings}
ids = list(cards)
st.session_state.setdefault("messages", [])
st.session_state.setdefault("filled_cards", {})
st.session_state.setdefault("upload_key", 0)

# -- sidebar: posting, model, uploads -------------------------------------------------------
with st.sidebar:
    st.title("jobsum")
    st.caption(f"{len(ids)} postings", help=f"Index: {esc(index.where)}")
    chosen = st.selectbox(
        "Posting", [ALL, *ids], format_func=lambda pid: "All postings" if pid == ALL else posting_line(cards[pid])
    )
    posting_id = None if chosen == ALL else chosen
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
            shared_index.clear()  # the next run reopens it, as the writer if the lock is free
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

chat_tab, card_tab, compare_tab = st.tabs(
    [":material/chat: Chat", ":material/badge: Card", ":material/compare: Compare"]
)


# -- chat ------------------------------------------------------------------------------------
def show_answer(message: dict) -> None:
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


def ask(question: str, container) -> None:
    history = [{"role": m["role"], "content": m["content"]} for m in st.session_state.messages]
    with container:
        with st.chat_message("user"):
            st.markdown(esc(question))
        with st.chat_message("assistant"):
            try:
                with st.status("Searching the posting and checking every claim against it…") as status:
                    answer = answer_question(index, question, posting_id=posting_id, history=history, model=model)
                    status.update(
                        label=f"Checked against the posting ({answer.latency_s:.1f} s, {answer.model})",
                        state="complete",
                    )
            except Exception as err:
                show_error(err)
                return
            sources = [
                {
                    "n": c.n,
                    "title": c.title,
                    "section": c.section,
                    "context": quote_in_context(index.posting(c.posting_id).text, c.start, c.end),
                }
                for c in answer.citations
            ]
            message = {
                "role": "assistant",
                "content": answer.text,
                "markdown": esc(answer.text),
                "abstained": answer.abstained,
                "dropped": len(answer.dropped_claims),
                "mode": answer.mode,
                "sources": sources,
            }
            st.write_stream(re.findall(r"\S+\s*", message["markdown"]))  # the verified text only
            show_answer(message)
    st.session_state.messages += [{"role": "user", "content": question}, message]


with chat_tab:
    scope = "all postings" if posting_id is None else posting_line(cards[posting_id])
    st.caption(
        f"Answers come from {esc(scope)}; every sentence cites the posting's own words, or says the posting does not say."
    )
    conversation = st.container()
    with conversation:
        for message in st.session_state.messages:
            with st.chat_message(message["role"]):
                st.markdown(message.get("markdown") or esc(message["content"]))
                if message["role"] == "assistant":
                    show_answer(message)
    clicked = None
    examples = st.empty()
    if not st.session_state.messages:
        with examples.container():
            st.caption("Try one of these:")
            for column, example in zip(st.columns(len(EXAMPLES)), EXAMPLES):
                if column.button(example, width="stretch"):
                    clicked = example
    question = st.chat_input("Ask about the posting…") or clicked
    if question:
        examples.empty()
        ask(question, conversation)


# -- card ------------------------------------------------------------------------------------
def show_card(card) -> None:
    st.subheader(esc(card.title or card.posting_id))
    origin = "parsed from the text" if card.model in (None, "none") else f"parsed, then filled by {card.model}"
    st.caption(f"{esc(card.posting_id)} · {esc(origin)} · hover a field for the posting's words")
    if card.warnings:  # text addressed to AI systems or hidden on the page; structured data the text contradicts
        st.warning(esc("Warning: " + "; ".join(card.warnings)), icon="⚠️")
    left, right = st.container(border=True).columns(2)
    for number, view in enumerate(facts(card)):
        column = left if number % 2 == 0 else right
        if view.stated:
            evidence = "  \n".join(f"“{esc(q)}”" for q in view.quotes) or "the posting's own metadata"
            column.markdown(f"**{view.label}:** {esc(view.value)}", help=f"**The posting says:**  \n{evidence}")
        else:
            column.markdown(f"**{view.label}:** _not stated_")
    note = salary_note(card)
    if note:
        st.caption(f"Salary note: {esc(note)}")
    st.markdown("#### Job summary")
    st.markdown(esc(card.summary) if card.summary else "_not stated_")
    for view in lists(card):
        st.markdown(f"#### {view.label}")
        st.markdown("\n".join(f"- {esc(item)}" for item in view.items) if view.items else "_not stated_")
        if view.quotes:
            with st.expander(f"Where the posting says this ({len(view.quotes)})"):
                st.markdown("\n".join(f"> {esc(q)}\n" for q in view.quotes))
    if card.dropped:
        st.caption(f"{len(card.dropped)} proposed value(s) dropped for lack of evidence.")


def card_of(pid: str):
    """The model-filled card when the user asked for one with this model, else the parsed one."""
    return st.session_state.filled_cards.get((pid, cards[pid].content_hash, model)) or cards[pid]


with card_tab:
    card_id = posting_id or st.selectbox(
        "Posting", ids, format_func=lambda pid: posting_line(cards[pid]), key="card_posting"
    )
    if card_id:
        buttons = st.columns(3)
        if buttons[2].button(
            f"Fill empty fields with {model}",
            help="Asks the model for what the parsers left empty; "
            "a value is kept only with a verbatim quote that supports it.",
        ):
            try:
                with st.spinner(f"Asking {model}…"):
                    filled = build_card(index.posting(card_id), settings, model)[0]
                st.session_state.filled_cards[(card_id, filled.content_hash, model)] = filled
            except JobsumError as err:
                show_error(err)
        card = card_of(card_id)
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
            st.caption(
                f"JSON-LD leaves out Google-required properties the posting does not state: {esc(', '.join(missing))}"
            )


# -- compare ---------------------------------------------------------------------------------
with compare_tab:
    picked = st.multiselect(
        "Postings to compare (2 to 4)",
        ids,
        default=ids[:2],
        max_selections=4,
        format_func=lambda pid: posting_line(cards[pid]),
    )
    if len(picked) < 2:
        st.info("Pick at least two postings to compare.")
    else:
        comparison = compare_cards([card_of(pid) for pid in picked])
        st.table([{esc(k): esc(v) for k, v in row.items()} for row in comparison.records()], hide_index=True)
        st.markdown("##### Evidence")
        for note in comparison.notes:
            quotes = " · ".join(f"“{esc(q)}”" for q in note.quotes)
            st.markdown(f"\\[{note.n}\\] **{esc(note.posting)}**, {esc(note.label)}: {quotes}")
