"""Reader-facing comment endpoints under /yorum/.

Forgery protection on cached pages: the article HTML is the same for every reader,
so it cannot carry Django's per-reader CSRF token. Instead every POST here must
come from this site (its Origin, or failing that its Referer, names this scheme and
host, or a trusted origin; a request naming neither is refused) and comment posts
carry a signed form stamp.
A browser on another site can neither forge the Origin nor read a stamp for us.

Posting twice: the same submission sent again with its stamp (a double tap, a retry,
two at once) gets the first answer and stores one comment (services.comment_submit).

Without JavaScript the post redirects to the reader's own comments on the article
(`own_comments` as a page): a small private page, never kept by a cache, that shows the
notice and the reader's pending comment from their signed cookie. The article itself
stays the same for everyone.
"""

import functools
import json

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from manset.comments import selectors, services
from manset.comments.forms import CommentForm, CommentTextForm, make_stamp
from manset.comments.models import Comment
from manset.comments.notifications import unsubscribe_comment_id
from manset.comments.rendering import comment_html
from manset.core import generation, params, ratelimit
from manset.core.client import client_ip, same_origin

OWN_COOKIE = "yorumlarim"  # signed list of the reader's comment ids (HttpOnly)
OWN_FLAG = "yorumcu"  # tells the page's script there is something to fetch
OWN_SALT = "manset.comments.own"
OWN_KEEP = 30
# The cookie is also what an approved reader's trust rides on (services.guard_context):
# kept a year, renewed with each comment, so a regular reader is not held again.
OWN_SECONDS = 365 * 24 * 3600
FLAG_SECONDS = 30 * 24 * 3600
LIST_SECONDS = 3600


