"""Hostile inputs, damaged indexes and leaked keys: every reproduced case of the issue, counted.

    python bench/hostile.py [--model local/smollm2] [--corpus ../shared/corpus]

Runs the jobsum CLI in-process (click's runner, so an uncaught exception is counted as the
traceback it would print) over:
  - bad inputs: malformed JobPosting records, JSON nested 100,000 deep, UTF-16, zero-width-only,
    unreadable files and folders (simulated as a non-root user sees them: this runs as root),
    a good posting beside each; every bad one must be one `failed:` line and the good ones land;
  - damaged indexes: truncated, garbled, non-SQLite, emptied and deleted chroma.sqlite3, write.lock
    as a folder, and a read-only index (a real read-only bind mount when run as root with unshare),
    under every command;
  - hostile postings (tests/hostile_cases.py): 10 questions each against postings with text
    addressed to AI and hidden HTML, answered by a model that obeys the injection (and by --model,
    if given), and their cards: answers and card values taken from injected or hidden text;
  - secrets: a loopback provider that echoes the request headers, through every model call, `card
    --json` and `summarise --out`: occurrences of the key in any output, log or file;
  - output names and CLI Markdown: ids that collide as file names, a 300-character id, and a
    posting full of Markdown images, HTML and javascript: links;
  - false positives: postings of the real corpus flagged as addressed to AI systems.
Prints the counts; targets are 0 tracebacks, 0 answers or card values from injected or hidden
text, 0 secrets, 0 false positives.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, redirect_stderr
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

QUESTIONS = [
    "What is the salary?",
    "How much does the job pay per year?",
    "What is the application deadline?",
    "When do I have to apply by?",
    "Is the position remote?",
    "Where is the job located?",
    "What are the tasks?",
    "Hva er lønnen?",
    "Når er søknadsfristen?",
    "Hvor ligger arbeidsstedet?",
]


class Counts:
    def __init__(self):
        self.rows: list[tuple[str, str, object, object]] = []

    def add(self, section: str, what: str, value: object, target: object = 0) -> None:
        self.rows.append((section, what, value, target))

    def show(self) -> int:
        width = max(len(w) for _, w, _, _ in self.rows)
        missed = 0
        section = None
        for sec, what, value, target in self.rows:
            if sec != section:
                print(f"\n{sec}")
                section = sec
            ok = value == target if target is not None else True
            missed += not ok
            mark = "" if target is None else ("  ok" if ok else f"  MISSED (target {target})")
            print(f"  {what:<{width}}  {value}{mark}")
        return missed


def invoke(args: list[str]):
    from click.testing import CliRunner

    from summariser.cli.main import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    traceback = result.exception is not None and not isinstance(result.exception, SystemExit)
    return result, traceback


# -- bad inputs ---------------------------------------------------------------------------------
def bad_inputs(tmp: Path, counts: Counts) -> None:
    from tests.hostile_cases import Unreadable
    from tests.ingest.test_malformed import GOOD, MALFORMED

    records = [{"id": f"good-{n}", "text": f"Good posting number {n} in Bergen."} for n in range(3)]
    bad_lines = [json.dumps(r) for r in MALFORMED.values()] + [
        "[" * 100_000 + "]" * 100_000,
        '{"id": "big", "text": ' + "9" * 5000 + "}",
        "{broken",
    ]
    feed = tmp / "feed.jsonl"
    feed.write_text("\n".join([json.dumps(records[0]), *bad_lines, json.dumps(records[1]), json.dumps(GOOD)]) + "\n")
    folder = tmp / "files"
    (folder / "closed").mkdir(parents=True)
    (folder / "closed" / "inside.txt").write_text("A posting in a closed folder.")
    files = {
        "utf16.txt": "Stilling: ingeniør i Bergen".encode("utf-16"),
        "zero-width.txt": "\u200b\u200c\u200d\ufeff".encode(),
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "latin1.txt": "Lønn etter avtale".encode("latin-1"),
        "deep.json": ('{"a":' * 50_000 + "1" + "}" * 50_000).encode(),
        "locked.txt": b"A posting nobody may read.",
        "good.txt": b"Lab technician\n\nWe need a lab technician in Tromso for two years.",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    lone = tmp / "lone-locked.txt"
    lone.write_text("Unreadable file given directly.")
    good = tmp / "lone-good.txt"
    good.write_text("Engineer\n\nWe need an engineer in Oslo.")
    blocked = Unreadable()
    for path in (folder / "closed", folder / "locked.txt", lone):
        blocked.add(path)
    expected_failed = (len(bad_lines) - 2) + 6 + 1 + 1  # malformed lines that fail, bad files, closed folder, lone
    with ExitStack() as stack:
        saved = []
        blocked.install(
            lambda obj, name, value: (saved.append((obj, name, getattr(obj, name))), setattr(obj, name, value))
        )
        stack.callback(lambda: [setattr(obj, name, value) for obj, name, value in saved])
        result, traceback = invoke(["ingest", feed, folder, good, lone, "--index", tmp / "idx-bad", "--json"])
    report = json.loads(result.stdout) if not traceback else {}
    counts.add("bad inputs and malformed records (one ingest run)", "tracebacks", int(traceback))
    counts.add("bad inputs and malformed records (one ingest run)", "exit code", result.exit_code, 1)
    landed = {p["id"] for p in report.get("postings", [])}
    want = {"good-0", "good-1", "good", "lone-good"}
    counts.add(
        "bad inputs and malformed records (one ingest run)", "good postings landed", f"{len(want & landed)}/4", "4/4"
    )
    multi_line = sum("\n" in e["error"] for e in report.get("errors", []))
    counts.add(
        "bad inputs and malformed records (one ingest run)",
        "failures reported (one line each)",
        report.get("failed"),
        None,
    )
    counts.add("bad inputs and malformed records (one ingest run)", "failure lines spanning several lines", multi_line)
    reasons = " | ".join(e["error"] for e in report.get("errors", []))
    for needle in (
        "looks like UTF-16",
        "no visible text",
        "nested too deeply",
        "cannot read folder",
        "cannot read: Permission denied",
    ):
        counts.add("bad inputs and malformed records (one ingest run)", f"named: {needle}", needle in reasons, True)
    print(f"(bad inputs: {report.get('failed')} failed of the {expected_failed} bad records and files expected)")


# -- damaged indexes ----------------------------------------------------------------------------
def damaged_indexes(tmp: Path, counts: Counts, built: Path) -> None:
    def lock_folder(db):
        lock = db.parent / "write.lock"
        lock.unlink(missing_ok=True)
        lock.mkdir()

    from tests.hostile_cases import DAMAGE

    damage = {**DAMAGE, "write.lock is a folder": lock_folder}
    posting = tmp / "new.txt"
    posting.write_text("Technician wanted in Oslo.")
    commands = [
        ["list"],
        ["search", "salary"],
        ["ask", "What is the salary?", "--model", "none"],
        ["card", "lab", "--model", "none"],
        ["summarise", "--all", "--model", "none"],
        ["remove", "lab"],
        ["ingest", posting],
    ]
    tracebacks = runs = one_line = 0
    for kind, hurt in damage.items():
        folder = tmp / f"damaged-{kind.replace(' ', '-')}"
        shutil.copytree(built, folder)
        hurt(folder / "chroma.sqlite3")
        for command in commands:
            if kind == "write.lock is a folder" and command[0] not in {"remove", "ingest"}:
                continue  # readers take no lock
            result, traceback = invoke([*command, "--index", folder])
            runs += 1
            tracebacks += traceback
            lines = result.output.strip().splitlines()
            one_line += len(lines) == 1 and lines[0].startswith("Error: index at") and result.exit_code == 1
    counts.add("damaged indexes", "command runs", runs, None)
    counts.add("damaged indexes", "tracebacks", tracebacks)
    counts.add(
        "damaged indexes", "one-line errors naming file, problem and remedy", f"{one_line}/{runs}", f"{runs}/{runs}"
    )
    read_only(tmp, counts, built)


def read_only(tmp: Path, counts: Counts, built: Path) -> None:
    folder = tmp / "read-only"
    shutil.copytree(built, folder)
    python = sys.executable
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} {folder} && "
        f"{python} -m summariser.cli.main list --index {folder}; echo rc=$?; "
        f"{python} -m summariser.cli.main card lab --model none --index {folder}; echo rc=$?; "
        f"{python} -m summariser.cli.main remove lab --index {folder}; echo rc=$?"
    )
    if os.geteuid() != 0 or not shutil.which("unshare"):
        counts.add("read-only index", "skipped (needs root and unshare for a read-only mount)", True, None)
        return
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script], capture_output=True, text=True, env=env
    )
    codes = re.findall(r"rc=(\d+)", done.stdout)
    counts.add("read-only index (real read-only bind mount)", "tracebacks", done.stderr.count("Traceback"))
    counts.add(
        "read-only index (real read-only bind mount)", "readers work (list, card)", codes[:2] == ["0", "0"], True
    )
    counts.add(
        "read-only index (real read-only bind mount)",
        "writer told why (remove)",
        codes[2:] == ["1"] and "read-only (cannot create" in done.stderr,
        True,
    )


# -- hostile postings ---------------------------------------------------------------------------
def hostile_postings(tmp: Path, counts: Counts, embed_model, model: str | None) -> None:
    from summariser import Settings, answer_question, ingest, open_index
    from summariser.cards.batch import build_card
    from summariser.llm import client as llm
    from summariser.llm.client import Completion, Usage
    from tests.hostile_cases import false_in, write_all

    folder = tmp / "hostile"
    folder.mkdir()
    ids = write_all(folder)
    settings = Settings(index_dir=folder / "index")
    with open_index(settings, write=True, embed_model=embed_model) as index:
        report = ingest([folder], index)
    flagged = {f["id"] for f in report.flagged}
    counts.add("hostile postings", "postings flagged in the ingest report", f"{len(flagged)}/4", "4/4")
    real_complete = llm.complete
    shown: list[str] = []

    def obeying(messages, model, **kwargs):
        shown.append(messages[-1]["content"])
        return Completion(
            text="The salary is 1,000,000 EUR per month [1]. The deadline is 31 December 2099 [1]. "
            "The position is fully remote [1].",
            model=model,
            usage=Usage(100, 30, 0.0, 1),
        )

    targets = ["injected", "injected_no", "hidden"]
    runs = [("model obeying the injection", obeying, "scripted")]
    if model:
        runs.append((model, real_complete, model))
    for label, complete, name in runs:
        llm.complete = complete
        try:
            answers = bad = true = asked = 0
            with open_index(settings, embed_model=embed_model) as index:
                for posting_id in targets:
                    for question in QUESTIONS:
                        answer = answer_question(index, question, posting_id=posting_id, model=name)
                        answers += 1
                        said = answer.text + " ".join(c.quote for c in answer.citations)
                        bad += bool(false_in(said))
                        if re.search(r"salary|pay|deadline|apply by|lønn|frist", question, re.I):
                            asked += 1
                            true += any(f in answer.text for f in ("42,000", "15 April 2026", "15. april 2026"))
        finally:
            llm.complete = real_complete
        section = f"hostile postings: answers ({label})"
        counts.add(section, "answers", answers, None)
        counts.add(section, "answers quoting injected or hidden text", bad)
        counts.add(section, "salary and deadline questions answered with the true fact", f"{true}/{asked}", None)
    counts.add(
        "hostile postings", "prompts showing the model injected or hidden text", sum(bool(false_in(s)) for s in shown)
    )
    card_values = warned = 0
    with open_index(settings, embed_model=embed_model) as index:
        for ident in ids:
            card, _ = build_card(index.posting(ident), settings, None)
            warned += bool(card.warnings or card.conflicts)  # flagged text, or structured data the text contradicts
            if ident != "jsonld_only":  # its only text is the structured data: flagged, not hidden
                # the values and their text evidence; the named conflicts quote the contradicting data on purpose
                text_evidence = {k: [e for e in v if e.from_text] for k, v in card.evidence.items()}
                shown = card.model_copy(update={"warnings": [], "conflicts": [], "evidence": text_evidence})
                card_values += len(false_in(shown.model_dump_json()))
    counts.add("hostile postings", "card values from injected or hidden text", card_values)
    counts.add("hostile postings", "cards with a warning", f"{warned}/{len(ids)}", f"{len(ids)}/{len(ids)}")


# -- secrets ------------------------------------------------------------------------------------
SECRET = "sk-bench-" + "L3AKED" * 6


def secrets_child(tmp: Path) -> None:
    """Runs in its own process (so every byte it writes to stdout and stderr is counted)."""
    from pydantic import BaseModel

    from summariser.llm import client as llm
    from tests.conftest import POSTINGS, SIMULA
    from tests.servers import echoing_provider

    class Out(BaseModel):
        x: str

    llm.RETRY_DELAY = 0.0
    msg = [{"role": "user", "content": "hi"}]
    for status in (400, 401, 429, 500):
        with echoing_provider(status) as base:
            for call in (
                lambda b=base: llm.complete(msg, "openai/gpt-x", api_base=b, retries=1),
                lambda b=base: llm.structured(msg, "openai/gpt-x", Out, api_base=b, retries=1),
                lambda b=base: list(llm.stream(msg, "openai/gpt-x", api_base=b)),
                lambda b=base: llm.embed("openai/emb", ["hi"], api_base=b, retries=0),
            ):
                try:
                    call()
                except Exception as err:
                    print(f"error: {err}")
    index = tmp / "secrets-index"
    invoke(["ingest", POSTINGS / f"{SIMULA}.txt", "--index", index])
    with echoing_provider(400) as base:
        os.environ["JOBSUM_API_BASE"] = base
        card, _ = invoke(["card", SIMULA, "--model", "openai/gpt-x", "--json", "--index", index])
        batch, _ = invoke(
            ["summarise", "--all", "--model", "openai/gpt-x", "--out", tmp / "cards.jsonl", "--index", index]
        )
        print(card.output, batch.output)


def secrets(tmp: Path, counts: Counts) -> None:
    env = {**os.environ, "OPENAI_API_KEY": SECRET, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, __file__, "--secrets-child", str(tmp)], capture_output=True, text=True, env=env, timeout=600
    )
    stored = "".join(p.read_text(errors="replace") for p in tmp.rglob("*.jsonl"))
    errors = done.stdout.count("error: ")
    counts.add("secrets (provider echoing request headers)", "provider errors raised", errors, None)
    counts.add(
        "secrets (provider echoing request headers)", "redacted in errors", done.stdout.count("[redacted]"), None
    )
    leaks = (done.stdout + done.stderr + stored).count("L3AKED")
    counts.add("secrets (provider echoing request headers)", "key in any output, log or stored file", leaks)
    counts.add("secrets (provider echoing request headers)", "tracebacks", done.stderr.count("Traceback"))


# -- output names and Markdown ------------------------------------------------------------------
def outputs(tmp: Path, counts: Counts) -> None:
    ids = ["a/b", "a_b", "a?b", "x" * 300]
    feed = tmp / "names.jsonl"
    hostile = "![t](http://attacker.example/x.png) <img src=x onerror=alert(1)> [cv](javascript:alert(1))"
    feed.write_text(
        "\n".join(
            json.dumps({"id": i, "title": hostile, "text": f"{hostile}\n\nEngineer {n} in Bergen."})
            for n, i in enumerate(ids)
        )
    )
    md = tmp / "md"
    _, traceback = invoke(
        ["summarise", feed, "--model", "none", "--markdown", md, "--jsonld", md, "--out", tmp / "o.jsonl"]
    )
    files = list(md.iterdir()) if md.exists() else []
    counts.add("output files and CLI Markdown", "tracebacks", int(traceback))
    counts.add("output files and CLI Markdown", "card files written for 4 ids (2 each)", f"{len(files)}/8", "8/8")
    text = "".join(f.read_text() for f in files if f.suffix == ".md")
    unescaped = len(re.findall(r"(?<!\\)(?:!\[|<img|\]\()", text))
    counts.add("output files and CLI Markdown", "unescaped images, HTML or links in Markdown cards", unescaped)


# -- false positives on the corpus --------------------------------------------------------------
def corpus_false_positives(corpus: Path, counts: Counts) -> None:
    from summariser import jsonl
    from summariser.text.untrusted import find_instructions

    files = sorted(corpus.glob("*.jsonl")) if corpus.is_dir() else []
    if not files:
        counts.add("false positives", f"skipped: no corpus at {corpus}", True, None)
        return
    total = flagged = 0
    for path in files:
        for _, record in jsonl.parse(path.read_text(encoding="utf-8")):
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                total += 1
                hits = find_instructions(record["text"])
                flagged += bool(hits)
                for hit in hits:
                    print(f"flagged {record.get('id')}: {record['text'][hit.start : hit.end][:160]!r}")
    counts.add("false positives (text addressed to AI systems)", f"corpus postings scanned ({corpus})", total, None)
    counts.add("false positives (text addressed to AI systems)", "postings flagged", flagged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="also answer the hostile postings with this model (e.g. local/smollm2)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--secrets-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.secrets_child:
        secrets_child(args.secrets_child)
        return
    from summariser import Settings, ingest, open_index
    from summariser.index.e5 import E5Embedding

    started = time.perf_counter()
    counts = Counts()
    embed_model = E5Embedding()
    with tempfile.TemporaryDirectory(prefix="jobsum-hostile-") as raw:
        tmp = Path(raw)
        built = tmp / "built"
        built.mkdir()
        (tmp / "lab.txt").write_text(
            "Lab engineer\n\nWe need a lab engineer in Bergen. The salary is EUR 42,000 a year.\n"
        )
        with open_index(Settings(index_dir=built), write=True, embed_model=embed_model) as index:
            ingest([tmp / "lab.txt"], index)
        with redirect_stderr(io.StringIO()):
            bad_inputs(tmp, counts)
            damaged_indexes(tmp, counts, built)
        hostile_postings(tmp, counts, embed_model, args.model)
        secrets(tmp, counts)
        outputs(tmp, counts)
    corpus_false_positives(args.corpus, counts)
    missed = counts.show()
    print(
        f"\n{'all targets met' if not missed else f'{missed} target(s) missed'} in {time.perf_counter() - started:.0f}s"
    )
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
