from summariser import search
from summariser.index.retrieval import fuse
from summariser.index.store_records import StoredChunk
from tests.conftest import UIT


def test_masters_question_finds_the_draft_thesis_sentence(seed_index):
    hits = search(seed_index, "Can I apply before finishing my master's degree?", k=3, posting_id=UIT)
    assert any("near completion of your master’s degree, you may still apply" in h.text for h in hits)
    assert all(h.posting_id == UIT for h in hits)


def test_global_search_ranks_the_right_posting_first(seed_index):
    hits = search(seed_index, "PhD in multimodal learning at Simula in Oslo", k=3)
    assert hits[0].posting_id == "001_28da44df9ef123e4"


def test_norwegian_question_on_english_posting(seed_index):
    hits = search(seed_index, "Hva er lønnen for stipendiaten?", k=5, posting_id=UIT)
    assert any("550 800 NOK/year" in h.text or "550,800 NOK/year" in h.text for h in hits)


def test_exact_terms_come_from_bm25(seed_index):
    hits = search(seed_index, "Lisbon", k=3, posting_id=UIT)
    assert "Lisbon Recognition Convention" in hits[0].text and hits[0].bm25_rank == 1


def test_hits_carry_offsets_section_and_title(seed_index):
    text = seed_index.posting(UIT).text
    for hit in search(seed_index, "pension", k=5, posting_id=UIT):
        assert text[hit.start : hit.end] == hit.text
        assert hit.title.startswith("PhD Fellow")
    assert search(seed_index, "   ") == []


def test_alias_or_unknown_posting(seed_index):
    import pytest

    from summariser.errors import PostingNotFound

    with pytest.raises(PostingNotFound):
        search(seed_index, "salary", posting_id="not-a-posting")


def _node(cid, start=0):
    return StoredChunk(cid, "x", {"posting_id": "p", "start": start, "end": start + 1, "title": "T", "section": ""})


def test_rrf_rewards_agreement():
    a, b, c = _node("a"), _node("b"), _node("c")
    hits = fuse([(a, 0.9), (b, 0.8), (c, 0.7)], [b, c], k=3)
    assert [h.chunk_id for h in hits] == ["b", "c", "a"]
    assert hits[0].vector_rank == 2 and hits[0].bm25_rank == 1 and hits[0].similarity == 0.8
    assert hits[2].bm25_rank is None
