"""Cards for many postings (`jobsum summarise`): deterministic extraction, then the model fills the
fields still empty through structured output; every proposal is checked against the posting and
dropped (and counted) unless a verbatim quote supports it. Resumable and failure-tolerant."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field, create_model

from summariser import grounding, jsonl
from summariser.cards.checks import card_warnings
from summariser.cards.extract import extract_card, verify_card
from summariser.cards.schema import JobCard
from summariser.config import Settings
from summariser.errors import JobsumError, LLMError
from summariser.ingest import flags
from summariser.llm import client as llm
from summariser.llm import prompts
from summariser.text.spans import find_quote, normalise_ws

# Scalars a model may fill; enumerations are validated by the schema, text values by their quote.
FILLABLE = (
    "employer",
    "location",
    "work_mode",
    "employment_type",
    "contract",
    "duration",
    "start_date",
    "working_hours",
    "contact",
)
MAX_PROMPT_CHARS = 6000  # fits the 4k-token context of the offline model with room to answer


class Proposed(BaseModel):
    value: str | None = Field(None, max_length=80, description="The value, short, in the posting's words.")
    quote: str | None = Field(
        None, max_length=240, description="Word-for-word quote of the posting that states the value."
    )


def proposal_model(fields: Iterable[str]) -> type[BaseModel]:
    """A schema of the requested card fields; JobCard's field descriptions are the instructions."""
    spec = {
        name: (
            Proposed | None,
            Field(None, description=(JobCard.model_fields[name].description or "") + " Give value and quote."),
        )
        for name in fields
    }
    return create_model("CardFields", **spec)


def fill_with_model(
    card: JobCard, text: str, title: str | None, settings: Settings, model: str, metadata: dict | None = None
) -> llm.Usage:
    """Ask the model for the fillable fields the parsers left empty; keep only supported values.
    The model never sees text that is no evidence (boilerplate, text addressed to AI, hidden text),
    and a quote from such text supports nothing."""
    missing = [f for f in FILLABLE if getattr(card, f) in (None, "")]
    if not missing:
        return llm.Usage()
    flagged = flags.flagged_spans(text, metadata)
    body = flags.evidence_text(text, metadata)[:MAX_PROMPT_CHARS].replace("</posting>", "")
    messages = [
        {"role": "system", "content": prompts.template("card_system")},
        {
            "role": "user",
            "content": prompts.render(
                "card_user", title=title or card.posting_id, text=body, fields=", ".join(missing)
            ),
        },
    ]
    try:
        proposal, usage = llm.structured(
            messages,
            model,
            proposal_model(missing),
            max_tokens=700,
            api_base=settings.api_base,
            timeout=settings.timeout,
            retries=1,
        )
    except LLMError as err:  # the parsed card stands on its own; say why nothing was added
        card.dropped.append(f"model fill failed: {err}")
        return llm.Usage(calls=1)
    for name in missing:
        item = getattr(proposal, name, None)
        if item is None or not item.value:
            continue
        value = normalise_ws(item.value)
        if not _supported(value, item.quote, text) or not flags.quoted_outside(text, item.quote, flagged):
            card.dropped.append(f"{name}: {value}")
            continue
        try:
            setattr(card, name, JobCard.model_validate({"posting_id": card.posting_id, name: value}).__dict__[name])
        except ValueError:
            card.dropped.append(f"{name}: {value}")
            continue
        card.evidence[name] = [item.quote]
    return usage


def _supported(value: str, quote: str | None, text: str) -> bool:
    if not quote or not find_quote(text, quote):
        return False
    plain = value.replace("_", " ").replace("-", " ")
    return (
        plain.lower() in normalise_ws(quote).lower().replace("-", " ")
        or grounding.check(plain, quote, learned=False).supported
    )


