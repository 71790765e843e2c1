"""Tasks the queue tests enqueue; a worker process imports them by path (PYTHONPATH)."""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def record(*, number: int, log: str, seconds: float = 0.0) -> int:
    """Append `number` and the worker's pid to `log` (O_APPEND: one write, one line)."""
    time.sleep(seconds)
    with open(log, "a") as out:
        out.write(f"{number} {os.getpid()}\n")
    return number


@task()
def hang_first_time(*, marker: str, log: str) -> str:
    """The first run leaves `marker` and hangs (to be killed); a later run records itself."""
    if not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()))
        time.sleep(600)
    with open(log, "a") as out:
        out.write(f"done {os.getpid()}\n")
    return "done"


@task()
def fail(*, reason: str) -> None:
    raise ValueError(reason)


@task()
def gated(*, marker: str, gate: str, log: str) -> str:
    """Leaves `marker`, waits (at most a minute) for the test to create `gate`, records itself."""
    Path(marker).write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while not Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    with open(log, "a") as out:
        out.write(f"gated {os.getpid()}\n")
    return "gated"
