"""A PostgreSQL cluster of our own (initdb into a temporary folder), to stop and restart.

The machine's PostgreSQL server is shared with everything else and must never be
restarted, so the fault tests and drills (bench/fault_drills.py) restart this one instead.
PostgreSQL refuses to run as root: as root, every program runs as the `postgres` user
(`runuser`), which then owns the folder.
"""

import getpass
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

SERVER_USER = "postgres"


def server_bin() -> Path | None:
    """The newest installed server's bin folder (Debian: /usr/lib/postgresql/NN/bin)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    return found[-1].parent if found else None


def unavailable_reason() -> str | None:
    """Why a private cluster cannot be made here, or None when it can."""
    if server_bin() is None:
        return "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as"
        if not shutil.which("runuser"):
            return "running as root without runuser to run PostgreSQL as another user"
    return None


class PrivateCluster:
    """initdb, then start / stop / restart on 127.0.0.1:`port`; `remove()` deletes it all."""

    def __init__(self, port: int):
        self.port = port
        self.bin = server_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="manset-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.as_root = os.geteuid() == 0
        self.user = SERVER_USER if self.as_root else getpass.getuser()
        if self.as_root:
            server = pwd.getpwnam(SERVER_USER)
            os.chown(self.dir, server.pw_uid, server.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}"

    def database_url(self, name: str) -> str:
        return f"{self.url}/{name}"

    def _run(self, program: str, *args: str, timeout: float = 120) -> str:
        argv = [str(self.bin / program), *args]
        if self.as_root:
            argv = ["runuser", "-u", SERVER_USER, "--", *argv]
        done = subprocess.run(  # noqa: S603  (PostgreSQL's own programs)
            argv, capture_output=True, text=True, timeout=timeout, cwd=self.dir
        )
        if done.returncode:
            raise RuntimeError(f"{program} {' '.join(args)} failed: {done.stderr or done.stdout}")
        return done.stdout

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", self.user, "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        options = (
            f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
            f"unix_socket_directories = '{self.dir}'\nfsync = off\n"
            "max_connections = 100\nshared_buffers = 64MB\n"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(options)

    def pg_ctl(self, command: str, *options: str) -> None:
        self._run("pg_ctl", command, "-D", str(self.data), "-l", str(self.log), "-w", *options)

    def start(self) -> None:
        self.pg_ctl("start")

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast")

    def answers(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.database_url("postgres"), connect_timeout=1) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def wait_answers(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not self.answers():
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL on :{self.port} did not answer; see {self.log}")
            time.sleep(0.1)

    def remove(self) -> None:
        """Stops the server if it runs, then deletes its folder."""
        if (self.data / "postmaster.pid").exists():
            try:
                self.pg_ctl("stop", "-m", "immediate")
            except RuntimeError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
