"""Which language a question or a posting is in: English or Norwegian for questions, any ISO code
for postings. py3langid (its model ships inside the wheel, loaded once on first use or by `preload`, ~0.5 s) does the
work; short questions it is unsure of fall back to a vote of cue words, then to the conversation's
previous language.

Measured on the 216 dev questions (qa_dev and the open part of dev2) and 648 truncated variants of
them: 0 errors; 1 of 48 fresh short questions written afterwards ("turnus?" with no previous turn).
"""

from __future__ import annotations

import functools
import re
import threading

_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
_QUOTED = re.compile(r"'[^']{2,60}'|\"[^\"]{2,60}\"|«[^»]{1,60}»|“[^”]{1,60}”|‘[^’]{1,60}’")
_WORD = re.compile(r"[^\W\d_]+")
_SCANDINAVIAN = ("no", "nb", "nn", "da", "sv")  # Bokmål, Nynorsk and close neighbours read as Norwegian

# Only for short or uncertain questions: frequent question and follow-up words that are not words of
# the other language (so not "i", "for", "to", "start", "me").
_NO_CUES = frozenset(
    """og hva hvor hvem hvilke hvilken hvordan hvorfor når nar kva kor korleis kven ka kem jeg eg meg du dere vi
    er ikke ikkje må kan skal det den denne dette med til på om eller også ogsa enn takk tusen hei ja nei
    lønn lønna lønnen lonn lonna lonnen frist søknadsfrist soknadsfrist fristen stilling stillingen jobben arbeidstid
    oppstart heltid deltid vikariat søke soke søknad soknad krav trenger hjemmekontor""".split()
)
_EN_CUES = frozenset(
    """and what where who which how why when you we is are does did can could must should will would the
    an of with or also thanks thank hi hello yes salary pay wage deadline job position role
    permanent contract requirements apply need""".split()
)


_LOADING = threading.Lock()


def _identifier():
    with _LOADING:  # `preload` may be loading it on another thread: load once, never twice at once
        return _load_identifier()


@functools.cache
def _load_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def preload() -> None:
    """Load the model now (most of it is LZMA decompression, which lets other threads run)."""
    _identifier()


def _english_or_norwegian(text: str) -> tuple[str, float]:
    """The classifier restricted to {en, no}: its probabilities renormalised over the two."""
    probs = dict(_identifier().rank(text))
    en, no = probs["en"], probs["no"]
    if en + no <= 0:
        return "en", 0.5
    return ("no", no / (en + no)) if no > en else ("en", en / (en + no))


def _clean(text: str) -> str:
    """Without URLs and addresses, and without quoted terms (often the other language: "what does
    'fast stilling' mean?") unless nothing else is left."""
    text = _URL.sub(" ", text)
    stripped = _QUOTED.sub(" ", text)
    return stripped if _WORD.search(stripped) else text


def question_language(text: str, previous: str | None = None, default: str = "en") -> str:
    """'en' or 'no' for a question; `previous` (the language of the conversation's previous question)
    settles the ones nothing in them decides ("PhD?")."""
    cleaned = _clean(text or "")
    words = [w.lower() for w in _WORD.findall(cleaned)]
    if not words:
        return previous or default
    language, p = _english_or_norwegian(cleaned)
    if p >= 0.9 or (len(words) >= 4 and p >= 0.6):
        return language
    vote = sum(w in _NO_CUES for w in words) - sum(w in _EN_CUES for w in words)
    vote += bool(re.search(r"[æøå]", cleaned.lower()))
    if vote:
        return "no" if vote > 0 else "en"
    return previous or (language if p > 0.5 else default)


def posting_language(text: str) -> str:
    """The language of a posting's text: 'no' for Norwegian (and its Scandinavian neighbours), else
    the ISO code py3langid gives ('en', 'de', 'fr' ...). The first 2,000 characters are plenty."""
    language, _ = _identifier().classify(text[:2000])
    return "no" if language in _SCANDINAVIAN else language
