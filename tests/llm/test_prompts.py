"""Prompts are files in prompts/ (the repo's top level), shipped inside the wheel as summariser/prompt_files."""

import subprocess
import sys
import zipfile

import pytest

from summariser.llm import prompts
from tests.conftest import ROOT


def test_templates_are_found_and_filled():
    assert prompts.PROMPTS == ROOT / "prompts"  # a source checkout edits them in place
    assert "{question}" in prompts.template("answer_user")
    assert "What is the salary?" in prompts.render(
        "answer_user", title="t", passages="p", question="What is the salary?"
    )


@pytest.mark.slow
def test_a_wheel_install_finds_its_prompts(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("jobsum-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    names = {p.name for p in (ROOT / "prompts").glob("*.md")}
    assert names and names == {p.name for p in (site / "summariser" / "prompt_files").glob("*.md")}
    code = "from summariser.llm import prompts; print(prompts.PROMPTS); print(prompts.template('answer_system')[:20])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site)},
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.splitlines()[0] == str(site / "summariser" / "prompt_files")
