"""What an applicant's question is after — deadline, salary, requirements, ... or "other" — in
English or Norwegian, typos and follow-ups included.

Each intent has prototype questions (intent_prototypes.json: written for this, not taken from the
evaluation questions) and cue words. A question's score for an intent is its best e5 similarity
to the intent's prototypes, plus CUE_BONUS when a cue word of the intent is in it (a word one
letter from a prototype's or cue's word counts as that word); below MIN_SCORE with no cue, it is
"other". An intent a card value answers (FACT_INTENTS) needs its cue: similar meaning alone
sends "What methods will the project use?" to the duration. Accuracy on the 216 labelled dev questions
(eval/intents_dev.jsonl) is printed by `python eval/intents.py`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from summariser.text.lexicon import WHERE_TO_FIND

PROTOTYPES = Path(__file__).with_name("intent_prototypes.json")
CUE_BONUS = 0.03
MIN_SCORE = 0.84

_CUES = {
    "deadline": r"deadline|closing date|\bclos(?:e|es|ing)\b|apply by|last day|(?:latest|last) date|søknadsfrist|\bfrist|"
    r"senest|for sent|for seint|siste dag",
    "salary": r"salar|\bpay\b|\bpaid\b|stipend|wage|remunerat|how much(?! (?:of|time|teaching|travel|work))|bursary|"
    r"earn|lønn|betal|tjen[ea]",
    "start": r"\bstart|begin|commenc|oppstart|tiltred|begynne",
    "duration": r"how long|duration|length of|how many (?:years|months)|varighet|hvor lenge|kor lenge|hvor lang\b|"
    r"kor lang\b|lengde",
    "location": r"\bwhere\b|location|\bcity\b|based in|"
    r"\b(?:hvor|kor)\b(?! (?:mange|mye|lenge|lang|stor|ofte|høy|gammel)\b)|\bsted\b|ligger|kontorsted|\bby\b",
    "work_mode": r"remote|home ?office|from home|hybrid|on[- ]?site|hjemmekontor|hjemmefra|fjernarbeid",
    "hours": r"\bhours|\btimer\b|full[- ]?time|part[- ]?time|shift|weekend|night|evening|per ?cent|%|heltid|deltid|turnus|skift|"
    r"arbeidstid|working time|helg|kveld|natt|stillingsprosent|combine|times? of (?:the )?day|tider på døgnet|which days|hvilke dager",
    "contract": r"permanent|fixed[- ]?term|temporary|contract|\bfast\b|vikariat|engasjement|midlertidig",
    "contact": r"contact|who (?:should|can|do) i (?:ask|contact|write|call)|e-?mail|phone|kontakt|spørsmål|ring|e-post",
    "how_to_apply": r"how (?:do|can|should|to) (?:i )?apply|apply (?:via|through|online)|application (?:form|portal|process)|"
    r"documents?|submit|attach|\bsend\b|include|enclose|upload|\bcv\b|cover letter|references|referees|hvordan søk|"
    r"søknad|vedlegg|dokument|sende|legge ved",
    # not 'phd' (the post itself in most research postings) nor 'need to send' (documents)
    "requirements": r"requir|\bneed(?! to (?:send|submit|include|attach|upload))|must i|have to|qualif|degree|master|"
    r"bachelor|experience|language|english|"
    r"norwegian|speak|licen[cs]e|\bage\b|years old|citizen|nationalit|visa|permit|eligib|can i (?:still )?apply|krav|"
    r"trenger|må jeg|må eg|utdanning|erfaring|førerkort|norsk|engelsk|år gammel|statsborger|kvalifik|søke selv om|"
    r"politiattest|clearance|kan (?:jeg|eg|man) søke|søke (?:hvis|dersom|selv om|uten|med)|"
    # who may apply: "Can international students apply?", "Are applications like mine welcome?"
    r"can (?:\w+ ){1,3}(?:students?|applicants?|candidates?|graduates?|nationals?|citizens?|people) (?:still |also )?apply|"
    r"\bwelcome\b|applications? like mine",
    "tasks": r"\btasks?\b|duties|responsib|what (?:will|would|do) i (?:do|be doing)|work on|involve|about\?|topic|"
    r"\bmethods?\b|techniques|approach(?:es)?\b|\bmetode\w*|"
    r"arbeidsoppgave|oppgave|går (?:jobben|stillingen) ut på|\bansvar",
    "benefits": r"\boffer|benefit|pension|insurance|relocat|training|perks|tilbyr|pensjon|forsikring|goder|fordel",
    "selection": r"interview|selection|shortlist|assess|hear back|notified|intervju|utvelg|tilbakemelding",
    "supervisor": r"supervis|who (?:leads|heads|runs)|principal investigator|\bpi\b|veileder",
    "positions": r"how many (?:positions|vacancies|places|openings|posts|people)|number of (?:positions|places)|"
    r"hvor mange (?:stillinger|plasser)|antall stillinger",
    "title": r"\btitle|what is the (?:position|job|role) called|\btittel|stillingstittel|stillingsbetegnelse|hva heter "
    r"(?:stillingen|jobben)|hva kalles",
    "employer": r"who is (?:hiring|the employer|recruiting)|employer|organi[sz]ation|company|arbeidsgiver|bedrift|firma",
}
_CUE_PATTERNS = {name: re.compile(pattern, re.I) for name, pattern in _CUES.items()}
_SUBS = {
    "language": r"(?<!programming )language|english|norwegian|german|french|speak|språk|norsk|engelsk|tysk",
    "driving_licence": r"licen[cs]e|driv(?:ing|er)|førerkort|sertifikat|\bbil\b",
    "age": r"\bage\b|years old|\bold\b|\d+ år\b|alder|år gammel",
    "nationality": r"citizen|nationalit|visa|permit|eu\b|eea|statsborger|oppholdstillatelse|arbeidstillatelse",
    "security_check": r"security|clearance|police|politiattest|vandel",
    "experience": r"experience|erfaring",
    # not "the PhD" / "this PhD": the post itself ("Will I have to travel as part of the PhD?")
    "degree": r"degree|master|bachelor|(?<!the )(?<!this )phd|doctor|msc|bsc|diploma|grades?|utdanning|fagbrev|"
    r"mastergrad|bachelorgrad",
    "skills": r"skill|programming|python|ferdighet|kunnskap",
}
_SUB_PATTERNS = {name: re.compile(pattern, re.I) for name, pattern in _SUBS.items()}
_NAMES_DOCUMENTS = re.compile(r"document|attach|include|enclose|\bcv\b|letter|dokument|vedlegg|legge ved", re.I)
_SENDING = re.compile(r"submit|send|sende", re.I)
# an hours question asking when, not how much ('Hvilke tider på døgnet og uka må jeg jobbe?', 'Will I work
# weekends?'): the card's extent ('Stillingsprosent: 50%') does not answer it
_ASKS_WHEN_WORKING = re.compile(
    r"\b(?:what|which) (?:times?|days?|shifts?)\b|time of (?:the )?day|\b(?:evenings?|weekends?|nights?|shifts?|"
    r"rota|weekdays?)\b|\btider\b|tidspunkt|døgnet|\b(?:kveld\w*|helg\w*|natt\w*|skift\w*|turnus\w*|dagtid|"
    r"hverdag\w*|vakt\w*)\b",
    re.I,
)
_ASKS_EXTENT = re.compile(
    r"full[- ]?time|part[- ]?time|heltid|deltid|%|per ?cent|prosent|how many hours|hours (?:a|per) week|"
    r"hvor mange timer|timer i (?:uka|uken)",
    re.I,
)
_HOW = re.compile(r"^(?:and |og )?(?:how|where|hvordan|hvor|korleis|kor)\b", re.I)  # the route, not the contents
_YES_NO = re.compile(
    r"^(?:and |og |but |men )?(?:can|could|is|are|am|do|does|did|will|would|may|must|should|shall|has|have|kan|er|må|"
    r"får|blir|skal|vil|trenger|har|finnes|gir|tilbyr|går|kreves|bør)\b"
    # a Norwegian question opens with its verb ('Oppfyller jeg kravene?', 'Passer jobben for studenter?')
    r"|^\w+(?:er|es)\s+(?:jeg|eg|du|det|man|vi|dere|de|den|stillingen|jobben|arbeidsgiveren|utlysningen)\b"
    # … or a noun in its definite form ('Inneholder doktorgradsprogrammet en praksisperiode?')
    r"|^(?!hv|kv|etter\b|under\b|over\b|other\b|after\b|eller\b|hver\b|enter\b)\w+(?:er|es)\s+\w{3,}(?:et|en|ene|a)\b"
    r"(?!.*\b(?:hva|hvem|hvor|hvordan|hvilke\w*|hvorfor|når|kva|kven|kor|korleis)\b)",
    re.I,
)


@dataclass(frozen=True)
class Intent:
    name: str  # one of the prototype intents, or "other"
    # what a passage must speak of — requirements: degree, language, driving_licence, age, nationality ...;
    # how_to_apply: documents; location: place; hours: schedule (when, not how much)
    sub: str | None
    yes_no: bool  # the question expects a yes or a no
    score: float


@functools.cache
def _prototypes() -> tuple[list[str], list[str]]:
    data = json.loads(PROTOTYPES.read_text(encoding="utf-8"))
    names, texts = [], []
    for name, languages in data.items():
        for questions in languages.values():
            names += [name] * len(questions)
            texts += questions
    return names, texts


_VECTORS: dict[str, np.ndarray] = {}  # embedding model name -> the prototypes' query embeddings
SHIPPED_VECTORS = PROTOTYPES.with_name("intent_prototype_vectors.npz")  # written by `python eval/intents.py --write`


def _prototypes_hash() -> str:
    return hashlib.sha256(PROTOTYPES.read_bytes()).hexdigest()[:16]


def _shipped(model_name: str) -> np.ndarray | None:
    """The prototypes' vectors shipped for this model, if they match the prototypes as they are now
    (embedding 300 prototypes costs a cold `jobsum ask` 20 s)."""
    try:
        with np.load(SHIPPED_VECTORS) as data:
            if str(data["model"]) == model_name and str(data["prototypes"]) == _prototypes_hash():
                return data["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError):
        pass
    return None


def write_shipped_vectors(embed_model) -> Path:
    _, texts = _prototypes()
    vectors = np.asarray([embed_model.get_query_embedding(t) for t in texts], np.float32)
    np.savez_compressed(SHIPPED_VECTORS, model=embed_model.model_name, prototypes=_prototypes_hash(), vectors=vectors)
    return SHIPPED_VECTORS


def _prototype_vectors(embed_model) -> np.ndarray:
    name = embed_model.model_name
    if name not in _VECTORS:
        vectors = _shipped(name)
        if vectors is None:
            _, texts = _prototypes()
            vectors = np.asarray([embed_model.get_query_embedding(t) for t in texts], np.float32)
        _VECTORS[name] = vectors
    return _VECTORS[name]


def asks_for_documents(question: str) -> bool:
    """'Which documents must I include?', 'What do I send?' — not 'How do I submit my application?'
    (the portal or address, which `sub` leaves None)."""
    return bool(_NAMES_DOCUMENTS.search(question) or (_SENDING.search(question) and not _HOW.search(question)))


def classify(question: str, embed_model, vector: np.ndarray | None = None) -> Intent:
    """The question's intent; `vector` is its query embedding when the caller already has it."""
    names, _ = _prototypes()
    query = np.asarray(vector if vector is not None else embed_model.get_query_embedding(question), dtype=np.float32)
    sims = _prototype_vectors(embed_model) @ query
    best: dict[str, float] = {}
    for name, sim in zip(names, sims):
        best[name] = max(best.get(name, -1.0), float(sim))
    cues = cued(question)
    asks_who = bool(_WHO.search(question.strip()))
    scores = {
        name: sim + (CUE_BONUS if name in cues else 0.0)
        for name, sim in best.items()
        if not (asks_who and name in _NOT_ASKED_BY_WHO)
    }
    # a card fact is answered with a value, so its intent needs a cue word of its own: "What methods will
    # the project use?" is near "How long is the project?" in meaning, but asks for no duration
    scores = {
        name: score
        for name, score in scores.items()
        if name not in FACT_INTENTS or (name in cues and not _WHERE_TO_FIND.search(question))
    }
    asked = _asked_for(question)
    name = asked if asked in scores else max(scores, key=scores.get)
    if scores[name] < MIN_SCORE and name not in cues:
        name = "other"
    sub = None
    if name == "requirements":
        sub = next((s for s, pattern in _SUB_PATTERNS.items() if pattern.search(question)), "other")
    elif name == "how_to_apply" and asks_for_documents(question):
        sub = "documents"
    elif name == "location":
        sub = "place"  # a passage that answers it where the card cannot must place the work
    elif name == "hours" and _ASKS_WHEN_WORKING.search(question) and not _ASKS_EXTENT.search(question):
        sub = "schedule"  # "Is it shift work or full-time?" asks the extent too, which the card answers
    return Intent(name, sub, is_yes_no(question), round(scores.get(name, 0.0), 4))


