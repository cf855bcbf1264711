"""Hashed word features for the section classifier's fast model: a sentence's stemmed words and
word pairs (PyStemmer's snowball stemmers, Norwegian for 'no', English otherwise), each hashed
(CRC-32, stable across processes and machines) into DIMENSIONS buckets, one count per distinct
bucket, the row scaled to unit length. Inference is a sum of weight rows: microseconds a sentence,
where an e5 sentence vector costs tens of milliseconds.

The fitting script (eval/fit_section_words.py) and the classifier share `buckets`, so a change
here is a change of the model: bump VERSION, which the parameters carry and the loader checks."""

from __future__ import annotations

import functools
import itertools
import re
import zlib

import numpy as np

VERSION = 1
DIMENSIONS = 1 << 18
_WORD = re.compile(r"\w+")


@functools.cache
def _stemmer(language: str):
    import Stemmer

    return Stemmer.Stemmer("norwegian" if language == "no" else "english")


def buckets(text: str, language: str = "en") -> np.ndarray:
    """The distinct feature buckets of one sentence, sorted."""
    words = _stemmer("no" if language == "no" else "en").stemWords(_WORD.findall(text.lower()))
    return hashed([f"w:{w}" for w in words] + [f"b:{a} {b}" for a, b in itertools.pairwise(words)])


def hashed(tokens: list[str], dimensions: int = DIMENSIONS) -> np.ndarray:
    """Feature names as their distinct buckets, sorted."""
    return np.unique(np.fromiter((zlib.crc32(t.encode()) % dimensions for t in tokens), np.int64, len(tokens)))


def pooled(W: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """The rows of W at the buckets idx, summed and scaled by 1/sqrt(their number); zero for none."""
    return W[idx].sum(0) / np.sqrt(len(idx)) if len(idx) else np.zeros(W.shape[1:], W.dtype)


def scores(texts: list[str], language: str, W: np.ndarray) -> np.ndarray:
    """texts × W's columns: each text's pooled rows of W."""
    out = np.zeros((len(texts), W.shape[1]), np.float32)
    for i, text in enumerate(texts):
        out[i] = pooled(W, buckets(text, language))
    return out
