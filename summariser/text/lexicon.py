"""Word lists and patterns the text layer shares, English and Norwegian: month names, number
words, currencies, contact details and duration units. Parsers, the grounding rules and the
evidence scorer build their patterns from these, so a word added here is known everywhere."""

from __future__ import annotations

MONTHS = {  # month names and abbreviations
    "jan": 1,
    "january": 1,
    "januar": 1,
    "feb": 2,
    "february": 2,
    "februar": 2,
    "mar": 3,
    "march": 3,
    "mars": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "mai": 5,
    "jun": 6,
    "june": 6,
    "juni": 6,
    "jul": 7,
    "july": 7,
    "juli": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "okt": 10,
    "oktober": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
    "des": 12,
    "desember": 12,
}

NUMBER_WORDS = {  # cardinals; a compound with a hyphen is also written with a space
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "thirty-six": 36,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "en": 1,
    "ett": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}

CURRENCY_CODES = ("NOK", "GBP", "EUR", "USD", "SEK", "DKK", "CHF", "PLN", "CZK", "CAD", "AUD")
CURRENCY_SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD"}
CURRENCY_WORDS = {"kr": "NOK", "kr.": "NOK", "kroner": "NOK", "pounds": "GBP", "euro": "EUR", "euros": "EUR"}

DURATION_UNITS = {  # unit word -> years | months | weeks
    "year": "years",
    "years": "years",
    "år": "years",
    "month": "months",
    "months": "months",
    "måned": "months",
    "måneder": "months",
    "måneders": "months",
    "mnd": "months",
    "week": "weeks",
    "weeks": "weeks",
    "uker": "weeks",
}


def alternation(words) -> str:
    """A regex alternation of words, longest first, a hyphen or space matching either."""
    escaped = (w.replace(".", r"\.").replace("-", "[- ]") for w in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


NUMBER_WORD = alternation(NUMBER_WORDS)
CURRENCY = alternation([*CURRENCY_CODES, *CURRENCY_WORDS])
DURATION_UNIT = alternation(DURATION_UNITS)
EMAIL = r"[\w.+-]+@[\w-]+\.[\w.-]*\w"
PHONE = r"\+?\d{2}[\d ]{6,}\d"
CONTACT = f"{EMAIL}|{PHONE}"
# "Where can I find the salary?" / "Hvor finner jeg utlysningen?": where the posting points to (an
# address), not the value itself
WHERE_TO_FIND = r"\bwhere (?:can|do|should|could) (?:i|we|one) (?:find|see|read|get|look up)\b|\bhvor (?:finner|ser|leser) (?:jeg|eg|man)\b"


def number_word_value(word: str) -> int:
    """The value of a number word as matched by NUMBER_WORD ('twenty four' = 'twenty-four' = 24)."""
    return NUMBER_WORDS[word.lower().replace(" ", "-")]


# words that say a date is the application deadline ("Closing date:", "Søknadsfrist", "we look
# forward to receiving your CV by …"); cards read the deadline with it, Q&A accepts a quote by it
DEADLINE_CUE = (
    r"dead ?line|closing date|closes|end of (?:the )?application|apply by|applications? (?:must|should) be (?:received|submitted) by|"
    r"latest we can accept|søknadsfrist|søk senest|frist|close (?:on|at)\b|will close|apply (?:until|before|by)|"
    r"last (?:day|date) (?:of|for) (?:the )?applications?|last application date|(?:vacancy|position|call) is open until|"
    r"\b(?:receiv|submi|sen[dt]|e-?mail|applications?\b|apply\b)\w*(?:(?!interview)(?:[^.]|\.(?=\w))){0,60}?"
    r"\b(?:by|before|until|no later than|at the latest|latest)\b"
)


# languages a posting may ask an applicant to use: the English name -> the Norwegian one (cards read
# them, Q&A answers with them and matches a question's language words in either language)
LANGUAGES = {
    "English": "engelsk", "Norwegian": "norsk", "Scandinavian": "skandinavisk", "Swedish": "svensk",
    "Danish": "dansk", "German": "tysk", "French": "fransk", "Spanish": "spansk", "Dutch": "nederlandsk",
    "Italian": "italiensk", "Finnish": "finsk", "Polish": "polsk", "Russian": "russisk", "Chinese": "kinesisk",
    "Arabic": "arabisk", "Portuguese": "portugisisk",
}  # fmt: skip
