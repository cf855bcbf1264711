"""The chat app in a real browser: `streamlit run app.py` on loopback against a copy of the seed
index, driven through Debian's chromium with playwright (its own browser download cannot work
here). Screenshots land in tests/artifacts/ (the README's come from the same run)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .servers import free_port, serve

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
ANSWER_WAIT_MS = 300_000  # a model answer on 2 shared cores

pytestmark = [
    pytest.mark.slow,
    pytest.mark.server,
    # CI installs chromium (.ci/run), so there a missing browser fails the test instead of skipping it
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                       reason="needs Debian's chromium at /usr/bin/chromium: apt-get install -y chromium (.ci/run does)"),
]


@pytest.fixture
def app_url(seed_settings, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    shutil.copytree(seed_settings.index_dir, index_dir)
    monkeypatch.setenv("JOBSUM_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    monkeypatch.chdir(ROOT)  # .streamlit/config.toml
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1"]  # fmt: skip
    with serve(command, f"http://127.0.0.1:{port}/_stcore/health", tmp_path / "streamlit.log", timeout=120):
        yield f"http://127.0.0.1:{port}/"


def settle(page) -> None:
    """Wait until the script run is over and no element of the previous run is still shown."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=ANSWER_WAIT_MS)
    expect(page.locator("[data-stale='true']")).to_have_count(0)


def shoot(page, name: str) -> None:
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_chat_answers_with_a_citation_in_the_browser(app_url):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(app_url)
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("16 postings")).to_be_visible(timeout=120_000)
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

            page.get_by_role("tab", name=re.compile("Card")).click()
            salary = page.get_by_test_id("stMarkdown").filter(has_text="Salary: NOK 550,000 - 634,000 per year")
            expect(salary).to_be_visible()
            settle(page)
            page.set_viewport_size({"width": 1400, "height": 1100})
            salary.get_by_test_id("stTooltipIcon").hover()  # the field's evidence, in the posting's words
            expect(page.get_by_test_id("stTooltipContent")).to_contain_text("550,800 NOK/year")
            shoot(page, "card.png")
        finally:
            browser.close()
