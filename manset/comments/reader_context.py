"""What the article page shows of its comments: the first page of threads, the form,
and the notice a reader comes back to after posting without JavaScript.

Everything here is the same for every reader of a URL, so the page stays cacheable.
"""

from django.utils.translation import gettext as _

from manset.comments import selectors, services
from manset.comments.forms import make_stamp
from manset.comments.models import Comment
from manset.core import params


def article_comments(*, request, article) -> dict:
    config = services.comment_settings()
    page = selectors.comment_page(
        article_id=article.id, size=config.page_size, newest_first=config.newest_first
    )
    return {
        "comment_page": page,
        "comment_config": config,
        "comment_stamp": make_stamp(article.id),
        "comments_closed": services.comments_closed_reason(article=article, config=config),
        "comment_notice": _notice(request, article),
        "reply_to": _reply_to(request, article),
    }


def _int_param(request, name: str) -> int | None:
    return params.integer(request.GET.get(name, ""))


def _notice(request, article) -> str:
    if request.GET.get("sikayet") == "1":
        return _("Şikayetiniz alındı; bir editör inceleyecek.")
    comment_id = _int_param(request, "yorum")
    if comment_id is None:
        return ""
    status = (
        Comment.objects.filter(id=comment_id, article_id=article.id)
        .values_list("status", flat=True)
        .first()
    )
    if status == Comment.Status.PUBLISHED:
        return _("Yorumunuz yayımlandı.")
    if status == Comment.Status.PENDING:
        return _("Yorumunuz onay bekliyor; bir editör onayladığında yayımlanacak.")
    return ""


def _reply_to(request, article):
    comment_id = _int_param(request, "yanit")
    if comment_id is None:
        return None
    return (
        Comment.objects.filter(
            id=comment_id, article_id=article.id, status=Comment.Status.PUBLISHED
        )
        .only("id", "name")
        .first()
    )
