"""The lexical (BM25) side of search, persisted next to the index instead of rebuilt per process.

`<index_dir>/lexical/<collection>/manifest` (JSON) names immutable, memory-mapped segments
(`seg-NNNNNN/`: term-major posting lists of 64-bit term hashes in one `data.bin`, plus a JSON
`meta` with the segment's postings and chunk ids), the dead postings of each segment, and the
index generation
it mirrors (the one in the Chroma collection's metadata). A write is one new segment, tombstones
for the postings it replaces or removes, and an atomic swap of the manifest; small segments are
merged as they pile up, everything once a quarter of the rows is dead. Opening costs a JSON read
and a few mmaps, whatever the corpus size.

Scores are Lucene BM25 as bm25s computes them (k1=1.5, b=0.75) over all live chunks. A chunk is
stemmed in its posting's language (Norwegian or English; other languages go to the English
bucket, as before); a query is stemmed both ways, and each stem matches only chunks of the
language that produced it, so an English word in a Norwegian posting still matches and nothing
is counted twice. bm25s's English stopwords are dropped in both buckets: dropping them only from English
chunks made "the" and "is" rare, heavily weighted terms of the few Norwegian-bucket postings.
Search within one posting needs no index of its own: its chunks are a contiguous row range of
one segment, cut out of each posting list by binary search, under the global IDF.

This is a cache of what Chroma holds: `summariser.index.store` keeps it in step on every write
and rebuilds or catches it up from Chroma when it lags (a crash, a new machine next to a Chroma
server). Mutations take `lexical/lock`; readers never wait for it.

Its parts: `lexical_analysis` (language buckets, the analyser) and `lexical_segments` (segments on
disk, the writer and the manifest swap); this module is the index readers search.
"""

from __future__ import annotations

import copy
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from summariser.index.lexical_analysis import Analyzer
from summariser.index.lexical_segments import FORMAT, LexicalWriter, _empty_manifest, _read_json, _Segment

K1, B = 1.5, 0.75  # bm25s / Lucene defaults, as the llama-index BM25 retriever used


@dataclass
class PostingChunks:
    """What the lexical index holds of one posting version."""

    posting_id: str
    version: int  # the index generation that wrote this version (as in the Chroma records)
    lang: str  # a bucket from LANGUAGES
    chunks: list[tuple[str, str]]  # (chunk id, the text BM25 sees: section path + chunk text)


@dataclass(frozen=True)
class LexicalHit:
    chunk_id: str
    posting_id: str
    score: float


