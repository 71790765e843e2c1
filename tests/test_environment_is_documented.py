"""Every environment variable the code reads is listed in .env.example and README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READS = re.compile(
    r"""(?:os\.environ(?:\.get)?\(|os\.environ\[|(?:flag|integer|networks|redis_url|choice)\()\s*["']([A-Z][A-Z0-9_]+)"""
)
INTERNAL = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def names_read() -> set[str]:
    names = set()
    for path in [*ROOT.glob("manset/**/*.py"), *ROOT.glob("tests/**/*.py")]:
        names |= set(READS.findall(path.read_text(encoding="utf-8")))
    return names - INTERNAL


def test_every_variable_is_in_env_example_and_readme():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = names_read()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "MANSET_ENV"} <= names
    assert sorted(n for n in names if not re.search(rf"^{n}=", example, re.M)) == []
    assert sorted(n for n in names if f"`{n}`" not in readme) == []
