"""Reading untrusted agency bytes: size limit, archives, encodings, and XML without entities.

lxml is told never to load a DTD, resolve an entity or touch the network, and a
document that declares entities is refused outright: wire formats never need
them, and they are how XML bombs and external-entity attacks work.
"""

import codecs
import re

from lxml import etree

from manset.turkish import ascii_lower
from manset.wires.errors import WireFormatError

MAX_BYTES = 10 * 1024 * 1024  # the largest agency text file seen is well under 1 MB

DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.S)
# Letters Windows-1254 / ISO-8859-9 have where Latin-1 has Icelandic ones: ğ Ğ ı İ ş Ş.
LATIN1_TURKISH_SLOTS = "ðÐýÝþÞ"
# Text codecs Python has that no document is written in.
NOT_CHARSETS = {"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}
ARCHIVES = {
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"%PDF": "a PDF document",
}


def check_size(data: bytes, *, limit: int = MAX_BYTES) -> None:
    if len(data) > limit:
        raise WireFormatError(
            f"the file is {len(data) / 1048576:.1f} MB; wire files above "
            f"{limit / 1048576:.0f} MB are refused"
        )
    if not data.strip():
        raise WireFormatError("the file is empty")
    for magic, what in ARCHIVES.items():
        if data.startswith(magic):
            raise WireFormatError(
                f"this is {what}, not a news file; unpack it and import the files inside"
            )


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """The text of `data` and the encoding used: a BOM, then the declaration, then detection.

    Undeclared bytes that are not UTF-8 are read as Windows-1254 (Turkish; a
    superset of ISO-8859-9 for letters). Latin-1 declared on Turkish text (ý þ ð
    where ı ş ğ belong) is read as ISO-8859-9.
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_as(data, name, bom=True), name
    if declared is None:
        match = DECLARATION.match(data[:200])
        declared = match[1].decode("ascii") if match else None
    if declared:
        name = _text_encoding(declared)
        text = _decode_as(data, name)
        if name in ("latin-1", "iso8859-1", "cp1252") and _looks_turkish(text):
            return data.decode("iso8859-9"), "iso8859-9"
        return text, name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1254", errors="replace"), "cp1254"


def _text_encoding(declared: str) -> str:
    """Python's name for a declared character set; codecs that are not one are refused.

    Python also knows "hex", "base64", "zlib" and "rot13", which turn bytes into
    bytes or text into text, and codecs for escapes and host names: a file declaring
    one is not a text file. UTF-7 reads "+ADw-" as "<", an old way to smuggle markup.
    """
    try:
        name = codecs.lookup(declared).name
        b"-".decode(name)  # LookupError for codecs that are not text encodings
    except LookupError:
        name = ""
    except UnicodeError:
        pass  # a text encoding that cannot read "-" alone (UTF-16, UTF-32)
    if not name or name in NOT_CHARSETS:
        raise WireFormatError(
            f"the declared encoding {declared!r} is not a character set Manşet reads; "
            "wire files are UTF-8, ISO-8859-9 or Windows-1254"
        )
    return name


def _decode_as(data: bytes, name: str, *, bom: bool = False) -> str:
    try:
        return data.decode(name + ("-sig" if bom and name == "utf-8" else ""))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = f"{data[exc.start]:02X}"
        raise WireFormatError(
            f"line {line}, column {column}: byte 0x{bad} is not valid {name} "
            "as the file declares; the agency sent the wrong encoding"
        ) from None
    except (UnicodeError, ValueError) as exc:  # codecs that fail without a position
        raise WireFormatError(
            f"the file cannot be read as {name}, the encoding it declares: {exc}"
        ) from None


def _looks_turkish(text: str) -> bool:
    return sum(text.count(ch) for ch in LATIN1_TURKISH_SLOTS) >= 2


_PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    encoding="utf-8",
)


def parse_xml_text(text: str) -> etree._Element:
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise WireFormatError(
            f"line {text.count(chr(10), 0, text.index(chr(0))) + 1}: NUL byte in the file"
        )
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        message = exc.msg or str(exc)
        if any(hint in ascii_lower(message) for hint in ("truncated", "premature end")):
            message += " (the file looks truncated)"
        raise WireFormatError(f"line {line}, column {column}: malformed XML: {message}") from None
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise WireFormatError(
            "the document declares entities (<!ENTITY …>); they are refused because "
            "XML bombs and external-entity attacks are made of them"
        )
    if root is None:
        raise WireFormatError("the file holds no XML element")
    return root


def local(tag) -> str:
    """An element's name without its namespace: '{http://…}newsItem' → 'newsItem'."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
