"""Read-only queries on comments: the reader's pages, the guard, the moderators' queue."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, Q
from wagtail.permission_policies.pages import PagePermissionPolicy

from manset.comments.models import Comment

PUBLIC_FIELDS = ("id", "parent_id", "thread_id", "depth", "name", "website", "text")
SHOWN = (Comment.Status.PUBLISHED, Comment.Status.DELETED)


@dataclass(frozen=True)
class CommentPage:
    comments: list[Comment]  # threads in order, replies right after their parent
    count: int  # published comments of the article
    number: int
    num_pages: int

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def comment_counts(*, article_ids: list[int]) -> dict[int, int]:
    rows = (
        Comment.objects.filter(article_id__in=article_ids, status=Comment.Status.PUBLISHED)
        .values("article_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {article_id: 0 for article_id in article_ids}
    counts.update({row["article_id"]: row["n"] for row in rows})
    return counts


def comment_page(
    *, article_id: int, number: int = 1, size: int = 50, newest_first: bool = False
) -> CommentPage:
    """One page of threads: `size` top-level comments with all their replies.

    At most three indexed queries whatever the length of the discussion, so an article with
    thousands of comments renders as fast as one with fifty.
    """
    totals = Comment.objects.filter(article_id=article_id, status__in=SHOWN).aggregate(
        count=Count("id", filter=Q(status=Comment.Status.PUBLISHED)),
        threads=Count("id", filter=Q(parent=None)),
    )
    count, total_threads = totals["count"], totals["threads"]
    if not total_threads:  # most articles: one query and done
        return CommentPage([], count, 1, 1)
    threads = Comment.objects.filter(article_id=article_id, parent=None, status__in=SHOWN)
    num_pages = max(1, -(-total_threads // size))
    number = min(max(1, number), num_pages)
    order = ("-created_at", "-id") if newest_first else ("created_at", "id")
    start = (number - 1) * size
    thread_ids = list(threads.order_by(*order).values_list("id", flat=True)[start : start + size])
    if not thread_ids:
        return CommentPage([], count, number, num_pages)
    rows = (
        Comment.objects.filter(Q(id__in=thread_ids) | Q(thread_id__in=thread_ids))
        .filter(status__in=SHOWN)
        .only(*PUBLIC_FIELDS, "created_at", "status", "edited_at")
        .order_by("created_at", "id")
    )
    children: dict[int | None, list[Comment]] = {}
    for comment in rows:
        key = None if comment.id in thread_ids else comment.parent_id
        children.setdefault(key, []).append(comment)
    position = {thread_id: n for n, thread_id in enumerate(thread_ids)}
    ordered: list[Comment] = []

    def walk(parent_id):
        for comment in children.get(parent_id, []):
            ordered.append(comment)
            walk(comment.id)

    for top in sorted(children.get(None, []), key=lambda c: position[c.id]):
        ordered.append(top)
        walk(top.id)
    return CommentPage(ordered, count, number, num_pages)


def own_comments(*, article_id: int, ids: list[int]) -> list[Comment]:
    """The reader's own comments on this article (from their signed cookie)."""
    if not ids:
        return []
    return list(
        Comment.objects.filter(
            article_id=article_id,
            id__in=ids,
            status__in=[Comment.Status.PENDING, Comment.Status.PUBLISHED],
        ).order_by("created_at")
    )


def author_holds_published(*, email: str, comment_ids) -> bool:
    """Whether one of `comment_ids` (from the reader's signed cookie) is a published
    comment of this address."""
    if not comment_ids:
        return False
    return Comment.objects.filter(
        id__in=list(comment_ids), email=email, status=Comment.Status.PUBLISHED
    ).exists()


def comments_recent_from(*, email: str, ip: str | None, since, limit: int = 100) -> list[Comment]:
    """Comments saved since `since` from this address or this IP, newest first: what the
    guard's flood and duplicate rules read while the shared counters are down."""
    who = Q(email=email) | Q(ip_address=ip) if ip else Q(email=email)
    return list(
        Comment.objects.filter(who, created_at__gte=since)
        .only("email", "ip_address", "text", "created_at")
        .order_by("-created_at")[:limit]
    )


