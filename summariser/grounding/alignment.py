"""Claim-to-context alignment: the features the faithfulness judge learns from.

A claim (one sentence of a response) is aligned with the context sentences that share most of its
rare content words; the best of those (by embedding similarity and lexical overlap) is its
evidence. Unsupported summaries usually differ from a supported one by a single word — a swapped
name, number, weekday, an antonym, a dropped "not" — so the features look at the words of the
claim that the evidence (and the whole context) does not have, on top of `rules.check`'s vetoes.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from summariser.grounding import rules
from summariser.text.spans import sentences as split_sentences

Embed = Callable[[list[str]], np.ndarray]  # texts -> L2-normalised row vectors

CANDIDATES = 4  # context sentences per claim that get embedded
_MAX_SENTENCE = 600  # characters; transcripts run on, so long "sentences" are cut further
_TOKEN = re.compile(r"[^\W_]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*", re.U)
_CLAUSE = re.compile(r"(?<=[,;])\s+")

# Words of a closed class swap for one another in an unfaithful edit ("on Wednesday" → "on Saturday").
_CLASSES = [
    "monday tuesday wednesday thursday friday saturday sunday weekend",
    "january february march april june july august september october november december",
    "he she him her his hers himself herself man woman boy girl husband wife son daughter brother sister mother father mr ms mrs",
    "north south east west northern southern eastern western",
    "morning afternoon evening night tonight today tomorrow yesterday",
    "first second third fourth fifth last final",
    "red blue green yellow black white",
]
_CLASS_OF = {w: i for i, line in enumerate(_CLASSES) for w in line.split()}
_ANTONYMS = dict(
    pair.split("/")
    for pair in """increase/decrease increased/decreased rise/fall rose/fell more/less more/fewer higher/lower
    before/after above/below early/late earlier/later win/lose won/lost accept/reject accepted/rejected agree/disagree
    agrees/disagrees buy/sell bought/sold open/close opened/closed start/end started/ended positive/negative
    maximum/minimum major/minor strong/weak success/failure true/false always/never all/none like/dislike likes/dislikes
    love/hate loves/hates happy/sad good/bad best/worst large/small big/small long/short cheap/expensive old/new young/old
    up/down in/out inside/outside include/exclude includes/excludes included/excluded allow/forbid allowed/banned
    possible/impossible likely/unlikely able/unable legal/illegal easy/difficult easy/hard high/low rich/poor lead/trail
    ahead/behind add/remove added/removed gain/loss gained/lost private/public internal/external same/different
    support/oppose supports/opposes supported/opposed remember/forget enjoy/hate enjoys/hates available/unavailable
    most/least full/empty hot/cold warm/cool fast/slow quickly/slowly often/rarely many/few""".split()
)
_ANTONYMS |= {b: a for a, b in list(_ANTONYMS.items())}


@dataclass
class Context:
    """A context split once into sentences, with the word sets every claim is checked against."""

    text: str
    sentences: list[str]
    stems: list[set[str]]
    idf: dict[str, float]
    all_stems: set[str]
    all_words: set[str]
    numbers: set[str]
    vectors: dict[int, np.ndarray] = field(default_factory=dict)  # sentence index -> embedding


def _pieces(text: str) -> list[str]:
    out: list[str] = []
    for start, end in split_sentences(text):
        piece = text[start:end]
        if len(piece) <= _MAX_SENTENCE:
            out.append(piece)
            continue
        buffer = ""  # long run-on sentence: cut at commas into ~_MAX_SENTENCE chunks
        for clause in _CLAUSE.split(piece):
            if buffer and len(buffer) + len(clause) > _MAX_SENTENCE:
                out.append(buffer)
                buffer = ""
            buffer = f"{buffer} {clause}".strip()
        if buffer:
            out.append(buffer)
    return out or [text.strip() or " "]


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


_LETTERS = re.compile(r"[^\W\d_]+")


def digit_numbers(text: str) -> set[str]:
    """rules.numbers, but only those written in digits: "one" is as often a pronoun as a number."""
    return rules.numbers(_LETTERS.sub(" ", text))


def _bare(word: str) -> str:
    """Lower case without a possessive ("Russia's" -> "russia")."""
    word = word.lower()
    return word[:-2] if word.endswith("'s") else word


def prepare(text: str) -> Context:
    sentences = _pieces(text)
    stems = [set(rules.content_words(s)) for s in sentences]
    df = Counter(w for s in stems for w in s)
    n = len(sentences)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    all_stems = set(df)
    return Context(text, sentences, stems, idf, all_stems, {_bare(w) for w in words(text)}, rules.numbers(text))


def _found(stem: str, have: set[str]) -> bool:
    """The stem or a compound/inflection of it (4+ shared leading letters), as rules.coverage does."""
    return stem in have or any(h.startswith(stem) or stem.startswith(h) for h in have if min(len(h), len(stem)) >= 4)


def candidates(claim_stems: list[str], ctx: Context, k: int = CANDIDATES) -> list[int]:
    """Indices of the context sentences sharing most of the claim's (rare) content words."""
    if not claim_stems:
        return list(range(min(k, len(ctx.sentences))))
    weights = {w: ctx.idf.get(w, math.log(1 + len(ctx.sentences))) for w in claim_stems}
    scores = [sum(weights[w] for w in claim_stems if w in s) for s in ctx.stems]
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return order[:k]


