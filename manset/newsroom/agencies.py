"""News agencies whose copy an article may carry, and how they are credited."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.TextChoices):
    OWN = "", _("Kendi haberimiz")
    AA = "AA", "Anadolu Ajansı (AA)"
    IHA = "IHA", "İhlas Haber Ajansı (İHA)"
    DHA = "DHA", "Demirören Haber Ajansı (DHA)"
    REUTERS = "REUTERS", "Reuters"
    AFP = "AFP", "Agence France-Presse (AFP)"
    AP = "AP", "Associated Press (AP)"


# The short name readers see in "Kaynak: …" and the full name for JSON-LD.
SHORT_NAMES = {
    Agency.AA: "AA",
    Agency.IHA: "İHA",
    Agency.DHA: "DHA",
    Agency.REUTERS: "Reuters",
    Agency.AFP: "AFP",
    Agency.AP: "AP",
}
FULL_NAMES = {
    Agency.AA: "Anadolu Ajansı",
    Agency.IHA: "İhlas Haber Ajansı",
    Agency.DHA: "Demirören Haber Ajansı",
    Agency.REUTERS: "Reuters",
    Agency.AFP: "Agence France-Presse",
    Agency.AP: "Associated Press",
}


def agency_from_label(value: str) -> Agency:
    """The agency for a code or short name as wires and import files write it.

    >>> agency_from_label("İHA")
    <Agency.IHA: 'IHA'>
    >>> agency_from_label("")
    <Agency.OWN: ''>
    """
    from manset.turkish import fold_ascii, upper

    key = fold_ascii(upper(value.strip()))
    for agency in Agency:
        if key in (agency.value, fold_ascii(upper(SHORT_NAMES.get(agency, "")))):
            return agency
    raise ValueError(f"unknown agency {value!r}; use one of AA, IHA, DHA, REUTERS, AFP, AP or ''")


def attribution_line(agency: str) -> str:
    """ "Kaynak: AA" for agency copy, "" for our own reporting."""
    short = SHORT_NAMES.get(agency)
    return f"Kaynak: {short}" if short else ""


def dateline_line(place: str, agency: str) -> str:
    """The run-in dateline, as Turkish outlets print it: "PYONGYANG (Reuters)".

    Our own reporting has no parenthesis; a place the wire already credits keeps its own.

    >>> dateline_line("Pyongyang,", "REUTERS")
    'PYONGYANG (Reuters)'
    >>> dateline_line("istanbul", "")
    'İSTANBUL'
    >>> dateline_line("ANKARA (AA) -", "AA")
    'ANKARA (AA)'
    >>> dateline_line("  ", "AA")
    ''
    """
    from manset.turkish import upper

    place = upper(place.strip().rstrip(",-–— ").strip())
    short = SHORT_NAMES.get(agency)
    if not place or not short or "(" in place:
        return place
    return f"{place} ({short})"
