"""Muhabir writes drafts on its desk, Editör publishes on its desk, Yazı İşleri everywhere."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Workflow
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import querydict_from_html

from manset.demo.site import desk_ensure
from manset.newsroom.models import ArticlePage, DeskPage
from manset.newsroom.roles import demo_users_ensure, newsroom_roles_ensure

pytestmark = pytest.mark.django_db


# Helpers shared with test_workflow.py and test_embargo.py.


def member(group_name: str, username: str | None = None) -> User:
    """A new user in the named group."""
    user = User.objects.create_user(username or group_name, password="parola-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def draft(desk: DeskPage, *, owner: User, title: str = "Taslak haber", **fields) -> ArticlePage:
    """A never-published article on `desk`, owned by `owner`."""
    article = ArticlePage(title=title, lead="Spot.", owner=owner, live=False, **fields)
    desk.add_child(instance=article)
    article.save_revision(user=owner)
    return article


def add_article_in_admin(client, desk: DeskPage, action: str, **fields):
    """POST Wagtail's "add article" form on `desk` with the button `action` ("action-publish" …)."""
    url = f"/admin/pages/add/newsroom/articlepage/{desk.id}/"
    page = client.get(url)
    if page.status_code != 200:
        return page
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    data.update({"body-count": "0", "lead": "Spot.", action: action})
    for name, value in fields.items():
        data[name] = value
    return client.post(url, data)


@pytest.fixture
def newsroom(desks):
    """A Muhabir and an Editör of Gündem, an Editör of Dünya, and one of Yazı İşleri."""
    return {
        "muhabir": member("Muhabir — Gündem", "muhabir"),
        "editor": member("Editör — Gündem", "editor-gundem"),
        "dunya_editor": member("Editör — Dünya", "editor-dunya"),
        "chief": member("Yazı İşleri", "yazi-isleri"),
    }


def test_each_desk_gets_a_muhabir_and_an_editor_group_beside_yazi_isleri(desks):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Muhabir — Gündem", "Editör — Gündem", "Muhabir — Dünya", "Editör — Dünya"} <= names
    assert "Yazı İşleri" in names


def test_ensuring_the_roles_again_adds_nothing(desks):
    counts = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())
    newsroom_roles_ensure()
    newsroom_roles_ensure()
    assert (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
    ) == counts


def test_a_muhabir_may_add_pages_on_its_own_desk_only(desks, newsroom):
    muhabir = newsroom["muhabir"]
    assert desks["gundem"].permissions_for_user(muhabir).can_add_subpage()
    assert not desks["dunya"].permissions_for_user(muhabir).can_add_subpage()


def test_a_muhabir_edits_its_own_drafts_but_not_a_colleagues(desks, newsroom):
    own = draft(desks["gundem"], owner=newsroom["muhabir"])
    colleagues = draft(desks["gundem"], owner=newsroom["editor"], title="Editörün taslağı")
    assert own.permissions_for_user(newsroom["muhabir"]).can_edit()
    assert not colleagues.permissions_for_user(newsroom["muhabir"]).can_edit()


def test_a_muhabir_cannot_publish_even_its_own_draft(desks, newsroom):
    own = draft(desks["gundem"], owner=newsroom["muhabir"])
    perms = own.permissions_for_user(newsroom["muhabir"])
    assert not perms.can_publish()
    assert not desks["gundem"].permissions_for_user(newsroom["muhabir"]).can_publish_subpage()
    assert perms.can_submit_for_moderation()


def test_an_editor_edits_publishes_and_locks_on_its_own_desk(desks, newsroom):
    article = draft(desks["gundem"], owner=newsroom["muhabir"])
    perms = article.permissions_for_user(newsroom["editor"])
    assert perms.can_edit() and perms.can_publish() and perms.can_lock() and perms.can_unlock()


def test_an_editor_cannot_publish_on_another_desk(desks, newsroom):
    article = draft(desks["dunya"], owner=newsroom["dunya_editor"])
    perms = article.permissions_for_user(newsroom["editor"])
    assert not perms.can_edit() and not perms.can_publish()
    assert not desks["dunya"].permissions_for_user(newsroom["editor"]).can_add_subpage()


def test_yazi_isleri_publishes_on_every_desk(desks, newsroom):
    for desk in desks.values():
        article = draft(desk, owner=newsroom["muhabir"], title=f"{desk.title} taslağı")
        perms = article.permissions_for_user(newsroom["chief"])
        assert perms.can_edit() and perms.can_publish() and perms.can_lock()


