"""Damaged and read-only indexes: one line naming the file, what is wrong and what to do; never a
traceback, never a new empty index built over a damaged one; readers of a read-only index work."""

import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from summariser import Settings, ingest, open_index
from summariser.cli.main import cli
from summariser.errors import IndexDamaged, IndexReadOnly, IndexUnusable
from tests import hostile_cases


@pytest.fixture(scope="module")
def built(tmp_path_factory, embed_model):
    folder = tmp_path_factory.mktemp("built")
    posting = folder / "lab.txt"
    posting.write_text("Lab engineer\n\nWe need a lab engineer in Bergen. The salary is EUR 42,000 a year.\n")
    settings = Settings(index_dir=folder / "index")
    with open_index(settings, write=True, embed_model=embed_model) as index:
        ingest([posting], index)
    return settings.index_dir


DAMAGE = {  # what each damage is called in the error
    "truncated": "is truncated",
    "garbled": "malformed",
    "not a database": "is not an SQLite database",
    "emptied": "is empty (0 bytes) beside 2 vector segment folder(s)",
    "deleted": "chroma.sqlite3 is missing beside 2 vector segment folder(s)",
}


@pytest.fixture
def damaged(built, tmp_path):
    def make(kind):
        copy = tmp_path / kind.replace(" ", "_")
        shutil.copytree(built, copy)
        hostile_cases.DAMAGE[kind](copy / "chroma.sqlite3")
        return copy

    return make


@pytest.mark.parametrize("kind", sorted(DAMAGE))
@pytest.mark.parametrize("write", [False, True])
def test_damaged_index_is_one_error_naming_file_and_remedy(damaged, embed_model, kind, write):
    folder = damaged(kind)
    before = sorted(p.name for p in folder.iterdir())
    with (
        pytest.raises(IndexDamaged) as caught,
        open_index(Settings(index_dir=folder), write=write, embed_model=embed_model),
    ):
        pass
    message = str(caught.value)
    assert DAMAGE[kind] in message and "chroma.sqlite3" in message and "\n" not in message
    assert "restore it from a backup" in message and "jobsum doctor --repair" in message
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing built over it


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_every_command_on_a_damaged_index_is_one_line(damaged, kind, tmp_path):
    folder = damaged(kind)
    posting = tmp_path / "new.txt"
    posting.write_text("Technician wanted in Oslo.", encoding="utf-8")
    for command in (
        ["list"],
        ["search", "salary"],
        ["ask", "What is the salary?", "--model", "none"],
        ["card", "lab", "--model", "none"],
        ["summarise", "--all", "--model", "none"],
        ["remove", "lab"],
        ["ingest", str(posting)],
    ):
        result = CliRunner().invoke(cli, [*command, "--index", str(folder)])
        assert result.exit_code == 1, (command, result.output)
        assert isinstance(result.exception, SystemExit), (command, result.exception)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: index at") and "damaged" in lines[0], (command, lines)


def test_write_lock_that_is_a_folder(built, tmp_path, embed_model):
    folder = tmp_path / "lockdir"
    shutil.copytree(built, folder)
    (folder / "write.lock").unlink(missing_ok=True)
    (folder / "write.lock").mkdir()
    with (
        pytest.raises(IndexUnusable, match=r"write.lock is a folder, not a lock file — remove it \(`rmdir "),
        open_index(Settings(index_dir=folder), write=True, embed_model=embed_model),
    ):
        pass
    with open_index(Settings(index_dir=folder), embed_model=embed_model) as reader:  # readers take no lock
        assert [p.id for p in reader.postings()] == ["lab"]


def test_read_only_index_is_read_through_a_private_copy(built, tmp_path, embed_model, monkeypatch):
    """Chroma writes when it opens an index, so a read-only folder fails with 'attempt to write a
    readonly database'; a reader then opens a private copy (removed on close)."""
    import chromadb
    from chromadb.errors import InternalError

    real = chromadb.PersistentClient

    def refusing(path, **kwargs):
        if path == str(built):
            raise InternalError("error returned from database: (code: 8) attempt to write a readonly database")
        return real(path=path, **kwargs)

    monkeypatch.setattr(chromadb, "PersistentClient", refusing)
    with open_index(Settings(index_dir=built), embed_model=embed_model) as reader:
        copy = reader._copy
        assert copy is not None and copy.exists()
        assert [p.id for p in reader.postings()] == ["lab"]
    assert not copy.exists()
    with (
        pytest.raises(IndexReadOnly, match=r"read-only \(attempt to write a readonly database\)"),
        open_index(Settings(index_dir=built), write=True, embed_model=embed_model),
    ):
        pass


def _can_mount_read_only() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs root and unshare for a read-only bind mount")
def test_read_only_mount_for_real(built, tmp_path):
    folder = tmp_path / "ro"
    shutil.copytree(built, folder)
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} {folder} && "
        f"{sys.executable} -m summariser.cli.main list --index {folder} && "
        f"{sys.executable} -m summariser.cli.main remove lab --index {folder}"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script], capture_output=True, text=True, env=env
    )
    assert "lab" in result.stdout and "1 postings" in result.stdout, result.stderr
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "read-only (cannot create" in result.stderr and "Read-only file system" in result.stderr
