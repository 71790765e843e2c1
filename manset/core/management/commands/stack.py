"""`manset stack up|down|status|env`: the production stack on loopback (manset.core.stack)."""

import subprocess

from django.core.management.base import BaseCommand, CommandError

from manset.core.stack import Stack, StackError


class Command(BaseCommand):
    help = "Starts, stops, checks the production stack on loopback, or prints its exports."
    requires_system_checks = []  # the stack's settings are not this process's

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["up", "down", "status", "env"])

    def handle(self, *args, action, **options):
        try:
            stack = Stack.from_env()
            if action == "up":
                stack.up(say=self.stdout.write)
            elif action == "down":
                stack.down(say=self.stdout.write)
            elif action == "env":
                self.stdout.write(stack.exports(), ending="")
            else:
                rows = stack.status()
                for name, ok, detail in rows:
                    state = "çalışıyor" if ok else "yanıt yok"
                    self.stdout.write(f"{name:<11} {state:<10} {detail}")
                if not all(ok for _, ok, _ in rows):
                    raise CommandError("some parts of the stack are down")
        except (StackError, subprocess.CalledProcessError) as exc:
            raise CommandError(str(exc)) from exc