QUEUE_STATUSES = {
    "bekleyen": [Comment.Status.PENDING],
    "sikayet": [Comment.Status.PENDING, Comment.Status.PUBLISHED],
    "yayinda": [Comment.Status.PUBLISHED],
    "spam": [Comment.Status.SPAM],
    "reddedilen": [Comment.Status.REJECTED],
}


# Reported and not yet decided: a moderator's approval clears the reports, spam or trash
# takes the comment out. One reader's report is enough (each reader counts once); hiding
# after `reports_to_hide` readers is on top of this.
REPORTED = Q(reports__gt=0, status__in=QUEUE_STATUSES["sikayet"])


def moderated_paths(*, user) -> list[str] | None:
    """The page paths under which `user` moderates comments: those where they may edit
    pages (Wagtail's "change" page permission: an Editör on their desk, Yazı İşleri on the
    home page and so on every desk). None: everywhere (superusers)."""
    if not user.is_active:
        return []
    if user.is_superuser:
        return None
    return sorted(
        {
            grant.page.path
            for grant in PagePermissionPolicy().get_cached_permissions_for_user(user)
            if grant.permission.codename == "change_page"
        }
    )


def comments_moderated_by(*, user):
    """The comments `user` may see and act on in the moderation queue."""
    paths = moderated_paths(user=user)
    if paths is None:
        return Comment.objects.all()
    if not paths:
        return Comment.objects.none()
    return Comment.objects.filter(
        reduce(operator.or_, (Q(article__path__startswith=path) for path in paths))
    )


def desks_moderated_by(*, user, desks) -> list:
    """Those of `desks` whose comments `user` moderates (the queue's desk filter)."""
    paths = moderated_paths(user=user)
    if paths is None:
        return list(desks)
    return [desk for desk in desks if desk.path.startswith(tuple(paths))]


def moderates_every_desk(*, user, desks) -> bool:
    """Whether `user` moderates the comments of all `desks` (Yazı İşleri, superusers):
    what a tool acting on a reader's comments across the site asks for."""
    paths = moderated_paths(user=user)
    if paths is None:
        return True
    return bool(paths) and all(desk.path.startswith(tuple(paths)) for desk in desks)


def moderation_queue(
    *,
    user,
    status: str = "bekleyen",
    article_id: int | None = None,
    desk_path: str | None = None,
    since=None,
    min_score: float | None = None,
    search: str = "",
):
    """The comments `user` moderates, newest first, with their article and parent in one
    query."""
    comments = comments_moderated_by(user=user).select_related("article", "parent")
    comments = comments.order_by("-created_at", "-id")
    comments = comments.filter(status__in=QUEUE_STATUSES.get(status, QUEUE_STATUSES["bekleyen"]))
    if status == "sikayet":
        comments = comments.filter(REPORTED)
    if article_id:
        comments = comments.filter(article_id=article_id)
    if desk_path:
        comments = comments.filter(article__path__startswith=desk_path)
    if since is not None:
        comments = comments.filter(created_at__gte=since)
    if min_score is not None:
        comments = comments.filter(spam_score__gte=min_score)
    if search:
        comments = comments.filter(Q(text__icontains=search) | Q(name__icontains=search))
    return comments


def moderation_summary(*, user, today_start) -> dict[str, int]:
    """The dashboard panel's numbers, for the desks `user` moderates: pending comments,
    spam caught since `today_start`, and comments readers reported that no moderator has
    decided on yet (hidden or still published)."""
    comments = comments_moderated_by(user=user)  # three counts, each on the status index
    return {
        "pending": comments.filter(status=Comment.Status.PENDING).count(),
        "spam_today": comments.filter(
            status=Comment.Status.SPAM, created_at__gte=today_start
        ).count(),
        "reported": comments.filter(REPORTED).count(),
    }


def comments_version(*, article_id: int) -> int:
    """A number that changes whenever the article's public comments change (see
    services._changed); cached comment pages are keyed by it."""
    from django.core.cache import cache

    return cache.get(f"comments:version:{article_id}", 0)