def test_yazi_isleri_edits_the_home_page_and_desk_editors_do_not(home, desks, newsroom):
    assert home.permissions_for_user(newsroom["chief"]).can_edit()
    assert home.permissions_for_user(newsroom["chief"]).can_publish()
    assert not home.permissions_for_user(newsroom["editor"]).can_edit()
    assert not home.permissions_for_user(newsroom["muhabir"]).can_edit()


def test_every_role_may_use_the_admin_and_choose_and_upload_images_and_documents(desks, newsroom):
    images = policy_registry.get_by_type(get_image_model())
    documents = policy_registry.get_by_type(get_document_model())
    for user in newsroom.values():
        assert user.has_perm("wagtailadmin.access_admin")
        for policy in (images, documents):
            assert policy.user_has_permission(user, "choose")
            assert policy.user_has_permission(user, "add")


def test_a_muhabir_pressing_publish_in_the_admin_only_saves_a_draft(client, desks, newsroom):
    client.force_login(newsroom["muhabir"])
    add_article_in_admin(
        client, desks["gundem"], "action-publish", title="Muhabirin haberi", slug="muhabirin"
    )
    article = ArticlePage.objects.get(slug="muhabirin")
    assert not article.live and article.owner == newsroom["muhabir"]


def test_a_muhabir_cannot_open_the_add_form_on_another_desk(client, desks, newsroom):
    client.force_login(newsroom["muhabir"])
    response = add_article_in_admin(client, desks["dunya"], "action-publish", slug="baska")
    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.filter(slug="baska").exists()


def test_an_editor_publishes_from_the_admin_on_its_own_desk(client, desks, newsroom):
    client.force_login(newsroom["editor"])
    response = add_article_in_admin(
        client, desks["gundem"], "action-publish", title="Editörün haberi", slug="editorun"
    )
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="editorun").live


def test_yazi_isleri_opens_the_home_page_editor_and_a_desk_editor_cannot(
    client, home, desks, newsroom
):
    client.force_login(newsroom["chief"])
    assert client.get(f"/admin/pages/{home.id}/edit/").status_code == 200
    client.force_login(newsroom["editor"])
    assert client.get(f"/admin/pages/{home.id}/edit/").status_code in (302, 403)


def test_a_desk_made_in_the_admin_gets_its_roles_and_workflow(client, home, desks):
    admin = User.objects.create_superuser("admin", "admin@example.com", "parola-123")
    client.force_login(admin)
    url = f"/admin/pages/add/newsroom/deskpage/{home.id}/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(title="Teknoloji", slug="teknoloji", credit="TEKNOLOJİ SERVİSİ")
    assert client.post(url, data).status_code == 302
    desk = DeskPage.objects.get(slug="teknoloji")
    assert Group.objects.filter(name__in=["Muhabir — Teknoloji", "Editör — Teknoloji"]).count() == 2
    assert desk.get_workflow().name == "Teknoloji onayı"


def test_a_desk_made_in_code_gets_its_own_workflow(home, desks):
    desk = desk_ensure(home=home, slug="spor", name="Spor", credit="SPOR SERVİSİ")
    assert desk.get_workflow().name == "Spor onayı"
    assert desks["gundem"].get_workflow().name == "Gündem onayı"


def test_the_demo_users_are_made_once_with_their_roles(desks):
    assert demo_users_ensure() == ["muhabir", "editor-gundem"]
    assert demo_users_ensure() == []
    muhabir = User.objects.get(username="muhabir")
    assert muhabir.check_password("manset-demo") and not muhabir.is_superuser
    assert list(muhabir.groups.values_list("name", flat=True)) == ["Muhabir — Gündem"]
    editor = User.objects.get(username="editor-gundem")
    assert list(editor.groups.values_list("name", flat=True)) == ["Editör — Gündem"]


def test_manset_roles_sets_up_an_existing_newsroom_and_can_run_again(desks):
    from io import StringIO

    from django.contrib.auth.models import Group
    from django.core.management import call_command

    Group.objects.filter(name__in=["Muhabir — Dünya", "Editör — Dünya", "Yazı İşleri"]).delete()
    out = StringIO()
    call_command("roles", stdout=out)
    call_command("roles", stdout=out)
    assert "Roles ready for Yazı İşleri and the desks: Gündem, Dünya." in out.getvalue()
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Muhabir — Dünya", "Editör — Dünya", "Yazı İşleri"} <= names
    assert Group.objects.filter(name="Yazı İşleri").count() == 1
