"""Finishing what a killed writer left (see `store_write` for the journal): chunks of versions no
record names are deleted, aliases and the lexical index are made to mirror the records, and the
generation is set. Every writer runs this on open; `store_doctor` runs its pieces over the whole
index."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from summariser.index.lexical import PostingChunks
from summariser.index.lexical_analysis import language_bucket
from summariser.index.store_records import INCOMPLETE, SCHEMA, _alias_holder, _pages, _record_chunk_ids, _version


class IndexRecovery:
    """The part of `store.Index` that replays an unfinished write and keeps the lexical index in
    step with the records."""

    def recover(self, meta: Mapping[str, Any] | None = None) -> bool:
        """Finish what a killed writer left (run by every writer on open); True if anything was done."""
        self._require_writable()
        meta = dict(meta or self._meta())
        if int(meta.get("jobsum_schema", 1)) < SCHEMA:
            self.repair()
            return True
        done = False
        pending = meta.get("pending")
        if pending:
            journal = json.loads(pending)
            self._settle(journal["postings"])
            g = max(int(journal["generation"]), int(meta.get("generation", 0)))
            with self.lexical.lock():
                self.lexical.set_generation(max(g, self.lexical.generation), source=self._source)
            meta = self._set_meta(generation=g, pending=None)
            self.generation = g
            done = True
        if self._lexical_behind(meta):
            self._sync_lexical(int(meta.get("generation", 0)), wait=True)
            done = True
        return done

    def _settle(self, posting_ids: Sequence[str]) -> None:
        """Make the chunks, aliases and lexical entries of these postings agree with their records."""
        records = self._records(posting_ids)
        held: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for part in _pages(list(posting_ids), 500):
            got = self._chunks.get(where={"posting_id": {"$in": part}}, include=["metadatas"])
            for cid, m in zip(got["ids"], got["metadatas"]):
                held[m["posting_id"]].append((cid, _version(m)))
        orphans = [cid for pid, chunks in held.items() for cid, v in chunks if v != _version(records.get(pid))]
        for part in _pages(orphans):
            self._chunks.delete(ids=part)
        for pid, m in records.items():  # a record whose chunks are not all there cannot be trusted
            have = sum(v == _version(m) for _, v in held.get(pid, []))
            if _version(m) != INCOMPLETE and have != int(m.get("chunks", 0)):
                self._mark_incomplete(pid, m)
                records[pid] = {**m, "version": INCOMPLETE}
        gone = [p for p in posting_ids if p not in records]
        for part in _pages(gone, 500):
            self._aliases.delete(where={"posting_id": {"$in": part}})
        self._write_aliases([_alias_holder(pid, m) for pid, m in records.items()], [], [])
        live = {pid: m for pid, m in records.items() if _version(m) != INCOMPLETE}
        with self.lexical.lock():
            self.lexical.apply(
                self._lexical_entries(live), [p for p in posting_ids if p not in live], source=self._source
            )

    def _mark_incomplete(self, pid: str, meta: Mapping[str, Any]) -> None:
        """Keep the record (its text, for `list`) but make the next ingest redo it."""
        self._chunks.delete(where={"posting_id": pid})
        self._postings.update(ids=[pid], metadatas=[{"content_hash": "", "version": INCOMPLETE, "chunks": 0}])

    def _sync_lexical(self, generation: int, wait: bool) -> None:
        """Bring the lexical index in step with the records, fetching only the postings it lacks."""
        with self.lexical.lock(wait=wait) as locked:
            if not locked:
                return  # another process is updating it; search on with what it has
            self.lexical.refresh()
            if self.lexical.source != self._source:
                self.lexical.clear(source=self._source)
            records = {pid: m for pid, m in self._all_records().items() if _version(m) != INCOMPLETE}
            have = self.lexical.postings()
            stale = [pid for pid, m in records.items() if have.get(pid) != _version(m)]
            extra = [pid for pid in have if pid not in records]
            for lo in range(0, max(len(stale), 1), 1000):
                part = {pid: records[pid] for pid in stale[lo : lo + 1000]}
                self.lexical.apply(self._lexical_entries(part), extra if lo == 0 else (), source=self._source)
            self.lexical.set_generation(max(generation, self.lexical.generation), source=self._source)

    def _lexical_entries(self, records: Mapping[str, Mapping[str, Any]]) -> list[PostingChunks]:
        """The lexical index's view of these postings, read back from Chroma."""
        wanted = [cid for pid, m in records.items() for cid in _record_chunk_ids(pid, m)]
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        for part in _pages(wanted):
            got = self._chunks.get(ids=part, include=["documents", "metadatas"])
            found.update((i, (d, m)) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]))
        entries = []
        for pid, m in records.items():
            rows = [
                (cid, found[cid])
                for cid in _record_chunk_ids(pid, m)
                if cid in found and _version(found[cid][1]) == _version(m)
            ]
            lang = m.get("lang") or language_bucket(m.get("language"), " ".join(d for _, (d, _) in rows))
            texts = [f"{meta.get('section', '')}\n{doc}" for _, (doc, meta) in rows]
            entries.append(PostingChunks(pid, _version(m), lang, [(cid, t) for (cid, _), t in zip(rows, texts)]))
        return entries
