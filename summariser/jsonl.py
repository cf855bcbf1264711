"""JSON Lines: one JSON value per line. Lines end at "\\n" only — a JSON string may hold a raw
U+2028, which str.splitlines() would cut — and blank lines are skipped. Every reader of feeds,
datasets and card files goes through `parse`, so they agree on what a line is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def parse(text: str) -> Iterator[tuple[int, object]]:
    """(1-based line number, parsed value or the json.JSONDecodeError it raised) for each non-blank line."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        yield number, loads(line)


def loads(text: str) -> object:
    """json.loads, or the json.JSONDecodeError it raised; JSON nested too deeply for Python (a
    RecursionError) or a number too long to convert (a ValueError) comes back as one too."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        return err
    except RecursionError:
        return json.JSONDecodeError("JSON nested too deeply", text[:100], 0)
    except ValueError as err:
        return json.JSONDecodeError(str(err).split(";")[0], text[:100], 0)


def objects(path: str | Path) -> list[dict]:
    """The JSON objects of a file, lines that are not one skipped (a line cut short by an
    interruption, in a file jobsum appends to)."""
    return [value for _, value in parse(Path(path).read_text(encoding="utf-8")) if isinstance(value, dict)]
