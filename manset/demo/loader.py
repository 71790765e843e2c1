"""`manset demo`: the demo newsroom, written by the team, loaded idempotently."""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from manset import turkish
from manset.comments.models import Comment
from manset.demo.images import image_for
from manset.demo.site import desk_ensure, home_ensure
from manset.demo.wires import demo_wires_ensure
from manset.frontend.models import OutletSettings
from manset.importers.jsonl import record_from_dict
from manset.newsroom.models import ArticlePage, Author, DeskPage
from manset.newsroom.roles import demo_users_ensure, newsroom_roles_ensure
from manset.newsroom.services import article_find, article_upsert

CONTENT = Path(__file__).parent / "content"
DEMO_ONLY_KEYS = ("hours_ago", "image_caption", "image_credit", "comments")
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "manset-demo"  # noqa: S105  (printed for the demo; never used in production)


@dataclass
class DemoReport:
    created: int = 0
    skipped: int = 0
    comments: int = 0
    editor_created: bool = False
    wire_items: int = 0
    lines: list[str] = field(default_factory=list)


def load_json(name: str):
    return json.loads((CONTENT / name).read_text(encoding="utf-8"))


def demo_articles() -> list[dict]:
    lines = (CONTENT / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def demo_load(*, now: datetime | None = None) -> DemoReport:
    """Desks, authors, articles with images and comments, the roles and the demo users.

    What exists already is left alone, so editors' changes survive a re-run.
    """
    now = now or timezone.now()
    report = DemoReport()
    home = home_ensure()
    desks = {
        desk["slug"]: desk_ensure(
            home=home,
            slug=desk["slug"],
            name=desk["name"],
            credit=desk["credit"],
            intro=desk.get("intro", ""),
        )
        for desk in load_json("desks.json")
    }
    for author in load_json("authors.json"):
        _author_ensure(author, desks)
    for number, data in enumerate(demo_articles(), start=1):
        _article_ensure(data, number, now, report)
    report.comments += _queue_ensure()
    report.editor_created = _editor_ensure()
    _outlet_ensure()
    report.wire_items = demo_wires_ensure(now=now)
    newsroom_roles_ensure()
    demo_users_ensure()
    return report


def _author_ensure(data: dict, desks: dict[str, DeskPage]) -> Author:
    slug = turkish.slugify(data["name"], max_length=140)
    author, _ = Author.objects.get_or_create(
        slug=slug,
        defaults={
            "name": data["name"],
            "bio": data.get("bio", ""),
            "desk": desks.get(data.get("desk")),
        },
    )
    return author


def _article_ensure(data: dict, number: int, now: datetime, report: DemoReport) -> None:
    published_at = now - timedelta(hours=float(data["hours_ago"]))
    fields = {key: value for key, value in data.items() if key not in DEMO_ONLY_KEYS}
    fields["published_at"] = published_at.isoformat()
    record = record_from_dict(fields, number)
    if article_find(external_id=record.external_id) is not None:
        report.skipped += 1  # left as the editors have it
        return
    with transaction.atomic():
        image = image_for(
            key=record.external_id,
            desk=record.desk,
            title=data.get("image_caption") or record.headline,
            credit=data.get("image_credit", "Fotoğraf: Manşet"),
        )
        result = article_upsert(
            record=record, main_image=image, main_image_caption=data.get("image_caption", "")
        )
        report.created += 1
        report.comments += _comments_ensure(
            result.article, data.get("comments") or [], published_at
        )


def _comments_ensure(article, comments: list[dict], published_at: datetime) -> int:
    if not comments or Comment.objects.filter(article=article).exists():
        return 0
    made: list[Comment] = []
    for item in comments:
        parent = made[item["reply_to"]] if item.get("reply_to") is not None else None
        made.append(
            Comment.objects.create(
                article=article,
                parent=parent,
                name=item["name"],
                email=f"{turkish.slugify(item['name']) or 'okur'}@example.com",
                text=item["text"],
                status=Comment.Status.PUBLISHED,
                created_at=published_at + timedelta(minutes=float(item.get("minutes_after", 30))),
            )
        )
    return len(made)


# Comments for the moderators' queue, sent through the real guard: a new reader held,
# a betting ad, an insult; so the admin's "Yorumlar" has something to show.
QUEUE_COMMENTS = (
    ("Mehmet Kılıç", "mehmet.kilic@example.com", "İlk kez yorum yazıyorum, haber çok açıklayıcı."),
    (
        "Bonus Kral",
        "bonus@example.com",
        "Deneme bonusu veren siteler: bonuskral.example 7/24 kazan!",
    ),
    ("Öfkeli Okur", "ofkeli@example.com", "Bu haberi yazan gerizekalı olmalı."),
)


def _queue_ensure() -> int:
    from manset.comments.services import CommentError, comment_submit

    if Comment.objects.exclude(status=Comment.Status.PUBLISHED).exists():
        return 0
    article = ArticlePage.objects.live().order_by("-first_published_at").first()
    made = 0
    for name, email, text in QUEUE_COMMENTS if article else ():
        try:
            comment_submit(article=article, text=text, name=name, email=email, form_seconds=30)
            made += 1
        except CommentError:
            continue
    return made


# Sample details for the KVKK notice; plainly not a real company or address.
DEMO_OUTLET = {
    "data_controller": "Manşet Demo Yayıncılık A.Ş. (örnek)",
    "postal_address": "Örnek Mah. Basın Sok. No: 1\n34000 Fatih/İstanbul",
    "kvkk_email": "kvkk@manset.example",
    "phone": "+90 212 000 00 00",
}


def _outlet_ensure() -> None:
    """Fill the outlet's empty details with sample ones; what an editor typed stays."""
    outlet = OutletSettings.load()
    empty = {name: value for name, value in DEMO_OUTLET.items() if not getattr(outlet, name)}
    if empty:
        for name, value in empty.items():
            setattr(outlet, name, value)
        outlet.save(update_fields=list(empty))


def _editor_ensure() -> bool:
    users = get_user_model()
    if users.objects.filter(username=EDITOR_USERNAME).exists():
        return False
    users.objects.create_superuser(
        username=EDITOR_USERNAME,
        email="editor@example.com",
        password=EDITOR_PASSWORD,
        first_name="Demo",
        last_name="Editör",
    )
    return True
