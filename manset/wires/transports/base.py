"""What every transport shares: a source's settings in, deliveries (bytes) out.

Transports move bytes and know nothing of formats; parsers read bytes and know
nothing of transports. A transport never stores anything: it returns the
deliveries and the state to remember, and the ingest service saves both only
after the items are safely stored, so a crash repeats a fetch but loses nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SourceConfig:
    """One configured source as a transport needs it; the password is already unsealed."""

    kind: str  # "http" | "folder" | "aa"
    name: str = ""
    url: str = ""  # http: the feed; aa: the API base URL
    path: str = ""  # folder: the directory the agency delivers into
    username: str = ""
    password: str = field(default="", repr=False)
    options: dict = field(default_factory=dict)  # per-transport extras (AA filters, …)
    timeout: float = 20.0


@dataclass(frozen=True)
class Delivery:
    """One file's worth of bytes: a feed response, a file in the folder, an AA document."""

    name: str  # what a person recognises: the file name, the URL without secrets, the AA id
    data: bytes = field(repr=False)
    received_at: datetime
    key: str = ""  # transport-specific handle for `done()` (the folder file's path)


@dataclass(frozen=True)
class FetchResult:
    deliveries: tuple[Delivery, ...] = ()
    state: dict = field(default_factory=dict)  # to remember for the next fetch (ETag, cursor …)
    not_modified: bool = False
