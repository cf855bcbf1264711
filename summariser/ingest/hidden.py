"""Text a web page hides from its readers: `hidden`, display:none, visibility:hidden, opacity 0,
a zero font size or box, off-screen or clipped boxes, and text coloured like its background
(white on white). Such text is still extracted (trafilatura keeps some of it), so the HTML loader
marks every hidden element before extraction and reads the marks back as flagged spans: the text
stays in the stored posting, but it is never evidence (see ingest/flags.py).

Styles come from `style` attributes and simple `<style>` rules (tag, .class, #id and their
compounds); scripts that hide text at run time are out of reach, as they are for trafilatura.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

_MARK = "⟦{close}{nonce}h{number}⟧"  # the nonce is new for every page, so no page can forge a mark
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?((?:[.#][\w-]+)*)$", re.I)
_NAMED = {
    "white": (255, 255, 255),
    "black": (0, 0, 0),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "silver": (192, 192, 192),
    "whitesmoke": (245, 245, 245),
    "snow": (255, 250, 250),
    "ivory": (255, 255, 240),
    "navy": (0, 0, 128),
    "orange": (255, 165, 0),
}
WHITE = (255, 255, 255)
TRANSPARENT = "transparent"


@dataclass
class Marks:
    nonce: str = field(default_factory=lambda: secrets.token_hex(4))
    reasons: dict[int, str] = field(default_factory=dict)

    def open(self, number: int) -> str:
        return _MARK.format(close="", nonce=self.nonce, number=number)

    def close(self, number: int) -> str:
        return _MARK.format(close="/", nonce=self.nonce, number=number)

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(rf"⟦(/?){self.nonce}h(\d+)⟧")


@dataclass(frozen=True)
class Hidden:
    start: int
    end: int
    why: str


KIND = "hidden-html"  # the kind of flag hidden text gets in a posting's metadata (ingest/flags.py)


def as_flags(hidden: list[Hidden]) -> list[dict[str, object]]:
    """Hidden spans as a posting's metadata flags (`{"kind", "rule", "start", "end"}`)."""
    return [{"kind": KIND, "rule": h.why, "start": h.start, "end": h.end} for h in hidden]


def mark_hidden(html: str) -> tuple[str, Marks]:
    """The page with every outermost hidden element's text wrapped in numbered marks, and why each
    is hidden. A page with nothing hidden comes back unchanged."""
    import lxml.html

    marks = Marks()
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return html, marks
    rules = _Rules(" ".join(style.text_content() for style in root.iter("style")))
    skip: set = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element in skip or element.tag in {"script", "style", "head"}:
            continue
        why = _why_hidden(element, rules)
        if why and _wrap(element, marks, len(marks.reasons)):
            marks.reasons[len(marks.reasons)] = why
            skip.update(element.iterdescendants())
    if not marks.reasons:
        return html, marks
    return lxml.html.tostring(root, encoding="unicode"), marks


def unmark(text: str, marks: Marks) -> tuple[str, list[Hidden]]:
    """Text without the marks, and the spans they enclosed. A mark whose partner extraction lost
    reaches to the end (or from the start) of its paragraph."""
    out: list[str] = []
    opened: dict[int, int] = {}
    found: list[Hidden] = []
    pos = length = 0
    reasons = marks.reasons
    if not reasons:
        return text, []
    for match in marks.pattern.finditer(text):
        out.append(text[pos : match.start()])
        length += match.start() - pos
        pos = match.end()
        number = int(match.group(2))
        if not match.group(1):
            opened[number] = length
        elif number in opened:
            found.append(Hidden(opened.pop(number), length, reasons.get(number, "hidden")))
        else:
            clean = "".join(out)
            found.append(Hidden(clean.rfind("\n\n", 0, length) + 1, length, reasons.get(number, "hidden")))
    out.append(text[pos:])
    clean = "".join(out)
    for number, start in opened.items():
        stop = clean.find("\n\n", start)
        found.append(Hidden(start, len(clean) if stop < 0 else stop, reasons.get(number, "hidden")))
    kept = [h for h in found if h.end > h.start and clean[h.start : h.end].strip()]
    return clean, sorted(kept, key=lambda h: (h.start, h.end))


def _wrap(element, marks: Marks, number: int) -> bool:
    """Put the marks around the element's text (first and last non-blank text inside it)."""
    slots = [(element, "text")]
    for child in element.iterdescendants():
        slots += [(child, "text"), (child, "tail")]
    filled = [(node, attr) for node, attr in slots if (getattr(node, attr) or "").strip()]
    if not filled:
        return False
    (first, first_attr), (last, last_attr) = filled[0], filled[-1]
    setattr(first, first_attr, marks.open(number) + getattr(first, first_attr))
    setattr(last, last_attr, getattr(last, last_attr) + marks.close(number))
    return True


def _why_hidden(element, rules) -> str | None:
    if element.get("hidden") is not None:
        return "hidden attribute"
    if (element.get("aria-hidden") or "").strip().lower() == "true":
        return "aria-hidden"
    style = _style(element, rules)
    checks = (
        (style.get("display") == "none", "display:none"),
        (style.get("visibility") in {"hidden", "collapse"}, "visibility:hidden"),
        (_number(style.get("opacity"), 1.0) < 0.1, "opacity:0"),
        (_tiny(style.get("font-size")), "zero font size"),
        (_zero_box(style), "zero-size box"),
        (_off_screen(style), "off-screen"),
        (_clipped(style), "clipped to nothing"),
        (_same_colour(element, style, rules), "text coloured like its background"),
    )
    return next((why for hit, why in checks if hit), None)


