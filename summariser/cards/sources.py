"""Facts a source publishes beside the text: a page's schema.org JobPosting (JSON-LD), a feed
record's `fields` (jobs.ac.uk, arbeidsplassen.nav.no) and NAV's feed ad. Each becomes a card value
with provenance `source:<field>`; the text's own word wins, and where the two disagree the card
keeps both and says so (`JobCard.conflicts`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summariser.cards.schema import Evidence, Salary
from summariser.text import parsers


@dataclass
class SourceFact:
    field: str
    value: object
    evidence: Evidence


_ENGAGEMENT = {"fast": "permanent", "vikariat": "temporary", "engasjement": "fixed_term", "åremål": "fixed_term"}
_EXTENT = {"heltid": "full_time", "deltid": "part_time", "full_time": "full_time", "part_time": "part_time"}
_PERIOD = {"YEAR": "year", "MONTH": "month", "HOUR": "hour"}
_COUNTRIES = frozenset("norge norway noreg sverige sweden danmark denmark uk united kingdom".split())


def source_facts(metadata: dict) -> list[SourceFact]:
    """Every fact the posting's structured data states, most authoritative source first."""
    facts: list[SourceFact] = []
    if isinstance(metadata.get("nav"), dict):
        facts += _nav(metadata["nav"])
    if isinstance(metadata.get("jsonld"), dict):
        facts += _jsonld(metadata["jsonld"], metadata.get("location"))
    if isinstance(metadata.get("fields"), dict):
        facts += _fields(metadata["fields"])
    return facts


def _fact(field: str, value: object, source: str, given: object) -> Iterator[SourceFact]:
    if value not in (None, "", []):
        yield SourceFact(field, value, Evidence(quote=str(given)[:300], provenance=f"source:{source}"))


def _date(raw: object) -> str | None:
    if isinstance(raw, str) and re.match(r"\d{4}-\d{2}-\d{2}", raw):
        return raw[:10]
    dates = parsers.parse_dates(str(raw or ""))
    return dates[0].value if dates else None  # a date without a year is not guessed


def _nav(ad: dict) -> list[SourceFact]:
    employer = ad.get("employer") if isinstance(ad.get("employer"), dict) else {}
    places = [p for p in ad.get("workLocations") or [] if isinstance(p, dict)]
    city = next((p.get("city") or p.get("municipal") for p in places if p.get("city") or p.get("municipal")), None)
    extent, engagement = str(ad.get("extent") or ""), str(ad.get("engagementtype") or "")
    return [
        *_fact("title", ad.get("jobtitle") or ad.get("title"), "nav.jobtitle", ad.get("jobtitle") or ad.get("title")),
        *_fact("employer", employer.get("name"), "nav.employer.name", employer.get("name")),
        *_fact(
            "location", city.title() if isinstance(city, str) and city.isupper() else city, "nav.workLocations", city
        ),
        *_fact("deadline", _date(ad.get("applicationDue")), "nav.applicationDue", ad.get("applicationDue")),
        *_fact("posted", _date(ad.get("published")), "nav.published", ad.get("published")),
        *_fact("employment_type", _EXTENT.get(extent.lower()), "nav.extent", extent),
        *_fact("contract", _ENGAGEMENT.get(engagement.lower()), "nav.engagementtype", engagement),
        *_fact("start_date", ad.get("starttime"), "nav.starttime", ad.get("starttime")),
    ]


def _jsonld(obj: dict, location: object) -> list[SourceFact]:
    org = obj.get("hiringOrganization")
    employer = org.get("name") if isinstance(org, dict) else org if isinstance(org, str) else None
    kinds = obj.get("employmentType")
    kinds = [k for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)]
    employment = next((_EXTENT[k.lower()] for k in kinds if k.lower() in _EXTENT), None)
    contract = "temporary" if any(k.upper() == "TEMPORARY" for k in kinds) else None
    remote = "remote" if obj.get("jobLocationType") == "TELECOMMUTE" else None
    return [
        *_fact(
            "title", obj.get("title") if isinstance(obj.get("title"), str) else None, "jsonld.title", obj.get("title")
        ),
        *_fact("employer", employer, "jsonld.hiringOrganization", employer),
        *_fact("location", location if isinstance(location, str) else None, "jsonld.jobLocation", location),
        *_fact("deadline", _date(obj.get("validThrough")), "jsonld.validThrough", obj.get("validThrough")),
        *_fact("posted", _date(obj.get("datePosted")), "jsonld.datePosted", obj.get("datePosted")),
        *_fact("employment_type", employment, "jsonld.employmentType", kinds),
        *_fact("contract", contract, "jsonld.employmentType", kinds),
        *_fact("work_mode", remote, "jsonld.jobLocationType", obj.get("jobLocationType")),
        *_fact("salary", _jsonld_salary(obj.get("baseSalary")), "jsonld.baseSalary", obj.get("baseSalary")),
    ]


