"""NAV's pam-stilling-feed entries (fixtures in the documented shape, with made-up content)."""

import json

from summariser.cards.extract import extract_card
from summariser.errors import PostingLoadError
from summariser.ingest.loaders import load
from summariser.types import Posting
from tests.conftest import FIXTURES

NAV = FIXTURES / "nav"


def test_a_feed_entry_is_a_posting_with_its_fields_kept_as_source_data():
    [posting] = load(NAV / "feed_entry.json")
    assert isinstance(posting, Posting) and posting.id == "nav-1ffe0c84-deef-4f07-b789-8f84de349333"
    assert (
        posting.title == "Helsefagarbeider – fast 80 % stilling i hjemmetjenesten"
        and posting.employer == "Fjordvik kommune"
    )
    assert posting.language == "no" and posting.metadata["source"] == "arbeidsplassen.nav.no"
    assert "<" not in posting.text and "Legemiddelhåndtering etter delegering" in posting.text
    nav = posting.metadata["nav"]
    assert nav["applicationDue"] == "2026-09-15" and nav["extent"] == "Deltid" and "description" not in nav


def test_a_bare_ad_in_a_jsonl_feed_and_inactive_entries_and_pages_are_error_lines(tmp_path):
    ad = json.loads((NAV / "feed_entry.json").read_text())["ad_content"]
    feed = tmp_path / "ads.jsonl"
    feed.write_text(json.dumps(ad) + "\n" + (NAV / "feed_entry_inactive.json").read_text().replace("\n", "") + "\n")
    posting, inactive = load(feed)
    assert isinstance(posting, Posting) and posting.id.startswith("nav-1ffe0c84")
    assert isinstance(inactive, PostingLoadError) and "INACTIVE" in inactive.reason
    [page] = load(NAV / "feed_page.json")
    assert isinstance(page, PostingLoadError) and "feedentry" in page.reason


def test_the_ads_card_reads_its_text():
    [posting] = load(NAV / "feed_entry.json")
    card = extract_card(posting.id, posting.text, posting.title, posting.employer, posting.source_url, posting.metadata)
    assert card.deadline == "2026-09-15" and card.employer == "Fjordvik kommune"
    assert any("Legemiddelhåndtering" in item for item in card.responsibilities)
