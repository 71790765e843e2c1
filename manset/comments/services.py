"""What happens to comments: submitted through the guard, moderated, reported, edited
by their author within the window, exported and erased on a reader's request."""

import hashlib
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from manset import turkish
from manset.comments import guard, selectors, tasks
from manset.comments.forms import STAMP_MAX_AGE
from manset.comments.models import TOMBSTONE_TEXT, Ban, Comment, CommentAuthor, CommentReport
from manset.comments.signals import comments_changed
from manset.core import generation
from manset.core.db import commit_without_waiting_for_disk

logger = logging.getLogger(__name__)
Status = Comment.Status
STATUS_OF = {
    guard.PUBLISH: Status.PUBLISHED,
    guard.HOLD: Status.PENDING,
    guard.SPAM: Status.SPAM,
}


class CommentError(Exception):
    """A submission the reader must fix or cannot make; the message is for them."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.code = code

    @property
    def too_often(self) -> bool:
        return self.code in ("flood", "rate_limit")

    @property
    def busy(self) -> bool:
        """Nothing was wrong with the comment: the database could not take it just now."""
        return self.code == "busy"


@dataclass(frozen=True)
class Submission:
    comment: Comment | None
    verdict: guard.Verdict | None  # None: a repeat, answered with the first comment
    repeated: bool = False


def comment_settings():
    """The outlet's comment rules; kept per worker until they (or any content) change."""
    from manset.comments.config import CommentSettings

    return generation.memo("comment-settings", CommentSettings.load)


def normalize_email(email: str) -> str:
    return turkish.fold_address(email)


def comments_closed_reason(*, article, config=None) -> str:
    """Why a reader cannot comment on this article now ("" while they can)."""
    config = config or comment_settings()
    if not article.comments_open:
        return _("Bu haber yorumlara kapalı.")
    days = config.close_after_days
    published = article.first_published_at
    if days and published and timezone.now() - published > timedelta(days=days):
        return _("Bu haber %(days)s günden eski olduğu için yorumlara kapandı.") % {"days": days}
    return ""


def guard_context(
    *, email: str, config, trusted: bool = False, own_comment_ids: Sequence[int] = ()
) -> guard.Context:
    """What the guard reads about the author: their record, and whether this reader holds
    the trust their address earned. An approved address is trusted only from a browser that
    presents (in the signed cookie of its own comments) one of that address's published
    comments: trust follows what the reader holds, not an address anyone can type."""
    author = (
        CommentAuthor.objects.filter(email=email).only("id", "trusted").first()
        if email and not trusted
        else None
    )
    address_trusted = bool(author and author.trusted)
    holds_trust = address_trusted and selectors.author_holds_published(
        email=email, comment_ids=own_comment_ids
    )
    now = timezone.now()
    every_ban = generation.memo("comment-bans", lambda: list(Ban.objects.all()))
    bans = [b for b in every_ban if b.expires_at is None or b.expires_at > now]
    return guard.Context(
        config=config,
        trusted=trusted,
        author_trusted=holds_trust,
        author_known=author is not None,
        address_trusted=address_trusted,
        bans=bans,
        earlier=selectors.comments_recent_from,
    )


