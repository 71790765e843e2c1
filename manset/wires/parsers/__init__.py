"""One parser module per wire format, and `parse()` choosing between them.

Each XML format module has `FORMAT`, `matches(root) -> bool` and
`read(root) -> Iterator[ParsedItem | Refusal]`; ninjs reads JSON. `parse()`
checks size and archives, decodes, parses the XML safely, and hands the root
to the first module that recognises it.
"""

import dataclasses
import json

from manset.wires.errors import WireFormatError
from manset.wires.items import ParsedItem, ParseResult, Refusal
from manset.wires.parsers import atom, iha, newsml12, newsml_g2, ninjs, nitf, rss
from manset.wires.safexml import check_size, decode, local, parse_xml_text

# Order matters: İHA's feed is RSS with its own fields, so it is asked first.
XML_PARSERS = (newsml_g2, newsml12, nitf, iha, rss, atom)
FORMATS = tuple(module.FORMAT for module in (*XML_PARSERS, ninjs))


def parse(data: bytes, *, filename: str = "", format: str | None = None) -> ParseResult:
    """Every item in one file. Raises WireFormatError when the file as a whole is unusable."""
    try:
        return _parse(data, filename=filename, format=format)
    except RecursionError:
        raise WireFormatError(
            "the file is nested too deeply to be a news item (a structure inside a structure "
            "thousands of times); it is refused"
        ) from None
    except OverflowError as exc:
        raise WireFormatError(f"a number or date in the file is out of range ({exc})") from None


def _parse(data: bytes, *, filename: str, format: str | None) -> ParseResult:
    check_size(data)
    text, encoding = decode(data)
    stripped = text.lstrip("\ufeff \t\r\n")
    if format == ninjs.FORMAT or (format is None and stripped[:1] in "{["):
        document = _json(stripped)
        results = list(ninjs.read(document))
        fmt = ninjs.FORMAT
    elif stripped.startswith("<"):
        root = parse_xml_text(text)
        module = _xml_module(root, format)
        results = list(module.read(root))
        fmt = module.FORMAT
    else:
        raise WireFormatError(
            f"{filename or 'the file'} is neither XML nor JSON (it starts with {stripped[:20]!r})"
        )
    items = tuple(dataclasses.replace(r, raw=data) for r in results if isinstance(r, ParsedItem))
    refused = tuple(r for r in results if isinstance(r, Refusal))
    if not items and not refused:
        raise WireFormatError(f"no news items in this {fmt} file")
    return ParseResult(format=fmt, items=items, refused=refused, encoding=encoding)


def _json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise WireFormatError(
            f"line {exc.lineno}, column {exc.colno}: malformed JSON: {exc.msg}"
        ) from None
    except ValueError as exc:  # a number of thousands of digits
        raise WireFormatError(f"unusable JSON: {exc}") from None


def _xml_module(root, format: str | None):
    if format is not None:
        for module in XML_PARSERS:
            if module.FORMAT == format:
                return module
        raise WireFormatError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    for module in XML_PARSERS:
        if module.matches(root):
            return module
    raise WireFormatError(
        f"the root element <{local(root.tag)}> is not one of the wire formats Manşet reads "
        f"({', '.join(FORMATS)})"
    )


__all__ = ["FORMATS", "parse", "ParseResult", "ParsedItem", "Refusal", "WireFormatError"]
