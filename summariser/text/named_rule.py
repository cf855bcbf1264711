"""A named text rule: a compiled pattern, the name a hit reports (so `jobsum ingest --json` and a
posting's flags say which rule fired) and a note for the reader of the rule. Boilerplate rules
(boilerplate.py) note why the text is chrome; rules for text addressed to AI systems
(untrusted.py) note an example they must match, which their tests run."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NamedRule:
    name: str
    pattern: re.Pattern[str]
    note: str


def named_rule(name: str, regex: str, note: str, flags: int = re.IGNORECASE) -> NamedRule:
    return NamedRule(name, re.compile(regex, flags), note)
