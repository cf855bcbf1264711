"""CI regression gate: a small, fast slice of the dev sets run through `jobsum eval`, failing when
a figure drops below its threshold in eval/ci/gate.toml.

    python eval/gate.py [--report DIR]

Thresholds are set from measured values (see gate.toml for the run they came from), a little
below them to absorb run-to-run noise, never chosen to pass. Requires ../shared beside the repo.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
GATE = ROOT / "eval" / "ci" / "gate.toml"


def judge_subset(source: Path, ids_file: Path, out: Path) -> Path:
    """The judge items listed in ids_file (the dev data is not copied into the repo)."""
    from summariser.evaluation.datasets import load_judge_items
    from summariser.evaluation.runs import write_results

    lines = ids_file.read_text(encoding="utf-8").splitlines()
    wanted = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    write_results([row for row in load_judge_items(source) if row["id"] in wanted], out)
    return out


def commands(gate: dict, tmp: Path, report: Path | None) -> list[list[str]]:
    out = []
    for kind, spec in gate.items():
        dataset = ROOT / spec["dataset"]
        if kind == "judge":
            dataset = judge_subset(ROOT / spec["source"], dataset, tmp / "judge_subset.jsonl")
        args = ["eval", kind, str(dataset), *spec.get("args", [])]
        for posting in spec.get("postings", []):
            args += ["--postings", str(ROOT / posting)]
        for metric, value in spec["fail_under"].items():
            args += ["--fail-under", f"{metric}={value}"]
        if report:
            args += ["--report", str(report / kind)]
        out.append(args)
    return out


def main(argv: list[str] | None = None) -> int:
    from summariser.cli.main import cli

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="write each run's report under this directory")
    args = parser.parse_args(argv)
    gate = tomllib.loads(GATE.read_text(encoding="utf-8"))
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        for command in commands(gate, Path(tmp), args.report):
            print("jobsum " + " ".join(command), flush=True)
            result = CliRunner().invoke(cli, command)
            print(result.output)
            if result.exit_code:
                failed.append(command[1])
    if failed:
        print(f"regression gate FAILED: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
