"""One article as a plain, typed record: the shape of a line in the JSON Lines format."""

from dataclasses import dataclass, field
from datetime import datetime

BLOCK_TYPES = ("paragraph", "subheading", "quote")
FIELDS = (
    "external_id",
    "headline",
    "lead",
    "body",
    "desk",
    "tags",
    "authors",
    "agency",
    "dateline",
    "published_at",
    "breaking",
)


@dataclass(frozen=True)
class BodyBlock:
    type: str
    text: str
    attribution: str = ""

    def as_json(self) -> dict:
        data = {"type": self.type, "text": self.text}
        if self.type == "quote" and self.attribution:
            data["attribution"] = self.attribution
        return data


@dataclass(frozen=True)
class ArticleRecord:
    external_id: str
    headline: str
    lead: str
    desk: str
    body: tuple[BodyBlock, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    agency: str = ""
    dateline: str = ""
    published_at: datetime | None = None
    breaking: bool = False
    extra: dict = field(default_factory=dict, compare=False)

    def as_json(self) -> dict:
        return {
            "external_id": self.external_id,
            "headline": self.headline,
            "lead": self.lead,
            "body": [block.as_json() for block in self.body],
            "desk": self.desk,
            "tags": list(self.tags),
            "authors": list(self.authors),
            "agency": self.agency,
            "dateline": self.dateline,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "breaking": self.breaking,
        }
