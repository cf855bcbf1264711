"""kill -9 chaos test of ingest, update and remove: no acknowledged posting lost, none left inconsistent.

Each trial runs one write in a child process — an ingest of a random subset of EURAXESS postings
(new ones, and new revisions of indexed ones) or a removal of a random subset — and SIGKILLs it
at a random moment. Then, each in a fresh process:

1. the reader's view before anything is repaired (and whether the kill left a batch journalled):
   every listed posting has exactly its chunks, each a verbatim slice of its stored text, and
   search returns no posting `list` does not show;
   every posting is its state before the write or after it, and every posting the child
   acknowledged (its batch committed: `ingest(on_write=...)`) is in its new state;
2. recovery, alternately `jobsum doctor --repair` and the next ingest (the killed write run again
   to the end): then `doctor` finds nothing and the state is as expected.

Embeddings are deterministic stand-ins (a hash per text, with a small sleep per batch so the
writer overlaps embedding as in a real ingest): the subject is storage, not the model.

    python bench/chaos.py [--trials 24] [-n 300] [--out bench/results/chaos.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "euraxess.jsonl"
sys.path.insert(0, str(ROOT))
WRITE_BATCH = 20  # postings per commit in the killed writers (ingest's default is 100)
QUERIES = ["PhD position in chemistry", "application deadline", "salary", "Revision of the posting"]


class StandIn:
    """A no-model embedding for ingest and search; ~2 ms of 'work' per text, outside the GIL."""

    model_name = "stand-in"

    def get_text_embedding_batch(self, texts, **_):
        time.sleep(0.002 * len(texts))
        return [list(v) for v in _vectors(texts)]

    def get_query_embedding(self, text):
        return list(_vectors([text])[0])


def _vectors(texts):
    import hashlib

    import numpy as np

    rows = [np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).normal(size=384) for t in texts]
    return [r / np.linalg.norm(r) for r in rows]


# -- children ---------------------------------------------------------------------------------
def child_write(index_dir: str, op: str, arg: str, acks: str) -> None:
    from summariser import Settings, ingest, open_index
    from summariser.ingest import pipeline

    pipeline.WRITE_BATCH = WRITE_BATCH  # more, smaller commits: more kills land inside one

    with open_index(Settings(index_dir=index_dir), write=True, embed_model=StandIn()) as index, open(acks, "a") as out:

        def acknowledge(entries):
            for entry in entries:
                out.write(json.dumps({"id": entry["id"]}) + "\n")
            out.flush()
            os.fsync(out.fileno())

        if op == "remove":
            ids = json.loads(Path(arg).read_text())
            index.write(remove=[i for i in ids if i in index.hashes()])
            acknowledge([{"id": i} for i in ids])
        else:
            ingest([arg], index, on_write=acknowledge)


def child_check(index_dir: str) -> None:
    """Print what a fresh reader sees, and whether it is whole (see the module docstring)."""
    from summariser import Index, Settings, search
    from summariser.errors import IndexNotFound

    problems = []
    try:
        index = Index(Settings(index_dir=index_dir), embed_model=StandIn())
    except IndexNotFound:  # killed before the first write created it
        print(json.dumps({"state": {}, "problems": [], "health": {"ok": True, "problems": []}}))
        return
    with index:
        listed = {p.id: p for p in index.postings()}
        for pid, p in listed.items():
            if p.incomplete:
                continue
            text = index.posting(pid).text
            chunks = index.posting_chunks(pid)
            if len(chunks) != p.chunks:
                problems.append(f"{pid}: record says {p.chunks} chunks, {len(chunks)} readable")
            if any(text[c.metadata["start"] : c.metadata["end"]] != c.text for c in chunks):
                problems.append(f"{pid}: a chunk is not a slice of the stored text")
        for query in QUERIES:
            for hit in search(index, query, k=10):
                if hit.posting_id not in listed:
                    problems.append(f"search returned {hit.posting_id}, which list does not show")
                elif index.posting(hit.posting_id).text[hit.start : hit.end] != hit.text:
                    problems.append(f"{hit.posting_id}: a hit is not a slice of the stored text")
        state = {pid: ("incomplete" if p.incomplete else p.content_hash) for pid, p in listed.items()}
        health = index.check()
    print(json.dumps({"state": state, "problems": problems, "health": health.as_dict()}))


def child_repair(index_dir: str) -> None:
    from summariser import Index, Settings, open_index
    from summariser.errors import IndexNotFound

    try:
        with Index(Settings(index_dir=index_dir), embed_model=StandIn()) as reader:
            found = reader.check().problems()  # what the kill left, before the writer's open settles it
    except IndexNotFound:
        found = []
    started = time.perf_counter()
    with open_index(Settings(index_dir=index_dir), write=True, embed_model=StandIn()) as index:
        opened = time.perf_counter() - started  # the writer's own recovery ran here
        index.repair()
    print(json.dumps({"open_s": opened, "seconds": time.perf_counter() - started, "found": found}))


# -- the harness ------------------------------------------------------------------------------
def compare(
    state: dict[str, str], expected: dict[str, str], target: dict, acked: set[str], finished: bool
) -> tuple[int, int]:
    """(acknowledged postings not in their new state, other postings in neither their old nor their
    new state). target: posting id -> new content hash (None: removed) for the postings written."""
    lost = wrong = 0
    for pid in set(expected) | set(target) | set(state):
        if pid not in target:
            allowed = {expected.get(pid)}
        elif finished or pid in acked:
            allowed = {target[pid]}
        else:
            allowed = {expected.get(pid), target[pid]}
        if state.get(pid) not in allowed:
            lost, wrong = (lost + 1, wrong) if pid in acked else (lost, wrong + 1)
    return lost, wrong


def run_child(*args: str, timeout: float = 600) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout)
    if out.returncode:
        raise RuntimeError(f"{args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=24, help="writes killed (and as many recoveries)")
    parser.add_argument("-n", type=int, default=300, help="EURAXESS postings in play")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "chaos.json")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        {"write": child_write, "check": child_check, "repair": child_repair}[args.child[0]](*args.child[1:])
        return

    from summariser.ingest.loaders import load

    rng = random.Random(args.seed)
    records = [json.loads(line) for _, line in zip(range(args.n), CORPUS.open(encoding="utf-8"))]
    work = Path(tempfile.mkdtemp(prefix="jobsum-chaos-"))
    index_dir, acks = str(work / "index"), str(work / "acks.jsonl")
    expected: dict[str, str] = {}  # posting id -> content hash the index holds
    revision = 0
    trials = []
    per_posting, startup = 0.05, 2.0  # seconds; refined from the writes that were not killed
    print(f"chaos: {args.trials} killed writes over {args.n} postings in {work}", file=sys.stderr)
    while len([t for t in trials if t["killed"]]) < args.trials:
        revision += 1
        op = "remove" if expected and rng.random() < 0.25 else "ingest"
        if op == "remove":
            subset = rng.sample(sorted(expected), k=min(len(expected), rng.randint(5, 60)))
            arg = work / f"remove-{revision}.json"
            arg.write_text(json.dumps(subset))
            target = dict.fromkeys(subset)
        else:
            chosen = rng.sample(records, k=rng.randint(40, min(250, len(records))))
            arg = work / f"feed-{revision}.jsonl"
            with arg.open("w", encoding="utf-8") as feed:
                for r in chosen:  # about half get a new revision; the rest are new or unchanged
                    text = r["text"] + (f"\n\nRevision {revision} of the posting." if rng.random() < 0.5 else "")
                    feed.write(json.dumps({**r, "text": text}, ensure_ascii=False) + "\n")
            target = {p.id: p.content_hash for p in load(arg)}
        Path(acks).write_text("")
        proc = subprocess.Popen([sys.executable, __file__, "--child", "write", index_dir, op, str(arg), acks])
        delay = rng.uniform(0.5, startup + per_posting * len(target))  # anywhere from start-up to the end
        started = time.perf_counter()
        try:
            proc.wait(timeout=delay)
            killed = False
            per_posting = max(0.005, (time.perf_counter() - started - startup) / max(len(target), 1))
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            killed = True
        if proc.returncode not in (0, -signal.SIGKILL):
            raise RuntimeError(f"the writer failed (exit {proc.returncode})")
        acked = {json.loads(line)["id"] for line in Path(acks).read_text().splitlines() if line.strip()}
        trial = {
            "op": op,
            "postings": len(target),
            "killed": killed,
            "at_s": round(delay, 3),
            "acknowledged": len(acked),
        }

        seen = run_child("--child", "check", index_dir)
        trial["mid_write"] = bool(seen["health"].get("pending"))  # killed with a batch journalled
        trial["reader_problems"] = seen["problems"]
        trial["lost_before_recovery"], trial["inconsistent_before_recovery"] = compare(
            seen["state"], expected, target, acked, not killed
        )
        if killed:
            if len(trials) % 2 == 0:
                trial["recovery"] = "doctor --repair"
                repaired = run_child("--child", "repair", index_dir)
                trial["recovery_s"] = round(repaired["seconds"], 3)
                trial["found"] = repaired["found"]
                finished = False
            else:
                trial["recovery"] = "next ingest"
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, __file__, "--child", "write", index_dir, op, str(arg), acks], check=True
                )
                trial["recovery_s"] = round(time.perf_counter() - started, 3)
                finished = True
            seen = run_child("--child", "check", index_dir)
        else:
            finished = True
        trial["lost"], trial["inconsistent"] = compare(seen["state"], expected, target, acked, finished)
        trial["inconsistent"] += len(seen["problems"]) + (0 if seen["health"]["ok"] else 1)
        trial["doctor_after"] = seen["health"]["problems"]
        expected = {pid: h for pid, h in seen["state"].items() if h != "incomplete"}
        trials.append(trial)
        print(json.dumps(trial), file=sys.stderr)

    killed = [t for t in trials if t["killed"]]
    summary = {
        "postings_in_play": args.n,
        "killed_writes": len(killed),
        "unkilled_writes": len(trials) - len(killed),
        "by_op": {op: sum(t["op"] == op for t in killed) for op in ("ingest", "remove")},
        "by_recovery": {r: sum(t.get("recovery") == r for t in killed) for r in ("doctor --repair", "next ingest")},
        "killed_mid_write": sum(t["mid_write"] for t in killed),
        "acknowledged_lost": sum(t["lost"] + t["lost_before_recovery"] for t in trials),
        "reader_inconsistent_before_recovery": sum(
            t["inconsistent_before_recovery"] + len(t["reader_problems"]) for t in trials
        ),
        "inconsistent_after_recovery": sum(t["inconsistent"] for t in trials),
        "recovery_s_median": sorted(t["recovery_s"] for t in killed)[len(killed) // 2] if killed else None,
        "trials": trials,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(
        f"{summary['killed_writes']} writes killed ({summary['by_op']}; {summary['killed_mid_write']} inside a "
        f"journalled batch; recovered by {summary['by_recovery']}): "
        f"{summary['acknowledged_lost']} acknowledged postings lost, "
        f"{summary['reader_inconsistent_before_recovery']} inconsistencies seen by readers before recovery, "
        f"{summary['inconsistent_after_recovery']} after recovery; median recovery {summary['recovery_s_median']} s"
    )
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
