"""Page slugs through manset.turkish, whoever typed them: the editor, Wagtail's script, a feed.

Wagtail's admin script fills the slug from the headline with its own rules, and an editor may
type anything; readers and search engines should see one spelling, the ASCII one the demo and
the wires get: "kadıköyde-yeni-park" is stored as "kadikoyde-yeni-park".
"""

from manset import turkish

# Wagtail's Page.slug column.
SLUG_MAX_LENGTH = 255


def slug_normalised(slug: str) -> str:
    """The slug as Manşet spells it; an ASCII slug that is already right comes back unchanged.

    >>> slug_normalised("kadıköyde-yeni-park"), slug_normalised("kadikoyde-yeni-park")
    ('kadikoyde-yeni-park', 'kadikoyde-yeni-park')
    """
    return turkish.slugify(slug, max_length=SLUG_MAX_LENGTH)


def slug_for_page(page, *, slug: str, parent=None) -> str:
    """`slug` normalised for `page`; when that clashes with a sibling's, with a -2, -3 … suffix.

    A slug that needed no normalising is returned as it is, so a clash the editor chose is
    still reported to them by Wagtail. `parent` defaults to the page's parent.
    """
    normal = slug_normalised(slug) or turkish.slugify(page.title) or "sayfa"
    if normal == slug:
        return slug
    parent = parent if parent is not None else page.get_parent()
    candidate, suffix = normal, 1
    while not page._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{normal}-{suffix}"
    return candidate
