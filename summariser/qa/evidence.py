"""Evidence sentences: the verbatim sentences of retrieved chunks, scored against a question.

Citations are narrowed to these sentences, the extractive answer quotes them, and the best
score is the retrieval confidence that decides between answering and "the posting does not say".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from summariser.cards.sections import heading_label
from summariser.grounding.rules import content_words, coverage
from summariser.index.embeddings import passage_vectors
from summariser.index.retrieval import Hit, Passage
from summariser.text import spans as sp
from summariser.text.lexicon import CONTACT, CURRENCY, DURATION_UNIT, NUMBER_WORD

_YES_NO = re.compile(
    r"^(?:can|could|is|are|am|do|does|did|will|would|may|must|should|shall|has|have|kan|er|må|får|blir|skal|vil|trenger|har|"
    r"finnes|gir|tilbyr)\b",
    re.I,
)


# What kind of statement would answer the question; a sentence without one cannot be the answer
# (so a deadline question never gets a quote without a date, a salary question one without an amount).
_ANSWER_TYPES: list[tuple[str, re.Pattern[str]]] = [
    (
        "date",
        re.compile(
            r"\b(?:deadline|closing date|closes?|start date|søknadsfrist|frist|tiltredelse|oppstart)\b|^\s*(?:when|når)\b",
            re.I,
        ),
    ),
    (
        "contact",
        re.compile(
            r"\b(?:e-?mail|contact|who (?:should|can|do) i (?:ask|contact|write)|phone|kontakt|e-post|telefon)\b", re.I
        ),
    ),
    (
        "money",
        re.compile(
            r"\b(?:salary|stipend|pay|paid|wage|how much|remuneration|lønn\w*|timelønn\w*|årslønn|betaling)\b", re.I
        ),
    ),
    (
        "duration",
        re.compile(r"\b(?:how long|duration|length of|how many (?:years|months)|hvor lenge|varighet)\b", re.I),
    ),
]
_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|mars|april|mai|juni|juli|"
    r"august|september|oktober|november|desember)\w*|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}\b|"
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:as soon as possible|asap|snarest|immediately|straks|"
    r"within a reasonable time|by agreement|etter avtale)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{4}\b",
    re.I,
)
_CONTACT = re.compile(rf"{CONTACT}|\b(?:Prof|Dr|Professor)\.?\s+[A-Z]", re.U)
_CURRENCY_AMOUNT = rf"(?:[£€$]\s?\d|\d[\d ,.]*\s?{CURRENCY}\b|\b{CURRENCY}\.?\s?\d)"
_PAY_TERM = (
    r"\b(?:salary|salaries|stipend|pay|paid|wage|grade|scale|remuneration|per annum|p\.a\.|lønn\w*|"
    r"timelønn|årslønn|lønnstrinn|lønnsramme)"
)
_MONEY = re.compile(
    rf"{_CURRENCY_AMOUNT}|{_PAY_TERM}\b.*\d|\d.*{_PAY_TERM}\b|\b(?:by agreement|negotiable|competitive|commensurate|"
    r"etter avtale|according to (?:the )?(?:salary )?scale|depending on (?:qualifications|experience))\b",
    re.I,
)
_DURATION = re.compile(
    rf"\b(?:\d+|{NUMBER_WORD})[\s-]*{DURATION_UNIT}\b|"
    r"\b(?:permanent|fast stilling|fixed[- ]term|temporary|vikariat|engasjement)\b",
    re.I,
)
_TYPE_PATTERNS = {"date": _DATE, "contact": _CONTACT, "money": _MONEY, "duration": _DURATION}


def expected_type(question: str) -> str | None:
    for name, pattern in _ANSWER_TYPES:
        if pattern.search(question):
            return name
    return None


def answers_type(kind: str | None, text: str) -> bool:
    return kind is None or bool(_TYPE_PATTERNS[kind].search(text))


@dataclass
class Sentence(Passage):
    hit_rank: int  # rank of the chunk it came from
    similarity: float = 0.0  # dense similarity to the question
    overlap: float = 0.0  # share of the question's content words in the sentence (+ section)
    typed: bool = True  # holds the kind of statement the question asks for (a date, an amount...)
    score: float = 0.0

    @property
    def bullet(self) -> bool:
        return sp.is_bullet(self.text) or self.text.lstrip().startswith(("•", "-", "*"))


def sentences_of(hits: list[Hit], posting_texts: dict[str, str]) -> list[Sentence]:
    out: list[Sentence] = []
    seen: set[tuple[str, int]] = set()
    for rank, hit in enumerate(hits, 1):
        text = posting_texts[hit.posting_id]
        for start, end in sp.sentences(text, hit.start, hit.end):
            if (hit.posting_id, start) in seen or len(text[start:end].split()) < 2:
                continue
            seen.add((hit.posting_id, start))
            out.append(Sentence(hit.posting_id, hit.title, hit.section, start, end, text[start:end], rank))
    return out


def sentences_in(posting_id: str, title: str, text: str, rank: int) -> list[Sentence]:
    """Every sentence of a posting's text (of two words or more), as if from one hit ranked `rank`."""
    return [
        Sentence(posting_id, title, "", start, end, text[start:end], rank)
        for start, end in sp.sentences(text, 0, len(text))
        if len(text[start:end].split()) >= 2
    ]


