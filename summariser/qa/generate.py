"""The model writes, the posting decides: the retrieved passages go to the model numbered and fenced
as data; each sentence it writes must cite a passage and be supported by a sentence of it
(grounding.check_each), or it is dropped and counted."""

from __future__ import annotations

import itertools
import re

from summariser import grounding
from summariser.config import Settings
from summariser.grounding import Rule
from summariser.index.retrieval import Hit
from summariser.llm import client as llm
from summariser.llm import prompts
from summariser.qa.models import _MARKER, Answer, cite, without_markers
from summariser.text.spans import sentences as split_sentences

NOT_STATED = re.compile(r"\bNOT[ _]STATED\b|does not (?:say|state|mention)|står ikke|nevner ikke", re.I)


def generate_into(
    answer: Answer, question: str, hits: list[Hit], texts: dict[str, str], history, settings: Settings
) -> None:
    """Ask the model, keep what verification keeps (answer.text, citations, dropped claims, usage)."""
    if settings.llm_cache_dir:
        llm.enable_cache(str(settings.llm_cache_dir))
    completion = llm.complete(
        _messages(question, hits, history),
        answer.model,
        max_tokens=160,
        api_base=settings.api_base,
        timeout=settings.timeout,
        retries=settings.max_retries,
        fallback=settings.fallback_model,
    )
    answer.usage = {
        "prompt_tokens": completion.usage.prompt_tokens,
        "completion_tokens": completion.usage.completion_tokens,
        "cost": completion.usage.cost,
    }
    _verify_into(answer, completion.text, hits, texts)


def _messages(question: str, hits: list[Hit], history: list[dict[str, str]] | None) -> list[dict[str, str]]:
    passages = "\n\n".join(
        f"[{n}] ({h.section or 'posting'}) {' '.join(h.text.split())}" for n, h in enumerate(hits, 1)
    )
    titles = sorted({h.title for h in hits})
    user = prompts.render(
        "answer_user", title="; ".join(titles), passages=passages.replace("</posting>", ""), question=question
    )
    turns = [m for m in (history or [])[-4:] if m.get("role") in {"user", "assistant"}]
    return [{"role": "system", "content": prompts.template("answer_system")}, *turns, {"role": "user", "content": user}]


def _verify_into(answer: Answer, generated: str, hits: list[Hit], texts: dict[str, str]) -> None:
    """Keep the model's sentences that cite a passage and are supported by a sentence of it."""
    if NOT_STATED.search(generated) and not _MARKER.search(generated):
        return
    kept: list[str] = []
    for start, end in split_sentences(generated):
        sentence = generated[start:end]
        cited = [int(n) for n in _MARKER.findall(sentence)]
        claim = without_markers(sentence)
        if not claim or not re.search(r"\w", claim):
            continue
        valid = [n for n in cited if 1 <= n <= len(hits)]
        support = _best_support(claim, [hits[n - 1] for n in valid], texts) if valid else None
        if support is None:
            answer.dropped_claims.append(claim)
            continue
        hit, quote_start, quote_end = support
        quote = texts[hit.posting_id][quote_start:quote_end]
        citation = cite(answer, hit.posting_id, hit.title, hit.section, quote, quote_start, quote_end)
        body, punct = re.match(r"(.*?)([.!?]*)$", claim.rstrip(), re.S).groups()
        kept.append(f"{body} [{citation.n}]{punct}")
    answer.text = " ".join(kept)
    answer.mode = "generated"


def _best_support(claim: str, hits: list[Hit], texts: dict[str, str]):
    """(hit, start, end) of the cited sentence, or pair of adjacent sentences, that supports claim.

    Every window goes through `grounding.check_each`. A window the claim only quotes verbatim wins
    outright; among the others that are supported, the rules' coverage score picks, which prefers
    the single sentence and so keeps citations narrow.
    """
    windows = []
    for hit in hits:
        text = texts[hit.posting_id]
        spans = split_sentences(text, hit.start, hit.end)
        windows += [(hit, start, end) for start, end in spans + [(a[0], b[1]) for a, b in itertools.pairwise(spans)]]
    verdicts = grounding.check_each(claim, [texts[hit.posting_id][start:end] for hit, start, end in windows])
    quoted = [window for window, verdict in zip(windows, verdicts) if verdict.rule is Rule.QUOTE]
    if quoted:  # 'The posting says: “…”', verbatim
        return quoted[0]
    supported = [(verdict.coverage, window) for window, verdict in zip(windows, verdicts) if verdict.supported]
    return max(supported, key=lambda scored: scored[0])[1] if supported else None
