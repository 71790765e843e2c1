"""Text for the XML the site serves (feeds, sitemaps).

XML 1.0 cannot carry most control characters, and Django's XML writer refuses them
with an exception; text typed in the admin or sent by an agency may hold one, so the
feeds drop them and the importer refuses them.
"""

import re

# What django.utils.xmlutils.SimplerXMLGenerator refuses.
UNSERIALIZABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value: str) -> str:
    """The text without the characters XML 1.0 cannot carry.

    >>> xml_text("Zirve\\x0b başladı\\n")
    'Zirve başladı\\n'
    """
    return UNSERIALIZABLE.sub("", value)


def xml_fields(fields: dict) -> dict:
    """The fields with xml_text applied to every text, and to texts in tuples and lists."""
    return {key: _cleaned(value) for key, value in fields.items()}


def _cleaned(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, tuple | list):
        return type(value)(_cleaned(item) for item in value)
    return value
