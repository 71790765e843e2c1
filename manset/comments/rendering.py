"""One comment as HTML, built in Python: a discussion page shows hundreds of them and
Django's template include costs about 0.4 ms each (measured), this a tenth of that.

Everything the reader typed goes through escape(); numbers through int(); the website
is already limited to http(s) by the form. tests/comments/test_hostile.py holds it to that.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from manset import turkish
from manset.comments.models import TOMBSTONE_TEXT, Comment


def _iso(value) -> str:
    return turkish.to_istanbul(value).replace(microsecond=0).isoformat()


def _text_html(text: str) -> str:
    """Escaped, with line breaks kept (what linebreaksbr does, without its overhead)."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def comment_html(
    comment: Comment, *, own: bool = False, editable: bool = False, max_depth: int = 3
) -> SafeString:
    cid = int(comment.id)
    pending = comment.status == Comment.Status.PENDING
    parent = f' data-parent="{int(comment.parent_id)}"' if comment.parent_id else ""
    opening = (
        f'<article class="comment depth-{int(comment.depth)}{" is-pending" if pending else ""}" '
        f'id="yorum-{cid}" data-id="{cid}"{parent}>'
    )
    if comment.status == Comment.Status.DELETED:
        tombstone = f'{opening}<p class="comment-meta"><em>{TOMBSTONE_TEXT}</em></p></article>'
        return mark_safe(tombstone)  # noqa: S308
    name = escape(comment.name)
    if comment.website:
        author = (
            f'<a href="{escape(comment.website)}" rel="nofollow ugc noopener" '
            f'target="_blank">{name}</a>'
        )
    else:
        author = name
    edited = " · düzenlendi" if comment.edited_at else ""
    marker = ' · <span class="pending-mark">Onay bekliyor</span>' if own and pending else ""
    parts = [
        opening,
        f'<p class="comment-meta"><strong class="comment-author">{author}</strong> · '
        f'<time datetime="{_iso(comment.created_at)}">{turkish.format_datetime(comment.created_at)}'
        f"</time>{edited}{marker}</p>",
        f'<div class="comment-text" dir="auto">{_text_html(comment.text)}</div>',
    ]
    if own and editable:
        parts.append(
            '<p class="comment-actions own-actions"><button class="link own-edit" type="button">'
            'Düzenle</button> · <button class="link own-delete" type="button">Sil</button></p>'
        )
    if not own:
        reply = ""
        if comment.depth < max_depth - 1:
            reply = (
                f'<a class="reply-link" href="?yanit={cid}#yorum-formu" data-reply="{cid}" '
                f'data-name="{name}">Yanıtla</a> · '
            )
        parts.append(
            f'<p class="comment-actions">{reply}<button class="link report" type="submit" '
            f'form="sikayet-{cid}">Şikayet et</button></p><form id="sikayet-{cid}" '
            f'class="report-form" method="post" action="/yorum/sikayet/{cid}/"></form>'
        )
    parts.append("</article>")
    # Every value from the reader passed through escape() above.
    return mark_safe("".join(parts))  # noqa: S308


def comments_html(comments, *, max_depth: int = 3) -> SafeString:
    return mark_safe("".join(comment_html(c, max_depth=max_depth) for c in comments))  # noqa: S308
