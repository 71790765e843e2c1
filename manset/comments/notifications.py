"""Opt-in e-mail when someone replies, with a signed one-click unsubscribe link.

Publishing a reply queues `reply_email_task` (manset.comments.tasks) once the
publication commits. The task carries the reply's id only (task records are shown to
admins); the addresses are read here, when it runs, through Django's e-mail backend
(the console in development). A mail server that is down, busy or slow is tried again
later; one that refuses for good (5xx) fails the task, with a reason that names no
address. A reply is announced at most once, whichever worker gets to it.
"""

import re
import smtplib

from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from manset.comments.models import Comment
from manset.core.errors import MansetError

UNSUBSCRIBE_SALT = "manset.comments.unsubscribe"


class ReplyEmailError(MansetError):
    """A reply's e-mail could not be sent; nothing went out. The message names no address.

    `transient`: the mail server was down, busy or slow (try again later), rather than
    refusing the message for good.
    """

    def __init__(self, message: str, *, transient: bool):
        super().__init__(message)
        self.transient = transient


def unsubscribe_token(comment_id: int) -> str:
    return signing.dumps(comment_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_comment_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def reply_email_wanted(reply: Comment) -> bool:
    """The parent's author asked to hear of replies, is still published, and is not the replier."""
    parent = reply.parent
    return (
        parent is not None
        and parent.notify_replies
        and parent.is_public
        and parent.email != reply.email
    )


def reply_email_send(reply_id: int) -> str:
    """E-mail the parent's author about reply `reply_id`, at most once for that reply.

    Returns what happened: "sent", "already sent", "gone" (the reply was deleted) or
    "not wanted" (unpublished, unsubscribed, erased since it was queued). Raises
    ReplyEmailError when the mail server would not take it; nothing was sent then.

    The reply is marked before the message goes and unmarked if sending fails: two
    workers cannot both send it, and a worker killed while talking to the mail server
    leaves it marked (perhaps unsent) rather than risk a second e-mail.
    """
    reply = Comment.objects.select_related("parent", "article").filter(pk=reply_id).first()
    if reply is None:
        return "gone"
    if reply.reply_notified_at is not None:
        return "already sent"
    if not reply.is_public or not reply_email_wanted(reply):
        return "not wanted"
    claimed = Comment.objects.filter(pk=reply.pk, reply_notified_at__isnull=True).update(
        reply_notified_at=timezone.now()
    )
    if not claimed:
        return "already sent"
    try:
        _message(reply).send()
    except BaseException as error:
        Comment.objects.filter(pk=reply.pk).update(reply_notified_at=None)
        if isinstance(error, OSError):  # smtplib's errors are OSErrors too
            # From None: the SMTP exception itself may spell out the address.
            raise _send_error(reply, error) from None
        raise
    return "sent"


def _message(reply: Comment) -> EmailMessage:
    parent, article = reply.parent, reply.article
    article_url = article.full_url or ""
    root = article_url.split("/", 3)
    site_root = "/".join(root[:3]) if len(root) >= 3 else ""
    unsubscribe = site_root + reverse("comments:unsubscribe", args=[unsubscribe_token(parent.id)])
    body = _(
        "Merhaba %(name)s,\n\n"
        "“%(title)s” haberine yazdığınız yoruma %(replier)s yanıt verdi:\n\n"
        "%(text)s\n\n"
        "Yanıtı okumak için: %(url)s#yorum-%(id)s\n\n"
        "Bu yorumun yanıtlarıyla ilgili e-posta almak istemiyorsanız: %(unsubscribe)s\n"
    ) % {
        "name": parent.name,
        "title": article.title,
        "replier": reply.name,
        "text": reply.text,
        "url": article_url,
        "id": reply.id,
        "unsubscribe": unsubscribe,
    }
    return EmailMessage(
        subject=_("Yorumunuza yanıt geldi: %(title)s") % {"title": article.title},
        body=body,
        to=[parent.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _send_error(reply: Comment, error: Exception) -> ReplyEmailError:
    """What went wrong, for the failed-task screen and the log, without the reader's address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = list(error.recipients.values())
        transient = any(code < 500 for code, _text in answers)
        detail = "refused the recipient: " + "; ".join(
            f"{code} {_decoded(text)}" for code, text in answers
        )
    elif isinstance(error, smtplib.SMTPResponseException):
        transient = error.smtp_code < 500
        detail = f"answered {error.smtp_code} {_decoded(error.smtp_error)}"
    elif isinstance(error, smtplib.SMTPException):  # a dropped connection, a timeout
        transient = True
        detail = f"failed ({type(error).__name__}: {error})"
    else:  # OSError: refused, unreachable
        transient = True
        detail = f"could not be reached ({type(error).__name__}: {error})"
    address = re.compile(re.escape(reply.parent.email), re.IGNORECASE)
    detail = address.sub("<the reader's address>", detail)
    return ReplyEmailError(
        f"reply {reply.id}: the mail server {detail}"
        + ("" if transient else "; it will not be tried again"),
        transient=transient,
    )


def _decoded(text) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
