"""What every parser shares: building a checked item, per-item refusals, urgency scales."""

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from manset.turkish import ascii_lower
from manset.wires.errors import WireFormatError
from manset.wires.items import ParsedItem, Refusal, Urgency
from manset.wires.text import clean_text, html_to_text

T = TypeVar("T")

MAX_HEADLINE = 500


def build_item(**fields) -> ParsedItem:
    """A ParsedItem from a parser's fields, refused (WireFormatError) without headline or body.

    Plain-text fields are cleaned here so that no parser can forget to.
    """
    for name in (
        "headline",
        "slugline",
        "abstract",
        "byline",
        "dateline",
        "city",
        "category",
        "guid",
        "provider",
        "link",
    ):
        if name in fields:
            fields[name] = clean_text(fields[name])
    fields["language"] = ascii_lower(clean_text(fields.get("language", ""))).replace("_", "-")
    for name in ("subjects", "keywords", "references"):
        if name in fields:
            fields[name] = tuple(dict.fromkeys(v for v in map(clean_text, fields[name]) if v))
    if not _web_address(fields.get("link", "")):
        fields["link"] = ""  # a javascript: or data: "link" is nobody's web page
    if fields.get("media"):
        fields["media"] = tuple(
            m if _web_address(m.url) else dataclasses.replace(m, url="") for m in fields["media"]
        )
    guid, headline, body = fields.get("guid"), fields.get("headline"), fields.get("body", "")
    where = f"item {guid}" if guid else "the item"
    if not guid:
        raise WireFormatError(f"{where}: no identifier (guid) to tell its versions apart")
    if not headline:
        raise WireFormatError(f"{where}: no headline")
    if len(headline) > MAX_HEADLINE:
        raise WireFormatError(f"{where}: the headline is {len(headline)} characters long")
    if not html_to_text(body):
        raise WireFormatError(f"{where} ({headline[:60]}): no body text")
    return ParsedItem(**fields)


def _web_address(url: str) -> bool:
    return not url or ascii_lower(url.strip()).startswith(("http://", "https://"))


def each(elements: Iterable[T], read: Callable[[T], ParsedItem]) -> Iterator[ParsedItem | Refusal]:
    """Read each element of a multi-item file; a bad one becomes a Refusal and the rest go on."""
    for element in elements:
        try:
            yield read(element)
        except WireFormatError as exc:
            yield Refusal(reason=str(exc))


def urgency_from_iptc(value) -> Urgency:
    """IPTC urgency 1–9 (1 most urgent): 1 flash, 2–3 urgent, 4–6 normal, 7–9 low."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return Urgency.NORMAL
    if number <= 0:
        return Urgency.NORMAL
    if number == 1:
        return Urgency.FLASH
    if number <= 3:
        return Urgency.URGENT
    if number <= 6:
        return Urgency.NORMAL
    return Urgency.LOW


def version_number(value, *, default: int = 1) -> int:
    """An item version as an int; agencies write "3", " 3 " or nothing at all."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if 0 <= number < 2**31 else default


# Names and domains agencies use for themselves, to the codes of newsroom.Agency.
_PROVIDERS = (
    ("AA", ("aa.com.tr", "anadolu ajansi", "anadolu ajansı", "anadolu agency", "aa")),
    ("IHA", ("iha.com.tr", "ihlas", "iha", "i̇ha", "İha")),
    ("DHA", ("dha.com.tr", "demiroren", "demirören", "dha")),
    ("REUTERS", ("reuters", "thomsonreuters")),
    ("AFP", ("afp.com", "afp", "agence france")),
    ("AP", ("ap.org", "associated press", "ap")),
)


def provider_code(*hints: str | None) -> str:
    """The agency code for the first hint that names a known agency, else the first hint.

    >>> provider_code("http://www.reuters.com/", "x")
    'REUTERS'
    >>> provider_code("nprov:AcmeNews")
    'AcmeNews'
    >>> provider_code("afp.com")
    'AFP'
    """
    for hint in hints:
        if not hint:
            continue
        folded = ascii_lower(clean_text(hint)).split(":")[-1].strip("/ ")
        for code, names in _PROVIDERS:
            for name in names:
                if folded == name or (len(name) > 3 and name in folded):
                    return code
    for hint in hints:
        if hint and clean_text(hint):
            hint = clean_text(hint)
            # A qcode ("nprov:AcmeNews") names the provider after its scheme.
            return (hint.split(":", 1)[1] if _QCODE.match(hint) else hint)[:60]
    return ""


_QCODE = re.compile(r"^[A-Za-z][\w.-]*:[^\s/:]+$")
