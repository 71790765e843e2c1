"""`manset comments check|export|erase|retrain|purge-ips`."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from manset.comments import guard, services
from manset.comments.forms import CommentForm
from manset.comments.spam_store import spam_model_retrain
from manset.core import ratelimit


class Command(BaseCommand):
    help = "Reader comments: dry-run the guard, export or erase a reader's data, retrain spam."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check",
            help="run the guard on JSON Lines comments (name, email, website, text, ip) "
            "without saving anything; print one verdict per line",
        )
        check.add_argument("file", help="a JSON Lines file, or - for stdin")
        check.add_argument(
            "--trusted",
            action="store_true",
            help="treat every author as approved and ignore rate limits",
        )
        export = sub.add_parser("export", help="print everything stored about readers as JSON")
        who = export.add_mutually_exclusive_group(required=True)
        who.add_argument("--email")
        who.add_argument("--all", action="store_true", help="every reader (a backup)")
        erase = sub.add_parser("erase", help="remove a reader's personal data")
        erase.add_argument("--email", required=True)
        sub.add_parser("retrain", help="retrain the spam model from moderators' decisions")
        sub.add_parser("purge-ips", help="forget IP addresses past their retention period")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "check":
            return self.check_file(options["file"], trusted=options["trusted"])
        if action == "export":
            data = services.reader_export(email=None if options["all"] else options["email"])
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif action == "erase":
            count = services.reader_erase(email=options["email"])
            self.stdout.write(f"erased: {count} comment(s)")
        elif action == "retrain":
            state = spam_model_retrain(now=timezone.now(), force=True)
            if state is None:
                raise CommandError("another process is retraining the spam model; try later")
            self.stdout.write(f"spam model trained on {state.examples} examples")
        elif action == "purge-ips":
            self.stdout.write(f"forgot {services.ip_addresses_purge()} IP address(es)")

    def check_file(self, path: str, *, trusted: bool):
        try:
            stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        config = services.comment_settings()
        bad = 0
        with stream, ratelimit.isolated():
            for number, raw in enumerate(stream, start=1):
                if not raw.strip():
                    continue
                try:  # each line on its own: one bad byte must not stop the rest
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    result = {"error": f"not UTF-8: byte 0x{raw[exc.start]:02x} at {exc.start + 1}"}
                else:
                    result = self.check_line(line, config=config, trusted=trusted)
                if "error" in result:
                    bad += 1
                self.stdout.write(json.dumps({"line": number, **result}, ensure_ascii=False))
        if bad:
            raise CommandError(f"{bad} line(s) could not be read; the rest were checked")

    def check_line(self, line: str, *, config, trusted: bool) -> dict:
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            return {"error": f"not JSON: {exc.msg} at column {exc.colno}"}
        except (ValueError, RecursionError):  # thousands of digits, or nested too deeply
            return {"error": "not JSON this command reads (a huge number or deep nesting)"}
        if not isinstance(row, dict):
            return {"error": "expected a JSON object"}
        fields = {k: row.get(k) or "" for k in ("name", "email", "website", "text")}
        if not all(isinstance(v, str) for v in fields.values()):
            return {"error": "name, email, website and text must be strings"}
        form = CommentForm(fields, article_id=None)
        if not form.is_valid():
            errors = [str(e) for errs in form.errors.values() for e in errs]
            return {
                "verdict": guard.REJECT,
                "rules": ["form"],
                "score": None,
                "message": " ".join(errors),
            }
        data = form.cleaned_data
        email = services.normalize_email(data["email"])
        candidate = guard.Candidate(
            text=data["text"],
            name=data["name"],
            email=email,
            website=data["website"],
            ip=str(row.get("ip") or "") or None,
        )
        context = services.guard_context(email=email, config=config, trusted=trusted)
        verdict = guard.comment_check(candidate, context)
        if verdict.action != guard.REJECT:
            guard.mark_accepted(candidate, context)
        return {
            "verdict": verdict.action,
            "rules": verdict.rules,
            "score": None if verdict.score is None else round(verdict.score, 4),
            "signals": list(verdict.signals),
            "message": verdict.message,
        }
