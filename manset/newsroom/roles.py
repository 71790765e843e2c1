"""Newsroom roles as Django groups with Wagtail permissions.

- "Muhabir — <Desk>": writes drafts on its own desk. Wagtail's "add" permission
  lets a member create pages there and edit the ones they own; without
  "publish" a draft goes live only through the desk's approval workflow.
- "Editör — <Desk>": adds, edits, publishes, locks and unlocks on its desk, and
  approves the desk's workflow task.
- "Yazı İşleri": the same on the home page and so on every desk below it;
  curating the front page is editing the home page's manşet slots. It also
  moderates comments, bans, and answers readers' data requests.
- Editors moderate the comments on their own desk's articles too.

Every group may use the admin and choose and upload images and documents (root
collection). Groups are found by name; permissions are added when missing and
never removed, so what is changed in the admin survives a re-run.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from manset import turkish
from manset.newsroom.models import Author, DeskPage, HomePage
from manset.newsroom.workflows import desk_workflow_ensure

REPORTER_GROUP = "Muhabir — {desk}"
EDITOR_GROUP = "Editör — {desk}"
CHIEF_EDITORS_GROUP = "Yazı İşleri"

# Wagtail 8 page permission codenames are "<action>_page" (wagtail.models.PAGE_PERMISSION_TYPES).
REPORTER_PAGE_ACTIONS = ("add",)
EDITOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
CHIEF_EDITORS_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")

DEMO_PASSWORD = "manset-demo"  # noqa: S105  (printed for the demo; never used in production)
DEMO_DESK = "gundem"


@dataclass(frozen=True)
class DeskRoles:
    reporters: Group
    editors: Group
    chief_editors: Group


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    group: str  # REPORTER_GROUP or EDITOR_GROUP


DEMO_USERS = (
    DemoUser("muhabir", "Demo", "Muhabir", REPORTER_GROUP),
    DemoUser("editor-gundem", "Demo", "Gündem Editörü", EDITOR_GROUP),
)


def reporter_group_name(*, desk: DeskPage) -> str:
    return REPORTER_GROUP.format(desk=desk.title)


def editor_group_name(*, desk: DeskPage) -> str:
    return EDITOR_GROUP.format(desk=desk.title)


@transaction.atomic
def desk_roles_ensure(*, desk: DeskPage) -> DeskRoles:
    """The desk's Muhabir and Editör groups, Yazı İşleri, and the desk's approval workflow."""
    chief_editors = chief_editors_ensure(home=desk.get_parent())
    reporters = _group_ensure(
        name=reporter_group_name(desk=desk), page=desk, actions=REPORTER_PAGE_ACTIONS
    )
    editors = _group_ensure(
        name=editor_group_name(desk=desk), page=desk, actions=EDITOR_PAGE_ACTIONS
    )
    editors.permissions.add(_permission("comments", "comment", "moderate_comment"))
    desk_workflow_ensure(desk=desk, approvers=[editors, chief_editors])
    return DeskRoles(reporters=reporters, editors=editors, chief_editors=chief_editors)


@transaction.atomic
def chief_editors_ensure(*, home: Page) -> Group:
    """Yazı İşleri, with its permissions on the home page (and so on every desk), and the
    comment desk's: moderation, bans, reader IPs and reader-data requests."""
    group = _group_ensure(name=CHIEF_EDITORS_GROUP, page=home, actions=CHIEF_EDITORS_PAGE_ACTIONS)
    group.permissions.add(
        _permission("comments", "comment", "moderate_comment"),
        _permission("comments", "comment", "view_ip_address"),
        *(_permission("comments", "ban", f"{a}_ban") for a in ("add", "change", "delete", "view")),
    )
    return group


@transaction.atomic
def newsroom_roles_ensure() -> list[Group]:
    """Every role of the newsroom: Yazı İşleri and each desk's two groups."""
    groups = []
    home = HomePage.objects.first()
    if home is not None:
        groups.append(chief_editors_ensure(home=home))
    for desk in DeskPage.objects.order_by("path"):
        roles = desk_roles_ensure(desk=desk)
        groups += [roles.reporters, roles.editors]
    return groups


@transaction.atomic
def demo_users_ensure() -> list[str]:
    """The demo reporter and editor of Gündem, created when missing; returns the new usernames.

    An existing user of the same name is left as it is.
    """
    desk = DeskPage.objects.filter(slug=DEMO_DESK).first()
    if desk is None:
        return []
    roles = desk_roles_ensure(desk=desk)
    groups = {REPORTER_GROUP: roles.reporters, EDITOR_GROUP: roles.editors}
    users = get_user_model()
    created = []
    for demo in DEMO_USERS:
        if users.objects.filter(username=demo.username).exists():
            continue
        user = users.objects.create_user(
            username=demo.username,
            email=f"{demo.username}@example.com",
            password=DEMO_PASSWORD,
            first_name=demo.first_name,
            last_name=demo.last_name,
        )
        user.groups.add(groups[demo.group])
        user_author_ensure(user=user)
        created.append(demo.username)
    return created


def is_newsroom_group(name: str) -> bool:
    """Yazı İşleri, or a desk's Muhabir or Editör group."""
    prefixes = (REPORTER_GROUP.format(desk=""), EDITOR_GROUP.format(desk=""))
    return name == CHIEF_EDITORS_GROUP or name.startswith(prefixes)


@transaction.atomic
def user_author_ensure(*, user) -> Author | None:
    """The author profile of a newsroom user (one in a newsroom group), made when missing.

    Named as the account is ("Ayşe Kaya", else the username), on the desk of the user's
    Muhabir or Editör group. None for a user outside the newsroom; an existing profile is
    returned as it is.
    """
    existing = Author.objects.filter(user=user).first()
    if existing is not None:
        return existing
    groups = [g for g in user.groups.all() if is_newsroom_group(g.name)]
    if not groups:
        return None
    name = user.get_full_name().strip() or user.get_username()
    desk = DeskPage.objects.filter(group_permissions__group__in=groups).order_by("path").first()
    return Author.objects.create(name=name, slug=_free_author_slug(name), desk=desk, user=user)


def _free_author_slug(name: str) -> str:
    base = turkish.slugify(name, max_length=130) or "yazar"
    slug, suffix = base, 1
    while Author.objects.filter(slug=slug).exists():
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


def _group_ensure(*, name: str, page: Page, actions: tuple[str, ...]) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_permission("wagtailadmin", "admin", "access_admin"))
    page_type = ContentType.objects.get_for_model(Page)
    for action in actions:
        permission = Permission.objects.get(content_type=page_type, codename=f"{action}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    root = Collection.get_first_root_node()
    for permission in _media_permissions():
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
    return group


def _media_permissions() -> list[Permission]:
    # Wagtail checks these on wagtailimages.Image and wagtaildocs.Document (the policies'
    # auth_model), also when WAGTAILIMAGES_IMAGE_MODEL is our NewsImage.
    return [
        _permission("wagtailimages", "image", "add_image"),
        _permission("wagtailimages", "image", "choose_image"),
        _permission("wagtaildocs", "document", "add_document"),
        _permission("wagtaildocs", "document", "choose_document"),
    ]


def _permission(app_label: str, model: str, codename: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label=app_label, content_type__model=model, codename=codename
    )
