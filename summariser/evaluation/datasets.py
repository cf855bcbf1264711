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
    return [QAItem(**{k: raw.get(k, d) for k, d in _QA_DEFAULTS.items()}) for raw in read_jsonl(path, key="id")]


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


def load_card_gold(path: str | Path) -> list[dict]:
    return read_jsonl(path, key="posting_id")


def load_judge_items(path: str | Path) -> list[dict]:
    rows = read_jsonl(path, key="id")
    if not rows:
        raise ConfigError(f"{path} holds no judge items")
    for row in rows:
        missing = {"context", "response"} - row.keys()  # the id was checked by read_jsonl
        if missing:
            raise ConfigError(f"{path}: judge item {row.get('id', '?')} lacks {', '.join(sorted(missing))}")
    return rows


def load_items(path: str | Path) -> list[QAItem]:
    items = load_qa(path)
    if not items:
        raise ConfigError(f"{path} holds no questions")
    return items
