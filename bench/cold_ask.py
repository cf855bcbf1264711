"""Cold `jobsum ask`: wall-clock seconds of a new process answering one question, the way a user
at a terminal meets it. The seed postings are ingested into a scratch index; every question is
asked `--repeats` times, each in a new process, with the candidate sentences embedded on one
thread per CPU (the default) and, interleaved in the same run as the peer, on one thread
(JOBSUM_EMBED_WORKERS=1).

    python bench/cold_ask.py [--repeats 3] [--out bench/results/cold_ask.json]

Prints p50 / p95 / max per setting and their ratio, plus `jobsum --help` for the start-up floor.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path

from scale import timed_cli  # bench/scale.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
UIT, SIMULA = "000_75b6be4361b74030", "001_28da44df9ef123e4"
QUESTIONS = [  # English and Norwegian; facts, eligibility, lists, and one across all postings
    ("What is the application deadline?", UIT),
    ("Can I apply before finishing my master's degree?", UIT),
    ("Kan jeg søke før jeg er ferdig med mastergraden?", UIT),
    ("Hva er lønnen?", SIMULA),
    ("What will I be doing in this job?", SIMULA),
    ("Which positions are in Oslo?", None),
]


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "runs": len(ordered),
        "p50_s": round(statistics.median(ordered), 2),
        "p95_s": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2),
        "max_s": round(ordered[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "cold_ask.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobsum-cold-ask-") as work:
        env = {**os.environ, "JOBSUM_INDEX_DIR": str(Path(work) / "index"), "HF_HUB_OFFLINE": "1"}
        env.pop("JOBSUM_EMBED_WORKERS", None)
        timed_cli(["ingest", str(ROOT / "data" / "postings")], env)
        settings = {"threads per CPU": env, "one thread (peer)": {**env, "JOBSUM_EMBED_WORKERS": "1"}}
        seconds: dict[str, list[float]] = {name: [] for name in settings}
        for _ in range(args.repeats):
            for question, posting in QUESTIONS:
                scope = ["--posting", posting] if posting else []
                for name, setting in settings.items():  # interleaved: both meet the same machine load
                    seconds[name].append(timed_cli(["ask", question, *scope], setting))
        help_s = [timed_cli(["--help"], env) for _ in range(5)]
    rows = {name: summary(values) for name, values in seconds.items()}
    rows["jobsum --help"] = summary(help_s)
    mine, peer = rows["threads per CPU"], rows["one thread (peer)"]
    print(f"{'cold jobsum ask':<22} {'runs':>5} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for name, row in rows.items():
        print(f"{name:<22} {row['runs']:>5} {row['p50_s']:>7} {row['p95_s']:>7} {row['max_s']:>7}")
    print(f"p50 ratio one thread / threads per CPU: {peer['p50_s'] / mine['p50_s']:.2f} on {os.cpu_count()} CPUs")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"cpus": os.cpu_count(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
