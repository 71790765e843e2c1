"""`manset stack`: the production shape on one machine's loopback, from Debian packages.

A database in the local PostgreSQL server (MANSET_STACK_DATABASE_URL), its own Redis
server, two gunicorn app servers, `manset worker`s (MANSET_STACK_WORKERS, default one) and
nginx as the caching proxy (deploy/nginx/manset.conf.template; MANSET_STACK_PROXIES of
them, default one, each with its own cache, all purged), each with a pid file and a log
under the stack's directory (MANSET_STACK_DIR, default var/stack). Ports are counted from
MANSET_STACK_PORT: the first proxy on it, the app servers on the next two, further proxies
after them, Redis on +9.
"""

import getpass
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from manset.settings import base as settings  # production's paths, not this process's

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "manset.conf.template"
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
# Debian package for each program the stack runs.
PACKAGES = {
    "nginx": "nginx-light",
    str(PURGE_MODULE): "libnginx-mod-http-cache-purge",
    "redis-server": "redis-server",
}
APP_SERVERS = 2
MAX_WORKERS = 8
MAX_PROXIES = 4  # ports +3 … +5 for the second and later: below Redis's +9


class StackError(Exception):
    pass


@dataclass
class Stack:
    root: Path
    port: int
    database_url: str
    workers: int = 1
    proxies: int = 1

    @classmethod
    def from_env(cls) -> "Stack":
        root = Path(os.environ.get("MANSET_STACK_DIR") or ROOT / "var" / "stack")
        return cls(
            root=root.resolve(),
            port=int(os.environ.get("MANSET_STACK_PORT") or 18080),
            database_url=os.environ.get("MANSET_STACK_DATABASE_URL")
            or "postgres://postgres@127.0.0.1:5432/manset_stack",
            workers=count_from_env("MANSET_STACK_WORKERS", maximum=MAX_WORKERS),
            proxies=count_from_env("MANSET_STACK_PROXIES", maximum=MAX_PROXIES),
        )

    @property
    def proxy_url(self) -> str:
        """The first proxy: the site's address, the one purges name."""
        return self.proxy_urls[0]

    @property
    def proxy_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.proxy_ports]

    @property
    def proxy_ports(self) -> list[int]:
        after_apps = self.port + 1 + APP_SERVERS
        return [self.port, *(after_apps + n for n in range(self.proxies - 1))]

    @property
    def app_names(self) -> list[str]:
        return [f"app{n + 1}" for n in range(APP_SERVERS)]

    @property
    def worker_names(self) -> list[str]:
        return numbered("worker", self.workers)

    @property
    def proxy_names(self) -> list[str]:
        return numbered("proxy", self.proxies)

    @property
    def app_ports(self) -> list[int]:
        return [self.port + 1 + n for n in range(APP_SERVERS)]

    @property
    def redis_port(self) -> int:
        return self.port + 9

    # -- configuration --------------------------------------------------------------

    def secret_key(self) -> str:
        path = self.root / "secret_key"
        if not path.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(50))
        return path.read_text().strip()

    def env(self) -> dict[str, str]:
        """What every process of the stack (and any `manset` command meant for it) needs."""
        return {
            "MANSET_ENV": "production",
            "SECRET_KEY": self.secret_key(),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MANSET_BASE_URL": self.proxy_url,
            "MANSET_PURGE_URL": ",".join(self.proxy_urls),
            "MANSET_PROXY_HOPS": "1",
            "MANSET_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS is the operator's
        }

    def child_env(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        return {**inherited, **self.env()}

    def exports(self) -> str:
        return "".join(f"export {k}={shlex.quote(v)}\n" for k, v in self.env().items())

    def proxy_dir(self, part: str) -> Path:
        """The first proxy's files live in the stack's directory, the others' below it."""
        return self.root if part == "proxy" else self.root / part

    def nginx_conf(self, part: str = "proxy") -> str:
        port = dict(zip(self.proxy_names, self.proxy_ports, strict=True))[part]
        fields = {
            "module": f"load_module {PURGE_MODULE};",
            "user": getpass.getuser(),  # when root, not nobody: var/stack may be private
            "var": str(self.proxy_dir(part)),
            "listen": f"127.0.0.1:{port}",
            "app_servers": "\n".join(f"        server 127.0.0.1:{p};" for p in self.app_ports),
            "static_root": str(settings.STATIC_ROOT),
            "media_root": str(settings.MEDIA_ROOT),
            "purge_allow": "            allow 127.0.0.1;\n            allow ::1;",
            "error_root": str(TEMPLATE.parent),
        }
        text = TEMPLATE.read_text()
        for name, value in fields.items():
            text = text.replace("{{ %s }}" % name, value)  # noqa: UP031  (nginx has its own braces)
        return text

    # -- processes ----------------------------------------------------------------

    def pid_file(self, part: str) -> Path:
        if part in self.proxy_names:
            return self.proxy_dir(part) / "nginx.pid"
        return self.root / f"{part}.pid"

    def pid(self, part: str) -> int | None:
        """The part's process if it is alive (and is still the program we started)."""
        try:
            pid = int(self.pid_file(part).read_text().split()[0])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, ValueError, IndexError):
            return None
        if part == "redis":
            program = b"redis-server"
        else:
            program = b"nginx" if part in self.proxy_names else b"manset"
        return pid if program in cmdline else None  # empty for a zombie

    def redis_command(self) -> list[str]:
        """Starts the stack's Redis in the background (the fault drills start it again)."""
        return [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.redis_port), "--bind", "127.0.0.1",
            "--daemonize", "yes", "--pidfile", str(self.pid_file("redis")),
            "--dir", str(self.root), "--logfile", str(self.root / "redis.log"),
            "--save", "", "--appendonly", "no",
        ]  # fmt: skip

    def parts(self) -> list[str]:
        """In starting order; stopped in reverse."""
        return ["redis", *self.app_names, *self.worker_names, *self.proxy_names]

    def manset(self, *args: str) -> str:
        """Runs a `manset` command against the stack; its output, or StackError."""
        done = subprocess.run(  # noqa: S603
            [manset_bin(), *args],
            env=self.child_env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise StackError(f"manset {' '.join(args)} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def spawn(self, part: str, argv: list[str]) -> None:
        log = open(self.root / f"{part}.log", "ab")  # noqa: SIM115  (the child keeps it)
        process = subprocess.Popen(  # noqa: S603
            argv,
            env=self.child_env(),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # survives the terminal that ran `stack up`
        )
        log.close()
        self.pid_file(part).write_text(f"{process.pid}\n")

    # -- commands -------------------------------------------------------------------

    def up(self, say=print) -> None:
        install_missing()
        self.root.mkdir(parents=True, exist_ok=True)
        create_database(self.database_url)
        say(f"veritabanı hazır: {hide_password(self.database_url)}")
        if not self.pid("redis"):
            subprocess.run(self.redis_command(), check=True)  # noqa: S603
            wait_until(lambda: self.redis_ok(), "Redis")
        say("Redis hazır; migrate, collectstatic, demo …")
        self.manset("migrate", "--noinput", "-v0")
        self.manset("collectstatic", "--noinput", "-v0")
        self.manset("demo")
        # Purges name the site's root URL: the proxy's, so their keys are the readers'.
        self.manset(
            "shell", "-c",
            "from wagtail.models import Site; Site.objects.filter(is_default_site=True)"
            f".update(hostname='127.0.0.1', port={self.port})",
        )  # fmt: skip
        workers = str(max(1, (os.cpu_count() or 2) // APP_SERVERS))
        for name, port in zip(self.app_names, self.app_ports, strict=True):
            if not self.pid(name):
                self.spawn(name, [manset_bin(), "serve", "--port", str(port), "--workers", workers])
        for name in self.worker_names:
            if not self.pid(name):
                self.spawn(name, [manset_bin(), "worker", "--worker-id", name])
        for name in self.proxy_names:
            self.start_proxy(name)
        for port in self.app_ports:
            wait_until(lambda p=port: http_ok(f"http://127.0.0.1:{p}/healthz"), f"app :{port}")
        for url in self.proxy_urls:
            wait_until(lambda u=url: http_ok(u + "/healthz"), f"proxy {url}")
        say(f"Manşet: {self.proxy_url}/  (yönetim: {self.proxy_url}/admin/)")
        for url in self.proxy_urls[1:]:
            say(f"ikinci vekil sunucu (aynı site, ayrı önbellek): {url}/")
        for port in self.app_ports:
            say(f"uygulama sunucusu: http://127.0.0.1:{port}/")
        say(f"Redis: redis://127.0.0.1:{self.redis_port}/0 · kayıtlar: {self.root}")
        say('diğer manset komutları için: eval "$(manset stack env)"')

    def start_proxy(self, name: str) -> None:
        """nginx for the proxy `name`, with its configuration written afresh, unless running."""
        directory = self.proxy_dir(name)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "nginx.conf").write_text(self.nginx_conf(name))
        if not self.pid(name):
            subprocess.run(  # noqa: S603
                [shutil.which("nginx"), "-p", str(directory), "-c", str(directory / "nginx.conf")],
                check=True,
            )

    def down(self, say=print) -> None:
        # Whatever an earlier `up` started, with however many workers and proxies.
        every = replace(self, workers=MAX_WORKERS, proxies=MAX_PROXIES)
        for part in reversed(every.parts()):
            pid = every.pid(part)
            if pid:
                stop(pid)
                say(f"{part}: durduruldu (pid {pid})")
            every.pid_file(part).unlink(missing_ok=True)

    def status(self) -> list[tuple[str, bool, str]]:
        rows = [("postgresql", *database_ok(self.database_url))]
        rows.append(("redis", self.redis_ok(), f"127.0.0.1:{self.redis_port}"))
        for name, port in zip(self.app_names, self.app_ports, strict=True):
            url = f"http://127.0.0.1:{port}/healthz"
            rows.append((name, http_ok(url), url))
        for name in self.worker_names:
            worker = self.pid(name)
            rows.append((name, bool(worker), f"pid {worker}" if worker else "çalışmıyor"))
        for name, url in zip(self.proxy_names, self.proxy_urls, strict=True):
            rows.append((name, http_ok(url + "/healthz"), url))
        return rows

    def redis_ok(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.redis_port, socket_timeout=1).ping())
        except redis.RedisError:
            return False


def numbered(part: str, count: int) -> list[str]:
    """`worker`, `worker2`, …: the first keeps the plain name a one-of-each stack uses."""
    return [part if n == 1 else f"{part}{n}" for n in range(1, count + 1)]


def count_from_env(name: str, *, maximum: int) -> int:
    raw = os.environ.get(name, "").strip() or "1"
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise StackError(f"{name}={raw!r} is not a count the stack can run; use 1 to {maximum}")
    return int(raw)


def manset_bin() -> str:
    return str(Path(sys.executable).parent / "manset")


def install_missing() -> None:
    """Like ./scripts/test: Debian packages for whatever program is missing."""
    missing = [
        package
        for program, package in PACKAGES.items()
        if not (Path(program).exists() if program.startswith("/") else shutil.which(program))
    ]
    if missing:
        subprocess.run(  # noqa: S603
            ["bash", "-c", 'source scripts/lib.sh && apt_install "$@"', "apt", *missing],  # noqa: S607
            cwd=ROOT,
            check=True,
        )


def create_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_ok(url: str) -> tuple[bool, str]:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return False, str(exc).splitlines()[0]
    return True, hide_password(url)


def hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (loopback)
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def wait_until(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise StackError(f"{what} did not come up in {seconds:g} s; see its log")
        time.sleep(0.2)


def stop(pid: int, seconds: float = 15) -> None:
    """SIGTERM (each program's clean stop), then SIGKILL if it lingers."""
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not alive(pid):
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent that may never reap it."""
    try:
        return bool(Path(f"/proc/{pid}/cmdline").read_bytes())
    except OSError:
        return False
