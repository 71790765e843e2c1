"""Demo agency copy for the wire desk, and a folder source to drop agency files into."""

import json
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings

from manset.wires.ingest import wire_file_ingest
from manset.wires.models import WireItem, WireSource

CONTENT = Path(__file__).parent / "content" / "wires.json"
DEMO_SOURCE = "Demo klasörü"


def demo_wires_ensure(*, now: datetime) -> int:
    """Store the demo agency items not stored yet (times relative to `now`); returns how many."""
    inbox = Path(settings.VAR_DIR) / "wires-inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    WireSource.objects.get_or_create(
        name=DEMO_SOURCE,
        defaults={"transport": "folder", "path": str(inbox), "interval_seconds": 60},
    )
    added = 0
    for data in json.loads(CONTENT.read_text(encoding="utf-8")):
        if WireItem.objects.filter(provider=data["provider"], guid=data["guid"]).exists():
            continue
        when = (now - timedelta(minutes=data["minutes_ago"])).isoformat()
        document = {
            "uri": data["guid"],
            "type": "text",
            "version": "1",
            "versioncreated": when,
            "firstcreated": when,
            "headline": data["headline"],
            "description_text": data["abstract"],
            "body_html": data["body"],
            "provider": data["provider"],
            "language": "tr",
            "urgency": data["urgency"],
            "located": data["city"],
            "service": [{"name": data["category"]}],
        }
        payload = json.dumps(document, ensure_ascii=False).encode()
        report = wire_file_ingest(data=payload, name=f"demo/{data['guid']}.json", received_at=now)
        added += report.count("created")
    return added
