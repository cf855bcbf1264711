"""`jobsum doctor`: compare the whole index with itself (`check`) and fix what is found
(`repair`)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from summariser.index.store_records import INCOMPLETE, PAGE, SCHEMA, _alias_holder, _pages, _version


@dataclass
class Health:
    """What `check()` found (and, after `repair()`, fixed)."""

    postings: int = 0
    chunks: int = 0
    generation: int = 0
    lexical_generation: int = 0
    schema: int = SCHEMA
    pending: list[str] = field(default_factory=list)  # journalled postings of an unfinished write
    orphan_chunks: int = 0  # chunks no posting record names (no record, or another version)
    orphan_postings: list[str] = field(default_factory=list)  # posting ids that only orphan chunks carry
    incomplete: list[str] = field(default_factory=list)  # records whose chunks are missing
    marked_incomplete: list[str] = field(default_factory=list)  # repaired so: the next ingest redoes them
    lexical_stale: list[str] = field(default_factory=list)  # postings the lexical index has wrong or lacks
    lexical_extra: list[str] = field(default_factory=list)  # postings only the lexical index has
    alias_problems: int = 0
    repaired: bool = False

    @property
    def ok(self) -> bool:
        return not (
            self.pending
            or self.orphan_chunks
            or self.incomplete
            or self.lexical_stale
            or self.lexical_extra
            or self.alias_problems
            or self.schema < SCHEMA
            or self.lexical_generation < self.generation
        )

    def problems(self) -> list[str]:
        out = []
        if self.schema < SCHEMA:
            out.append(f"written by an older jobsum (index schema {self.schema}, now {SCHEMA})")
        if self.pending:
            out.append(f"an interrupted write of {len(self.pending)} posting(s) is unfinished")
        if self.orphan_chunks:
            out.append(
                f"{self.orphan_chunks} orphan chunk(s) that no posting record names"
                + (f" (postings not in the index: {_some(self.orphan_postings)})" if self.orphan_postings else "")
            )
        if self.incomplete:
            out.append(f"{len(self.incomplete)} posting(s) with missing chunks: {_some(self.incomplete)}")
        if self.lexical_stale or self.lexical_extra:
            out.append(
                f"lexical index out of step: {len(self.lexical_stale)} posting(s) missing or outdated, "
                f"{len(self.lexical_extra)} removed posting(s) still held"
            )
        elif self.lexical_generation < self.generation:
            out.append(f"lexical index at generation {self.lexical_generation}, Chroma at {self.generation}")
        if self.alias_problems:
            out.append(f"{self.alias_problems} alias(es) missing or pointing nowhere")
        return out

    def notes(self) -> list[str]:
        """Not problems, but worth saying."""
        if not self.marked_incomplete:
            return []
        return [
            f"{len(self.marked_incomplete)} posting(s) marked incomplete (their chunks were lost); "
            f"ingest their files again to redo them: {_some(self.marked_incomplete)}"
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "repaired": self.repaired,
            "postings": self.postings,
            "chunks": self.chunks,
            "generation": self.generation,
            "lexical_generation": self.lexical_generation,
            "schema": self.schema,
            "problems": self.problems(),
            "pending": self.pending,
            "orphan_chunks": self.orphan_chunks,
            "orphan_postings": self.orphan_postings,
            "incomplete": self.incomplete,
            "marked_incomplete": self.marked_incomplete,
            "notes": self.notes(),
            "lexical_stale": len(self.lexical_stale),
            "lexical_extra": len(self.lexical_extra),
            "alias_problems": self.alias_problems,
        }


class IndexDoctor:
    """The part of `store.Index` that checks and repairs the whole index."""

    def check(self) -> Health:
        """Compare everything with everything (all records, all chunk metadata, the lexical index):
        what `jobsum doctor` reports. Reads the whole index once."""
        meta = self._meta()
        health = Health(
            generation=int(meta.get("generation", 0)),
            schema=int(meta.get("jobsum_schema", 1)),
            pending=json.loads(meta["pending"])["postings"] if meta.get("pending") else [],
        )
        records = self._all_records()
        health.postings = len(records)
        by_posting: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for offset in range(0, self._chunks.count() + PAGE, PAGE):
            got = self._chunks.get(include=["metadatas"], limit=PAGE, offset=offset)
            if not got["ids"]:
                break
            for m in got["metadatas"]:
                by_posting[m["posting_id"]][_version(m)] += 1
                health.chunks += 1
        for pid, versions in by_posting.items():
            want = _version(records.get(pid)) if pid in records else None
            health.orphan_chunks += sum(n for v, n in versions.items() if v != want)
            if pid not in records:
                health.orphan_postings.append(pid)
        for pid, m in records.items():
            if _version(m) == INCOMPLETE:
                health.marked_incomplete.append(pid)
            elif by_posting.get(pid, {}).get(_version(m), 0) != int(m.get("chunks", 0)):
                health.incomplete.append(pid)
        self.lexical.refresh()
        health.lexical_generation = self.lexical.generation
        have = self.lexical.postings() if self.lexical.source == self._source else {}
        live = {pid: _version(m) for pid, m in records.items() if _version(m) != INCOMPLETE}
        health.lexical_stale = sorted(pid for pid, v in live.items() if have.get(pid) != v)
        health.lexical_extra = sorted(pid for pid in have if pid not in live)
        if self._aliases is not None:
            got = self._aliases.get(include=["metadatas"])
            targets = {a: (m or {}).get("posting_id") for a, m in zip(got["ids"], got["metadatas"])}
            health.alias_problems = sum(t not in records for t in targets.values())
            health.alias_problems += sum(
                targets.get(a) != pid
                for pid, m in records.items()
                for a in json.loads(m.get("aliases", "[]"))
                if a != pid
            )
        else:
            health.alias_problems = sum(len(json.loads(m.get("aliases", "[]"))) for m in records.values())
        health.orphan_postings.sort()
        health.incomplete.sort()
        health.marked_incomplete.sort()
        return health

    def repair(self) -> Health:
        """Fix everything `check()` finds: delete orphan chunks, mark postings whose chunks are
        missing incomplete (the next ingest redoes them), upgrade an older index in place, rebuild
        aliases, bring the lexical index in step, clear the journal. Returns the health before."""
        self._require_writable()
        before = self.check()
        meta = self._meta()
        records = self._all_records()  # schema-1 records and chunks have no version: they are version 0
        by_posting: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for offset in range(0, self._chunks.count() + PAGE, PAGE):
            got = self._chunks.get(include=["metadatas"], limit=PAGE, offset=offset)
            if not got["ids"]:
                break
            for cid, m in zip(got["ids"], got["metadatas"]):
                by_posting[m["posting_id"]].append((cid, _version(m)))
        orphans = [
            cid
            for pid, chunks in by_posting.items()
            for cid, v in chunks
            if pid not in records or v != _version(records[pid])
        ]
        for part in _pages(orphans):
            self._chunks.delete(ids=part)
        for pid, m in records.items():
            have = sum(v == _version(m) for _, v in by_posting.get(pid, []))
            if _version(m) != INCOMPLETE and have != int(m.get("chunks", 0)):
                self._mark_incomplete(pid, m)
        records = self._all_records()
        got = self._aliases.get(include=["metadatas"])
        nowhere = [a for a, m in zip(got["ids"], got["metadatas"]) if (m or {}).get("posting_id") not in records]
        for part in _pages(nowhere):
            self._aliases.delete(ids=part)
        self._write_aliases([_alias_holder(pid, m) for pid, m in records.items()], [], [])
        generation = max(int(meta.get("generation", 0)), self.lexical.generation, self.generation)
        if meta.get("pending"):
            generation = max(generation, int(json.loads(meta["pending"])["generation"]))
        generation += 1  # readers reload what they hold
        self._set_meta(jobsum_schema=SCHEMA, generation=generation, pending=None)
        self.generation = generation
        self._sync_lexical(generation, wait=True)
        before.repaired = True
        return before


def _some(ids: Sequence[str], n: int = 5) -> str:
    return ", ".join(ids[:n]) + (f" and {len(ids) - n} more" if len(ids) > n else "")
