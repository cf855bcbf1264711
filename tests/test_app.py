"""The chat app (app.py and its pages in app_pages/) driven through Streamlit's AppTest, on a copy
of the seed index."""

from __future__ import annotations

import re
import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import summariser
from summariser import Answer, Citation, Settings, open_index
from summariser.errors import IndexLocked, LLMError
from tests.conftest import ROOT, SIMULA, UIT

APP = str(ROOT / "app.py")
TIMEOUT = 300  # seconds per script run: model answers on 2 shared cores


@pytest.fixture(scope="module")
def app_index_dir(seed_settings, tmp_path_factory):
    """A copy of the seed index the app may write to (uploads); its handle is closed at the end."""
    copy = tmp_path_factory.mktemp("app") / "index"
    shutil.copytree(seed_settings.index_dir, copy)
    yield copy
    st.cache_resource.clear()  # releases the app's index handle and its write lock


@pytest.fixture
def app(app_index_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("JOBSUM_INDEX_DIR", str(app_index_dir))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception and not at.error
    return at


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def unescaped(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def pick_posting(at: AppTest, posting_id: str) -> None:
    at.sidebar.selectbox[0].set_value(posting_id).run()


def open_page(at: AppTest, name: str) -> AppTest:
    """Switch to app_pages/<name>.py, as a click in the navigation does; its elements are at.main's."""
    return at.switch_page(f"app_pages/{name}.py").run()


def assistant_markdown(at: AppTest) -> list[str]:
    return [m.value for message in at.chat_message if message.name == "assistant" for m in message.markdown]


def test_sidebar_lists_postings_with_their_card_line_and_the_configured_models(app):
    picker, models = app.sidebar.selectbox
    assert picker.options[0] == "All postings"
    uit_line = next(
        option for option in picker.options if option.startswith("PhD Fellow in Knowledge-Driven Machine Learning")
    )
    assert (
        uit_line
        == "PhD Fellow in Knowledge-Driven Machine Learning — UiT The Arctic University of Norway · Tromsø — deadline not stated"
    )
    assert models.options == ["local/smollm2"]
    assert "Can I apply before finishing my master's?" in [b.label for b in app.button]  # examples on an empty chat


def test_model_picker_offers_the_configured_models(app_index_dir, monkeypatch):
    monkeypatch.setenv("JOBSUM_INDEX_DIR", str(app_index_dir))
    monkeypatch.setenv("JOBSUM_FALLBACK_MODEL", "ollama/llama3.1")
    monkeypatch.setenv("JOBSUM_MODELS", "gpt-4o-mini")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert at.sidebar.selectbox[1].options == ["local/smollm2", "ollama/llama3.1", "gpt-4o-mini"]
    assert at.sidebar.selectbox[1].value == "local/smollm2"


@pytest.mark.slow
def test_question_is_answered_with_cited_sources_and_follow_ups_use_the_history(app, monkeypatch):
    pick_posting(app, UIT)
    next(b for b in app.button if b.label == "Can I apply before finishing my master's?").click().run()
    assert not app.exception and not app.error
    answer, *rest = assistant_markdown(app)
    assert re.search(r"\\\[1\\\]", answer), answer  # inline [1], escaped
    assert "near completion of your master" in unescaped(answer)
    sources = [c.value for c in app.caption if c.value.startswith("Source ")]
    assert sources and "PhD Fellow in Knowledge" in unescaped(sources[0])
    highlighted = [m for m in rest if ":orange-background[**" in m]
    assert highlighted and "near completion" in unescaped(highlighted[0])
    assert not any("The posting does not say" in m for m in rest)
    assert "Can I apply before finishing my master's?" not in [b.label for b in app.button]  # examples gone

    seen = {}
    real = summariser.answer_question

    def spy(index, question, **kwargs):
        seen.update(kwargs)
        return real(index, question, **kwargs)

    monkeypatch.setattr(summariser, "answer_question", spy)
    app.chat_input[0].set_value("And the salary?").run()
    assert [m["role"] for m in seen["history"]] == ["user", "assistant"]
    assert seen["history"][0]["content"] == "Can I apply before finishing my master's?"
    assert seen["posting_id"] == UIT and seen["model"] == "local/smollm2"
    assert len(app.chat_message) == 4


@pytest.mark.slow
def test_unanswerable_question_shows_the_abstention_badge_and_the_closest_passage(app):
    pick_posting(app, UIT)
    app.chat_input[0].set_value("What is the application deadline?").run()
    assert not app.exception and not app.error
    shown = assistant_markdown(app)
    assert unescaped(shown[0]).startswith("The posting does not say what the application deadline is.")
    assert any(m.startswith(":orange-badge[") and "The posting does not say" in m for m in shown)
    assert any(c.value.startswith("Closest passage") for c in app.caption)


def test_only_the_verified_answer_is_shown_escaped_with_a_dropped_claims_badge(app, monkeypatch):
    """Model text never reaches the page unverified or as live Markdown."""
    quote = "If you are near completion of your master’s degree, you may still apply"
    text = (ROOT / "data" / "postings" / f"{UIT}.txt").read_text(encoding="utf-8")
    start = text.index(quote)

    def fake(index, question, **kwargs):
        return Answer(
            question=question,
            posting_id=UIT,
            text="Yes [see](https://evil.example) <b>now</b> [1].",
            citations=[
                Citation(
                    n=1,
                    posting_id=UIT,
                    title="PhD <i>Fellow</i>",
                    section="Qualifications",
                    quote=quote,
                    start=start,
                    end=start + len(quote),
                )
            ],
            dropped_claims=["The salary is 9 million dollars."],
            model="fake",
        )

    monkeypatch.setattr(summariser, "answer_question", fake)
    app.chat_input[0].set_value("Can I apply early?").run()
    assert not app.exception and not app.error
    shown = assistant_markdown(app)
    assert shown[0] == "Yes \\[see\\]\\(https\\:\u2060\\/\\/evil\\.example\\) \\<b\\>now\\<\\/b\\> \\[1\\]\\."
    assert any(m.startswith(":red-badge[") and "1 unsupported claim(s) dropped" in m for m in shown)
    everything = " ".join(texts(app.markdown) + texts(app.caption))
    assert "9 million" not in everything
    assert "PhD \\<i\\>Fellow\\<\\/i\\>" in everything
    assert app.session_state.messages[-1]["content"] == "Yes [see](https://evil.example) <b>now</b> [1]."


def test_a_failing_model_is_an_actionable_error_not_a_traceback(app, monkeypatch):
    def broken(index, question, **kwargs):
        raise LLMError("model 'gpt-x' failed: no API key — set OPENAI_API_KEY")

    monkeypatch.setattr(summariser, "answer_question", broken)
    app.chat_input[0].set_value("What is the salary?").run()
    assert not app.exception
    assert [unescaped(e.value) for e in app.error] == ["model 'gpt-x' failed: no API key — set OPENAI_API_KEY"]


def test_card_page_shows_fields_with_evidence_not_stated_and_downloads(app):
    pick_posting(app, UIT)
    card = open_page(app, "card").main
    assert unescaped(card.subheader[0].value) == "PhD Fellow in Knowledge-Driven Machine Learning"
    facts = {unescaped(m.value).split(":**")[0].strip("*"): m for m in card.markdown if m.value.startswith("**")}
    salary = facts["Salary"]
    assert unescaped(salary.value) == "**Salary:** NOK 550,000 - 634,000 per year"
    assert "550,800 NOK/year" in unescaped(salary.proto.help)  # the evidence tooltip quotes the posting
    assert facts["Deadline"].value == "**Deadline:** _not stated_" and not facts["Deadline"].proto.help
    assert "Where the posting says this" in " ".join(e.label for e in card.expander)
    labels = [b.label for b in card.get("download_button")]
    assert labels == ["Download JSON", "Download JSON-LD"]


def test_compare_page_tables_key_fields_with_footnoted_evidence(app):
    compare = open_page(app, "compare").main
    compare.multiselect[0].set_value([UIT, SIMULA]).run()
    compare = app.main
    table = compare.table[0].value
    assert next(iter(table.columns)) == "Field" and len(table.columns) == 3
    rows = {unescaped(r["Field"]): [unescaped(v) for v in list(r)[1:]] for _, r in table.iterrows()}
    assert set(rows) == {"Salary", "Deadline", "Duration", "Location", "Work mode", "Required education", "Documents"}
    assert rows["Salary"][0].startswith("NOK 550,000 - 634,000 per year [")
    assert rows["Location"] == ["Tromsø [3]", "Oslo [4]"]
    notes = [unescaped(m.value) for m in compare.markdown if m.value.startswith("\\[")]
    assert any(n.startswith("[3] PhD Fellow") and "Tromsø" in n for n in [n.replace("**", "") for n in notes])
    compare.multiselect[0].set_value([UIT]).run()
    assert "Pick at least two postings to compare." in texts(app.main.info)
    open_page(app, "chat")
    assert open_page(app, "compare").main.multiselect[0].value == [UIT]  # kept while another page showed


def test_bad_and_oversized_uploads_are_named_errors(app):
    uploader = app.sidebar.file_uploader[0]
    assert {"txt", "md", "html", "pdf", "jsonl"} <= set(t.lstrip(".") for t in uploader.allowed_type)
    uploader.set_value(
        [
            ("broken.pdf", b"%PDF-1.4 this is not a pdf", "application/pdf"),
            ("huge.jsonl", b"{}\n" * (7 * 1024 * 1024), "application/jsonl"),
        ]
    ).run()
    next(b for b in app.sidebar.button if b.label == "Ingest 2 file(s)").click().run()
    assert not app.exception
    errors = [unescaped(e.value) for e in app.sidebar.error]
    assert any(e.startswith("**huge.jsonl**: huge.jsonl is 21.0 MB, over the 20 MB upload limit") for e in errors), (
        errors
    )
    assert any(e.startswith("**broken.pdf**: unreadable PDF") for e in errors), errors
    assert len(app.sidebar.selectbox[0].options) == 17  # nothing was added


@pytest.mark.slow
def test_without_an_index_one_click_ingests_the_sample_postings(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSUM_INDEX_DIR", str(tmp_path / "empty"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    try:
        assert not at.exception
        assert "There is no index at" in at.warning[0].value
        assert [b.label for b in at.button] == ["Ingest sample postings"]
        at.button[0].click().run()
        assert not at.exception and not at.error
        assert len(at.sidebar.selectbox[0].options) == 3  # All postings + the two samples
        assert (tmp_path / "empty" / "chroma.sqlite3").exists()
    finally:
        st.cache_resource.clear()  # the new index's handle


def test_fill_button_builds_the_card_with_the_chosen_model(app, monkeypatch):
    """The wiring only: the model fill itself is tested in test_summarise.py."""
    import summariser.cards.batch

    real, asked = summariser.cards.batch.build_card, []

    def build_card(posting, settings, model):
        asked.append((posting.id, model))
        card, usage = real(posting, settings, None)
        card.model, card.dropped = model, ["start_date: soon"]
        return card, usage

    monkeypatch.setattr(summariser.cards.batch, "build_card", build_card)
    pick_posting(app, UIT)
    fill = next(b for b in open_page(app, "card").main.button if b.label == "Fill empty fields with local/smollm2")
    fill.click().run()
    assert not app.exception and not app.error
    assert asked == [(UIT, "local/smollm2")]
    card = app.main
    assert "parsed, then filled by local/smollm2" in unescaped(card.caption[0].value)
    assert "1 proposed value(s) dropped for lack of evidence." in texts(card.caption)
    assert unescaped(card.subheader[0].value) == "PhD Fellow in Knowledge-Driven Machine Learning"


def test_an_uploaded_posting_goes_in_through_the_apps_single_writer(seed_settings, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    shutil.copytree(seed_settings.index_dir, index_dir)
    monkeypatch.setenv("JOBSUM_INDEX_DIR", str(index_dir))
    posting = b"---\ntitle: Data Engineer at Acme\n---\nAcme in Bergen is hiring a data engineer. The salary is NOK 700,000 per year.\n"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    try:
        at.sidebar.file_uploader[0].set_value(("acme.md", posting, "text/markdown")).run()
        next(b for b in at.sidebar.button if b.label == "Ingest 1 file(s)").click().run()
        assert not at.exception and not at.error
        assert "1 posting(s) added, 0 updated." in texts(at.sidebar.success)
        assert any(o.startswith("Data Engineer at Acme") for o in at.sidebar.selectbox[0].options)
        assert not at.sidebar.file_uploader[0].value  # emptied for the next upload
        with pytest.raises(IndexLocked):  # the app's handle is the index's one writer
            open_index(Settings(index_dir=index_dir), write=True).__enter__()
    finally:
        st.cache_resource.clear()


def test_a_bad_setting_is_a_message_naming_it(monkeypatch):
    monkeypatch.setenv("JOBSUM_MAX_RETRIES", "lots")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    (error,) = at.error
    assert "The configuration is not valid" in error.value and "max_retries" in unescaped(error.value)


def test_while_another_process_writes_the_app_reads_with_uploads_off(seed_settings, tmp_path, monkeypatch, embed_model):
    index_dir = tmp_path / "index"
    shutil.copytree(seed_settings.index_dir, index_dir)
    monkeypatch.setenv("JOBSUM_INDEX_DIR", str(index_dir))
    try:
        with open_index(Settings(index_dir=index_dir), write=True, embed_model=embed_model):  # e.g. `jobsum ingest`
            at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
            assert not at.exception and not at.error
            assert at.sidebar.file_uploader[0].disabled
            assert "Uploads are off while another process writes to this index." in texts(at.sidebar.caption)
            assert len(at.sidebar.selectbox[0].options) == 17  # reading works
        next(b for b in at.sidebar.button if b.label == "Try again").click().run()
        assert not at.sidebar.file_uploader[0].disabled  # the lock is free: the app is the writer now
    finally:
        st.cache_resource.clear()
