"""The wire desk in the Wagtail admin: who sees it, the list, an item, converting and
publishing, quarantine, sources, rules, keyword alerts and the alert banner's JSON."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from manset.newsroom.models import ArticlePage
from manset.wires.credentials import seal, unseal
from manset.wires.models import (
    KeywordAlert,
    RoutingRule,
    WireItem,
    WireItemVersion,
    WireRejection,
    WireSource,
)

pytestmark = pytest.mark.django_db

LIST = "/admin/wires/"


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def menu(client) -> str:
    """The admin sidebar's menu (Wagtail renders it from JSON), as readable text."""
    page = page_text(client, "/admin/")
    found = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    return json.dumps(json.loads(found.group(1)), ensure_ascii=False)


# Who sees the wire desk


def test_the_menu_shows_the_wire_desk_to_reporters_and_sources_only_to_who_may_change_them(
    client, staff, admin_user
):
    client.force_login(staff("Muhabir — Gündem"))
    sidebar = menu(client)
    assert "Ajans masası" in sidebar and "Uyarı sözcüklerim" in sidebar
    assert "Karantina" in sidebar and "Haberler" in sidebar
    assert "Kaynaklar" not in sidebar and "Yönlendirme kuralları" not in sidebar
    client.force_login(admin_user)
    sidebar = menu(client)
    assert "Kaynaklar" in sidebar and "Bul/değiştir kuralları" in sidebar


def test_someone_who_cannot_add_on_any_desk_is_sent_away(client, desks, make_item):
    user = User.objects.create_user("okur-temsilcisi", password="parola-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    item = make_item()
    for url in (LIST, f"{LIST}{item.id}/", f"{LIST}karantina/", f"{LIST}uyari-sozcuklerim/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    assert "Ajans masası" not in menu(client)
    assert client.get(f"{LIST}uyarilar/").json() == {"alerts": []}


# The list


def test_the_list_is_newest_first_with_badges_sources_and_used_marks(
    admin_client, make_item, make_story, article
):
    story = make_story()
    make_item(headline="Eski haber", minutes_ago=90)
    make_item(headline="Deprem haberi", provider="DHA", story=story, minutes_ago=10)
    make_item(headline="Sarsıntı hissedildi", provider="IHA", story=story, minutes_ago=5)
    make_item(headline="Son dakika: Deprem", urgency="flash", story=story, article=article)
    page = page_text(admin_client, LIST)
    order = [page.index(h) for h in ("Son dakika: Deprem", "Sarsıntı", "Deprem haberi", "Eski")]
    assert order == sorted(order)
    assert "FLAŞ" in page and "3 kaynak" in page and "İHA" in page
    assert f'href="/admin/pages/{article.id}/edit/"' in page and "Kullanıldı" in page
    assert "Son yenileme" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ajans=DHA", {"DHA ekonomi"}),
        ("kategori=Spor", {"AA spor"}),
        ("il=İzmir", {"AA spor"}),
        ("oncelik=urgent", {"DHA ekonomi"}),
        ("zaman=1s", {"AA spor", "DHA ekonomi"}),
        ("zaman=24s", {"AA spor", "DHA ekonomi", "Dünden kalan"}),
        ("durum=kullanildi", {"Dünden kalan"}),
        ("durum=kullanilmadi", {"AA spor", "DHA ekonomi"}),
        ("servis=GUNDEM", {"DHA ekonomi"}),
        ("ara=istanbul", {"Dünden kalan"}),  # the headline says İSTANBUL'DA
        ("ara=DUNDEN", {"Dünden kalan"}),
        ("ara=ıZMİR", {"AA spor"}),
    ],
)
def test_filters_narrow_the_list(admin_client, desks, make_item, article, query, expected):
    make_item(headline="AA spor: İzmir derbisi", category="Spor", city="İzmir")
    make_item(
        headline="DHA ekonomi",
        provider="DHA",
        urgency="urgent",
        desk=desks["gundem"],
        minutes_ago=5,
    )
    make_item(headline="Dünden kalan — İSTANBUL'DA yağmur", minutes_ago=60 * 20, article=article)
    query = query.replace("GUNDEM", str(desks["gundem"].id))
    page = page_text(admin_client, f"{LIST}?{query}")
    shown = {h for h in ("AA spor", "DHA ekonomi", "Dünden kalan") if h in page}
    assert shown == expected