def comment_submit(
    *,
    article,
    text: str,
    name: str,
    email: str,
    website: str = "",
    parent_id: int | None = None,
    ip: str | None = None,
    honeypot: str = "",
    form_seconds: float | None = None,
    notify_replies: bool = False,
    consent: bool = False,
    own_comment_ids: Sequence[int] = (),
    stamp: str = "",
) -> Submission:
    """Run the guard and save the comment unless it is rejected (CommentError then).

    `own_comment_ids`: the comments the reader's browser says are its own (the signed
    cookie); an approved author is trusted only with one of theirs among them.
    `stamp`: the form's stamp; the same submission sent again with it (a double tap, a
    retry, two at once) is answered with the first comment, saved once."""
    email = normalize_email(email)
    key = None
    if stamp:
        key = submission_key(stamp=stamp, ip=ip, email=email, parent_id=parent_id, text=text)
        if first := _submitted(key):
            return Submission(first, None, repeated=True)
    config = comment_settings()
    if reason := comments_closed_reason(article=article, config=config):
        raise CommentError(reason)
    if config.require_consent and not consent:
        raise CommentError(_("Yorum gönderebilmek için aydınlatma metnini onaylamalısınız."))
    parent = _parent_for(article=article, parent_id=parent_id, config=config)
    candidate = guard.Candidate(
        text=text,
        name=name,
        email=email,
        website=website,
        ip=ip,
        honeypot=honeypot,
        form_seconds=form_seconds,
        article_premoderated=article.comments_premoderated,
    )
    context = guard_context(email=email, config=config, own_comment_ids=own_comment_ids)
    verdict = guard.comment_check(candidate, context)
    if verdict.action == guard.REJECT:
        if key and (first := _submitted(key)):  # its twin was saved meanwhile (flood rule)
            return Submission(first, None, repeated=True)
        rule = next(h.rule for h in verdict.hits if h.action == guard.REJECT)
        raise CommentError(verdict.message, code=rule)
    comment = Comment(
        article=article,
        parent=parent,  # depth and thread follow from it (Comment.save)
        name=name,
        email=email,
        website=website,
        text=text,
        status=STATUS_OF[verdict.action],
        ip_address=ip,
        spam_score=verdict.score,
        guard_notes=verdict.as_notes(),
        notify_replies=notify_replies,
        consent_at=timezone.now() if consent else None,
        submission_key=key,
    )
    try:
        with transaction.atomic():
            # A decided trade: most of a comment write's latency under load was waiting for
            # the disk. A database crash may lose the last fraction of a second of comments;
            # it can never leave one half-written. Articles keep full durability.
            commit_without_waiting_for_disk()
            comment.save()
            if not context.author_known:  # no error if a twin request made it first
                CommentAuthor.objects.bulk_create(
                    [CommentAuthor(email=email)], ignore_conflicts=True
                )
    except IntegrityError:
        # Its twin, sent at the same moment, got in first: the unique key let one through.
        if key and (first := _submitted(key)):
            return Submission(first, None, repeated=True)
        raise
    except OperationalError as error:
        # Another writer held the database past the timeout (SQLite's "database is locked",
        # a PostgreSQL lock timeout): the transaction wrote nothing, so trying again is safe.
        logger.warning("comment on article %s not saved, database busy: %s", article.id, error)
        raise CommentError(
            _("Yorumunuz kaydedilemedi; lütfen biraz sonra tekrar deneyin."), code="busy"
        ) from error
    guard.mark_accepted(candidate, context)
    if comment.status == Status.PUBLISHED:
        _published(comment)
    return Submission(comment, verdict)


def submission_key(
    *, stamp: str, ip: str | None, email: str, parent_id: int | None, text: str
) -> str:
    """What makes a POST the same submission again: its form stamp and what was sent.

    Not the stamp alone: a cached article hands one stamp to every reader who loads that
    copy, so two readers (or one reader's second comment) may send the same stamp. Keyed
    with the secret, so the stored value says nothing of the address it was made from;
    the IP keeps someone who knows a reader's address and text from being handed their
    comment (and its edit rights) by sending both with the page's stamp."""
    value = "\n".join([stamp, ip or "", email, str(parent_id or ""), text])
    return salted_hmac("manset.comments.submission", value, algorithm="sha256").hexdigest()


def _submitted(key: str) -> Comment | None:
    return Comment.objects.filter(submission_key=key).first()


def submission_keys_forget(*, now=None) -> int:
    """Clear the keys of comments whose form stamp has expired: a form that old is refused
    anyway, so the key can no longer match, and the unique index stays small."""
    now = now or timezone.now()
    since = now - timedelta(seconds=STAMP_MAX_AGE + 3600)  # an hour's slack for clocks
    return Comment.objects.filter(submission_key__isnull=False, created_at__lt=since).update(
        submission_key=None
    )


def submission_key_purge_job(now) -> None:
    if forgotten := submission_keys_forget(now=now):
        logger.info("forgot %d expired comment submission keys", forgotten)


def _parent_for(*, article, parent_id, config) -> Comment | None:
    if not parent_id:
        return None
    parent = Comment.objects.filter(id=parent_id, article=article, status=Status.PUBLISHED).first()
    if parent is None:
        raise CommentError(_("Yanıtladığınız yorum bulunamadı."))
    if parent.depth + 1 >= config.max_depth:
        # Deeper replies join the deepest level instead of nesting further.
        return parent.parent if parent.parent_id else parent
    return parent


