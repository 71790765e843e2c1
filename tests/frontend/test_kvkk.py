"""The KVKK notice names the data controller and where to write, and how long data is kept."""

import pytest

from manset.comments.config import CommentSettings
from manset.frontend.models import OutletSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlet(home):
    settings = OutletSettings.load()
    settings.data_controller = "Örnek Medya Yayıncılık A.Ş."
    settings.postal_address = "Basın Sok. No: 7\nÇankaya/Ankara"
    settings.kvkk_email = "kvkk@ornek.example"
    settings.phone = "+90 312 000 00 00"
    settings.save()
    return settings


def test_the_notice_names_the_data_controller_and_the_address_from_settings(client, outlet):
    html = client.get("/kvkk/").content.decode()
    assert "<dt>Veri sorumlusu</dt><dd>Örnek Medya Yayıncılık A.Ş.</dd>" in html
    assert "Basın Sok. No: 7<br>Çankaya/Ankara" in html
    assert '<a href="mailto:kvkk@ornek.example">kvkk@ornek.example</a>' in html
    assert "+90 312 000 00 00" in html
    assert "henüz belirtilmedi" not in html


def test_empty_settings_are_a_notice_an_admin_cannot_miss(client, home):
    html = client.get("/kvkk/").content.decode()
    assert '<p class="notice notice--missing" role="note">' in html
    assert "Veri sorumlusu henüz belirtilmedi." in html
    assert "Ayarlar → Yayın kuruluşu" in html
    assert "Başvuru adresi henüz belirtilmedi." in html


def test_the_notice_says_how_long_comments_and_ip_addresses_are_kept(client, outlet):
    html = client.get("/kvkk/").content.decode()
    assert "<strong>Yorumlar</strong> (adınız, e-posta adresiniz ve metinle birlikte)" in html
    assert "siz silinmesini isteyene dek saklanır" in html
    assert "yorumu gönderdiğiniz andan 2 yıl sonra kendiliğinden silinir" in html
    assert "en çok bir saat tutulur" in html


@pytest.mark.parametrize(("days", "words"), [(90, "90 gün"), (400, "1 yıl 35 gün")])
def test_the_ip_retention_follows_the_comment_settings(client, outlet, days, words):
    config = CommentSettings.load()
    config.ip_retention_days = days
    config.save()
    html = client.get("/kvkk/").content.decode()
    assert f"yorumu gönderdiğiniz andan {words} sonra kendiliğinden silinir" in html


def test_saving_the_outlet_settings_forgets_cached_pages(home):
    from manset.core import generation

    settings = OutletSettings.load()
    before = generation.current()
    settings.data_controller = "Yeni Unvan A.Ş."
    settings.save()
    assert generation.current() != before


def test_the_settings_are_edited_in_the_admin_in_turkish(client, django_user_model, home):
    django_user_model.objects.create_superuser("ed", "ed@example.com", "parola-123")
    client.login(username="ed", password="parola-123")
    response = client.get("/admin/settings/frontend/outletsettings/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Yayın adı", "Veri sorumlusu", "Posta adresi", "KVKK başvuru e-postası"):
        assert label in html, label
    assert 'value="Manşet"' in html
    dashboard = client.get("/admin/").content.decode()
    assert "KVKK aydınlatma metninde veri sorumlusu eksik." in dashboard
    assert 'href="/admin/settings/frontend/outletsettings/"' in dashboard


def test_the_dashboard_warning_goes_once_the_details_are_filled_in(
    client, django_user_model, outlet
):
    django_user_model.objects.create_superuser("ed", "ed@example.com", "parola-123")
    client.login(username="ed", password="parola-123")
    assert "veri sorumlusu eksik" not in client.get("/admin/").content.decode()


def test_the_demo_fills_sample_details_and_keeps_an_editors(home):
    from manset.demo.loader import DEMO_OUTLET, _outlet_ensure

    settings = OutletSettings.load()
    settings.data_controller = "Gerçek Medya A.Ş."
    settings.save()
    _outlet_ensure()
    settings = OutletSettings.load()
    assert settings.data_controller == "Gerçek Medya A.Ş."
    assert settings.postal_address == DEMO_OUTLET["postal_address"]
    assert not settings.data_controller_missing


def test_the_dashboard_warning_is_only_for_those_who_can_fill_the_details_in(
    client, desks, django_user_model
):
    from manset.newsroom.roles import demo_users_ensure, newsroom_roles_ensure

    newsroom_roles_ensure()
    demo_users_ensure()
    client.force_login(django_user_model.objects.get(username="muhabir"))
    assert "veri sorumlusu eksik" not in client.get("/admin/").content.decode()