# "What is X?" / "Hva er X?": the one or two words X name what is asked ('Hva er timelønnen for
# nattevaktene?' asks a wage, whatever the night shifts suggest)
_WHAT_IS = re.compile(
    r"^(?:what(?:'s| is| are| will be)|hva (?:er|blir)|hvor mye er|when is|når er)\s+(?:the |my |a |an |den |det |de )?"
    r"([\w-]+(?: [\w-]+)?)",
    re.I,
)


# "Where will the project be carried out?" / "Hvor skal prosjektet gjennomføres?" asks for a place; not
# "hvor mange/lenge/mye" (how many, long, much), nor where to send, apply or find something
_WHERE = re.compile(
    r"^(?:and |og )?(?:where (?:is|are|will|would|do|does|can|shall|should|am)\b|(?:hvor|kor) (?:skal|ligger|er|blir|"
    r"foregår|jobber|arbeider|holder|befinner|finnes|vil|kan|må|har|gjennomføres)\b)"
    r"(?!.*\b(?:send|sent|submit\w*|apply|upload\w*|find|read|see|sende|sender|sendes|søke|søker|finne|finner|lese|"
    r"laste|lever\w*)\b)",
    re.I,
)


def _asked_for(question: str) -> str | None:
    """The card-fact intent the words after "What is" name, when they name exactly one; a place for
    a question that opens with "Where"."""
    if _WHERE.match(question.strip()) and not cued(question) & (FACT_INTENTS - {"location"}):
        return "location"
    m = _WHAT_IS.match(question.strip())
    named = {n for n in FACT_INTENTS if _CUE_PATTERNS[n].search(spelt(m.group(1)))} if m else set()
    return named.pop() if len(named) == 1 else None


