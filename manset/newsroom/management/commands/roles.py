"""`manset roles`: create or complete the newsroom groups and desk workflows (safe to re-run)."""

from django.core.management.base import BaseCommand, CommandError

from manset.newsroom.models import DeskPage, HomePage
from manset.newsroom.roles import newsroom_roles_ensure


class Command(BaseCommand):
    help = (
        "Create the groups Muhabir — <Desk>, Editör — <Desk> and Yazı İşleri with their "
        "permissions, and each desk's approval workflow. Existing ones are completed, never "
        "narrowed."
    )

    def handle(self, *args, **options):
        if not HomePage.objects.exists():
            raise CommandError("there is no home page yet; run `manset demo` or create one first")
        newsroom_roles_ensure()
        desks = ", ".join(DeskPage.objects.order_by("path").values_list("title", flat=True))
        self.stdout.write(f"Roles ready for Yazı İşleri and the desks: {desks or 'none'}.")
