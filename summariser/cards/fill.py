"""The model fills what the parsers left empty — only where that helps.

The fields still empty go to the model through structured output (the JSON schema is built from
JobCard's own field descriptions); a proposal is kept only with a verbatim quote of the posting
that supports it (grounding.check), and everything dropped is counted. Whether to ask at all is
`card_fill` (JOBSUM_CARD_FILL): `always`, `never`, or `auto` — ask a model only if its proposals
survive the evidence gate often enough where it was measured (llm.usefulness)."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field, create_model

from summariser import grounding
from summariser.cards.schema import Evidence, JobCard
from summariser.config import Settings
from summariser.errors import LLMError
from summariser.ingest import flags
from summariser.llm import client as llm
from summariser.llm import prompts, usefulness
from summariser.text.spans import find_quote, normalise_ws

TASK = "card_fill"


def worth_filling(model: str | None, settings: Settings) -> bool:
    return bool(model) and model != "none" and usefulness.use_model(model, TASK, settings.card_fill)


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


def model_view(text: str, metadata: dict | None = None) -> tuple[str, list[tuple[int, int]]]:
    """What a model is shown of a posting (its evidence text: no boilerplate, nothing addressed to
    AI, no hidden text; cut to MAX_PROMPT_CHARS, no closing tag), and the flagged spans a quote of
    its must avoid (flags.quoted_outside)."""
    flagged = flags.flagged_spans(text, metadata)
    return flags.evidence_text(text, flagged)[:MAX_PROMPT_CHARS].replace("</posting>", ""), flagged


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
    body, flagged = model_view(text, metadata)
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
        span = find_quote(text, item.quote)
        card.evidence[name] = [Evidence(quote=text[span[0] : span[1]], start=span[0], end=span[1])]
    return usage


def _supported(value: str, quote: str | None, text: str) -> bool:
    if not quote or not find_quote(text, quote):
        return False
    plain = value.replace("_", " ").replace("-", " ")
    return (
        plain.lower() in normalise_ws(quote).lower().replace("-", " ")
        or grounding.check(plain, quote, learned=False).supported
    )
