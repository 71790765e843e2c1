"""Agency wires: transports fetch, parsers read, the ingest service stores and groups."""
