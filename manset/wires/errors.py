"""Errors of the wire pipeline; each message says what was wrong and where."""

from manset.core.errors import MansetError


class WireError(MansetError):
    """Base class for wire errors."""


class WireFormatError(WireError):
    """A file (or one item in it) that cannot be read: the message is the precise reason."""


class TransportError(WireError):
    """A source could not be fetched: network, HTTP status, credentials, a missing folder."""