FEATURES = [
    "similarity",  # cosine of claim and best evidence sentence
    "coverage_best",  # rules.coverage against the best sentence and its neighbours
    "coverage_top",  # against the top lexical candidates together
    "coverage_context",  # against the whole context
    "idf_coverage_top",  # rare-word-weighted coverage against the top candidates
    "novel_words",  # content words in no sentence of the context
    "novel_names",  # capitalised words (not sentence-initial) in no sentence of the context
    "novel_numbers",  # numbers written in digits that no sentence of the context states
    "numbers_not_in_evidence",  # numbers the best sentence lacks (rules.check's veto)
    "months_not_in_evidence",
    "negation_flip",  # claim and best evidence differ in polarity (times how closely the claim restates it)
    "negation_novel",  # claim negates and nothing in the evidence window does
    "class_swap",  # a weekday/pronoun/direction... the evidence has another member of its class instead (times closeness)
    "antonym",  # a word whose antonym is in the evidence and which the evidence lacks (times closeness)
    "order_match",  # share of the claim's words matched in order (LCS) in the best sentence
    "bigram_best",  # share of claim word bigrams found in the evidence window
    "check_supported",  # rules.check(claim, evidence window).supported
    "claim_length",  # log content words
    "word_support_min",  # of the claim words the evidence lacks, the least similar (e5) to any evidence word
    "word_support_mean",
    "unexplained_words",  # claim words the evidence lacks with no near-synonym (e5 cosine < SYNONYM) in it
]
SYNONYM = 0.9


def _lcs_share(a: list[str], b: list[str]) -> float:
    """Longest common subsequence of two word lists, as a share of a."""
    if not a or not b:
        return 0.0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1] / len(a)


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(tokens))


@dataclass
class Alignment:
    """A claim's evidence: the best candidate sentence (by similarity and overlap) and its neighbours."""

    claim: str
    ctx: Context
    top: list[int]
    sims: dict[int, float]
    best: int
    window: str
    unmatched: list[str]  # claim content words (surface form) that neither the window nor the candidates have
    window_words: list[str]  # the content words (surface form) of the window and the candidates


def _content_tokens(text: str) -> list[str]:
    return list(
        dict.fromkeys(
            w.lower() for w in words(text) if w.lower() not in rules.STOPWORDS and len(w) > 2 and not w.isdigit()
        )
    )


def align(claim: str, ctx: Context, claim_vector: np.ndarray | None) -> Alignment:
    stems = rules.content_words(claim)
    top = candidates(stems, ctx)
    if claim_vector is not None and all(i in ctx.vectors for i in top):
        sims = {i: float(ctx.vectors[i] @ claim_vector) for i in top}
    else:
        sims = {i: 0.0 for i in top}
    lexical = {i: rules.coverage(claim, ctx.sentences[i]) for i in top}
    best = max(top, key=lambda i: sims[i] + 0.5 * lexical[i]) if top else 0
    window = " ".join(ctx.sentences[max(0, best - 1) : best + 2])
    evidence = " ".join([window, *(ctx.sentences[i] for i in top)])  # a summary sentence often merges several
    evidence_stems = set(rules.content_words(evidence))
    unmatched = [w for w in _content_tokens(claim) if not _found(rules.stem(w), evidence_stems)]
    return Alignment(claim, ctx, top, sims, best, window, unmatched, _content_tokens(evidence) if unmatched else [])


