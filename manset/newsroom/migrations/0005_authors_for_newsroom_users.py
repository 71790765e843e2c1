"""Every user of a newsroom group (Yazı İşleri, a desk's Muhabir or Editör) without an author
profile gets one, named as the account is (newsroom.roles.user_author_ensure does it since)."""

from django.db import migrations

from manset import turkish

CHIEF_EDITORS = "Yazı İşleri"
DESK_GROUP_PREFIXES = ("Muhabir — ", "Editör — ")


def _is_newsroom_group(name: str) -> bool:
    return name == CHIEF_EDITORS or name.startswith(DESK_GROUP_PREFIXES)


def authors_for_newsroom_users(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Author = apps.get_model("newsroom", "Author")
    DeskPage = apps.get_model("newsroom", "DeskPage")
    groups = [g.id for g in Group.objects.all() if _is_newsroom_group(g.name)]
    users = User.objects.filter(groups__in=groups, author__isnull=True).distinct().order_by("id")
    slugs = set(Author.objects.values_list("slug", flat=True))
    for user in users:
        name = f"{user.first_name} {user.last_name}".strip() or user.username
        base = turkish.slugify(name, max_length=130) or "yazar"
        slug, suffix = base, 1
        while slug in slugs:
            suffix += 1
            slug = f"{base}-{suffix}"
        slugs.add(slug)
        user_groups = user.groups.filter(id__in=groups)
        desk = (
            DeskPage.objects.filter(group_permissions__group__in=user_groups)
            .order_by("path")
            .first()
        )
        Author.objects.create(name=name, slug=slug, desk=desk, user=user)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_ascii_page_slugs"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(authors_for_newsroom_users, migrations.RunPython.noop)]
