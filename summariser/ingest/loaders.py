"""Reading postings from files: .txt, .md (YAML front matter), .html, .pdf, .jsonl/.json feeds.

`load(path)` yields one `Posting` or one `PostingLoadError` per posting found, so a broken file
costs one error line and never the batch.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from summariser import jsonl
from summariser.errors import PostingLoadError
from summariser.ingest.flags import flag_posting
from summariser.ingest.fragments import fragment_to_text, looks_like_html
from summariser.ingest.html_page import html_to_posting_parts
from summariser.ingest.jsonld import is_jobposting, jobposting_to_parts
from summariser.ingest.nav_feed import is_nav_entry, nav_posting
from summariser.types import Posting

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".jsonl", ".json"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def discover(paths: list[str | Path]) -> Iterator[Path | PostingLoadError]:
    """Expand folders (recursively, sorted) into the files jobsum can read. A path that cannot be
    read, given directly or met inside a folder, is one error: never a silent skip."""
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            yield PostingLoadError(str(path), "no such file or folder")
            continue
        except OSError as err:
            yield PostingLoadError(str(path), f"cannot read: {err.strerror or err}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif stat.S_ISREG(mode):
            yield path
        else:
            yield PostingLoadError(str(path), "not a regular file or folder")


def _walk(folder: Path) -> Iterator[Path | PostingLoadError]:
    unreadable: list[OSError] = []
    found = []
    for top, _, names in os.walk(folder, onerror=unreadable.append):
        found += [Path(top, n) for n in names if not n.startswith(".") and Path(n).suffix.lower() in SUFFIXES]
    yield from sorted(p for p in found if p.is_file())
    for err in unreadable:
        yield PostingLoadError(
            str(err.filename or folder), f"cannot read folder: {err.strerror or err}; the files in it were not read"
        )


def load(path: Path, max_chars: int = 2_000_000) -> Iterator[Posting | PostingLoadError]:
    """Every posting in one file (feeds hold many)."""
    suffix = path.suffix.lower()
    try:
        if suffix not in SUFFIXES:
            raise PostingLoadError(
                str(path), f"unsupported file type '{suffix or path.name}' (use {', '.join(sorted(SUFFIXES))})"
            )
        data = path.read_bytes()
        if not data.strip():
            raise PostingLoadError(str(path), "empty file")
        if suffix == ".pdf":
            postings: Iterator[Posting] = iter([_from_pdf(path, data)])
        elif suffix in {".jsonl", ".json"}:
            yield from _check_all(_from_feed(path, _decode(path, data), suffix), max_chars)
            return
        else:
            text = _decode(path, data)
            postings = iter([_from_html(path, text) if suffix in {".html", ".htm"} else _from_text(path, text)])
        yield from _check_all(postings, max_chars)
    except PostingLoadError as err:
        yield err
    except OSError as err:
        yield PostingLoadError(str(path), f"cannot read: {err.strerror or err}")
    except Exception as err:  # a parser's bug on hostile input costs this file, never the batch
        yield PostingLoadError(str(path), f"cannot read this file ({describe(err)})")


def describe(err: BaseException) -> str:
    """An exception as a short phrase for a `failed:` line."""
    if isinstance(err, RecursionError):
        return "nested too deeply"
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"'{where}': {first['msg']}" if where else first["msg"]
    first = (str(err).splitlines() or [""])[0][:200]
    return f"{type(err).__name__}: {first}" if first else type(err).__name__


def _check_all(items: Iterator[Posting | PostingLoadError], max_chars: int) -> Iterator[Posting | PostingLoadError]:
    for item in items:
        if isinstance(item, Posting):
            if not item.text.strip():
                item = PostingLoadError(item.source_path or item.id, "no text in posting")
            elif not has_visible_text(item.text):
                item = PostingLoadError(
                    item.source_path or item.id, "no visible text in posting (only invisible characters)"
                )
            elif len(item.text) > max_chars:
                item = PostingLoadError(
                    item.source_path or item.id,
                    f"posting is {len(item.text):,} characters, over the {max_chars:,} limit "
                    "(raise JOBSUM_MAX_POSTING_CHARS if this really is one posting)",
                )
            else:
                item = flag_posting(item)
        yield item


def has_visible_text(text: str) -> bool:
    """Any letter, digit, punctuation or symbol (zero-width and format characters are not)."""
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


def _decode(path: Path, data: bytes) -> str:
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff") or _alternating_nuls(data[:8192])
    if utf16:
        raise PostingLoadError(str(path), "not UTF-8 (looks like UTF-16); save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise PostingLoadError(str(path), "binary file, not text (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PostingLoadError(
            str(path), f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); save it as UTF-8"
        ) from None
    return normalise_newlines(text)


def _alternating_nuls(head: bytes) -> bool:
    """UTF-16 text without a byte-order mark: every other byte NUL."""
    if len(head) < 4:
        return False
    shares = sorted(part.count(0) / len(part) for part in (head[0::2], head[1::2]))
    return shares[1] > 0.4 and shares[0] < 0.05


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _from_text(path: Path, text: str) -> Posting:
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as err:
            raise PostingLoadError(str(path), f"bad YAML front matter: {str(err).splitlines()[0]}") from None
        if isinstance(loaded, dict):
            meta = {str(k): v for k, v in loaded.items()}
            text = text[match.end() :]
    title = _str(meta.pop("title", None))
    return Posting(
        id=_str(meta.pop("id", None)) or path.stem,
        text=text,
        title=title or _first_line_title(text),
        employer=_str(meta.pop("employer", None)),
        source_url=_str(meta.pop("source_url", None) or meta.pop("url", None)),
        language=_str(meta.pop("language", None)),
        metadata=_jsonable(meta),
        source_path=str(path),
    )


def _first_line_title(text: str) -> str | None:
    """The first line, once boilerplate is gone, when it is short enough to be a title."""
    from summariser.text.boilerplate import cleaned_text
    from summariser.text.untrusted import find_instructions

    for line in cleaned_text(text[:5000]).split("\n"):
        line = line.strip().lstrip("#").strip()
        if line and find_instructions(line):
            continue
        if line:
            return line if len(line) <= 120 else None
    return None


def _from_html(path: Path, html: str) -> Posting:
    parts = html_to_posting_parts(html)
    if not parts.text.strip():
        raise PostingLoadError(
            str(path), "no main content found in the HTML (only scripts, navigation or an empty body)"
        )
    return _from_parts(path.stem, parts, str(path))


def _from_parts(ident: str, parts, source: str) -> Posting:
    return Posting(
        id=ident,
        text=parts.text,
        title=parts.title,
        employer=parts.employer,
        source_url=parts.url,
        language=parts.language,
        metadata=_jsonable(parts.metadata),
        source_path=source,
    )


def _from_pdf(path: Path, data: bytes) -> Posting:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise PostingLoadError(str(path), f"unreadable PDF ({type(err).__name__}: {err})") from None
    text = normalise_newlines("\n\n".join(p.strip() for p in pages if p.strip()))
    if not text.strip():
        raise PostingLoadError(str(path), "PDF has no extractable text (a scan? run OCR first)")
    info = reader.metadata or {}
    title = _str(info.get("/Title")) if hasattr(info, "get") else None
    return Posting(id=path.stem, text=text, title=title or _first_line_title(text), source_path=str(path))


def _from_feed(path: Path, text: str, suffix: str) -> Iterator[Posting | PostingLoadError]:
    if suffix == ".json":
        loaded = jsonl.loads(text)
        if isinstance(loaded, json.JSONDecodeError):
            yield PostingLoadError(str(path), f"invalid JSON: {loaded.msg} at line {loaded.lineno}")
            return
        records = loaded if isinstance(loaded, list) else [loaded]
        located = (
            [(f"{path}[{i}]", r) for i, r in enumerate(records)] if isinstance(loaded, list) else [(str(path), loaded)]
        )
    else:
        located = []
        for number, value in jsonl.parse(text):
            if isinstance(value, json.JSONDecodeError):
                yield PostingLoadError(f"{path}:{number}", f"invalid JSON line: {value.msg}")
            else:
                located.append((f"{path}:{number}", value))
    for where, record in located:
        try:
            yield _from_record(record, where, path)
        except PostingLoadError as err:
            yield err
        except Exception as err:  # any malformed record is its own failure
            yield PostingLoadError(where, f"malformed record ({describe(err)})")


def _from_record(record: Any, where: str, path: Path) -> Posting:
    if not isinstance(record, dict):
        raise PostingLoadError(where, "expected a JSON object with 'id' and 'text', or a schema.org JobPosting")
    if is_nav_entry(record):
        return nav_posting(record, where)
    if is_jobposting(record):
        try:
            parts = jobposting_to_parts(record)
        except ValueError as err:
            raise PostingLoadError(where, str(err)) from None
        if not parts.text.strip():
            raise PostingLoadError(where, "JobPosting has no description")
        ident = _str(
            record.get("identifier", {}).get("value")
            if isinstance(record.get("identifier"), dict)
            else record.get("identifier")
        )
        fallback = f"{path.stem}-{hashlib.sha1(parts.text.encode()).hexdigest()[:10]}"
        return _from_parts(ident or _str(record.get("@id")) or fallback, parts, where)
    ident, body = _str(record.get("id")), record.get("text")
    if not ident or not isinstance(body, str):
        raise PostingLoadError(where, "record needs a string 'id' and 'text' (corpus format) or '@type': 'JobPosting'")
    known = {"id", "text", "title", "employer", "url", "source_url", "language"}
    metadata = _jsonable({k: v for k, v in record.items() if k not in known and v not in (None, {}, [], "")})
    text = normalise_newlines(body)
    if looks_like_html(text):  # a feed that stored the page's markup as the text
        text, hidden = fragment_to_text(text)
        metadata = {**metadata, "converted": "html", **({"flags": hidden} if hidden else {})}
    return Posting(
        id=ident,
        text=text,
        title=_str(record.get("title")),  # a feed without titles gets none guessed
        employer=_str(record.get("employer")),
        source_url=_str(record.get("url") or record.get("source_url")),
        language=_str(record.get("language")),
        metadata=metadata,
        source_path=where,
    )


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _jsonable(meta: dict[str, Any]) -> dict[str, Any]:
    """Dates and other YAML types become strings so metadata round-trips through JSON."""
    return json.loads(json.dumps(meta, default=str))
