"""`manset ingest run | watch | file PATH…`: agency copy in, by schedule or by hand."""

import json
import signal
import sys
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from manset.core import scheduler
from manset.core.management.commands.worker import positive_seconds
from manset.wires.errors import WireFormatError
from manset.wires.ingest import FILES_PER_TRANSACTION, wire_files_ingest
from manset.wires.jobs import wire_ingest_job
from manset.wires.models import WireSource
from manset.wires.parsers import FORMATS, parse
from manset.wires.routing import wire_items_route
from manset.wires.sources import source_poll, wire_retention
from manset.wires.transports.base import Delivery

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
UNREAD_ABOVE = 256 * 1024 * 1024  # the parser refuses far smaller files; this guards memory


class Command(BaseCommand):
    help = (
        "Agency feeds: `run` polls every source once, `watch` keeps polling them on their "
        "schedules, `file PATH…` imports files by hand (`--json` only parses and prints them)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="run|watch|file")
        run = sub.add_parser("run", help="poll every enabled source once, whatever its schedule")
        run.add_argument("--source", metavar="NAME", help="only this source")
        watch = sub.add_parser("watch", help="poll due sources every --interval seconds")
        watch.add_argument("--interval", type=positive_seconds, default=15.0, metavar="SECONDS")
        files = sub.add_parser("file", help="import agency files (or folders of them) by hand")
        files.add_argument("paths", nargs="+", metavar="PATH")
        files.add_argument(
            "--json", dest="as_json", action="store_true", help="parse only; print items as JSON"
        )
        files.add_argument("--format", choices=FORMATS, help="skip detection; read as this")
        files.add_argument("--source", metavar="NAME", help="credit the items to this source")

    def handle(self, *args, action, **options):
        return getattr(self, f"handle_{action}")(**options)

    def handle_run(self, *, source=None, **options):
        sources = WireSource.objects.filter(enabled=True, paused_reason="")
        if source:
            sources = WireSource.objects.filter(name=source)
            if not sources:
                raise CommandError(f"no source named {source!r}; see the wire desk's sources")
        failed = 0
        for item in sources:
            report = source_poll(item)
            if report.error:
                failed += 1
                self.stdout.write(f"{item.name}: failed: {report.error}")
            elif report.not_modified:
                self.stdout.write(f"{item.name}: not modified")
            else:
                created = sum(f.count("created") for f in report.files)
                updated = sum(f.count("updated") for f in report.files)
                refused = sum(1 for f in report.files if f.verdict == "refused")
                self.stdout.write(
                    f"{item.name}: {len(report.files)} files, {created} new, {updated} updated"
                    + (f", {refused} files refused" if refused else "")
                )
        route = wire_items_route()
        expired = wire_retention()
        self.stdout.write(
            f"routed {route.routed}, drafted {route.drafted}, published {route.published}, "
            f"ignored {route.ignored}, failed {route.failed}; {expired} old unused items expired"
        )
        if failed:
            raise CommandError(f"{failed} sources failed; the lines above say why")

    def handle_watch(self, *, interval, **options):
        stop = threading.Event()

        def on_signal(signum, frame):
            if stop.is_set():
                raise SystemExit(128 + signum)
            stop.set()

        self.stdout.write(f"Manşet ingest: polling due sources every {interval:g} s; Ctrl+C stops.")
        previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
        try:
            ticks = scheduler.scheduler_run(interval=interval, stop=stop, jobs=[wire_ingest_job])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"Manşet ingest: stopped after {ticks} passes.")

    def handle_file(self, *, paths, as_json=False, format=None, source=None, **options):
        files = list(_expand(paths))
        if not files:
            raise CommandError("no files found at " + ", ".join(paths))
        if as_json:
            return self._print_json(files, format)
        wire_source = None
        if source:
            wire_source = WireSource.objects.filter(name=source).first()
            if wire_source is None:
                raise CommandError(f"no source named {source!r}")
        problems = 0
        bar = tqdm(total=len(files), unit="file", file=sys.stderr, disable=None, leave=False)
        for start in range(0, len(files), FILES_PER_TRANSACTION):
            chunk, readable = files[start : start + FILES_PER_TRANSACTION], []
            for path in chunk:
                try:
                    readable.append(Delivery(str(path), _read(path), timezone.now()))
                except OSError as exc:
                    problems += 1
                    self._say(f"{path}: unreadable: {exc.strerror}")
            reports = wire_files_ingest(readable, source=wire_source, format=format)
            for report in reports:
                problems += report.verdict == "refused" or report.count("refused") > 0
                self._say(f"{report.name}: {report.summary()}")
                for outcome in report.outcomes:
                    if outcome.verdict == "refused":
                        self._say(f"  refused: {outcome.reason}")
            bar.update(len(chunk))
        bar.close()
        route = wire_items_route()
        self.stdout.write(
            f"{len(files)} files; routed {route.routed}, drafted {route.drafted}, "
            f"published {route.published}"
        )
        if problems:
            raise CommandError(
                f"{problems} files had refusals; they are in the wire desk's quarantine"
            )

    def _say(self, line: str) -> None:
        with tqdm.external_write_mode(file=sys.stderr):
            self.stdout.write(line)

    def _print_json(self, files, format):
        problems = 0
        for path in files:
            try:
                result = parse(_read(path), filename=str(path), format=format)
            except (OSError, WireFormatError) as exc:
                problems += 1
                self.stderr.write(f"{path}: refused: {exc}")
                continue
            for item in result.items:
                data = item.as_json()
                self.stdout.write(json.dumps({"file": str(path), **data}, ensure_ascii=False))
            for refusal in result.refused:
                problems += 1
                self.stderr.write(f"{path}: item refused: {refusal.reason}")
        if problems:
            raise CommandError(f"{problems} refusals")


def _expand(paths):
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        else:
            yield path


def _read(path: Path) -> bytes:
    if path.stat().st_size > UNREAD_ABOVE:
        raise OSError(0, f"{path.stat().st_size / 1048576:.0f} MB; not even read")
    return path.read_bytes()
