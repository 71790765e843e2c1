"""The `manset` command: Django's management commands plus ours.

Configuration and connection errors end in one line naming the variable and
the fix, with a non-zero exit, instead of a wall of traceback.
"""

import os
import sys

from manset.core.errors import ConfigError


def _fail(message: str, code: int = 2) -> None:
    print(f"manset: error: {message}", file=sys.stderr)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "manset"
    try:
        from manset.settings.env import settings_module

        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
        import django

        django.setup()
    except ConfigError as exc:
        _fail(str(exc))

    from django.core.management import execute_from_command_line
    from django.db import Error as DatabaseError

    try:
        execute_from_command_line(argv)
    except ConfigError as exc:
        _fail(str(exc))
    except DatabaseError as exc:
        _fail(_database_message(exc), code=1)


def _database_message(exc: Exception) -> str:
    from django.conf import settings

    from manset.settings.env import redact_url

    db = settings.DATABASES["default"]
    where = redact_url(os.environ.get("DATABASE_URL", "")) or str(db["NAME"])
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return (
        f"the database at DATABASE_URL={where!r} failed: {reason}. "
        "Start the database server or fix DATABASE_URL, then run `manset migrate`."
    )


if __name__ == "__main__":
    main()
