"""Turkish text goes through manset.turkish: no ad-hoc casing or slug code elsewhere."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "manset"
FORBIDDEN = re.compile(
    r"\.(upper|lower|casefold|title|capitalize)\(\)"
    r"|django\.utils\.text import slugify"
    r"|\|(upper|title|capfirst|lower)\b"
)


def test_no_module_outside_manset_turkish_cases_or_slugifies_text_itself():
    offenders = []
    for path in PACKAGE.rglob("*"):
        if path.suffix not in (".py", ".html") or "turkish" in path.relative_to(PACKAGE).parts[:1]:
            continue
        if "migrations" in path.parts:
            continue
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if FORBIDDEN.search(text):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {text.strip()}")
    assert offenders == []