def score(question: str, sentences: list[Sentence], embed_model) -> list[Sentence]:
    """Score sentences for answering question (dense similarity + lexical overlap + chunk rank)."""
    if not sentences:
        return []
    query = np.asarray(embed_model.get_query_embedding(question))
    vectors = passage_vectors(embed_model, [s.text for s in sentences])
    kind = expected_type(question)
    for sentence, vector in zip(sentences, vectors):
        sentence.similarity = float(vector @ query)
        sentence.overlap = coverage(question, f"{sentence.section} {sentence.text}") if content_words(question) else 0.0
        sentence.typed = answers_type(kind, sentence.text)
        sentence.score = sentence.similarity + 0.08 * sentence.overlap - 0.004 * (sentence.hit_rank - 1)
    return sorted(sentences, key=lambda s: (not s.typed, -s.score))


def is_yes_no(question: str) -> bool:
    """A yes/no question, possibly after a statement ("I'm Canadian. Can I apply?")."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p.strip()]
    asks = [p for p in parts if p.endswith("?")] or parts[-1:]
    return any(_YES_NO.match(p) for p in asks)


_LIST_QUESTION = re.compile(
    r"^\s*(?:which|what are|list|name)\b|\b(?:documents|requirements|qualifications|skills|benefits|duties|tasks|"
    r"responsibilities|dokumenter|vedlegg|krav|kvalifikasjoner|oppgaver|arbeidsoppgaver|goder)\b|^\s*hvilke\b",
    re.I,
)


def contains(longer: str, shorter: str) -> bool:
    """shorter says nothing longer does not (same words, longer goes on)."""
    return " ".join(shorter.split()).rstrip(".!?;:") in " ".join(longer.split())


def is_list_question(question: str) -> bool:
    return bool(_LIST_QUESTION.search(question))


def extract(ranked: list[Sentence], question: str = "", max_sentences: int = 2) -> list[Sentence]:
    """The best sentence, plus its list (for list questions) or a near-tied neighbour."""
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    if best.bullet and is_list_question(question):  # the whole run of bullets it stands in
        same = sorted(
            (s for s in ranked if s.posting_id == best.posting_id and s.hit_rank == best.hit_rank),
            key=lambda s: s.start,
        )
        at = same.index(best)
        lo, hi = at, at
        while lo > 0 and same[lo - 1].bullet and hi - lo < 7:
            lo -= 1
        while hi + 1 < len(same) and same[hi + 1].bullet and hi - lo < 7:
            hi += 1
        chosen = same[lo : hi + 1]
    else:
        for other in ranked[1:]:  # near-ties from the same posting often complete the answer
            if len(chosen) >= max_sentences or other.score < best.score - 0.01:
                break
            if other.posting_id == best.posting_id and other.typed:
                chosen = [c for c in chosen if not contains(other.text, c.text)]
                if not any(contains(c.text, other.text) for c in chosen):
                    chosen.append(other)
    return sorted(chosen, key=lambda s: s.start)


def with_what_follows(chosen: list[Sentence], pool: list[Sentence], most: int = 6) -> list[Sentence]:
    """A lead-in ("The application package should contain:") is quoted with what it announces: the
    sentences right after it in the posting (from the retrieved pool) — its run of list items (or
    of short lines), or else the one sentence that follows."""
    out = list(chosen)
    for lead in chosen:
        if not _leads_in(lead.text):
            continue
        after = sorted(
            (s for s in pool if s.posting_id == lead.posting_id and s.start >= lead.end), key=lambda s: s.start
        )
        run: list[Sentence] = []
        for s in after:
            if s.start - (run[-1].end if run else lead.end) > 3 or len(run) >= most:
                break
            if run and not _same_kind_of_item(run[0], s):
                break
            run.append(s)
            if not _item(s):
                break  # one prose sentence is what the lead-in announced
        out += [s for s in run if s not in out]
    return sorted(out, key=lambda s: s.start)


def _leads_in(text: str) -> bool:
    """A lead-in: it ends with a colon, announcing what follows."""
    return text.rstrip().endswith(":")


_NEXT_LINE = re.compile(r"\s*\n\s*\n\s*([^\n]*)")
_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def only_headings(s: Sentence) -> bool:
    """A run of headings and nothing under them ("Person Specification Essential: Desirable", a
    table's header row): no value, no sentence, every word in a heading the section lexicon knows."""
    words = _WORDS.findall(s.text)
    if not 0 < len(words) <= 8 or re.search(r"\d|[.!?]\s*$", s.text):
        return False
    headed = [True] + [False] * len(words)  # headed[i]: words[:i] split into known headings
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1) if headed[i] else ():
            headed[j] = headed[j] or heading_label(" ".join(words[i:j])) is not None
    return headed[-1]


def announces_nothing(s: Sentence, text: str) -> bool:
    """A lead-in whose list the posting does not hold ("always attach the following documents:"
    then blank lines and the next lead-in, or the end): what it announces is missing, so it says
    nothing."""
    if not _leads_in(s.text):
        return False
    after = text[s.end :]
    if not after.strip():
        return True
    gap = _NEXT_LINE.match(after)
    return bool(gap) and _leads_in(re.split(r"(?<=[.!?:])\s", gap.group(1).strip(), maxsplit=1)[0])


def _item(s: Sentence) -> bool:
    """A list item, or a short line that is no sentence."""
    return s.bullet or (len(s.text.split()) <= 15 and not s.text.rstrip().endswith((".", "!", "?")))


def _same_kind_of_item(first: Sentence, s: Sentence) -> bool:
    return s.bullet if first.bullet else _item(s) and _item(first)
