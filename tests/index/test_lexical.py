"""The persisted lexical index on its own: BM25 equal to bm25s, writes, merges, reloads, languages."""

import json
import os
import re

import numpy as np
import pytest

from summariser.index import lexical_segments
from summariser.index.lexical import LexicalIndex, PostingChunks
from summariser.index.lexical_analysis import Analyzer, language_bucket
from tests.conftest import FIXTURES, POSTINGS

QUERIES = [
    "salary scale position",
    "machine learning PhD",
    "deadline for application",
    "research group university",
    "Hvor lenge varer stillingen?",
    "søknadsfrist lønn",
]


@pytest.fixture(scope="module")
def corpus() -> list[PostingChunks]:
    """~70 small postings cut from the sample feed and the seed postings, five sentences each."""
    lines = (FIXTURES / "corpus_sample.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [(r["id"], r.get("language"), r["text"]) for r in map(json.loads, lines)]
    texts += [(p.stem, "en", p.read_text(encoding="utf-8")) for p in sorted(POSTINGS.glob("*.txt"))]
    postings = []
    for pid, lang, text in texts:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) > 3]
        for n, lo in enumerate(range(0, len(sentences), 5)):
            part = sentences[lo : lo + 5]
            bucket = language_bucket(lang, text)
            postings.append(
                PostingChunks(f"{pid}-{n}", 1, bucket, [(f"{pid}-{n}::{i}", s) for i, s in enumerate(part)])
            )
    return postings


def _ids(hits):
    return [h.chunk_id for h in hits]


def test_scores_equal_bm25s_over_segments_and_tombstones(tmp_path, corpus):
    import bm25s

    english = [p for p in corpus if p.lang == "en"]
    index = LexicalIndex(tmp_path)
    index.apply(english[:60], generation=1)
    index.apply(english[60:90], generation=2)
    index.apply(english[90:], remove=[p.posting_id for p in english[10:20]], generation=3)
    live = [p for i, p in enumerate(english) if not 10 <= i < 20]
    analyzer = Analyzer()

    def tokens(text):
        words = [w for w in re.findall(r"(?u)\b\w\w+\b", text.lower()) if w not in analyzer.stop]
        return analyzer.stemmers["en"].stemWords(words)

    ids = [cid for p in live for cid, _ in p.chunks]
    reference = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
    reference.index([tokens(t) for p in live for _, t in p.chunks], show_progress=False)
    for query in QUERIES[:4]:
        scores = reference.get_scores([t for t in tokens(query) if t in reference.vocab_dict])
        want = {ids[i]: float(scores[i]) for i in np.argsort(-scores)[:10] if scores[i] > 0}
        got = {h.chunk_id: h.score for h in index.search(query, 10)}
        assert want and max(abs(got[c] - want[c]) for c in got if c in want) < 1e-4
        assert len(set(got) & set(want)) >= len(want) - 1  # ties at the cut may differ


def test_replace_remove_and_search_within_one_posting(tmp_path, corpus):
    index = LexicalIndex(tmp_path)
    index.apply(corpus[:100], generation=1)
    a, b = corpus[0], corpus[1]
    index.apply(
        [PostingChunks(a.posting_id, 2, "en", [(f"{a.posting_id}::g2::0", "zyxquux fellowship")])], generation=2
    )
    assert _ids(index.search("zyxquux")) == [f"{a.posting_id}::g2::0"]
    assert index.postings()[a.posting_id] == 2 and index.chunk_ids(a.posting_id) == [f"{a.posting_id}::g2::0"]
    index.apply(remove=[b.posting_id], generation=3)
    assert b.posting_id not in index.postings() and not index.search("research", 50, posting_id=b.posting_id)
    assert index.generation == 3
    # within one posting: exactly the global scores of that posting's chunks, no index of its own
    target = corpus[5].posting_id
    for query in QUERIES:
        everything = {h.chunk_id: h.score for h in index.search(query, 10_000)}
        mine = index.search(query, 20, posting_id=target)
        assert all(h.posting_id == target for h in mine)
        assert {h.chunk_id: h.score for h in mine} == {
            c: s for c, s in everything.items() if c.startswith(target + "::")
        }


