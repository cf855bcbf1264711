"""The chat app in a real browser: `streamlit run app.py` on loopback against a copy of the seed
index, driven through Debian's chromium with playwright (its own browser download cannot work
here), from page to page (Chat, Card, Compare in the navigation at the top). Screenshots land in
tests/artifacts/ (the README's come from the same run)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.servers import free_port, serve

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSWER_WAIT_MS = 300_000  # a model answer on 2 shared cores

pytestmark = [
    pytest.mark.slow,
    pytest.mark.server,
    # CI installs chromium (.ci/run), so there a missing browser fails the test instead of skipping it
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="needs Debian's chromium at /usr/bin/chromium: apt-get install -y chromium (.ci/run does)",
    ),
]


@pytest.fixture(scope="module")
def app_url(seed_settings, tmp_path_factory):
    """One app server for the module, on a copy of the seed index it may write to."""
    folder = tmp_path_factory.mktemp("app_e2e")
    shutil.copytree(seed_settings.index_dir, folder / "index")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JOBSUM_INDEX_DIR", str(folder / "index"))
        env.setenv("JOBSUM_CONFIG", str(ROOT / "tests" / "no-such-jobsum.toml"))
        env.setenv("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
        env.chdir(ROOT)  # .streamlit/config.toml
        with serve(command, f"http://127.0.0.1:{port}/_stcore/health", folder / "streamlit.log", timeout=120):
            yield f"http://127.0.0.1:{port}/"


@pytest.fixture
def page(app_url):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # script reruns on 2 cores shared with other work

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(app_url)
            yield page
        finally:
            browser.close()


def shown(locator) -> str:
    """Text as the reader sees it (without the invisible word joiners that keep URLs plain)."""
    return locator.inner_text().replace("\u2060", "")


def settle(page) -> None:
    """Wait until the script run is over and no element of the previous run is still shown."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=ANSWER_WAIT_MS)
    expect(page.locator("[data-stale='true']")).to_have_count(0)


def _pick(page, picker, option, shown: str, tries: int = 3) -> None:
    """Pick an option in a multiselect; a pick made while the page's run was still starting can be
    lost to it (seen once in CI), so it is made again until the picker shows it."""
    from playwright.sync_api import expect

    for attempt in range(tries):
        settle(page)  # the page's run is over, so the pick is not lost to it
        picker.get_by_role("combobox").click()
        page.get_by_role("option", name=option).first.click()
        page.keyboard.press("Escape")
        try:
            expect(picker).to_contain_text(shown, timeout=10_000)
            return
        except AssertionError:
            if attempt == tries - 1:
                raise


def open_page(page, title: str) -> None:
    """Click a page (Chat, Card or Compare) in the navigation at the top."""
    page.get_by_test_id("stTopNavLink").filter(has_text=title).click()


def shoot(page, name: str) -> None:
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_chat_answers_with_a_citation_in_the_browser(page):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(re.compile(r"^\d+ postings"))).to_be_visible(timeout=120_000)
    sidebar.get_by_role("combobox").first.click()
    page.get_by_role("option", name=re.compile("^PhD Fellow in Knowledge-Driven Machine Learning")).click()

    page.get_by_role("button", name="Can I apply before finishing my master's?").click()
    source = page.get_by_text(re.compile(r"^Source \[1\] · PhD Fellow in Knowledge-Driven Machine Learning"))
    expect(source).to_be_visible(timeout=ANSWER_WAIT_MS)
    answer = page.get_by_test_id("stChatMessage").nth(1)
    expect(answer).to_contain_text("near completion of your master")
    expect(answer).to_contain_text("[1]")
    page.get_by_test_id("stChatInputTextArea").fill("What is the application deadline?")
    page.keyboard.press("Enter")
    expect(page.get_by_text("The posting does not say").last).to_be_visible(timeout=ANSWER_WAIT_MS)
    expect(page.get_by_text(re.compile(r"^Closest passage \[1\]"))).to_be_visible()
    settle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.set_viewport_size({"width": 1400, "height": 1400})  # the main area scrolls inside the page
    shoot(page, "chat.png")

    open_page(page, "Card")
    salary = page.get_by_test_id("stMarkdown").filter(has_text="Salary: NOK 550,000 - 634,000 per year")
    expect(salary).to_be_visible()
    settle(page)
    page.set_viewport_size({"width": 1400, "height": 1100})
    salary.get_by_test_id("stTooltipIcon").hover()  # the field's evidence, in the posting's words
    expect(page.get_by_test_id("stTooltipContent")).to_contain_text("550,800 NOK/year")
    shoot(page, "card.png")


HOSTILE_TITLE = "**Bold** [click](https://evil.example/t) <img src=x onerror=alert(1)>"
HOSTILE = f"""---
title: "{HOSTILE_TITLE}"
---
# Heading from the posting

Acme in Bergen hires a data engineer. ![pixel](https://evil.example/p.png) [phish](https://evil.example/l)
<script>window.pwned = 1</script> Apply at www.evil.example or mail jobs@evil.example.

- The salary is NOK 700,000 per year ![pixel](https://evil.example/p.png) [phish](https://evil.example/l).
""".encode()


def test_posting_text_shows_as_text_never_as_markup(page):
    """An uploaded posting full of Markdown and HTML shows as the characters it is, in every view."""
    from playwright.sync_api import expect

    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(re.compile(r"^\d+ postings"))).to_be_visible(timeout=120_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [{"name": "hostile.md", "mimeType": "text/markdown", "buffer": HOSTILE}]
    )
    sidebar.get_by_role("button", name="Ingest 1 file(s)").click()
    expect(sidebar.get_by_text("1 posting(s) added, 0 updated.")).to_be_visible(timeout=ANSWER_WAIT_MS)
    sidebar.get_by_role("combobox").first.click()
    # the card names the post as the text states it ("a data engineer"), not the feed's title
    page.get_by_role("option", name=re.compile("^data engineer")).first.click()
    open_page(page, "Card")
    heading = page.get_by_role("heading", level=3).filter(has_text="data engineer")
    expect(heading).to_be_visible()
    open_page(page, "Compare")
    picker = page.get_by_test_id("stMultiSelect")
    expect(picker).to_be_visible()
    _pick(page, picker, re.compile("^data engineer"), "data engineer")
    settle(page)
    table = page.get_by_test_id("stTable")
    expect(table).to_contain_text("data engineer")
    evidence = page.get_by_text(re.compile(r"The salary is NOK 700,000 per year"))  # the posting's words, as characters
    assert "per year ![pixel](https://evil.example/p.png) [phish](https://evil.example/l)" in shown(evidence.first)
    settle(page)
    shown_on = {
        "Chat": page.get_by_test_id("stChatInput"),
        "Card": heading,
        "Compare": table,
    }
    for title, element in shown_on.items():
        open_page(page, title)
        expect(element).to_be_visible()
        settle(page)
        expect(page.locator("a[href*='evil.example'], img[src='x'], img[src*='evil.example']")).to_have_count(0)
        expect(page.locator("main h1, main h2, main h3").filter(has_text="Heading from the posting")).to_have_count(0)
    assert page.evaluate("window.pwned") is None
