"""The evaluation datasets (../shared/eval/README.md formats): Q&A items, card gold, judge items."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summariser import jsonl
from summariser.errors import ConfigError


@dataclass
class QAItem:
    id: str
    posting_id: str
    question: str
    language: str
    answerable: bool
    kind: str
    gold_evidence: list[str]
    gold_keywords: list[list[str]]
    gold_answer: str = ""
    dataset: str = ""  # the file it came from (its stem), for figures per dataset


def read_jsonl(path: str | Path, key: str | None = None) -> list[dict]:
    """The objects of a JSONL dataset file, blank lines skipped. Lines end at newlines only: a JSON
    string may hold a raw U+2028, which str.splitlines would cut. With `key`, each row's value for
    it must be unique: results are matched to dataset rows by it, so a repeat would overwrite one."""
    rows, seen = [], {}
    for number, row in jsonl.parse(Path(path).read_text(encoding="utf-8")):
        if isinstance(row, ValueError):
            raise ConfigError(f"{path}, line {number}: not a JSON object ({row})") from row
        if not isinstance(row, dict):
            raise ConfigError(f"{path}, line {number}: not a JSON object")
        if key is not None:
            value = row.get(key)
            if not isinstance(value, (str, int)) or value == "":
                raise ConfigError(f"{path}, line {number}: no {key} (each row needs a unique string {key})")
            if value in seen:
                raise ConfigError(
                    f"{path}, line {number}: {key} {value!r} already used on line {seen[value]} — make each {key} unique"
                )
            seen[value] = number
        rows.append(row)
    return rows


def load_qa(path: str | Path) -> list[QAItem]:
    rows = read_jsonl(path, key="id")
    return [QAItem(**{k: raw.get(k, d) for k, d in _QA_DEFAULTS.items()}, dataset=Path(path).stem) for raw in rows]


_QA_DEFAULTS = {
    "id": "",
    "posting_id": "",
    "question": "",
    "language": "en",
    "answerable": True,
    "kind": "fact",
    "gold_evidence": [],
    "gold_keywords": [],
    "gold_answer": "",
}


def load_card_gold(*paths: str | Path) -> list[dict]:
    """Card gold rows of one or more files, each with its file's stem as `dataset`."""
    rows = [{**row, "dataset": Path(path).stem} for path in paths for row in read_jsonl(path, key="posting_id")]
    _unique(rows, "posting_id", paths)
    return rows


def load_judge_items(path: str | Path) -> list[dict]:
    rows = read_jsonl(path, key="id")
    if not rows:
        raise ConfigError(f"{path} holds no judge items")
    for row in rows:
        missing = {"context", "response"} - row.keys()  # the id was checked by read_jsonl
        if missing:
            raise ConfigError(f"{path}: judge item {row.get('id', '?')} lacks {', '.join(sorted(missing))}")
    return rows


def load_items(*paths: str | Path) -> list[QAItem]:
    """The Q&A items of one or more files; ids must be unique across them (results are matched by id)."""
    items = []
    for path in paths:
        found = load_qa(path)
        if not found:
            raise ConfigError(f"{path} holds no questions")
        items += found
    _unique([{"id": item.id} for item in items], "id", paths)
    return items


def read_ids(path: str | Path) -> set[str]:
    """Ids listed one per line ('#' starts a comment), e.g. eval/dev2_holdout.txt."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    return {line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()}


def _unique(rows: list[dict], key: str, paths) -> None:
    seen: set = set()
    for row in rows:
        if row[key] in seen:
            raise ConfigError(f"{key} {row[key]!r} appears in more than one of {', '.join(map(str, paths))}")
        seen.add(row[key])
