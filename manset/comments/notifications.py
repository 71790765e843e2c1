"""Opt-in e-mail when someone replies, with a signed one-click unsubscribe link.

Mail goes through Django's e-mail backend (the console in development), after the
reply is committed; a mail server that is down is logged, never the reader's error.
"""

import logging

from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "manset.comments.unsubscribe"


def unsubscribe_token(comment_id: int) -> str:
    return signing.dumps(comment_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_comment_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def reply_published(reply) -> None:
    """Tell the parent comment's author, if they asked to be told."""
    parent = reply.parent
    if parent is None or not parent.notify_replies or parent.email == reply.email:
        return
    if parent.status != parent.Status.PUBLISHED:
        return
    transaction.on_commit(lambda: _send(reply, parent))


def _send(reply, parent) -> None:
    article = reply.article
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
    message = EmailMessage(
        subject=_("Yorumunuza yanıt geldi: %(title)s") % {"title": article.title},
        body=body,
        to=[parent.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception:
        logger.exception("could not send the reply notification for comment %s", reply.id)