def test_many_small_writes_merge_to_the_same_results(tmp_path, corpus):
    index = LexicalIndex(tmp_path / "small")
    for lo in range(0, 60, 3):  # twenty commits: merges fire along the way
        index.apply(corpus[lo : lo + 3], generation=lo + 1)
    assert len(index.segments) <= lexical_segments.MAX_SEGMENTS
    whole = LexicalIndex(tmp_path / "whole")
    whole.apply(corpus[:60], generation=1)
    for query in QUERIES:
        got, want = index.search(query, 10), whole.search(query, 10)
        assert _ids(got) == _ids(want)
        assert np.allclose([h.score for h in got], [h.score for h in want], atol=1e-5)
    index.apply(remove=[p.posting_id for p in corpus[:25]])  # over a quarter dead: one segment again
    assert len(index.segments) == 1 and index.n_docs == sum(len(p.chunks) for p in corpus[25:60])


def test_a_reloaded_index_returns_the_hits_of_a_rebuilt_one(tmp_path, corpus):
    writer = LexicalIndex(tmp_path / "kept")
    writer.apply(corpus[:80], generation=1)
    writer.apply(corpus[80:], remove=[p.posting_id for p in corpus[30:40]], generation=2)
    reloaded = LexicalIndex(tmp_path / "kept")  # a new process: opens what is on disk
    rebuilt = LexicalIndex(tmp_path / "rebuilt")
    rebuilt.apply([p for i, p in enumerate(corpus) if not 30 <= i < 40], generation=2)
    assert reloaded.generation == 2 and reloaded.postings() == rebuilt.postings()
    for query in QUERIES:
        for posting_id in (None, corpus[3].posting_id):
            got, want = reloaded.search(query, 15, posting_id), rebuilt.search(query, 15, posting_id)
            assert _ids(got) == _ids(want)
            assert np.allclose([h.score for h in got], [h.score for h in want], atol=1e-5)


def test_reader_follows_the_writer_and_crash_leftovers_are_collected(tmp_path, corpus):
    writer = LexicalIndex(tmp_path)
    writer.apply(corpus[:20], generation=1)
    reader = LexicalIndex(tmp_path)
    a = corpus[30]
    writer.apply([PostingChunks(a.posting_id, 2, "en", [(f"{a.posting_id}::g2::0", "zyxquux")])], generation=2)
    assert not reader.search("zyxquux")  # nothing reloads behind a reader's back...
    assert reader.refresh() and reader.search("zyxquux")[0].posting_id == a.posting_id  # ...until it looks
    assert not reader.refresh()  # one stat when nothing changed
    os.makedirs(tmp_path / "seg-999999")  # written but never committed (killed before the manifest swap)
    os.makedirs(tmp_path / "seg-000100.tmp")
    writer.apply(corpus[20:21], generation=3)
    assert not (tmp_path / "seg-999999").exists() and not (tmp_path / "seg-000100.tmp").exists()
    assert LexicalIndex(tmp_path / "nowhere").postings() == {}  # a reader never creates anything
    assert not (tmp_path / "nowhere").exists()


def test_norwegian_postings_are_stemmed_as_norwegian(tmp_path):
    index = LexicalIndex(tmp_path)
    index.apply(
        [
            PostingChunks("no1", 1, "no", [("no1::0", "Stillingen er et vikariat med søknadsfrist 15. november")]),
            PostingChunks(
                "en1", 1, "en", [("en1::0", "The positions are temporary; application deadline in November")]
            ),
        ]
    )
    assert [h.posting_id for h in index.search("stillinger")] == ["no1"]  # Norwegian stem: stilling
    assert [h.posting_id for h in index.search("position")] == ["en1"]
    assert {h.posting_id for h in index.search("november søknadsfrist")} == {"no1", "en1"}


def test_a_posting_without_chunks_is_held(tmp_path, corpus):
    index = LexicalIndex(tmp_path)
    index.apply([PostingChunks("empty", 1, "en", [])], generation=1)
    index.apply(corpus[:3], generation=2)
    assert index.postings()["empty"] == 1 and index.chunk_ids("empty") == []
    assert not index.search("research", posting_id="empty") and index.search("research")
    assert LexicalIndex(tmp_path).postings()["empty"] == 1