def _changed(article_id: int) -> None:
    """The article's public comments changed: tell the caches (see now_and_on_commit).

    Best effort: the comment is saved by then, and a cache that cannot be told (Redis
    down) must not turn the reader's or the moderator's answer into an error; the kept
    pages age out on their own."""

    def tell():
        try:
            _version_bump(article_id)
            comments_changed.send(Comment, article_id=article_id)
        except Exception:
            logger.exception("could not forget article %s's cached comments", article_id)

    generation.now_and_on_commit(tell)


def _version_bump(article_id: int) -> None:
    from django.core.cache import cache

    key = f"comments:version:{article_id}"
    try:
        cache.incr(key)
    except ValueError:  # first change: start somewhere no old page was kept under
        cache.set(key, int(timezone.now().timestamp() * 1000), timeout=None)


def _published(comment: Comment) -> None:
    _changed(comment.article_id)
    if comment.parent_id:
        tasks.reply_published(comment)


# --- moderation --------------------------------------------------------------------


def comment_moderate(*, comment: Comment, action: str, user=None) -> Comment:
    """approve | spam | reject | trash, with the author's record and the audit log."""
    from wagtail.log_actions import log

    was_public = comment.is_public
    new_status = {
        "approve": Status.PUBLISHED,
        "spam": Status.SPAM,
        "reject": Status.REJECTED,
        "trash": Status.REJECTED,
    }[action]
    with transaction.atomic():
        comment.status = new_status
        comment.flagged = False if action == "approve" else comment.flagged
        comment.reports = 0 if action == "approve" else comment.reports
        comment.moderated_at = timezone.now()
        comment.moderated_by = user if getattr(user, "pk", None) else None
        comment.save(update_fields=["status", "flagged", "reports", "moderated_at", "moderated_by"])
        _author_record(comment, approved=action == "approve")
        # Titled by number, not by str(comment): Wagtail's site history shows every entry
        # of a model to anyone with a permission on it, whichever desk the comment is on.
        log(
            instance=comment,
            action=f"manset.comment.{action}",
            user=user,
            title=_("Yorum #%(id)s") % {"id": comment.id},
        )
    if new_status == Status.PUBLISHED or was_public:
        _changed(comment.article_id)
    if new_status == Status.PUBLISHED and not was_public and comment.parent_id:
        tasks.reply_published(comment)
    tasks.spam_decision_made()
    return comment


def _author_record(comment: Comment, *, approved: bool) -> None:
    author, _created = CommentAuthor.objects.get_or_create(email=comment.email)
    if approved:
        author.approved += 1
        author.trusted = True  # approving a held author's comment trusts the author
    else:
        author.rejected += 1
        config = comment_settings()
        if author.rejected >= config.untrust_after_rejections and author.rejected > author.approved:
            author.trusted = False  # often rejected: back to pre-moderation
    author.save()


def comment_report(*, comment: Comment, ip: str | None) -> bool:
    """A reader's report; True when it was counted (one per reader)."""
    reporter = hmac.new(
        settings.SECRET_KEY.encode(), (ip or "unknown").encode(), hashlib.sha256
    ).hexdigest()
    with transaction.atomic():
        _report, created = CommentReport.objects.get_or_create(comment=comment, reporter=reporter)
        if not created:
            return False
        Comment.objects.filter(id=comment.id).update(reports=F("reports") + 1)
        comment.refresh_from_db(fields=["reports", "status", "flagged"])
        limit = comment_settings().reports_to_hide
        if limit and comment.reports >= limit and comment.is_public:
            comment.status, comment.flagged = Status.PENDING, True
            comment.save(update_fields=["status", "flagged"])
            _changed(comment.article_id)
    return True


# --- the author's own comment, within the edit window --------------------------------


def can_author_change(comment: Comment) -> bool:
    window = timedelta(minutes=comment_settings().edit_window_minutes)
    return comment.status in (Status.PENDING, Status.PUBLISHED) and (
        timezone.now() - comment.created_at <= window
    )