def test_the_list_pages_by_fifty(admin_client, make_item):
    for n in range(55):
        make_item(headline=f"Sıradaki haber {n:02d}", minutes_ago=n)
    first = page_text(admin_client, LIST)
    assert "Sıradaki haber 00" in first and "Sıradaki haber 50" not in first
    assert "Sayfa 1 / 2" in first
    second = page_text(admin_client, f"{LIST}?p=2")
    assert "Sıradaki haber 54" in second and "Sıradaki haber 49" not in second


def test_the_refresh_fragment_is_the_table_body_alone_with_the_same_filters(
    admin_client, make_item
):
    make_item(headline="Ekonomi haberi", provider="DHA")
    make_item(headline="Spor haberi")
    response = admin_client.get(f"{LIST}?ajans=DHA&parca=1")
    fragment = response.content.decode()
    assert fragment.startswith('<tbody id="wire-rows" data-refreshed="')
    assert "<html" not in fragment and "Ekonomi haberi" in fragment
    assert "Spor haberi" not in fragment
    assert "no-cache" in response["Cache-Control"]


# One item


def test_the_item_shows_its_text_metadata_versions_and_the_other_sources_of_its_story(
    admin_client, desks, make_item, make_story
):
    story = make_story()
    item = make_item(
        headline="Meclis yeni yasayı kabul etti",
        abstract="Yasa oylandı.",
        body="<p>Birinci paragraf.</p><h3>Ara başlık</h3>",
        version=3,
        story=story,
        byline="Ayşe Yılmaz",
        dateline="Ankara",
        keywords=["meclis", "yasa"],
        media=[
            {"ref": "foto-1", "kind": "image", "url": "", "caption": "Genel Kurul", "size": 0},
            {"ref": "foto-2", "kind": "image", "credit": "AA", "size": 2048},
            {"ref": "foto-3", "kind": "image", "url": "javascript:alert(1)"},
        ],
        link="javascript:alert(2)",
        embargo_until=timezone.now() + timedelta(hours=2),
    )
    WireItemVersion.objects.create(
        item=item,
        version=1,
        headline="Meclis yasayı görüşüyor",
        body="<p>İlk sürümün metni.</p>",
        urgency="normal",
        received_at=timezone.now() - timedelta(hours=1),
        content_hash="eski",
    )
    sibling = make_item(headline="Yasa TBMM'den geçti", provider="DHA", story=story)
    page = page_text(admin_client, f"{LIST}{item.id}/")
    assert "<h3>Ara başlık</h3>" in page  # the stored, sanitised HTML, rendered
    assert "Yasa oylandı." in page and "Ayşe Yılmaz" in page and "meclis, yasa" in page
    assert "urn:aa:" in page and "AMBARGO" in page
    assert "hazır değil" in page and "Genel Kurul" in page and "2,0\xa0KB" in page
    assert "Sürüm 3" in page and "Sürüm 1" in page and "İlk sürümün metni." in page
    assert page.index("Sürüm 3") < page.index("Sürüm 1")
    assert f'href="/admin/wires/{sibling.id}/"' in page and "DHA" in page
    assert "Habere dönüştür" in page and "Doğrudan yayınla" in page
    assert 'href="javascript:' not in page  # agency links are shown only when http(s)


def test_the_desk_the_item_was_routed_to_is_chosen_first(admin_client, desks, make_item):
    page = page_text(admin_client, f"{LIST}{make_item(desk=desks['dunya']).id}/")
    assert f'<option value="{desks["dunya"].id}" selected data-can-publish>Dünya</option>' in page


def test_a_reporter_sees_no_publish_button_and_only_their_desk(client, staff, make_item):
    client.force_login(staff("Muhabir — Gündem"))
    page = page_text(client, f"{LIST}{make_item().id}/")
    assert "Habere dönüştür" in page and "Doğrudan yayınla" not in page
    assert ">Gündem</option>" in page and ">Dünya</option>" not in page


# Converting and publishing


def convert(client, item, desk, *, publish=False):
    action = "yayinla" if publish else "donustur"
    return client.post(f"{LIST}{item.id}/{action}/", {"desk": desk.id})


def test_convert_makes_a_credited_draft_on_the_chosen_desk_and_marks_the_item_used(
    client, staff, desks, make_item
):
    editor = staff("Editör — Gündem")
    client.force_login(editor)
    item = make_item(headline="Kabine toplandı", abstract="Toplantı beş saat sürdü.")
    response = convert(client, item, desks["gundem"])
    article = ArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{article.id}/edit/"
    assert article.title == "Kabine toplandı" and article.source_agency == "AA"
    assert not article.live and article.get_parent().id == desks["gundem"].id
    item.refresh_from_db()
    assert item.article_id == article.id and item.used_by == editor and item.used_at
    editor_page = page_text(client, response["Location"])
    assert "Taslak oluşturuldu" in editor_page and "Kabine toplandı" in editor_page


