"""The lexical index on disk: its segments, the manifest that names them, and their one writer.

`_Segment` is one immutable, memory-mapped segment (`seg-NNNNNN/data.bin` and its JSON `meta`);
`LexicalWriter` is the writing half of `LexicalIndex` (the writer lock, new segments, tombstones,
merges and the atomic manifest swap); the helpers below write files durably (fsync, then rename).
`summariser.index.lexical` describes the layout.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from summariser.index.lexical_analysis import LANGUAGES

if TYPE_CHECKING:
    from summariser.index.lexical import PostingChunks

MAX_SEGMENTS = 8
FORMAT = 1
_ARRAYS = (("terms", np.uint64), ("indptr", np.int64), ("docs", np.int32), ("tfs", np.float32))
_ROW_ARRAYS = (("doclen", np.float32), ("lang", np.uint8))


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


class LexicalWriter:
    """The part of `LexicalIndex` that writes (the single writer's)."""

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
