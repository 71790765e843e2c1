"""docs/security.md names real tests: every `tests/…py::name` it lists exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?(::\w+)?`")


def references() -> list[tuple[str, str | None]]:
    """(file, test name or None) for every reference; `::name` belongs to the last file."""
    found = []
    for line in (ROOT / "docs/security.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        current = None
        for path, name in REFERENCE.findall(line):
            current = path or current
            if current and (path or name):
                found.append((current, name[2:] or None))
    return found


def test_every_test_the_security_doc_names_exists():
    refs = references()
    assert len(refs) > 300
    missing = []
    for path, name in refs:
        source = ROOT / path
        if not source.exists():
            missing.append(path)
        elif name and not re.search(rf"^\s*def {name}\(", source.read_text("utf-8"), re.M):
            missing.append(f"{path}::{name}")
    assert missing == []