def test_converting_twice_leads_to_the_first_article(admin_client, desks, make_item):
    item = make_item()
    first = convert(admin_client, item, desks["gundem"])
    second = convert(admin_client, item, desks["dunya"])
    assert ArticlePage.objects.count() == 1
    assert second["Location"] == first["Location"]
    assert "zaten kullanıldı" in page_text(admin_client, second["Location"])


def test_conversion_notes_are_shown(admin_client, desks, make_item):
    item = make_item(
        media=[{"ref": "foto-9", "kind": "image", "url": "https://x.example/a.jpg", "size": 0}]
    )
    response = convert(admin_client, item, desks["gundem"])
    assert "foto-9" in page_text(admin_client, response["Location"])


def test_an_editor_publishes_directly_with_the_agency_credit(client, staff, desks, make_item):
    client.force_login(staff("Editör — Gündem"))
    item = make_item(headline="Doğrudan yayımlanan haber", provider="DHA")
    response = convert(client, item, desks["gundem"], publish=True)
    article = ArticlePage.objects.get()
    assert article.live and article.source_agency == "DHA"
    assert response["Location"] == f"/admin/pages/{article.id}/edit/"
    assert "Yayımlandı" in page_text(client, response["Location"])


def test_a_reporter_may_not_publish_directly(client, staff, desks, make_item):
    client.force_login(staff("Muhabir — Gündem"))
    item = make_item()
    response = convert(client, item, desks["gundem"], publish=True)
    assert response.status_code == 302 and response["Location"] == f"{LIST}{item.id}/"
    assert not ArticlePage.objects.exists()
    item.refresh_from_db()
    assert item.article_id is None
    assert "yayımlama yetkiniz yok" in page_text(client, response["Location"])


def test_a_reporter_may_not_convert_onto_another_desk(client, staff, desks, make_item):
    client.force_login(staff("Muhabir — Gündem"))
    item = make_item()
    response = convert(client, item, desks["dunya"])
    assert response["Location"] == f"{LIST}{item.id}/"
    assert not ArticlePage.objects.exists()
    assert convert(client, item, desks["gundem"])["Location"].startswith("/admin/pages/")


def test_convert_and_publish_take_only_post(admin_client, desks, make_item):
    item = make_item()
    assert admin_client.get(f"{LIST}{item.id}/donustur/").status_code == 405
    assert admin_client.get(f"{LIST}{item.id}/yayinla/").status_code == 405


# Quarantine


HOSTILE = b"<?xml version='1.0'?><haber><script>alert(1)</script><img src=x onerror=alert(2)>"


