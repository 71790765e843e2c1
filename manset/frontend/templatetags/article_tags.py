"""The article page's body (with its run-in dateline), share links and image alt text."""

import re
from urllib.parse import quote, urlencode

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from manset import turkish
from manset.newsroom.agencies import dateline_line

register = template.Library()

# The opening tag of a paragraph block's first paragraph (Draftail adds data-block-key).
FIRST_P = re.compile(r"^\s*<p(?:\s[^>]*)?>")
DATELINE_DASH = "–"


@register.simple_tag(takes_context=True)
def article_body(context, page) -> SafeString:
    """The body blocks, the dateline run into the first paragraph: "PYONGYANG (Reuters) – …".

    The first paragraph block carries it, wherever it stands (after a picture or a
    sub-heading); a body without one shows the dateline on its own line first.
    """
    label = dateline_line(page.dateline, page.source_agency)
    flat = context.flatten()
    parts = [str(block.render_as_block(context=flat)) for block in page.body]
    if not label:
        return mark_safe("".join(parts))  # noqa: S308  (blocks render escaped HTML)
    run_in = f'<span class="dateline">{escape(label)} {DATELINE_DASH}</span> '
    for index, block in enumerate(page.body):
        opening = FIRST_P.match(parts[index]) if block.block_type == "paragraph" else None
        if opening is None:
            continue
        if not _starts_with_place(parts[index][opening.end() :], label):
            parts[index] = parts[index][: opening.end()] + run_in + parts[index][opening.end() :]
        break
    else:
        parts.insert(
            0, f'<p class="dateline-alone"><span class="dateline">{escape(label)}</span></p>'
        )
    return mark_safe("".join(parts))  # noqa: S308  (label escaped, blocks render escaped HTML)


def _starts_with_place(html: str, label: str) -> bool:
    """The text opens with its own dateline already ("Pyongyang (Reuters) - …", pasted)."""
    place = re.escape(label.split(" (")[0])
    return re.match(rf"{place}\s*[(\-–—]", turkish.upper(strip_tags(html).lstrip())) is not None


# (class suffix, label, address, its query) for each place a reader shares to.
SHARE_TARGETS = (
    ("whatsapp", "WhatsApp", "https://wa.me/", lambda title, url: {"text": f"{title} {url}"}),
    ("x", "X", "https://x.com/intent/post", lambda title, url: {"text": title, "url": url}),
    (
        "facebook",
        "Facebook",
        "https://www.facebook.com/sharer/sharer.php",
        lambda _t, url: {"u": url},
    ),
    (
        "telegram",
        "Telegram",
        "https://t.me/share/url",
        lambda title, url: {"url": url, "text": title},
    ),
)


@register.inclusion_tag("frontend/share.html", takes_context=True)
def share_links(context, page, place="ust"):
    """Plain share links to the canonical address: no third-party script on the page.

    `place` tells two sets on one page apart (their label ids)."""
    request = context["request"]
    url = request.build_absolute_uri(page.get_url(request))
    title = page.title
    links = [
        (name, label, f"{address}?{urlencode(query(title, url), quote_via=quote)}")
        for name, label, address, query in SHARE_TARGETS
    ]
    return {"url": url, "title": title, "place": place, "links": links}


@register.filter
def alt_text(image, caption: str = "") -> str:
    """The image's description, else the caption it is shown with; never a file name."""
    if not image:
        return ""
    return image.alt_text(caption=caption)
