"""Routing rules: a new item goes to a desk, becomes a draft, is published, or is ignored."""

import pytest

from manset.newsroom import selectors
from manset.newsroom.models import ArticlePage
from manset.wires.ingest import wire_file_ingest
from manset.wires.models import ReplaceRule, RoutingRule, WireItem, WireSource
from manset.wires.routing import wire_items_route
from tests.wires.factories import ninjs, ninjs_item

pytestmark = pytest.mark.django_db


def arrive(**fields):
    wire_file_ingest(data=ninjs(**fields), name=fields.get("guid", "f"))
    return wire_items_route()


def rule(desk, action, **fields):
    return RoutingRule.objects.create(name=f"{action} rule", action=action, desk=desk, **fields)


def test_without_rules_items_stay_on_the_wire_desk(desks):
    report = arrive()
    item = WireItem.objects.get()
    assert report.routed == 1 and not item.route_pending and item.article is None


def test_a_desk_rule_routes_by_category_ignoring_case_and_turkish_letters(desks):
    rule(desks["dunya"], "desk", category="DÜNYA")
    arrive(category="dunya")
    assert WireItem.objects.get().desk.specific == desks["dunya"]


def test_a_rule_for_another_category_or_agency_does_not_apply(desks):
    rule(desks["dunya"], "desk", category="Dünya")
    rule(desks["dunya"], "desk", provider="IHA")
    arrive(category="Spor")
    assert WireItem.objects.get().desk is None


def test_a_draft_rule_creates_an_unpublished_article_with_the_agency_credit(desks):
    rule(desks["gundem"], "draft")
    report = arrive()
    article = ArticlePage.objects.get()
    assert report.drafted == 1
    assert not article.live and article.get_parent().specific == desks["gundem"]
    assert article.source_agency == "AA" and article.attribution == "Kaynak: AA"
    assert WireItem.objects.get().article.id == article.id


def test_an_auto_published_flash_item_enters_the_son_dakika_ticker(desks):
    rule(desks["gundem"], "publish", urgent_only=True)
    report = arrive(urgency=1, headline="SON DAKİKA: Ankara'da patlama sesi")
    article = ArticlePage.objects.get()
    assert report.published == 1 and article.live and article.breaking
    assert [a.title for a in selectors.breaking_list()] == ["SON DAKİKA: Ankara’da patlama sesi"]


def test_an_urgent_only_rule_leaves_routine_items_alone(desks):
    rule(desks["gundem"], "publish", urgent_only=True)
    arrive(urgency=5)
    assert not ArticlePage.objects.exists()


def test_an_embargoed_item_published_by_rule_waits_for_its_embargo(desks):
    rule(desks["gundem"], "publish")
    arrive(embargoed="2027-06-01T09:00:00Z")
    article = ArticlePage.objects.get()
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at.year == 2027


def test_the_first_rule_by_priority_wins_and_ignore_drops_the_item(desks):
    rule(desks["gundem"], "ignore", priority=1, category="Magazin")
    rule(desks["gundem"], "publish", priority=2)
    report = arrive(category="Magazin")
    assert report.ignored == 1 and not ArticlePage.objects.exists()


def test_an_item_is_routed_once_and_an_update_does_not_route_it_again(desks):
    rule(desks["gundem"], "draft")
    arrive()
    wire_file_ingest(data=ninjs(version=2, headline="Yeni başlık"), name="v2")
    report = wire_items_route()
    assert report.drafted == 0 and ArticlePage.objects.count() == 1


def test_find_replace_rules_strip_agency_boilerplate_from_the_article(desks):
    source = WireSource.objects.create(name="AA", agency="AA", transport="aa")
    ReplaceRule.objects.create(name="AA imza", source=source, find="(AA) - ", replace="")
    ReplaceRule.objects.create(
        name="Muhabir", find=r"Muhabir: \w+ \w+", replace="", regex=True, field="body"
    )
    rule(desks["gundem"], "draft")
    body = "<p>ANKARA (AA) - Toplantı sona erdi.</p><p>Muhabir: Ali Veli</p>"
    wire_file_ingest(data=ninjs(body=body, abstract=""), name="x", source=source)
    wire_items_route()
    article = ArticlePage.objects.get()
    assert article.lead == "ANKARA Toplantı sona erdi."
    assert "Muhabir" not in str(article.body.raw_data)
    assert "(AA) - " in WireItem.objects.get().body  # the wire copy itself is untouched


def test_one_item_failing_does_not_stop_the_others(desks):
    rule(desks["gundem"], "draft", category="Gündem")
    wire_file_ingest(
        data=ninjs(
            ninjs_item(guid="a", category="Gündem"),
            ninjs_item(guid="b", category="Gündem", headline="İkinci haber"),
        ),
        name="two",
    )
    desks["gundem"].delete()  # the rule's desk is gone: its rule is deleted with it
    report = wire_items_route()
    assert report.failed == 0 and report.routed == 2


def test_a_newer_version_updates_the_article_a_rule_published(desks):
    rule(desks["gundem"], "publish")
    arrive()
    first = ArticlePage.objects.get()
    wire_file_ingest(
        data=ninjs(
            version=2,
            headline="GÜNCELLEME - Düzenleme yürürlüğe girdi",
            versioned="2026-11-29T11:00:00Z",
        ),
        name="v2",
    )
    report = wire_items_route()
    article = ArticlePage.objects.get()
    assert report.refreshed == 1 and article.id == first.id and article.live
    assert article.title == "GÜNCELLEME - Düzenleme yürürlüğe girdi"
    assert article.first_published_at == first.first_published_at
    assert [c.text for c in article.corrections.all()] == ["Ajansın yeni sürümüyle güncellendi."]
    assert not WireItem.objects.get().refresh_pending


def test_a_newer_version_leaves_an_article_an_editor_has_touched(desks, django_user_model):
    rule(desks["gundem"], "publish")
    arrive()
    article = ArticlePage.objects.get()
    editor = django_user_model.objects.create_superuser("editor", password="x")
    article.title = "Editörün başlığı"
    article.save_revision(user=editor).publish(user=editor)
    wire_file_ingest(data=ninjs(version=2, headline="Ajansın yeni başlığı"), name="v2")
    report = wire_items_route()
    assert report.refreshed == 0
    assert ArticlePage.objects.get().title == "Editörün başlığı"
    assert "editörün elinde" in WireItem.objects.get().route_note