def claim_features(a: Alignment, word_vectors: dict[str, np.ndarray] | None = None) -> dict[str, float]:
    """Features of one aligned claim; word_vectors (e5, by word) let near-synonyms count as support."""
    claim, ctx, top, sims, best, window = a.claim, a.ctx, a.top, a.sims, a.best, a.window
    stems = rules.content_words(claim)
    top_text = " ".join(ctx.sentences[i] for i in top)
    top_stems = set().union(*(ctx.stems[i] for i in top)) if top else set()

    tokens = words(claim)
    lower = [t.lower() for t in tokens]
    evidence_words = {w.lower() for w in words(window)}
    best_words = [w.lower() for w in words(ctx.sentences[best])]
    novel = [w for w in dict.fromkeys(stems) if not _found(w, ctx.all_stems)]
    names = {
        _bare(t)
        for i, t in enumerate(tokens)
        if i > 0 and t[:1].isupper() and len(t) > 1 and t.lower() not in rules.STOPWORDS
    }
    weights = [ctx.idf.get(w, 3.0) for w in stems]
    idf_cov = sum(wt for w, wt in zip(stems, weights) if _found(w, top_stems)) / sum(weights) if stems else 1.0
    evidence_classes = Counter(_CLASS_OF[w] for w in evidence_words if w in _CLASS_OF)
    swaps = sum(1 for w in set(lower) if w in _CLASS_OF and w not in evidence_words and evidence_classes[_CLASS_OF[w]])
    antonyms = sum(
        1 for w in set(lower) if w in _ANTONYMS and w not in evidence_words and _ANTONYMS[w] in evidence_words
    )
    claim_bigrams = _bigrams(lower)
    check = rules.check(claim, window)
    close = rules.coverage(
        claim, ctx.sentences[best]
    )  # a flip only means something against the sentence the claim restates

    features = {
        "similarity": max(sims.values(), default=0.0),
        "coverage_best": rules.coverage(claim, window),
        "coverage_top": rules.coverage(claim, top_text),
        "coverage_context": sum(_found(w, ctx.all_stems) for w in stems) / len(stems) if stems else 1.0,
        "idf_coverage_top": idf_cov,
        "novel_words": float(len(novel)),
        "novel_names": float(sum(1 for n in names if n not in ctx.all_words)),
        "novel_numbers": float(len(digit_numbers(claim) - ctx.numbers)),
        "numbers_not_in_evidence": float(bool(rules.numbers(claim) - rules.numbers(window))),
        "months_not_in_evidence": float(bool(rules.months(claim) - rules.months(window))),
        "negation_flip": float(rules.negated(claim) != rules.negated(ctx.sentences[best])) * close,
        "negation_novel": float(rules.negated(claim) and not rules.negated(window)),
        "class_swap": swaps * close,
        "antonym": antonyms * close,
        "order_match": _lcs_share(lower, best_words),
        "bigram_best": len(claim_bigrams & _bigrams([w.lower() for w in words(window)])) / len(claim_bigrams)
        if claim_bigrams
        else 1.0,
        "check_supported": float(check.supported),
        "claim_length": math.log1p(len(stems)),
        **_word_support(a, word_vectors),
    }
    return features


def _word_support(a: Alignment, word_vectors: dict[str, np.ndarray] | None) -> dict[str, float]:
    """How well the evidence explains the claim words it does not literally contain."""
    if not a.unmatched:
        return {"word_support_min": 1.0, "word_support_mean": 1.0, "unexplained_words": 0.0}
    if not word_vectors or not a.window_words:
        return {"word_support_min": 0.0, "word_support_mean": 0.0, "unexplained_words": float(len(a.unmatched))}
    evidence = np.stack([word_vectors[w] for w in a.window_words])
    best = [float((evidence @ word_vectors[w]).max()) for w in a.unmatched]
    return {
        "word_support_min": min(best),
        "word_support_mean": sum(best) / len(best),
        "unexplained_words": float(sum(b < SYNONYM for b in best)),
    }


# How a response's claims combine: its worst claim for the support features, the sum for counts.
_SUM = {"novel_words", "novel_names", "novel_numbers", "class_swap", "antonym", "unexplained_words"}
_MAX = {"numbers_not_in_evidence", "months_not_in_evidence", "negation_flip", "negation_novel", "claim_length"}


def aggregate(claims: Sequence[dict[str, float]]) -> dict[str, float]:
    """Response-level features; a single claim's features are returned unchanged."""
    if not claims:
        return {}
    out: dict[str, float] = {}
    for name in FEATURES:
        values = [c[name] for c in claims]
        out[name] = sum(values) if name in _SUM else max(values) if name in _MAX else min(values)
    return out


def embed_for(claims: list[str], contexts: list[Context], embed: Embed) -> list[np.ndarray]:
    """Embed claims and the candidate sentences they need (once per context sentence), in one batch."""
    needed: dict[tuple[int, int], str] = {}
    for claim, ctx in zip(claims, contexts):
        for i in candidates(rules.content_words(claim), ctx):
            if i not in ctx.vectors:
                needed[(id(ctx), i)] = ctx.sentences[i]
    by_id = {id(c): c for c in contexts}
    texts = list(dict.fromkeys([*claims, *needed.values()]))
    vectors = dict(zip(texts, embed(texts))) if texts else {}
    for (ctx_id, i), text in needed.items():
        by_id[ctx_id].vectors[i] = vectors[text]
    return [vectors[c] for c in claims]
