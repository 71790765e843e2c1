"""The stack benchmark's hands inside the site: one long-lived process with the stack's
environment (`manset stack env`) that publishes articles, bumps the content generation and
sets the comment rules when bench/stack_speed.py asks, without paying Django's start-up
for each step (a publish every 5 s must be timed from its commit, not from a new process).

Protocol: one JSON object a line on stdin ({"do": "publish", ...}), one JSON answer a line
on stdout, prefixed with "agent: " (anything else Django prints is not an answer).
"""

import json
import os
import sys
import time
import traceback
from dataclasses import replace
from datetime import UTC, datetime, timedelta

ANSWER = "agent: "
# The comment rules that count per address: off while every wrk connection is 127.0.0.1.
PER_ADDRESS_RULES = ("flood_seconds", "per_ip_per_hour")


def setup() -> None:
    from manset.settings.env import settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    import django

    django.setup()


def articles(count: int) -> dict:
    """The newest `count` live articles' paths, and which of them take comments now."""
    from manset.comments.services import comment_settings, comments_closed_reason
    from manset.newsroom.models import ArticlePage

    config = comment_settings()
    newest = ArticlePage.objects.live().public().order_by("-first_published_at")[:count]
    paths, open_ids = [], []
    for article in newest.specific():
        paths.append(article.get_url())
        if not comments_closed_reason(article=article, config=config):
            open_ids.append([article.id, article.get_url()])
    return {"paths": paths, "open": open_ids}


def publish(run: str, number: int) -> dict:
    """A new article on the Dünya desk, published now through the newsroom's service (the
    transaction that queues its purges); answered once it has committed."""
    from django.utils import timezone

    from manset.demo.synthetic import make_articles
    from manset.importers.jsonl import record_from_dict
    from manset.newsroom.services import article_upsert

    data = next(make_articles(1, seed=7, start_index=number))
    token = f"{run}-{number}"
    headline = f"Yük testi haberi {token}: {data['headline']}"[:250]
    data.update(external_id=f"bench-{token}", headline=headline, desk="dunya", published_at=None)
    record = record_from_dict(data, allow_extra=True)
    record = replace(record, published_at=timezone.now() - timedelta(seconds=1))
    started = time.perf_counter()
    result = article_upsert(record=record)
    committed = time.time()
    article = result.article
    return {
        "path": article.get_url(),
        "desk_path": article.get_parent().get_url(),
        "headline": article.title,
        "publish_seconds": time.perf_counter() - started,
        "committed_at": committed,
    }


def bump() -> dict:
    from manset.core import generation

    generation.bump()
    return {"generation": generation.current()}


def per_address_rules(values: dict | None) -> dict:
    """Set (or, given the earlier values, restore) the comment rules counted per address;
    answers the values they had."""
    from manset.comments.config import CommentSettings

    config = CommentSettings.load()
    before = {name: getattr(config, name) for name in PER_ADDRESS_RULES}
    wanted = values if values is not None else dict.fromkeys(PER_ADDRESS_RULES, 0)
    if wanted != before:
        for name, value in wanted.items():
            setattr(config, name, value)
        config.save()
    return {"before": before}


def comments(since: float) -> dict:
    """Comments written since a moment, by status: what the guard made of the posts."""
    from django.db.models import Count

    from manset.comments.models import Comment

    when = datetime.fromtimestamp(since, tz=UTC)
    rows = Comment.objects.filter(created_at__gte=when).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def answer(command: dict) -> dict:
    do = command["do"]
    if do == "articles":
        return articles(command["count"])
    if do == "publish":
        return publish(command["run"], command["number"])
    if do == "bump":
        return bump()
    if do == "per_address_rules":
        return per_address_rules(command.get("values"))
    if do == "comments":
        return comments(command["since"])
    raise ValueError(f"unknown command {do!r}")


def main() -> None:
    setup()
    from django.db import close_old_connections

    print(ANSWER + json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        close_old_connections()
        try:
            reply = answer(json.loads(line))
        except Exception as exc:  # noqa: BLE001  (reported to the bench, which stops)
            reply = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        print(ANSWER + json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