_RELEVANT = frozenset(
    "display visibility opacity font-size width height max-width max-height overflow transform left top right "
    "margin-left margin-top text-indent clip clip-path color background background-color".split()
)


class _Rules:
    """Rules with simple selectors that set a property hiding can depend on (a page's whole CSS
    framework is mostly other rules), indexed by id, class and tag so each element is checked
    against the few that could match it."""

    def __init__(self, css: str):
        self._index: dict[tuple[str, str], list[tuple[str | None, set[str], str | None, dict[str, str]]]] = {}
        for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
            declarations = {k: v for k, v in _declarations(body).items() if k in _RELEVANT}
            if not declarations:
                continue
            for selector in selectors.split(","):
                words = selector.strip().split()[-1:]
                match = _SIMPLE_SELECTOR.match(words[0]) if words else None
                if not match or not (match.group(1) or match.group(2)):
                    continue
                parts = re.findall(r"([.#])([\w-]+)", match.group(2))
                ident = next((name for kind, name in parts if kind == "#"), None)
                classes = {name for kind, name in parts if kind == "."}
                tag = match.group(1).lower() if match.group(1) else None
                key = ("#", ident) if ident else (".", min(classes)) if classes else ("tag", tag or "")
                self._index.setdefault(key, []).append((tag, classes, ident, declarations))

    def style(self, tag: str, classes: set[str], ident: str | None) -> dict[str, str]:
        keys = [("tag", tag), *((".", c) for c in sorted(classes)), *([("#", ident)] if ident else [])]
        style: dict[str, str] = {}
        for key in keys:
            for rule_tag, rule_classes, rule_id, declarations in self._index.get(key, ()):
                if rule_tag in (None, tag) and rule_classes <= classes and rule_id in (None, ident):
                    style.update(declarations)
        return style


def _declarations(body: str) -> dict[str, str]:
    out = {}
    for item in body.split(";"):
        name, colon, value = item.partition(":")
        if colon:
            out[name.strip().lower()] = value.replace("!important", "").strip().lower()
    return out


def _style(element, rules: _Rules) -> dict[str, str]:
    style = rules.style(element.tag.lower(), set((element.get("class") or "").split()), element.get("id"))
    style.update(_declarations(element.get("style") or ""))
    return style


def _number(value: str | None, default: float) -> float:
    match = re.match(r"\s*(-?\d*\.?\d+)", value or "")
    return float(match.group(1)) if match else default


def _length_px(value: str | None) -> float | None:
    match = re.match(r"\s*(-?\d*\.?\d+)\s*(px|pt|em|rem|%|vw|vh)?", value or "")
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    return number * {"em": 16, "rem": 16, "pt": 1.33, "%": 0.16, "vw": 10, "vh": 10}.get(unit, 1)


def _tiny(value: str | None) -> bool:
    size = _length_px(value)
    return size is not None and size <= 1


def _zero_box(style: dict[str, str]) -> bool:
    clipped = style.get("overflow", "").split()[:1] in (["hidden"], ["clip"])
    sizes = [_length_px(style.get(k)) for k in ("width", "height", "max-width", "max-height")]
    small = any(size is not None and size <= 1 for size in sizes)
    return (clipped and small) or bool(re.search(r"scale\(\s*0(?:\.0+)?\s*[,)]", style.get("transform", "")))


def _off_screen(style: dict[str, str]) -> bool:
    for key in ("left", "top", "right", "margin-left", "margin-top", "text-indent"):
        offset = _length_px(style.get(key))
        if offset is not None and offset <= -500:
            return True
    return False


def _clipped(style: dict[str, str]) -> bool:
    clip = style.get("clip", "")
    if clip.startswith("rect(") and all(_number(v, 1) <= 1 for v in re.findall(r"-?\d*\.?\d+", clip)[:4]):
        return True
    return bool(re.match(r"(?:inset\(\s*50%|circle\(\s*0)", style.get("clip-path", "")))


def _same_colour(element, style: dict[str, str], rules) -> bool:
    colour = _colour(style.get("color"))
    if colour is None:
        return False
    if colour == TRANSPARENT:
        return True
    background = _background(element, style, rules)
    return background != TRANSPARENT and sum((a - b) ** 2 for a, b in zip(colour, background)) ** 0.5 < 24


def _background(element, style: dict[str, str], rules):
    node, own = element, style
    while node is not None:
        for value in (own.get("background-color"), own.get("background"), node.get("bgcolor")):
            for token in re.findall(r"#[0-9a-f]{3,8}\b|rgba?\([^)]*\)|[a-z]+", value or "", re.I):
                colour = _colour(token)
                if colour is not None and colour != TRANSPARENT:
                    return colour
        node = node.getparent()
        own = _style(node, rules) if node is not None and isinstance(node.tag, str) else {}
    return WHITE


def _colour(value: str | None):
    value = (value or "").strip().lower()
    if not value:
        return None
    if value == "transparent":
        return TRANSPARENT
    if value in _NAMED:
        return _NAMED[value]
    hex_match = re.fullmatch(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})", value)
    if hex_match:
        digits = hex_match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) == 8 and int(digits[6:8], 16) < 16:
            return TRANSPARENT
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    rgb = re.fullmatch(r"rgba?\(([^)]*)\)", value)
    if rgb:
        numbers = [float(n) for n in re.findall(r"\d*\.?\d+", rgb.group(1))]
        if len(numbers) >= 4 and numbers[3] < 0.07:
            return TRANSPARENT
        if len(numbers) >= 3:
            return tuple(int(min(255, n)) for n in numbers[:3])
    return None