def build_card(posting, settings: Settings, model: str | None) -> tuple[JobCard, llm.Usage]:
    """posting: anything with id, text, title, employer, source_url, metadata (Posting or StoredPosting)."""
    card = extract_card(posting.id, posting.text, posting.title, posting.employer, posting.source_url, posting.metadata)
    flagged = flags.flagged_spans(posting.text, posting.metadata)
    if flagged:  # a value whose only evidence is text addressed to AI or hidden text does not stand
        card.evidence = {
            name: [q for q in quotes if flags.quoted_outside(posting.text, q, flagged)]
            for name, quotes in card.evidence.items()
        }
        card = verify_card(card, posting.text)
    usage = llm.Usage()
    if model and model != "none":
        usage = fill_with_model(card, posting.text, posting.title, settings, model, posting.metadata)
        card = verify_card(card, posting.text)
    card.warnings = card_warnings(card, posting.metadata)
    card.model = model or "none"
    card.content_hash = getattr(posting, "content_hash", None)
    return card, usage


@dataclass
class SummariseReport:
    written: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    usage: llm.Usage = field(default_factory=llm.Usage)
    dropped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "written": self.written,
            "skipped": self.skipped,
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
            "cards_per_s": round(self.written / self.seconds, 3) if self.seconds else None,
            "prompt_tokens": self.usage.prompt_tokens,
            "completion_tokens": self.usage.completion_tokens,
            "cost": round(self.usage.cost, 6),
            "fields_dropped": self.dropped,
            "errors": self.errors,
        }


def summarise(
    postings: list,
    settings: Settings,
    model: str | None,
    out: Path | None = None,
    concurrency: int = 1,
    on_card: Callable[[JobCard], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SummariseReport:
    """Cards for postings, appended to `out` (JSONL); postings whose card there has the same
    content hash and model are skipped, so an interrupted batch resumes where it stopped.
    `on_card` (writing a card's files) runs before the card is recorded; when it fails with an
    OSError the posting counts as failed and the batch goes on."""
    report = SummariseReport()
    started = time.perf_counter()
    done = _existing(out)
    todo = [p for p in postings if done.get(p.id) != (getattr(p, "content_hash", None), model or "none")]
    report.skipped = len(postings) - len(todo)
    sink = out.open("a", encoding="utf-8") if out else None
    try:
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            futures = {pool.submit(build_card, p, settings, model): p for p in todo}
            for count, future in enumerate(as_completed(futures), 1):
                posting = futures[future]
                try:
                    card, usage = future.result()
                except JobsumError as err:
                    report.failed += 1
                    report.errors.append({"posting_id": posting.id, "error": str(err)})
                else:
                    try:  # files first: a card whose files failed is not recorded, so a rerun writes them
                        if on_card:
                            on_card(card)
                    except (OSError, JobsumError) as err:
                        report.failed += 1
                        reason = f"{err.strerror}: {err.filename}" if isinstance(err, OSError) else str(err)
                        report.errors.append({"posting_id": posting.id, "error": f"cannot write its files ({reason})"})
                        continue
                    report.written += 1
                    report.usage = report.usage.add(usage)
                    report.dropped += len(card.dropped)
                    if sink:
                        sink.write(card.model_dump_json() + "\n")
                        sink.flush()
                if progress:
                    progress(count, len(todo))
    finally:
        if sink:
            sink.close()
    report.seconds = time.perf_counter() - started
    return report


def output_stem(posting_id: str, prefix_chars: int = 60) -> str:
    """A file name for a posting's card files: a readable prefix of the id plus a short hash of the
    whole id, so ids that differ only where a file name cannot follow (a/b, a_b, a?b, or past the
    prefix) get different files, and no name is too long for a file system."""
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", posting_id)[:prefix_chars].strip("._-") or "posting"
    return f"{readable}-{hashlib.sha256(posting_id.encode()).hexdigest()[:10]}"


def _existing(out: Path | None) -> dict[str, tuple[str | None, str]]:
    if not out or not out.exists():
        return {}
    # a line cut short by an interruption is not an object, so its posting is redone
    return {data["posting_id"]: (data.get("content_hash"), data.get("model") or "none") for data in jsonl.objects(out)}
