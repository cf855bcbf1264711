"""What jobsum says around the posting's words, in the question's language (English or Norwegian):
leads, abstentions, and the one sentence that states a card fact."""

from __future__ import annotations

from datetime import date, datetime

from summariser.cards.render import salary_text

_MONTHS_NO = "januar februar mars april mai juni juli august september oktober november desember".split()
_PHRASES = {
    "says": ("The posting says:", "Utlysningen sier:"),
    "also": ("It also says:", "Den sier også:"),
    "not_said": ("The posting does not say.", "Utlysningen sier ikke noe om dette."),
    "not_said_about": ("The posting does not say {what}.", "Utlysningen sier ikke noe om {what}."),
    "closest": ("The closest it says:", "Det nærmeste den sier:"),
    "yes": ("Yes.", "Ja."),
    "no": ("No.", "Nei."),
    "advantage": ("It is an advantage, not a requirement.", "Det er en fordel, ikke et krav."),
    "required": ("Yes, it is required.", "Ja, det kreves."),
    "languages": ("The languages the posting asks for: {names}", "Språkene utlysningen nevner: {names}"),
}
# What a fact is called in an abstention: "The posting does not say when the deadline is."
_ABOUT = {
    "deadline": ("what the application deadline is", "søknadsfristen"),
    "salary": ("what the salary is", "lønnen"),
    "start": ("when the job starts", "når stillingen starter"),
    "duration": ("how long the position lasts", "hvor lenge stillingen varer"),
    "location": ("where the job is", "hvor jobben er"),
    "work_mode": ("whether the job is remote, hybrid or on site", "om jobben er på kontoret, hjemmefra eller hybrid"),
    "hours": ("what the working hours are", "arbeidstiden"),
    "contract": ("what kind of contract it is", "hva slags ansettelse det er"),
    "contact": ("whom to contact", "hvem man kan kontakte"),
    "employer": ("who the employer is", "hvem arbeidsgiveren er"),
    "title": ("what the position is called", "hva stillingen heter"),
}
_LABELS_NO = {
    "on_site": "på arbeidsstedet",
    "remote": "fjernarbeid",
    "hybrid": "hybrid",
    "full_time": "heltid",
    "part_time": "deltid",
    "permanent": "fast",
    "fixed_term": "midlertidig (åremål eller engasjement)",
    "temporary": "et vikariat",
}
_LABELS_EN = {
    "on_site": "on site",
    "remote": "remote",
    "hybrid": "hybrid",
    "full_time": "full time",
    "part_time": "part time",
    "permanent": "permanent",
    "fixed_term": "fixed-term",
    "temporary": "temporary (a substitute or cover post)",
}
_UNITS_NO = {"year": "år", "years": "år", "month": "måned", "months": "måneder", "week": "uke", "weeks": "uker"}


def phrase(key: str, language: str, **fields: str) -> str:
    english, norwegian = _PHRASES[key]
    return (norwegian if language == "no" else english).format(**fields)


def not_said(intent: str, language: str) -> str:
    about = _ABOUT.get(intent)
    if not about:
        return phrase("not_said", language)
    return phrase("not_said_about", language, what=about[1] if language == "no" else about[0])


def spoken_date(iso: str, language: str) -> str:
    day = date.fromisoformat(iso)
    if language == "no":
        return f"{day.day}. {_MONTHS_NO[day.month - 1]} {day.year}"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def fact_sentence(intent: str, card, language: str) -> str | None:
    """One sentence stating the card's value for a fact intent, without its citation marker."""
    no = language == "no"
    if intent == "deadline" and card.deadline:
        when = spoken_date(card.deadline, language)
        return f"Søknadsfristen er {when}" if no else f"The application deadline is {when}"
    if intent == "salary" and card.salary:
        pay = card.salary.text if card.salary.text and "differently" in card.salary.text else salary_text(card)
        return f"Lønnen er {pay}" if no else f"The salary is {pay}"
    if intent == "duration" and card.duration:
        if card.duration.startswith("until "):  # 'until 10 January 2026': a dated end
            end = datetime.strptime(card.duration.removeprefix("until "), "%d %B %Y").date().isoformat()
            return f"Stillingen varer til {spoken_date(end, 'no')}" if no else f"The position lasts {card.duration}"
        length = _duration_no(card.duration) if no else card.duration
        return f"Stillingen varer i {length}" if no else f"The position lasts {length}"
    if intent == "location" and card.location:
        return f"Arbeidsstedet er {card.location}" if no else f"The job is in {card.location}"
    if intent == "work_mode" and card.work_mode:
        return f"Arbeidsformen er {_LABELS_NO[card.work_mode]}" if no else f"The job is {_LABELS_EN[card.work_mode]}"
    if intent == "contract" and card.contract:
        return f"Stillingen er {_LABELS_NO[card.contract]}" if no else f"The position is {_LABELS_EN[card.contract]}"
    if intent == "hours" and (card.working_hours or card.employment_type):
        value = card.working_hours or (_LABELS_NO if no else _LABELS_EN)[card.employment_type]
        return f"Arbeidstid: {value}" if no else f"Working hours: {value}"
    if intent == "start" and card.start_date:
        return (
            f"Om oppstart sier utlysningen: {card.start_date}"
            if no
            else f"On the start, the posting says: {card.start_date}"
        )
    if intent == "contact" and card.contact:
        return f"Kontakt: {card.contact}" if no else f"Contact: {card.contact}"
    if intent == "title" and card.title:
        return f"Stillingstittelen er {card.title}" if no else f"The job title is {card.title}"
    if intent == "employer" and card.employer:
        return f"Arbeidsgiveren er {card.employer}" if no else f"The employer is {card.employer}"
    return None


def _duration_no(duration: str) -> str:
    number, _, unit = duration.partition(" ")
    return f"{number} {_UNITS_NO.get(unit, unit)}"