def from_this_site(view):
    """Refuse POSTs another site's page makes a reader's browser send (see the module doc)."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not same_origin(request):
            return _refuse(request, _("Bu form yalnızca sitemizden gönderilebilir."), 403)
        return view(request, *args, **kwargs)

    return guarded


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _article(article_id: int):
    """The live, public article (kept per worker until the next publish: read-only)."""
    from manset.newsroom.models import ArticlePage

    article = generation.memo(
        f"comment-article:{article_id}",
        lambda: ArticlePage.objects.live().filter(id=article_id).first(),
    )
    if article is None or article.get_view_restrictions():  # no queries while none is private
        raise Http404
    return article


def _refuse(request, message: str, status: int):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    return render(request, "comments/problem.html", {"message": message}, status=status)


def _own_ids(request) -> list[int]:
    try:
        ids = json.loads(request.get_signed_cookie(OWN_COOKIE, salt=OWN_SALT, default="[]"))
        return [int(i) for i in ids][-OWN_KEEP:]
    except (ValueError, TypeError):
        return []


def _remember_own(request, response, comment_id: int) -> None:
    ids = [*_own_ids(request), comment_id][-OWN_KEEP:]
    secure = request.is_secure()
    response.set_signed_cookie(
        OWN_COOKIE,
        json.dumps(ids),
        salt=OWN_SALT,
        max_age=OWN_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )
    response.set_cookie(OWN_FLAG, "1", max_age=FLAG_SECONDS, samesite="Lax", secure=secure)


@csrf_exempt
@require_POST
@from_this_site
def comment_post(request, article_id: int):
    article = _article(article_id)
    form = CommentForm(request.POST, article_id=article.id)
    if not form.is_valid():
        return _form_errors(request, article, form)
    data = form.cleaned_data
    try:
        submission = services.comment_submit(
            article=article,
            text=data["text"],
            name=data["name"],
            email=data["email"],
            website=data["website"],
            parent_id=data.get("parent"),
            ip=client_ip(request),
            honeypot=data.get("homepage", ""),
            form_seconds=data["form_seconds"],
            notify_replies=data.get("notify", False),
            consent=data.get("consent", False),
            own_comment_ids=_own_ids(request),
            stamp=data["stamp"],
        )
    except services.CommentError as error:
        if error.busy and _wants_json(request):
            return JsonResponse({"ok": False, "message": str(error)}, status=503)
        form.add_error(None, str(error))
        status = 503 if error.busy else 429 if error.too_often else 400
        return _form_errors(request, article, form, status=status)
    comment = submission.comment
    if _wants_json(request):
        html = comment_html(comment, own=True, editable=True)
        response = JsonResponse(
            {"ok": True, "status": comment.status, "message": _message(comment), "html": html}
        )
    else:
        response = HttpResponseRedirect(f"{_own_page_url(article.id, comment.id)}#yorum-durumu")
    if comment.status in (Comment.Status.PUBLISHED, Comment.Status.PENDING):
        _remember_own(request, response, comment.id)
    add_never_cache_headers(response)
    return response


def _message(comment: Comment) -> str:
    if comment.status == Comment.Status.PUBLISHED:
        return _("Yorumunuz yayımlandı.")
    return _("Yorumunuz onay bekliyor.")


def _form_errors(request, article, form, status=400):
    if _wants_json(request):
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=status)
    form.data = form.data.copy()
    form.data["stamp"] = make_stamp(article.id)  # a fresh stamp: resubmitting just works
    context = {"article": article, "form": form, "config": services.comment_settings()}
    response = render(request, "comments/form_page.html", context, status=status)
    add_never_cache_headers(response)
    return response


@require_GET
def form_stamp(request, article_id: int):
    """A fresh stamp when the reader starts writing (the page's own may be hours old)."""
    article = _article(article_id)
    response = JsonResponse({"stamp": make_stamp(article.id)})
    add_never_cache_headers(response)
    return response


@require_GET
def comment_list(request, article_id: int, number: int):
    """Later pages of a long discussion: a page of its own, or a fragment for the script."""
    article = _article(article_id)
    config = services.comment_settings()
    order = request.GET.get("sira")
    newest_first = order == "yeni" if order in ("yeni", "eski") else config.newest_first
    order = "yeni" if newest_first else "eski"
    fragment = bool(request.GET.get("parca"))
    # Kept until the article's comments change: a long discussion is read far more often
    # than it is written, and every worker shares the copy.
    version = selectors.comments_version(article_id=article.id)
    key = f"comments:list:{article.id}:{version}:{number}:{order}:{int(fragment)}"
    html = cache.get(key)
    if html is None:
        page = selectors.comment_page(
            article_id=article.id, number=number, size=config.page_size, newest_first=newest_first
        )
        if page.number != number:
            raise Http404
        template = "comments/list_fragment.html" if fragment else "comments/list_page.html"
        context = {"article": article, "comment_page": page, "config": config, "order": order}
        html = render_to_string(template, context, request)
        cache.set(key, html, LIST_SECONDS)
    response = HttpResponse(html)
    # Comments change often; a shared cache in front may keep this briefly.
    patch_cache_control(response, public=True, max_age=30, s_maxage=30)
    return response


def _own_page_url(article_id: int, comment_id: int) -> str:
    return f"/yorum/{article_id}/benim/?yorum={comment_id}"


@require_GET
def own_comments(request, article_id: int):
    """The reader's own pending or fresh comments on this article (private): JSON for the
    page's script, a page of its own where a post without JavaScript lands."""
    comments = selectors.own_comments(article_id=article_id, ids=_own_ids(request))
    if _wants_json(request):
        response = _own_json(comments)
    else:
        response = _own_page(request, _article(article_id), comments)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Accept", "Cookie"])
    return response


def _own_page(request, article, comments):
    posted = params.integer(request.GET.get("yorum", ""))
    just_sent = next((c for c in comments if c.id == posted), None)
    context = {
        "article": article,
        "comments": [comment_html(c, own=True) for c in comments],
        "notice": _own_notice(just_sent) if posted else "",
        "pending": any(c.status == Comment.Status.PENDING for c in comments),
    }
    return render(request, "comments/own_page.html", context)


def _own_notice(comment: Comment | None) -> str:
    if comment is None:  # not this browser's (a shared link, cookies off) or held as spam
        return _("Yorumunuz alındı. Onaylanan yorumlar haberin altında yayımlanır.")
    if comment.status == Comment.Status.PUBLISHED:
        return _("Yorumunuz yayımlandı.")
    return _("Yorumunuz onay bekliyor; bir editör onayladığında yayımlanacak.")


def _own_json(comments):
    items = [
        {
            "id": c.id,
            "status": c.status,
            "parent": c.parent_id,
            "editable": services.can_author_change(c),
            "html": comment_html(c, own=True, editable=services.can_author_change(c)),
        }
        for c in comments
    ]
    return JsonResponse({"comments": items})


def _own_comment(request, comment_id: int) -> Comment:
    if comment_id not in _own_ids(request):
        raise Http404
    if ratelimit.over_limit([("author-change", client_ip(request) or "", 60, 3600)]):
        raise services.CommentError(_("Çok sık işlem yaptınız; lütfen daha sonra deneyin."))
    return get_object_or_404(Comment, id=comment_id)


@csrf_exempt
@require_POST
@from_this_site
def comment_edit(request, comment_id: int):
    try:
        comment = _own_comment(request, comment_id)
    except services.CommentError as error:
        return _refuse(request, str(error), 429)
    form = CommentTextForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": {"text": form.errors["text"]}}, status=400)
    try:
        comment = services.comment_author_edit(comment=comment, text=form.cleaned_data["text"])
    except services.CommentError as error:
        return _refuse(request, str(error), 403)
    html = comment_html(comment, own=True, editable=True)
    return JsonResponse({"ok": True, "status": comment.status, "html": html})


@csrf_exempt
@require_POST
@from_this_site
def comment_delete(request, comment_id: int):
    try:
        comment = _own_comment(request, comment_id)
        services.comment_author_delete(comment=comment)
    except services.CommentError as error:
        return _refuse(request, str(error), 403)
    return JsonResponse({"ok": True, "message": _("Yorumunuz silindi.")})


@csrf_exempt
@require_POST
@from_this_site
def comment_report(request, comment_id: int):
    ip = client_ip(request)
    if ratelimit.over_limit([("report", ip or "", 30, 3600)]):
        return _refuse(request, _("Çok sık şikayet gönderdiniz; lütfen daha sonra deneyin."), 429)
    comment = get_object_or_404(Comment, id=comment_id, status=Comment.Status.PUBLISHED)
    services.comment_report(comment=comment, ip=ip)
    message = _("Şikayetiniz alındı; bir editör inceleyecek.")
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": message})
    return HttpResponseRedirect(f"{comment.article.url}?sikayet=1#yorumlar")


@require_GET
def comment_counts(request):
    """Comment counts for article cards on cached listing pages: ?haber=1,2,3."""
    parts = request.GET.get("haber", "").split(",")[:100]
    ids = sorted({number for part in parts if (number := params.integer(part.strip()))})
    response = JsonResponse(
        {str(k): v for k, v in selectors.comment_counts(article_ids=ids).items()}
    )
    patch_cache_control(response, public=True, max_age=30, s_maxage=30)
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One click: a POST (mail clients' List-Unsubscribe-Post) or the button on the page."""
    comment_id = unsubscribe_comment_id(token)
    if comment_id is None:
        raise Http404
    done = request.method == "POST"
    if done:
        Comment.objects.filter(id=comment_id).update(notify_replies=False)
    response = render(request, "comments/unsubscribe.html", {"done": done})
    add_never_cache_headers(response)
    return response