def comment_author_edit(*, comment: Comment, text: str) -> Comment:
    if not can_author_change(comment):
        raise CommentError(_("Bu yorumu düzenleme süresi doldu."))
    config = comment_settings()
    candidate = guard.Candidate(text=text, name=comment.name, email=comment.email)
    verdict = guard.comment_check(candidate, guard.Context(config=config, trusted=True))
    was_public = comment.is_public
    comment.text = text
    comment.edited_at = timezone.now()
    if verdict.action != guard.PUBLISH:
        comment.status = STATUS_OF.get(verdict.action, Status.PENDING)
    comment.guard_notes = verdict.as_notes()
    comment.save(update_fields=["text", "edited_at", "status", "guard_notes"])
    if was_public or comment.is_public:
        _changed(comment.article_id)
    return comment


def comment_author_delete(*, comment: Comment) -> None:
    if not can_author_change(comment):
        raise CommentError(_("Bu yorumu silme süresi doldu."))
    _remove(comment)


def _remove(comment: Comment) -> None:
    """Delete, or leave a tombstone where replies hang on it; no personal data stays."""
    was_public = comment.is_public
    if comment.replies.exists():
        comment.status = Status.DELETED
        comment.text, comment.name, comment.website = TOMBSTONE_TEXT, TOMBSTONE_TEXT, ""
        comment.email = f"silindi-{comment.id}@invalid"
        comment.ip_address = None
        comment.notify_replies = False
        comment.save()
    else:
        comment.delete()
    if was_public:
        _changed(comment.article_id)


# --- privacy ---------------------------------------------------------------------


def reader_export(*, email: str | None = None, user=None) -> dict:
    """Everything stored about one reader (or every reader when email is None)."""
    from wagtail.log_actions import log

    comments = Comment.objects.order_by("created_at", "id").select_related("article")
    authors = CommentAuthor.objects.order_by("email")
    if email is not None:
        email = normalize_email(email)
        comments, authors = (
            comments.filter(email__iexact=email),
            authors.filter(email__iexact=email),
        )
    for author in authors[:1] if email is not None else []:
        log(instance=author, action="manset.comment.export", user=user, title=_("okur verisi"))
    return {
        "exported_at": timezone.now().isoformat(),
        "email": email,
        "authors": [
            {
                "email": a.email,
                "approved": a.approved,
                "rejected": a.rejected,
                "trusted": a.trusted,
                "first_comment_at": a.created_at.isoformat(),
            }
            for a in authors
        ],
        "comments": [_comment_export(c) for c in comments],
    }


def _comment_export(c: Comment) -> dict:
    return {
        "id": c.id,
        "article": c.article.title,
        "article_url": c.article.url,
        "parent_id": c.parent_id,
        "name": c.name,
        "email": c.email,
        "website": c.website,
        "text": c.text,
        "status": c.status,
        "created_at": c.created_at.isoformat(),
        "edited_at": c.edited_at.isoformat() if c.edited_at else None,
        "ip_address": c.ip_address,
        "notify_replies": c.notify_replies,
        "consent_at": c.consent_at.isoformat() if c.consent_at else None,
    }


def reader_erase(*, email: str, user=None) -> int:
    """Remove a reader's personal data; returns how many comments were touched."""
    from wagtail.log_actions import log

    email = normalize_email(email)
    touched = 0
    with transaction.atomic():
        # Replies first, so a parent whose replies all go can go too.
        for comment in Comment.objects.filter(email__iexact=email).order_by("-depth", "-id"):
            _remove(comment)
            touched += 1
        for author in CommentAuthor.objects.filter(email__iexact=email):
            # The log keeps that an erasure happened, not whose address it was.
            log(
                instance=author,
                action="manset.comment.erase",
                user=user,
                title=_("okur verisi"),
                data={"comments": touched},
            )
            author.delete()
    logger.info("erased a reader's data: %d comments", touched)
    return touched


def ip_addresses_purge(*, now=None) -> int:
    """Forget IP addresses older than the retention period (Law 5651 keeps two years)."""
    now = now or timezone.now()
    days = comment_settings().ip_retention_days
    return Comment.objects.filter(
        ip_address__isnull=False, created_at__lt=now - timedelta(days=days)
    ).update(ip_address=None)


def ip_purge_job(now) -> None:
    if purged := ip_addresses_purge(now=now):
        logger.info("forgot %d IP addresses past their retention", purged)
