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
"""

from __future__ import annotations

import copy
import fcntl
import hashlib
import json
import os
import re
import shutil
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

K1, B = 1.5, 0.75  # bm25s / Lucene defaults, as the llama-index BM25 retriever used
LANGUAGES = ("en", "no")  # bucket index stored per row; PyStemmer algorithm names below
_STEMMER_NAMES = {"en": "english", "no": "norwegian"}
_NORWEGIAN = frozenset({"no", "nb", "nn", "nob", "nno", "nor", "norwegian", "norsk", "bokmål", "nynorsk"})
# Norwegian-only function words; French "et", "en", "de" must not count (EURAXESS has French postings)
_NO_HINTS = frozenset(
    "og ikke som på med til vi har å være stillingen søknad søknadsfrist arbeidsoppgaver kvalifikasjoner".split()
)
_EN_HINTS = frozenset("the and of to in is with we you are position application".split())
# bm25s's English stopwords (what the llama-index BM25 retriever dropped), copied: importing bm25s
# for 33 words cost a quarter of a second of start-up
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these "
    "they this to was will with".split()
)
MAX_SEGMENTS = 8
FORMAT = 1
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_ARRAYS = (("terms", np.uint64), ("indptr", np.int64), ("docs", np.int32), ("tfs", np.float32))
_ROW_ARRAYS = (("doclen", np.float32), ("lang", np.uint8))


def language_bucket(declared: str | None, text: str = "") -> str:
    """'no' for Norwegian postings (declared, else guessed from function words), else 'en'."""
    if declared:
        return "no" if declared.strip().lower().split("-")[0] in _NORWEGIAN else "en"
    words = _TOKEN.findall(text[:5000].lower())
    no, en = sum(w in _NO_HINTS for w in words), sum(w in _EN_HINTS for w in words)
    return "no" if no >= 5 and no > en else "en"


class Analyzer:
    """Tokens (two or more word characters, lower-cased), English stopwords out, stemmed per language."""

    def __init__(self) -> None:
        import Stemmer

        self.stemmers = {lang: Stemmer.Stemmer(_STEMMER_NAMES[lang]) for lang in LANGUAGES}
        self.stop = STOPWORDS
        self._ids: dict[str, int] = {}

    def term_id(self, term: str) -> int:
        """A stable 64-bit hash: no vocabulary to load at open or to keep in step across segments."""
        h = self._ids.get(term)
        if h is None:
            if len(self._ids) > 1_000_000:
                self._ids.clear()
            h = self._ids[term] = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")
        return h

    def document(self, text: str, lang: str) -> Counter[int]:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in self.stop]
        return Counter(map(self.term_id, self.stemmers[lang].stemWords(words)))

    def query(self, text: str) -> dict[int, int]:
        """term id -> bit mask of the language buckets whose stemming of the query produced it."""
        words = [w for w in dict.fromkeys(_TOKEN.findall(text.lower())) if w not in self.stop]
        terms: dict[int, int] = {}
        for bit, lang in enumerate(LANGUAGES):
            for term in self.stemmers[lang].stemWords(words):
                h = self.term_id(term)
                terms[h] = terms.get(h, 0) | (1 << bit)
        return terms


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


class _Segment:
    def __init__(self, root: Path, name: str):
        self.name = name
        meta = _read_json(root / name / "meta")
        data = np.memmap(root / name / "data.bin", dtype=np.uint8, mode="r") if meta["bytes"] else None
        for key, dtype in (*_ARRAYS, *_ROW_ARRAYS):
            offset, count = meta["arrays"][key]
            arr = data[offset : offset + count * np.dtype(dtype).itemsize].view(dtype) if count else np.zeros(0, dtype)
            setattr(self, key, arr)
        self.posting_ids: list[str] = meta["posting_ids"]
        self.versions: list[int] = meta["versions"]
        self.chunk_ids: list[str] = meta["chunk_ids"]
        self.starts = np.asarray(meta["starts"], dtype=np.int64)  # posting i owns rows starts[i]:starts[i+1]
        self.slot = {p: i for i, p in enumerate(self.posting_ids)}
        self.live = np.ones(len(self.doclen), dtype=bool)

    @staticmethod
    def write(root: Path, name: str, rows: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        """rows: term/doc/tf triples and per-row doclen and lang. Written to a temporary folder,
        fsynced, then renamed: a segment either exists whole or not at all."""
        tmp = root / f"{name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        order = np.lexsort((rows["docs"], rows["terms"]))
        terms, docs, tfs = rows["terms"][order], rows["docs"][order], rows["tfs"][order]
        uniq, first = np.unique(terms, return_index=True)
        arrays = {
            "terms": uniq.astype(np.uint64),
            "indptr": np.append(first, len(terms)).astype(np.int64),
            "docs": docs.astype(np.int32),
            "tfs": tfs.astype(np.float32),
            "doclen": rows["doclen"].astype(np.float32),
            "lang": rows["lang"].astype(np.uint8),
        }
        meta = {**meta, "arrays": {}}
        with open(tmp / "data.bin", "wb") as fh:
            offset = 0
            for key, arr in arrays.items():
                pad = -offset % 8
                fh.write(b"\0" * pad)
                offset += pad
                fh.write(arr.tobytes())
                meta["arrays"][key] = (offset, len(arr))
                offset += arr.nbytes
            meta["bytes"] = offset
            fh.flush()
            os.fsync(fh.fileno())
        _write_file(tmp / "meta", json.dumps(meta, ensure_ascii=False))
        _fsync_dir(tmp)
        os.rename(tmp, root / name)


class LexicalIndex:
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

    # -- writing (one writer; hold `lock()`) ---------------------------------------------------
    @contextmanager
    def lock(self, wait: bool = True) -> Iterator[bool]:
        """The lexical writer lock; with wait=False yields False at once if another holds it."""
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def apply(
        self,
        add: Sequence[PostingChunks] = (),
        remove: Iterable[str] = (),
        generation: int | None = None,
        source: str | None = None,
    ) -> None:
        """Insert or replace `add` and delete `remove` in one commit, then record `generation`."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.refresh()
        entries = self._entries()
        gone = {p.posting_id for p in add} | set(remove)
        for entry, seg in zip(entries, self.segments):
            entry["dead"] = sorted(set(entry["dead"]) | {p for p in gone if p in seg.slot})
        if add:  # a posting without chunks is held too (an empty row range), so it is known to be in step
            name = self._new_name()
            self._write_segment(name, add)
            entries.append({"name": name, "dead": []})
        self._commit(entries, self.generation if generation is None else generation, source)
        self._maybe_merge()

    def clear(self, generation: int = 0, source: str | None = None) -> None:
        """Drop everything (before a rebuild)."""
        self.refresh()
        old = [e["name"] for e in self.manifest["segments"]]
        self._commit([], generation, source)
        for name in old:
            shutil.rmtree(self.path / name, ignore_errors=True)

    def set_generation(self, generation: int, source: str | None = None) -> None:
        self.refresh()
        self._commit(self._entries(), generation, source)

    def _entries(self) -> list[dict[str, Any]]:
        return [dict(e, dead=list(e["dead"])) for e in self.manifest["segments"]]

    def _write_segment(self, name: str, postings: Sequence[PostingChunks]) -> None:
        counts: list[Counter[int]] = []
        langs: list[int] = []
        meta: dict[str, Any] = {"posting_ids": [], "versions": [], "starts": [0], "chunk_ids": []}
        for p in postings:
            lang = p.lang if p.lang in LANGUAGES else "en"
            counts.extend(self.analyzer.document(text, lang) for _, text in p.chunks)
            langs.extend([LANGUAGES.index(lang)] * len(p.chunks))
            meta["chunk_ids"].extend(cid for cid, _ in p.chunks)
            meta["posting_ids"].append(p.posting_id)
            meta["versions"].append(p.version)
            meta["starts"].append(len(counts))
        sizes = np.fromiter(map(len, counts), dtype=np.int64, count=len(counts))
        nnz = int(sizes.sum())
        rows = {
            "terms": np.fromiter((t for c in counts for t in c), dtype=np.uint64, count=nnz),
            "tfs": np.fromiter((f for c in counts for f in c.values()), dtype=np.float32, count=nnz),
            "docs": np.repeat(np.arange(len(counts), dtype=np.int32), sizes),
            "doclen": np.fromiter((c.total() for c in counts), dtype=np.float32, count=len(counts)),
            "lang": np.asarray(langs, dtype=np.uint8),
        }
        _Segment.write(self.path, name, rows, meta)

    def _maybe_merge(self) -> None:
        entries = self._entries()
        sizes = {s.name: int(s.live.sum()) for s in self.segments}
        total = sum(len(s.doclen) for s in self.segments)
        if len(entries) > 1 and total - self.n_docs > total / 4:
            self._merge([], entries)  # a quarter of the rows is dead: rewrite everything
        elif len(entries) > MAX_SEGMENTS:
            # keep the large segments that each outweigh everything smaller; merge the rest
            ordered = sorted(entries, key=lambda e: -sizes[e["name"]])
            keep: list[dict[str, Any]] = []
            for i, entry in enumerate(ordered):
                if sizes[entry["name"]] < sum(sizes[e["name"]] for e in ordered[i + 1 :]):
                    break
                keep.append(entry)
            rest = [e for e in entries if e not in keep]
            if len(rest) < 2:
                keep, rest = [], entries
            self._merge(keep, rest)

    def _merge(self, keep: list[dict[str, Any]], merge: list[dict[str, Any]]) -> None:
        """The live rows of the `merge` segments into one new segment."""
        parts = []
        offset = 0
        meta: dict[str, Any] = {"posting_ids": [], "versions": [], "starts": [0], "chunk_ids": []}
        loaded = {s.name: s for s in self.segments}
        for entry in merge:
            seg, dead = loaded[entry["name"]], set(entry["dead"])
            newrow = np.cumsum(seg.live) - 1 + offset
            selected = seg.live[seg.docs]
            term_of = np.repeat(np.arange(len(seg.terms)), np.diff(seg.indptr))[selected]
            parts.append(
                (
                    seg.terms[term_of],
                    newrow[seg.docs[selected]],
                    seg.tfs[selected],
                    seg.doclen[seg.live],
                    seg.lang[seg.live],
                )
            )
            for i, pid in enumerate(seg.posting_ids):
                if pid not in dead:
                    r0, r1 = int(seg.starts[i]), int(seg.starts[i + 1])
                    meta["posting_ids"].append(pid)
                    meta["versions"].append(seg.versions[i])
                    meta["chunk_ids"].extend(seg.chunk_ids[r0:r1])
                    meta["starts"].append(meta["starts"][-1] + r1 - r0)
            offset += int(seg.live.sum())
        entries = list(keep)
        if offset:
            name = self._new_name()
            columns = [np.concatenate(col) for col in zip(*parts)]
            rows = dict(zip(("terms", "docs", "tfs", "doclen", "lang"), columns))
            _Segment.write(self.path, name, rows, meta)
            entries.append({"name": name, "dead": []})
        self._commit(entries, self.generation, self.source)
        for entry in merge:  # readers that mapped these files keep them until they let go (POSIX)
            shutil.rmtree(self.path / entry["name"], ignore_errors=True)

    def _new_name(self) -> str:
        named = {e["name"] for e in self.manifest["segments"]}
        for leftover in os.listdir(self.path):  # written but never committed (a crash): garbage
            if leftover.startswith("seg-") and leftover not in named:
                shutil.rmtree(self.path / leftover, ignore_errors=True)
        # never a name used before: a reader may still map a merged-away segment of that name
        return f"seg-{max([int(n[4:]) for n in named] + [self.manifest.get('last_segment', 0)]) + 1:06d}"

    def _commit(self, segments: list[dict[str, Any]], generation: int, source: str | None) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        last = max([int(e["name"][4:]) for e in segments] + [self.manifest.get("last_segment", 0)])
        manifest = {
            "format": FORMAT,
            "generation": generation,
            "source": source if source is not None else self.source,
            "last_segment": last,
            "segments": segments,
        }
        tmp = self.path / "manifest.tmp"
        _write_file(tmp, json.dumps(manifest, ensure_ascii=False))
        os.replace(tmp, self.path / "manifest")
        _fsync_dir(self.path)
        self.refresh()


def _empty_manifest() -> dict[str, Any]:
    return {"format": FORMAT, "generation": 0, "source": None, "last_segment": 0, "segments": []}


def _read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _write_file(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