def _jsonld_salary(base: object) -> Salary | None:
    if not isinstance(base, dict):
        return None
    value = base.get("value") if isinstance(base.get("value"), dict) else {"value": base.get("value")}
    low, high = value.get("minValue", value.get("value")), value.get("maxValue", value.get("value"))
    try:
        low, high = (float(low) if low is not None else None), (float(high) if high is not None else None)
    except (TypeError, ValueError):
        return None
    if (low is None and high is None) or not isinstance(base.get("currency"), str):
        return None
    period = _PERIOD.get(str(value.get("unitText", "")).upper())
    return Salary(min=low, max=high, currency=base["currency"].upper(), period=period, text=None)


def _fields(fields: dict) -> list[SourceFact]:
    """A feed record's own fields: jobs.ac.uk (location, hours, closes, salary, contract_type,
    placed_on) and arbeidsplassen.nav.no's page (company, location, deadline, stillingstittel,
    oppstart, type_ansettelse, arbeidstid)."""
    text = {k: v for k, v in fields.items() if isinstance(v, str) and v.strip()}
    facts: list[SourceFact] = []
    if "location" in text:  # "Ringveien 99, 9018 Tromsø, Hjemmekontor ikke mulig" -> Tromsø
        parts = [re.sub(r"^\d{4}\s+", "", p.strip()) for p in text["location"].split(",")]
        places = [p for p in parts if p and not re.search(r"kontor|office|\d", p, re.I) and p.lower() not in _COUNTRIES]
        facts += _fact("location", places[0] if places else None, "fields.location", text["location"])
        mode = parsers.work_mode(text["location"])
        facts += _fact("work_mode", mode.value if mode else None, "fields.location", text["location"])
    for key in ("closes", "deadline"):
        if key in text:
            facts += _fact("deadline", _date(text[key]), f"fields.{key}", text[key])
    for key in ("hours", "type_ansettelse"):
        if key in text:
            kind = parsers.employment_type(text[key])
            facts += _fact("employment_type", kind.value if kind else None, f"fields.{key}", text[key])
    for key in ("contract_type", "type_ansettelse"):
        if key in text:
            first = text[key].split(",")[0].strip().lower()
            found = _ENGAGEMENT.get(first) or (kind.value if (kind := parsers.contract(text[key])) else None)
            facts += _fact("contract", found, f"fields.{key}", text[key])
    if "salary" in text and (money := parsers.parse_money(text["salary"])):
        m = money[0]
        salary = Salary(min=m.min, max=m.max, currency=m.currency, period=m.period, text=text["salary"])
        facts += _fact("salary", salary, "fields.salary", text["salary"])
    facts += _fact("posted", _date(text.get("placed_on")), "fields.placed_on", text.get("placed_on"))
    facts += _fact("employer", text.get("company"), "fields.company", text.get("company"))
    facts += _fact("title", text.get("stillingstittel"), "fields.stillingstittel", text.get("stillingstittel"))
    facts += _fact("start_date", text.get("oppstart"), "fields.oppstart", text.get("oppstart"))
    facts += _fact("working_hours", text.get("arbeidstid"), "fields.arbeidstid", text.get("arbeidstid"))
    return facts


CHECKED = ("deadline", "salary", "employment_type", "contract", "work_mode", "duration", "posted", "location")


def disagree(field: str, text_value: object, source_value: object) -> bool:
    """Whether the text and the source state different things for a field (text fields: neither
    contains the other, ignoring case; salaries: different amounts or currency)."""
    if isinstance(text_value, Salary) and isinstance(source_value, Salary):
        return (text_value.currency, text_value.min, text_value.max) != (
            source_value.currency,
            source_value.min,
            source_value.max,
        )
    a, b = " ".join(str(text_value).lower().split()), " ".join(str(source_value).lower().split())
    return a not in b and b not in a
