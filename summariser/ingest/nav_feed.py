"""NAV's job-ad feed (pam-stilling-feed, arbeidsplassen.nav.no): one feed entry, or its ad, as a posting.

A feed entry (`GET /api/v1/feedentry/{uuid}`) is `{uuid, status, sistEndret, ad_content}`; the ad
holds title, description (HTML), employer {name, orgnr, description, homepage}, workLocations
[{address, postalCode, city, municipal, county, country}], applicationDue, extent (Heltid/Deltid),
engagementtype (Fast, Engasjement, Vikariat ...), starttime, jobtitle, positioncount, sector, link
... (navikt/pam-stilling-feed, dto/FeedAd.kt; its published docs call `ad_content` `json`). An
inactive entry carries no ad: it is an error line here, not a posting. The ad's text is its HTML
description; its structured fields are kept as the posting's `nav` metadata, which cards use as
source facts (`source:nav.applicationDue` ...).
"""

from __future__ import annotations

from typing import Any

from summariser.errors import PostingLoadError
from summariser.ingest.fragments import fragment_to_text
from summariser.types import Posting

SOURCE = "arbeidsplassen.nav.no"
_AD_KEYS = {"uuid", "title", "description", "employer"}


def is_nav_entry(record: dict) -> bool:
    """A feed entry (with or without its ad), a bare ad, or a feed page listing entries."""
    page = isinstance(record.get("items"), list) and ("feed_url" in record or "next_url" in record)
    entry = "uuid" in record and ("ad_content" in record or "json" in record or "status" in record)
    return page or entry or (record.keys() >= _AD_KEYS and "workLocations" in record)


def nav_posting(record: dict, where: str) -> Posting:
    if isinstance(record.get("items"), list):
        raise PostingLoadError(
            where,
            f"a NAV feed page lists {len(record['items'])} ads without their text: fetch each entry "
            "(GET /api/v1/feedentry/<uuid>) and ingest those files",
        )
    ad = record.get("ad_content") or record.get("json") or (record if record.keys() >= _AD_KEYS else None)
    if not isinstance(ad, dict):
        status = record.get("status") or "no ad"
        raise PostingLoadError(
            where, f"NAV feed entry {record.get('uuid')} is {status} and carries no ad: nothing to ingest"
        )
    uuid = _text(ad.get("uuid")) or _text(record.get("uuid"))
    if not uuid:
        raise PostingLoadError(where, "NAV ad without a uuid")
    text, hidden = fragment_to_text(_text(ad.get("description")) or "")
    if not text:
        raise PostingLoadError(where, f"NAV ad {uuid} has no description")
    employer = ad.get("employer") if isinstance(ad.get("employer"), dict) else {}
    fields = {k: v for k, v in ad.items() if k != "description" and v not in (None, "", [], {})}
    return Posting(
        id=f"nav-{uuid}",
        text=text,
        title=_text(ad.get("title")),
        employer=_text(employer.get("name")),
        source_url=_text(ad.get("link")) or _text(ad.get("sourceurl")) or None,
        language="no",
        metadata={
            "source": SOURCE,
            "nav": fields,
            **({"status": record["status"]} if record.get("status") else {}),
            **({"flags": hidden} if hidden else {}),
        },
        source_path=where,
    )


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
