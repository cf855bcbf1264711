"""How the lexical (BM25) index reads text: the language bucket of a posting and the analyser.

Tokens are two or more word characters, lower-cased; bm25s's English stopwords are dropped in every
bucket; the rest is stemmed in the bucket's language (Norwegian or English) and hashed to a stable
64-bit term id. `summariser.index.lexical` explains why.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

LANGUAGES = ("en", "no")  # bucket index stored per row; PyStemmer algorithm names below
_STEMMER_NAMES = {"en": "english", "no": "norwegian"}
_NORWEGIAN = frozenset({"no", "nb", "nn", "nob", "nno", "nor", "norwegian", "norsk", "bokmål", "nynorsk"})
# Norwegian-only function words; French "et", "en", "de" must not count (EURAXESS has French postings)
_NO_HINTS = frozenset(
    "og ikke som på med til vi har å være stillingen søknad søknadsfrist arbeidsoppgaver kvalifikasjoner".split()
)
_EN_HINTS = frozenset("the and of to in is with we you are position application".split())
# bm25s's English stopwords (what the llama-index BM25 retriever dropped), copied: importing bm25s
# for 33 words cost a quarter of a second of start-up
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these "
    "they this to was will with".split()
)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def language_bucket(declared: str | None, text: str = "") -> str:
    """'no' for Norwegian postings (declared, else guessed from function words), else 'en'."""
    if declared:
        return "no" if declared.strip().lower().split("-")[0] in _NORWEGIAN else "en"
    words = _TOKEN.findall(text[:5000].lower())
    no, en = sum(w in _NO_HINTS for w in words), sum(w in _EN_HINTS for w in words)
    return "no" if no >= 5 and no > en else "en"


class Analyzer:
    """Tokens (two or more word characters, lower-cased), English stopwords out, stemmed per language."""

    def __init__(self) -> None:
        import Stemmer

        self.stemmers = {lang: Stemmer.Stemmer(_STEMMER_NAMES[lang]) for lang in LANGUAGES}
        self.stop = STOPWORDS
        self._ids: dict[str, int] = {}

    def term_id(self, term: str) -> int:
        """A stable 64-bit hash: no vocabulary to load at open or to keep in step across segments."""
        h = self._ids.get(term)
        if h is None:
            if len(self._ids) > 1_000_000:
                self._ids.clear()
            h = self._ids[term] = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")
        return h

    def document(self, text: str, lang: str) -> Counter[int]:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in self.stop]
        return Counter(map(self.term_id, self.stemmers[lang].stemWords(words)))

    def query(self, text: str) -> dict[int, int]:
        """term id -> bit mask of the language buckets whose stemming of the query produced it."""
        words = [w for w in dict.fromkeys(_TOKEN.findall(text.lower())) if w not in self.stop]
        terms: dict[int, int] = {}
        for bit, lang in enumerate(LANGUAGES):
            for term in self.stemmers[lang].stemWords(words):
                h = self.term_id(term)
                terms[h] = terms.get(h, 0) | (1 << bit)
        return terms
