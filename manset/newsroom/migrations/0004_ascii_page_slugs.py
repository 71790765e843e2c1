"""Newsroom pages whose slug has Turkish letters (made in the admin before slugs were normalised)
get the ASCII slug manset.turkish makes; their old addresses, and those of the pages below them,
answer with a permanent redirect (Wagtail's redirects app)."""

from django.db import migrations

from manset import turkish

NEWSROOM_MODELS = ("homepage", "deskpage", "articlepage")


def _normalised(slug: str) -> str:
    return turkish.slugify(slug, max_length=255)


def _free_slug(Page, page, base: str) -> str:
    siblings = Page.objects.filter(path__startswith=page.path[:-4], depth=page.depth).exclude(
        id=page.id
    )
    candidate, suffix = base, 1
    while siblings.filter(slug=candidate).exists():
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def _public_paths(sites, url_path: str) -> list[tuple[int, str]]:
    """(site id, path a reader used) for each site whose root holds `url_path`."""
    from wagtail.contrib.redirects.models import Redirect as LiveRedirect

    found = []
    for site_id, root_url_path in sites:
        if url_path.startswith(root_url_path):
            public = "/" + url_path[len(root_url_path) :]
            found.append((site_id, LiveRedirect.normalise_path(public)))
    return found


def ascii_slugs(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    Site = apps.get_model("wagtailcore", "Site")
    types = ContentType.objects.filter(app_label="newsroom", model__in=NEWSROOM_MODELS)
    sites = [(s.id, s.root_page.url_path) for s in Site.objects.select_related("root_page")]
    # Shallow first: a desk's new address is part of its articles' addresses.
    for page_id in (
        Page.objects.filter(content_type__in=types).order_by("depth").values_list("id", flat=True)
    ):
        page = Page.objects.get(id=page_id)
        normal = _normalised(page.slug)
        if normal == page.slug:
            continue
        new_slug = _free_slug(Page, page, normal or turkish.slugify(page.title) or "sayfa")
        old_prefix = page.url_path
        new_prefix = old_prefix[: -len(page.slug) - 1] + new_slug + "/"
        Page.objects.filter(id=page.id).update(slug=new_slug)
        for below in Page.objects.filter(path__startswith=page.path).only("id", "url_path"):
            if not below.url_path.startswith(old_prefix):
                continue
            for site_id, old_path in _public_paths(sites, below.url_path):
                Redirect.objects.update_or_create(
                    old_path=old_path,
                    site_id=site_id,
                    defaults={
                        "redirect_page_id": below.id,
                        "redirect_link": "",
                        "is_permanent": True,
                        "automatically_created": True,
                    },
                )
            new_url_path = new_prefix + below.url_path[len(old_prefix) :]
            Page.objects.filter(id=below.id).update(url_path=new_url_path)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_turkish_names_for_wagtail_defaults"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(ascii_slugs, migrations.RunPython.noop)]