# "Where can I find the salary?" asks where the posting points to, not for the value
_WHERE_TO_FIND = re.compile(WHERE_TO_FIND, re.I)


# the intents a card value answers (qa.facts.FIELD_OF)
FACT_INTENTS = {
    "deadline",
    "salary",
    "start",
    "duration",
    "location",
    "work_mode",
    "hours",
    "contract",
    "contact",
    "employer",
    "title",
}
_WHO = re.compile(r"^(?:and |og |but |men )?(?:who|whom|whose|hvem|kven)\b", re.I)
_NOT_ASKED_BY_WHO = {"salary", "deadline", "start", "duration", "hours", "location", "work_mode", "contract"}


def cued(text: str) -> set[str]:
    """The intents whose cue words the text holds, a typo of a prototype's word read as that word;
    a question asking who ('Who pays the salary?', 'Hvem finansierer stipendet?') asks for a person
    or body, not an amount, a date or a place."""
    spelled = spelt(text)
    found = {name for name, pattern in _CUE_PATTERNS.items() if pattern.search(text) or pattern.search(spelled)}
    return found - _NOT_ASKED_BY_WHO if _WHO.search(text.strip()) else found


def spelt(text: str) -> str:
    """The text with each word of 5+ letters that is one edit (a letter added, dropped or changed)
    from exactly one word of the prototypes or cues replaced by that word ('sallary' -> 'salary')."""
    words = _prototype_words()

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        lowered = word.lower()
        if lowered in words[0]:
            return word
        near = {
            known for variant in _deletes(lowered) for known in words[1].get(variant, ()) if _one_edit(lowered, known)
        }
        return near.pop() if len(near) == 1 else word

    return re.sub(r"[^\W\d_]{5,}", fix, text)


@functools.cache
def _prototype_words() -> tuple[frozenset[str], dict[str, set[str]]]:
    """The words of 5+ letters of the prototypes and the cues, and each one's one-letter deletions ->
    the words."""
    texts = [*_prototypes()[1], *_CUES.values(), *_SUBS.values()]
    known = frozenset(w for text in texts for w in re.findall(r"[^\W\d_]{5,}", text.lower()))
    by_variant: dict[str, set[str]] = {}
    for word in known:
        for variant in _deletes(word):
            by_variant.setdefault(variant, set()).add(word)
    return known, by_variant


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _deletes(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def is_yes_no(question: str) -> bool:
    """A yes/no question, possibly after a statement ("I'm 17. Can I apply?")."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p.strip()]
    asks = [p for p in parts if p.endswith("?")] or parts[-1:]
    return any(_YES_NO.match(p) for p in asks)
