"""Is a model worth waiting for? The share of what it produced that survived jobsum's checks,
measured per model and task (`card_fill`: card values kept by the evidence gate and — where the
gold cards judge the field — confirmed by the gold, since a kept value can still be wrong;
`answer`: answer sentences kept by verification) by `bench/model_usefulness.py`, stored in
usefulness.json.

Each setting is `always`, `never` or `auto`. `auto` asks a measured model only when at least
MIN_SURVIVAL of its output survived; a model nobody measured is asked (a hosted model is
presumably better than the bundled one; measure it to know). The offline model SmolLM2-135M
measures near zero, so with the offline default the seconds it costs are not spent.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

MEASURED = Path(__file__).with_name("usefulness.json")
MODES = ("auto", "always", "never")
MIN_SURVIVAL = 0.2  # a fifth of its output kept: below that, waiting for the model buys next to nothing


@functools.cache
def measurements() -> dict[str, dict[str, dict]]:
    """{model: {task: {"produced": n, "kept": k, "measured": "how and when"}}}."""
    try:
        return json.loads(MEASURED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def survival(model: str, task: str) -> float | None:
    """The share of the model's output that helped: right of judged where the gold judged it,
    else kept of produced."""
    entry = measurements().get(model, {}).get(task)
    if entry and entry.get("judged"):
        return entry["right"] / entry["judged"]
    if not entry or not entry.get("produced"):
        return None
    return entry["kept"] / entry["produced"]


def use_model(model: str, task: str, mode: str = "auto") -> bool:
    if mode == "never":
        return False
    if mode == "always":
        return True
    measured = survival(model, task)
    return measured is None or measured >= MIN_SURVIVAL
