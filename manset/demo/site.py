"""The site skeleton every newsroom needs: the home page and the desks."""

from django.db import transaction
from wagtail.models import Page, Site

from manset.newsroom.models import DeskPage, HomePage
from manset.newsroom.roles import desk_roles_ensure


@transaction.atomic
def home_ensure() -> HomePage:
    """The one HomePage, made the default site's root; Wagtail's welcome page is removed."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title="Manşet", slug="manset", intro="Haberin merkezi")
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Manşet"
        )
    elif site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page = home
        site.site_name = site.site_name or "Manşet"
        site.save()
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!"
    return home


@transaction.atomic
def desk_ensure(*, home: HomePage, slug: str, name: str, credit: str, intro: str = "") -> DeskPage:
    """The desk with this slug, created when missing; an existing desk is left as edited."""
    desk = DeskPage.objects.filter(slug=slug).first()
    if desk is None:
        desk = home.add_child(instance=DeskPage(title=name, slug=slug, credit=credit, intro=intro))
        desk.save_revision().publish()
        desk_roles_ensure(desk=desk)
    return desk
