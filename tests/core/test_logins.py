"""Guessing passwords is throttled per address and per account, with a Turkish message.

The admin's login (Wagtail) and its password reset are the two doors; /django-admin/
is gone. Lock-outs live in the database, so every app process sees the same count.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"
RIGHT = "dogru-parola-2024"
LOCKED = "Çok fazla başarısız giriş denemesi"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", RIGHT)


def attempt(client, password, *, username="editor", ip="203.0.113.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sixty_wrong_passwords_then_the_right_one_does_not_log_in(client, editor):
    for n in range(60):
        attempt(client, f"yanlis-{n}")
    response = attempt(client, RIGHT)
    assert not logged_in(client)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_a_few_wrong_passwords_are_forgiven(client, editor):
    for n in range(3):
        response = attempt(client, f"yanlis-{n}")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    assert attempt(client, RIGHT).status_code == 302
    assert logged_in(client)


def test_an_account_is_locked_even_when_every_guess_comes_from_a_new_address(client, editor):
    for n in range(10):
        attempt(Client(), "yanlis", ip=f"198.51.100.{n + 1}")
    response = attempt(client, RIGHT, ip="192.0.2.50")
    assert response.status_code == 429 and not logged_in(client)


def test_an_address_guessing_many_accounts_is_locked_out_of_all_of_them(client, editor):
    for n in range(10):
        attempt(Client(), "yanlis", username=f"kisi{n}", ip="203.0.113.9")
    assert attempt(client, RIGHT, ip="203.0.113.9").status_code == 429
    assert not logged_in(client)
    elsewhere = Client()
    assert attempt(elsewhere, RIGHT, ip="192.0.2.60").status_code == 302
    assert logged_in(elsewhere)


def test_someone_elses_guesses_do_not_lock_out_another_account(client, editor, django_user_model):
    django_user_model.objects.create_user("muhabir", "m@example.com", "muhabir-parola-1")
    for _ in range(15):
        attempt(Client(), "yanlis", ip="203.0.113.66")
    response = attempt(client, "muhabir-parola-1", username="muhabir", ip="192.0.2.70")
    assert response.status_code == 302 and logged_in(client)


def test_a_browser_that_logged_in_before_is_not_locked_out_by_an_attacker(editor):
    own = Client()
    assert attempt(own, RIGHT, ip="192.0.2.80").status_code == 302
    own.post("/admin/logout/")
    assert not logged_in(own)
    for n in range(12):
        attempt(Client(), f"yanlis-{n}", ip=f"198.51.100.{n + 1}")
    # A new browser at the editor's own address is locked out with the account ...
    assert attempt(Client(), RIGHT, ip="192.0.2.80").status_code == 429
    # ... the editor's own browser, which proved the password before, is not.
    assert attempt(own, RIGHT, ip="192.0.2.80").status_code == 302
    assert logged_in(own)


def test_a_trusted_browser_still_may_not_guess_forever(editor):
    own = Client()
    attempt(own, RIGHT)
    own.post("/admin/logout/")
    for n in range(10):
        attempt(own, f"yanlis-{n}")
    assert attempt(own, RIGHT).status_code == 429
    assert not logged_in(own)


def test_the_trusted_browser_cookie_is_for_one_account_only(editor, django_user_model):
    django_user_model.objects.create_user("muhabir", "m@example.com", "muhabir-parola-1")
    browser = Client()
    attempt(browser, "muhabir-parola-1", username="muhabir")
    browser.post("/admin/logout/")
    for n in range(10):
        attempt(Client(), "yanlis", ip=f"198.51.100.{n + 1}")
    assert attempt(browser, RIGHT).status_code == 429


def test_the_lock_out_ends_after_the_cool_off(client, editor):
    for n in range(10):
        attempt(client, f"yanlis-{n}")
    assert attempt(client, RIGHT).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert attempt(client, RIGHT).status_code == 302
    assert logged_in(client)


def test_the_lock_out_survives_an_empty_cache(client, editor):
    """The count is in the database, shared by every app process, not in one process's memory."""
    for n in range(10):
        attempt(client, f"yanlis-{n}")
    cache.clear()
    assert attempt(client, RIGHT).status_code == 429


@override_settings(MANSET_PROXY_HOPS=1)
def test_behind_a_proxy_each_reader_address_counts_apart(client, editor):
    for n in range(10):
        attempt(
            Client(),
            "yanlis",
            username=f"kisi{n}",
            ip="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    locked = attempt(Client(), RIGHT, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert locked.status_code == 429
    # A forged entry before the proxy's own does not escape the count ...
    forged = attempt(Client(), RIGHT, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
    assert forged.status_code == 429
    # ... and another reader behind the same proxy is not locked out.
    response = attempt(client, RIGHT, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_out_message_is_turkish_and_on_the_login_page(client, editor):
    for n in range(10):
        response = attempt(client, f"yanlis-{n}")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Çok fazla başarısız giriş denemesi; lütfen 15 dakika sonra yeniden deneyin." in html
    assert 'name="password"' in html  # the login form is still there to try later


def reset(client, email, ip="203.0.113.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_is_throttled_per_address(client, editor):
    for n in range(5):
        assert reset(client, f"kisi{n}@example.com").status_code == 302
    response = reset(client, "editor@example.com")
    assert response.status_code == 429
    assert "Çok fazla şifre sıfırlama isteği" in response.content.decode()
    assert mail.outbox == []
    assert reset(Client(), "editor@example.com", ip="192.0.2.5").status_code == 302
    assert len(mail.outbox) == 1


def test_password_reset_is_throttled_per_account(editor):
    for n in range(3):
        assert reset(Client(), "editor@example.com", ip=f"198.51.100.{n + 1}").status_code == 302
    response = reset(Client(), "EDITOR@example.com", ip="198.51.100.50")
    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_the_django_admin_is_gone(client, editor):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404


def test_the_worker_forgets_failed_logins_once_they_no_longer_lock(client, editor):
    """Addresses and user agents of failed logins are not kept past their purpose (KVKK)."""
    from axes.models import AccessAttempt

    from manset.core import scheduler
    from manset.core.logins import login_attempts_expire_job

    attempt(client, "yanlis")
    assert AccessAttempt.objects.exists()
    assert login_attempts_expire_job in scheduler.JOBS
    scheduler.scheduler_tick(now=timezone.now(), jobs=[login_attempts_expire_job])
    assert AccessAttempt.objects.exists()  # still counting towards a lock-out
    later = timezone.now() + timedelta(minutes=16)
    scheduler.scheduler_tick(now=later, jobs=[login_attempts_expire_job])
    assert not AccessAttempt.objects.exists()
