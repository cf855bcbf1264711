"""The items of an evaluation run most worth a human look, worst first, as (title, lines)."""

from __future__ import annotations

from summariser.evaluation.runs import EvalRun


def _qa(run: EvalRun) -> list[tuple[float, str, list[str]]]:
    out = []
    for r in run.results:
        g = r.get("grade", {})
        faith = r.get("faithfulness") or {}
        invalid = g.get("citations", 0) - g.get("citations_verbatim", 0)
        unsupported = faith.get("claims", 0) - faith.get("supported", 0)
        badness = (
            (0 if g.get("right_behaviour") else 2)
            + unsupported
            + invalid
            + (0 if g.get("evidence_hit") in (True, None) else 0.5)
        )
        if badness <= 0:
            continue
        problems = [
            p
            for p, bad in (
                ("wrong behaviour" + (" (abstained)" if r.get("abstained") else ""), not g.get("right_behaviour")),
                (f"{unsupported} unsupported claim(s)", unsupported),
                (f"{invalid} non-verbatim citation(s)", invalid),
                ("cites no gold evidence", g.get("evidence_hit") is False),
            )
            if bad
        ]
        lines = [f"question: {r['question']}", f"answer: {r['answer']}", f"problems: {'; '.join(problems)}"]
        lines += [f"[{c['n']}] {c['posting_id']}: “{c['quote']}”" for c in r.get("citations", [])]
        lines += [f"unsupported: {c}" for c in faith.get("unsupported", [])]
        out.append((badness, f"{r['id']} ({r.get('kind')}, {r.get('language')}, scope {r.get('scope')})", lines))
    return out


def _judge(run: EvalRun) -> list[tuple[float, str, list[str]]]:
    out = []
    for r in run.results:
        if r.get("label") is not None and int(r["pred"]) != int(r["label"]):
            error = abs(float(r["label"]) - float(r["score"]))
            lines = [f"label {r['label']}, score {r['score']}, pred {r['pred']}"]
            if r.get("response"):
                lines.append(f"response: {r['response'][:400]}")
            out.append((error, f"{r['id']} ({r['dataset']})", lines))
    return out


def _retrieval(run: EvalRun) -> list[tuple[float, str, list[str]]]:
    return [
        (
            2 if r["scope"] == "per_posting" else 1,
            f"{r['id']} ({r['scope']}): no gold evidence in the top {len(r['retrieved'])}",
            [f"question: {r['question']}"],
        )
        for r in run.results
        if r["rank"] is None
    ]


def _cards(run: EvalRun) -> list[tuple[float, str, list[str]]]:
    out = []
    for r in run.results:
        g = r.get("grade") or {}
        wrong, filled = g.get("wrong", {}), g.get("filled_not_stated", [])
        if r.get("error") or wrong or filled:
            lines = [r["error"]] if r.get("error") else []
            lines += [f"{f}: got {v['predicted']!r}, gold {v['gold']!r}" for f, v in wrong.items()]
            lines += [f"{f}: filled but the posting does not state it" for f in filled]
            out.append((len(wrong) + 2 * len(filled) + (5 if r.get("error") else 0), r["posting_id"], lines))
    return out


def worst_items(run: EvalRun, n: int = 15) -> list[tuple[str, list[str]]]:
    """The worst items, never one of the held-out slice (those are scored, not read)."""
    pick = {"qa": _qa, "judge": _judge, "retrieval": _retrieval, "cards": _cards}[run.kind]
    shown = EvalRun(run.kind, [r for r in run.results if r.get("slice") != "holdout"], run.scores, run.meta)
    ranked = sorted(pick(shown), key=lambda t: -t[0])
    return [(title, lines) for _, title, lines in ranked[:n]]
