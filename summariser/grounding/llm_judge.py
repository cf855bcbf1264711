"""The `llm:<model>` faithfulness judge (RAGAS-style).

Two calls per response, both structured (pydantic models are the schema and the instructions):
decompose the response into atomic claims, then give each claim a supported/unsupported verdict
against the context with a reason. Score = supported claims / claims. Deterministic (temperature 0);
`runs=k` averages k runs, for hosted providers that are not deterministic even at temperature 0;
the verdict then lists every run's claims (each reason says which run), and the score is the
mean of the runs' shares.

Defined edge cases (never NaN): a response with no factual claims scores 1.0 (it asserts nothing
unsupported); an empty context with claims scores 0.0 (nothing can support them).
"""

from __future__ import annotations

from pydantic import BaseModel, Field, create_model

from summariser.config import Settings
from summariser.grounding.verdict import ResponseVerdict, Rule, Verdict
from summariser.llm import client as llm
from summariser.llm import prompts

MAX_CLAIMS = 16  # bounds the output of small models that repeat themselves
DEFAULT_THRESHOLD = 0.999  # llm verdicts are all-or-nothing per claim: supported means every claim is


class Claims(BaseModel):
    claims: list[str] = Field(
        default_factory=list,
        json_schema_extra={"maxItems": MAX_CLAIMS},  # advertised (a grammar bound for local models), then cut in code
        description="Atomic, self-contained factual claims of the text, each keeping its numbers, names and negations.",
    )


class ClaimCheck(BaseModel):
    claim: str = Field(description="The claim, as given.")
    reason: str = Field(
        description="One sentence: what in the context supports or contradicts it, or that nothing does."
    )
    supported: bool = Field(description="True only if the context states or directly implies the claim.")


class Verdicts(BaseModel):
    verdicts: list[ClaimCheck] = Field(default_factory=list, description="One verdict per claim, in the given order.")


def verdicts_model(n: int) -> type[Verdicts]:
    """Verdicts for exactly the n claims asked about: no more (small models repeat themselves)."""
    return create_model(
        "Verdicts",
        __base__=Verdicts,
        verdicts=(
            list[ClaimCheck],
            Field(
                default_factory=list,
                json_schema_extra={"maxItems": n},
                description=f"One verdict per claim, in the given order ({n} claims).",
            ),
        ),
    )


class LLMJudge:
    def __init__(
        self, model: str, settings: Settings | None = None, runs: int = 1, threshold: float = DEFAULT_THRESHOLD
    ):
        self.model = model
        self.name = f"llm:{model}"
        self.settings = settings or Settings()
        self.runs = max(1, runs)
        self.threshold = threshold
        self.usage = llm.Usage()

    def _call(self, system: str, user: str, response_model: type[BaseModel], max_tokens: int):
        messages = [{"role": "system", "content": prompts.template(system)}, {"role": "user", "content": user}]
        obj, usage = llm.structured(
            messages,
            self.model,
            response_model,
            max_tokens=max_tokens,
            api_base=self.settings.api_base,
            timeout=self.settings.timeout,
            retries=1,
        )
        self.usage = self.usage.add(usage)
        return obj

    def claims(self, response: str) -> list[str]:
        found = self._call("judge_claims", prompts.render("judge_claims_user", response=response), Claims, 600)
        return list(dict.fromkeys(c.strip() for c in found.claims if c and c.strip()))[
            :MAX_CLAIMS
        ]  # repeats judged once

    def check(self, context: str, claims: list[str]) -> list[ClaimCheck]:
        listed = "\n".join(f"{n}. {c}" for n, c in enumerate(claims, 1))
        out = self._call(
            "judge_verdicts",
            prompts.render("judge_verdicts_user", context=context, claims=listed),
            verdicts_model(len(claims)),
            120 + 90 * len(claims),
        )
        checks = list(out.verdicts[: len(claims)])
        # a claim the model skipped has no verdict, so it is not counted as supported
        checks += [ClaimCheck(claim=c, reason="no verdict returned", supported=False) for c in claims[len(checks) :]]
        for check, claim in zip(checks, claims):
            check.claim = claim
        return checks

    def judge(self, context: str, response: str):
        runs = []
        for _ in range(self.runs):
            claims = self.claims(response) if response.strip() else []
            if not claims:
                runs.append((1.0, []))
                continue
            if not context.strip():
                runs.append((0.0, [ClaimCheck(claim=c, reason="empty context", supported=False) for c in claims]))
                continue
            checks = self.check(context, claims)
            runs.append((sum(c.supported for c in checks) / len(checks), checks))
        score = sum(s for s, _ in runs) / len(runs)
        # every run's claims, not just the last run's (the score is the mean of the runs' shares;
        # counting the pooled claims weighs each run by its number of claims instead)
        verdicts = [
            Verdict(
                claim=c.claim,
                supported=c.supported,
                score=float(c.supported),
                rule=Rule.JUDGE,
                reason=c.reason if self.runs == 1 else f"run {n}: {c.reason}",
            )
            for n, (_, checks) in enumerate(runs, 1)
            for c in checks
        ]
        return ResponseVerdict(score=score, pred=int(score >= self.threshold), claims=verdicts, judge=self.name)

    def judge_many(self, pairs):
        return [self.judge(context, response) for context, response in pairs]