def test_quarantine_lists_refusals_and_shows_the_file_head_as_text(admin_client, source):
    rejection = WireRejection.objects.create(
        source=source,
        name="bozuk<b>.xml",
        reason="line 3: <body.content> missing",
        guid="urn:bozuk:1",
        headline="Yarım kalmış haber",
        size=len(HOSTILE),
        head=HOSTILE,
        received_at=timezone.now(),
    )
    listing = page_text(admin_client, f"{LIST}karantina/")
    assert "line 3: &lt;body.content&gt; missing" in listing
    assert "bozuk&lt;b&gt;.xml" in listing and "AA abone akışı" in listing
    detail = page_text(admin_client, f"{LIST}karantina/{rejection.id}/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "<script>alert(1)" not in detail and "<img src=x" not in detail
    assert "urn:bozuk:1" in detail


# Sources


def source_form(**fields) -> dict:
    data = {
        "name": "DHA klasörü",
        "agency": "DHA",
        "transport": "folder",
        "format": "",
        "url": "",
        "path": "/srv/ajans/dha",
        "username": "manset",
        "new_password": "",
        "options": "{}",
        "interval_seconds": "300",
        "idle_alert_minutes": "180",
        "max_failures": "5",
        "enabled": "on",
    }
    data.update(fields)
    return data


def test_a_source_password_is_sealed_never_shown_and_kept_when_left_empty(admin_client):
    response = admin_client.post(
        "/admin/wires/kaynaklar/new/", source_form(new_password="gizli-parola-42")
    )
    assert response.status_code == 302
    source = WireSource.objects.get()
    assert source.password.startswith("sealed:") and unseal(source.password) == "gizli-parola-42"
    for url in (
        "/admin/wires/kaynaklar/",
        f"/admin/wires/kaynaklar/edit/{source.id}/",
        f"/admin/wires/kaynaklar/history/{source.id}/",
    ):
        page = page_text(admin_client, url)
        assert "gizli-parola-42" not in page and source.password not in page
        assert source.password[len("sealed:") :][:20] not in page
    edit = f"/admin/wires/kaynaklar/edit/{source.id}/"
    assert "Kayıtlı bir parola var" in page_text(admin_client, edit)
    admin_client.post(edit, source_form(name="DHA klasörü (yeni ad)"))
    source.refresh_from_db()
    assert source.name == "DHA klasörü (yeni ad)"
    assert unseal(source.password) == "gizli-parola-42"
    admin_client.post(edit, source_form(new_password="yeni-parola"))
    source.refresh_from_db()
    assert unseal(source.password) == "yeni-parola"
    admin_client.post(edit, source_form(clear_password="on"))
    source.refresh_from_db()
    assert source.password == ""


def test_the_source_list_shows_state_pause_and_idleness(admin_client, source):
    source.paused_reason = "5 kez üst üste başarısız: HTTP 503"
    source.failures = 5
    source.last_error = "HTTP 503"
    source.last_item_at = timezone.now() - timedelta(hours=5)
    source.password = seal("parola")
    source.save()
    page = page_text(admin_client, "/admin/wires/kaynaklar/")
    assert "5 kez üst üste başarısız: HTTP 503" in page and "wire-paused" in page
    assert "Yeniden başlat" in page and "Sessiz:" in page and "5 hata üst üste" in page
    assert source.password not in page


def test_resume_unpauses_a_source(admin_client, source):
    source.paused_reason = "5 kez üst üste başarısız"
    source.failures = 5
    source.save()
    assert admin_client.get(f"/admin/wires/kaynaklar/resume/{source.id}/").status_code == 405
    response = admin_client.post(f"/admin/wires/kaynaklar/resume/{source.id}/")
    assert response["Location"] == "/admin/wires/kaynaklar/"
    source.refresh_from_db()
    assert source.paused_reason == "" and source.failures == 0


def test_only_who_may_change_them_edit_sources_and_rules(client, staff, source):
    editor = staff("Editör — Gündem")
    client.force_login(editor)
    for url in (
        "/admin/wires/kaynaklar/",
        f"/admin/wires/kaynaklar/edit/{source.id}/",
        "/admin/wires/yonlendirme/",
        "/admin/wires/bul-degistir/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    source.paused_reason = "durdu"
    source.save()
    client.post(f"/admin/wires/kaynaklar/resume/{source.id}/")
    source.refresh_from_db()
    assert source.paused_reason == "durdu"

    editor.user_permissions.add(Permission.objects.get(codename="change_routingrule"))
    editor = User.objects.get(pk=editor.pk)  # permissions are cached on the user object
    client.force_login(editor)
    assert client.get("/admin/wires/yonlendirme/").status_code == 200
    assert "Yönlendirme kuralları" in menu(client)
    assert client.get("/admin/wires/kaynaklar/").status_code == 302


def test_rules_are_created_in_the_admin(admin_client, desks):
    response = admin_client.post(
        "/admin/wires/yonlendirme/new/",
        {
            "name": "Spor servise",
            "provider": "AA",
            "category": "Spor",
            "action": "desk",
            "desk": desks["gundem"].id,
            "priority": "10",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    assert RoutingRule.objects.get().desk_id == desks["gundem"].id
    refused = admin_client.post(
        "/admin/wires/bul-degistir/new/",
        {"name": "Bozuk", "field": "all", "find": "(", "regex": "on", "priority": "1"},
    )
    assert (
        refused.status_code == 200 and "Geçerli bir düzenli ifade değil" in refused.content.decode()
    )


# Keyword alerts and the banner


def test_keyword_alerts_belong_to_their_owner(client, staff):
    owner = staff("Muhabir — Gündem", "sahibi")
    other = staff("Editör — Gündem", "baskasi")
    client.force_login(owner)
    client.post(f"{LIST}uyari-sozcuklerim/", {"keyword": "Kılıçdaroğlu"})
    refused = client.post(f"{LIST}uyari-sozcuklerim/", {"keyword": "KILIÇDAROĞLU"})
    assert "zaten listenizde" in refused.content.decode()
    alert = KeywordAlert.objects.get()
    assert alert.user == owner and alert.keyword == "Kılıçdaroğlu"
    client.force_login(other)
    assert "Kılıçdaroğlu" not in page_text(client, f"{LIST}uyari-sozcuklerim/")
    assert client.post(f"{LIST}uyari-sozcuklerim/{alert.id}/sil/").status_code == 404
    client.force_login(owner)
    client.post(f"{LIST}uyari-sozcuklerim/{alert.id}/sil/")
    assert not KeywordAlert.objects.exists()


def test_alerts_json_shows_recent_flash_items_and_not_old_ones(admin_client, make_item):
    flash = make_item(headline="Deprem: 5,8 büyüklüğünde", urgency="flash", minutes_ago=3)
    make_item(headline="Eski flaş", urgency="flash", minutes_ago=45)
    make_item(headline="Sıradan haber", minutes_ago=1)
    urgent = make_item(headline="Acil toplantı", urgency="urgent", provider="IHA", minutes_ago=2)
    response = admin_client.get(f"{LIST}uyarilar/")
    assert response["Content-Type"] == "application/json"
    alerts = response.json()["alerts"]
    texts = [a["text"] for a in alerts]
    assert any(t.startswith("FLAŞ: Deprem: 5,8 büyüklüğünde — AA, ") for t in texts)
    assert any(t.startswith("ACİL: Acil toplantı — İHA, ") for t in texts)
    assert not any("Eski flaş" in t or "Sıradan" in t for t in texts)
    ids = {a["id"]: a["url"] for a in alerts}
    assert ids[f"item-{flash.id}"] == f"{LIST}{flash.id}/" and f"item-{urgent.id}" in ids


def test_one_banner_a_story_names_the_other_agencies(admin_client, make_item, make_story):
    story = make_story("Deprem")
    make_item(headline="Malatya'da deprem", urgency="flash", story=story, minutes_ago=5)
    make_item(
        headline="Pütürge'de deprem", urgency="flash", story=story, provider="IHA", minutes_ago=4
    )
    newest = make_item(
        headline="Deprem: hasar tespiti",
        urgency="urgent",
        story=story,
        provider="DHA",
        minutes_ago=1,
    )
    alerts = admin_client.get(f"{LIST}uyarilar/").json()["alerts"]
    assert [a["id"] for a in alerts] == [f"item-{newest.id}"]
    assert alerts[0]["text"].startswith("ACİL: Deprem: hasar tespiti — DHA, ")
    assert alerts[0]["text"].endswith("(ayrıca İHA, AA)")


def test_alerts_json_has_keyword_hits_for_their_owner_only(client, staff, make_item):
    owner = staff("Muhabir — Gündem", "sahibi")
    other = staff("Editör — Gündem", "baskasi")
    KeywordAlert.objects.create(user=owner, keyword="izmir")
    hit = make_item(headline="İZMİR'DE fırtına", minutes_ago=5)
    make_item(headline="Ankara'da toplantı", abstract="Gündem yoğun")
    make_item(headline="İzmir'den eski haber", minutes_ago=40)
    client.force_login(owner)
    alerts = client.get(f"{LIST}uyarilar/").json()["alerts"]
    assert [a["id"] for a in alerts] == [f"kw-{hit.id}"]
    assert alerts[0]["text"].startswith("“izmir”: İZMİR'DE fırtına — AA, ")
    client.force_login(other)
    assert client.get(f"{LIST}uyarilar/").json()["alerts"] == []


def test_alerts_json_reports_paused_and_idle_sources_to_who_looks_after_them(
    client, admin_client, staff, source
):
    source.paused_reason = "5 kez üst üste başarısız: HTTP 401"
    source.save()
    WireSource.objects.create(
        name="İHA sessiz",
        transport="http",
        idle_alert_minutes=30,
        last_item_at=timezone.now() - timedelta(hours=2),
    )
    kinds = {a["kind"]: a["text"] for a in admin_client.get(f"{LIST}uyarilar/").json()["alerts"]}
    assert "HTTP 401" in kinds["paused"] and "İHA sessiz" in kinds["idle"]
    client.force_login(staff("Editör — Gündem"))
    assert client.get(f"{LIST}uyarilar/").json()["alerts"] == []


def test_every_admin_page_loads_the_alert_banner(admin_client):
    page = page_text(admin_client, "/admin/")
    assert "wires/alerts.js" in page and 'data-url="/admin/wires/uyarilar/"' in page
    assert "wires/alerts.css" in page


def test_the_desk_uses_no_reader_data(admin_client, make_item, article, make_comment):
    make_comment(article, name="Gizli Okur", email="gizli-okur@example.com")
    make_item(headline="Flaş haber", urgency="flash", article=article)
    body = admin_client.get(f"{LIST}uyarilar/").content.decode()
    assert "gizli-okur@example.com" not in body and "Gizli Okur" not in body
    assert WireItem.objects.count() == 1
