"""Chat: questions about the chosen posting (or all of them), answered only with what it says.

Each answer is verified whole before it is shown; then its text streams in, with badges and
sources under it. Follow-up questions see the conversation.
"""

from __future__ import annotations

import streamlit as st

from summariser import answer_question
from summariser.cards.fields import posting_line
from summariser.text.markdown import escape_markdown as esc
from summariser.ui.answer import answer_message, show_answer, stream_verified
from summariser.ui.errors import show_error

EXAMPLES = (
    "Can I apply before finishing my master's?",
    "What is the salary?",
    "What is the application deadline?",
    "Which documents must I send?",
)
index, cards = st.session_state.index, st.session_state.cards
posting_id, model = st.session_state.posting_id, st.session_state.model

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
    history = [{"role": m["role"], "content": m["content"]} for m in st.session_state.messages]
    with conversation:
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
            else:
                message = answer_message(index, answer)
                stream_verified(message["markdown"])
                show_answer(message)
                st.session_state.messages += [{"role": "user", "content": question}, message]