class LexicalIndex(LexicalWriter):
    """BM25 over the live chunks of every posting. One writer at a time (see `lock`)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._analyzer: Analyzer | None = None
        self._swap = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self.manifest: dict[str, Any] = _empty_manifest()
        self.segments: list[_Segment] = []
        self.where: dict[str, tuple[_Segment, int]] = {}  # posting id -> (segment, slot) of its live version
        self.n_docs, self.avgdl = 0, 1.0
        self.refresh()

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer()
        return self._analyzer

    @property
    def generation(self) -> int:
        return int(self.manifest["generation"])

    @property
    def source(self) -> str | None:
        """What this index mirrors (the Chroma location and collection), set by its writer."""
        return self.manifest.get("source")

    @property
    def exists(self) -> bool:
        return (self.path / "manifest").exists()

    # -- reading -------------------------------------------------------------------------------
    def refresh(self) -> bool:
        """Reload if the manifest changed since the last look (one stat); True when it did."""
        for attempt in range(5):  # a merge may delete a segment between our manifest read and its open
            try:
                return self._refresh()
            except FileNotFoundError:
                if attempt == 4:
                    raise
        return False

    def _refresh(self) -> bool:
        manifest_path = self.path / "manifest"
        try:
            st = os.stat(manifest_path)
        except FileNotFoundError:
            if self._stamp is None:
                return False
            manifest, stamp = _empty_manifest(), None
        else:
            stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
            if stamp == self._stamp:
                return False
            manifest = _read_json(manifest_path)
            if manifest.get("format") != FORMAT:
                raise ValueError(f"lexical index format {manifest.get('format')} is not {FORMAT}")
        loaded = {s.name: s for s in self.segments}
        segments, where = [], {}
        for entry in manifest["segments"]:  # a copy per snapshot, so searches in flight keep their masks
            segment = copy.copy(loaded.get(entry["name"]) or _Segment(self.path, entry["name"]))
            dead = set(entry["dead"])
            segment.live = np.ones(len(segment.doclen), dtype=bool)
            for i in (segment.slot[p] for p in dead if p in segment.slot):
                segment.live[segment.starts[i] : segment.starts[i + 1]] = False
            where.update((p, (segment, i)) for i, p in enumerate(segment.posting_ids) if p not in dead)
            segments.append(segment)
        n = sum(int(s.live.sum()) for s in segments)
        total = sum(
            float(s.doclen[s.live].sum(dtype=np.float64)) for s in segments
        )  # exact: same scores however segmented
        with self._swap:
            self.manifest, self.segments, self.where = manifest, segments, where
            self.n_docs, self.avgdl = n, total / max(n, 1)
            self._stamp = stamp
        return True

    def postings(self) -> dict[str, int]:
        """posting id -> version of every posting held (to diff against the Chroma records)."""
        return {p: seg.versions[i] for p, (seg, i) in self.where.items()}

    def chunk_ids(self, posting_id: str) -> list[str]:
        seg, i = self.where[posting_id]
        return seg.chunk_ids[seg.starts[i] : seg.starts[i + 1]]

    def search(self, query: str, k: int = 20, posting_id: str | None = None) -> list[LexicalHit]:
        """The top k chunks with a positive score, over all postings or within one."""
        with self._swap:
            segments, where, n, avgdl = self.segments, self.where, self.n_docs, self.avgdl
        if not n or (posting_id is not None and posting_id not in where):
            return []
        terms = self.analyzer.query(query)
        if not terms:
            return []
        qh = np.fromiter(terms, dtype=np.uint64, count=len(terms))
        masks = np.fromiter(terms.values(), dtype=np.int64, count=len(terms))
        found, df = [], np.zeros(len(qh))  # each query term's live posting list, per segment
        for seg in segments:
            if not len(seg.terms):
                continue
            pos = np.searchsorted(seg.terms, qh)
            for t in np.flatnonzero(pos < len(seg.terms)):
                if seg.terms[pos[t]] == qh[t]:
                    lo, hi = seg.indptr[pos[t]], seg.indptr[pos[t] + 1]
                    docs = seg.docs[lo:hi]
                    live = seg.live[docs]
                    df[t] += np.count_nonzero(live)
                    found.append((t, seg, docs, seg.tfs[lo:hi], live))
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        target = where.get(posting_id) if posting_id is not None else None
        acc: dict[str, tuple[_Segment, np.ndarray]] = {}
        for t, seg, docs, tfs, live in found:
            if target is not None:  # one posting: a contiguous row range of one segment
                if seg is not target[0]:
                    continue
                a, b = np.searchsorted(docs, seg.starts[target[1] : target[1] + 2])
                docs, tfs, live = docs[a:b], tfs[a:b], live[a:b]
            keep = live & ((masks[t] >> seg.lang[docs].astype(np.int64)) & 1).astype(bool)
            docs, tfs = docs[keep], tfs[keep]
            if len(docs):
                scores = acc.setdefault(seg.name, (seg, np.zeros(len(seg.doclen), dtype=np.float32)))[1]
                norm = tfs + K1 * (1 - B + B * seg.doclen[docs] / avgdl)
                scores[docs] += (idf[t] * tfs / norm).astype(np.float32)
        ranked: list[tuple[float, str, _Segment, int]] = []
        for seg, scores in acc.values():
            rows = np.flatnonzero(scores > 0)
            if len(rows) > k:  # the top k, and whatever ties the k-th (the order below decides)
                kth = -np.partition(-scores[rows], k - 1)[k - 1]
                rows = rows[scores[rows] >= kth]
            ranked.extend((float(scores[r]), seg.chunk_ids[r], seg, int(r)) for r in rows)
        ranked.sort(key=lambda h: (-h[0], h[1]))
        return [
            LexicalHit(cid, seg.posting_ids[int(np.searchsorted(seg.starts, r, "right")) - 1], score)
            for score, cid, seg, r in ranked[:k]
        ]
