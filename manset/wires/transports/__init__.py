"""Getting agency bytes: one transport per kind of source, chosen by SourceConfig.kind.

result = transports.fetch(config, state)      # nothing stored yet
... parse and store result.deliveries ...
for delivery in result.deliveries:
    transports.done(config, delivery)           # the folder moves the file away
... save result.state (unless result.not_modified, where it is unchanged) ...
"""

from manset.wires.errors import TransportError
from manset.wires.transports import aa, folder, http
from manset.wires.transports.base import Delivery, FetchResult, SourceConfig

TRANSPORTS = {"http": http, "folder": folder, "aa": aa}
KINDS = tuple(TRANSPORTS)

__all__ = ["KINDS", "Delivery", "FetchResult", "SourceConfig", "done", "fetch"]


def fetch(config: SourceConfig, state: dict) -> FetchResult:
    """The source's new deliveries and the state to save once they are stored.

    Raises TransportError (with a message fit for the source's status line) when
    the source cannot be fetched at all.
    """
    return _transport(config).fetch(config, dict(state or {}))


def done(config: SourceConfig, delivery: Delivery) -> None:
    """Tell the transport a delivery's items are stored (the folder moves the file away)."""
    if _transport(config) is folder:
        folder.done(config, delivery)


def _transport(config: SourceConfig):
    try:
        return TRANSPORTS[config.kind]
    except KeyError:
        raise TransportError(
            f"unknown source kind {config.kind!r}; use one of {', '.join(KINDS)}"
        ) from None
