"""Small agency files for tests, built in ninjs (the simplest format to write by hand)."""

import json

DEFAULT_BODY = (
    "<p>Ankara'da bugün düzenlenen toplantıda yeni düzenlemenin ayrıntıları açıklandı.</p>"
    "<h3>Takvim belli oldu</h3><p>Uygulamanın ocak ayında başlaması bekleniyor.</p>"
)


def ninjs_item(
    guid: str = "urn:test:aa:1",
    *,
    headline: str = "Ankara'da yeni düzenleme açıklandı",
    body: str = DEFAULT_BODY,
    abstract: str = "Bakanlık, yeni düzenlemenin ayrıntılarını paylaştı.",
    provider: str = "AA",
    version: int = 1,
    versioned: str = "2026-11-29T10:00:00Z",
    urgency: int | None = None,
    category: str = "",
    subjects: tuple[str, ...] = (),
    embargoed: str | None = None,
    associations: dict | None = None,
    **extra,
) -> dict:
    item = {
        "uri": guid,
        "type": "text",
        "version": str(version),
        "versioncreated": versioned,
        "firstcreated": extra.pop("firstcreated", versioned),
        "headline": headline,
        "description_text": abstract,
        "body_html": body,
        "provider": provider,
        "language": "tr",
        **extra,
    }
    if urgency is not None:
        item["urgency"] = urgency
    if category:
        item["service"] = [{"name": category}]
    if subjects:
        item["subject"] = [{"name": name} for name in subjects]
    if embargoed:
        item["embargoed"] = embargoed
    if associations:
        item["associations"] = associations
    return item


def ninjs(*items: dict, **fields) -> bytes:
    """The bytes of a ninjs file: one item (from `fields`) or a list of items."""
    if not items:
        return json.dumps(ninjs_item(**fields), ensure_ascii=False).encode("utf-8")
    return json.dumps(list(items), ensure_ascii=False).encode("utf-8")
