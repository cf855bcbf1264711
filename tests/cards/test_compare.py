"""Card fields as the app shows them, and postings compared field by field with evidence."""

from __future__ import annotations

import re

from summariser.cards.compare import column_names, compare_cards
from summariser.cards.extract import extract_card
from summariser.cards.fields import facts, lists, posting_line, salary_note
from summariser.cards.render import NOT_STATED
from summariser.cards.schema import JobCard, Salary
from tests.conftest import POSTINGS, UIT


def test_card_fields_say_not_stated_and_carry_evidence():
    card = JobCard(
        posting_id="p1",
        title="Engineer",
        location="Oslo",
        evidence={"location": ["Based in Oslo."]},
        salary=Salary(
            min=1, max=2, currency="NOK", period="year", text="NOK 1; 2 NOK (the posting states these differently)"
        ),
        education=["MSc"],
    )
    views = {v.field: v for v in facts(card) + lists(card)}
    assert views["location"].value == "Oslo" and views["location"].quotes == ["Based in Oslo."]
    assert views["deadline"].value == NOT_STATED and not views["deadline"].stated
    assert views["education"].items == ["MSc"]
    assert salary_note(card).endswith("differently)")
    assert posting_line(card) == "Engineer — Oslo — deadline not stated"
    card.employer, card.deadline = "Acme", "2026-01-31"
    assert posting_line(card) == "Engineer — Acme · Oslo — deadline 2026-01-31"


def test_compare_table_links_every_stated_cell_to_its_quotes():
    uit = extract_card(UIT, (POSTINGS / f"{UIT}.txt").read_text(encoding="utf-8"), title="PhD Fellow")
    other = JobCard(posting_id="x", title="PhD Fellow", location="Oslo", evidence={"location": ["in Oslo"]})
    comparison = compare_cards([uit, other])
    assert comparison.columns == [f"PhD Fellow ({UIT})", "PhD Fellow (x)"] == column_names([uit, other])
    rows = dict(comparison.rows)
    assert set(rows) == {"Salary", "Deadline", "Duration", "Location", "Work mode", "Required education", "Documents"}
    assert rows["Salary"][0].startswith("NOK 550,000 - 634,000 per year [")
    assert rows["Deadline"] == [NOT_STATED, NOT_STATED]
    for label, cells in comparison.rows:
        for column, cell in zip(comparison.columns, cells):
            marker = re.search(r"\[(\d+)\]$", cell)
            assert (marker is None) == (cell == NOT_STATED), cell
            if marker:
                note = comparison.notes[int(marker.group(1)) - 1]
                assert (note.posting, note.label) == (column, label) and note.quotes
    records = comparison.records()
    assert records[3] == {
        "Field": "Location",
        comparison.columns[0]: rows["Location"][0],
        comparison.columns[1]: rows["Location"][1],
    }
    many = JobCard(
        posting_id="m", application_documents=list("ABCDE"), evidence={"application_documents": list("ABCDE")}
    )
    assert compare_cards([many, other]).rows[-1][1][0] == "A; B; C; … (+2 more) [2]"  # long lists are cut, counted
