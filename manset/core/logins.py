"""Password guessing: the admin's login and password reset are throttled.

Logins are counted by django-axes in the database (every app process sees the same
count, with or without Redis), per client address (`client_ip`, which honours
MANSET_PROXY_HOPS) and per account: after MANSET_LOGIN_ATTEMPTS failures within
MANSET_LOGIN_LOCKOUT_MINUTES even the right password is refused until that much time
has passed without another failure counted.

A per-account lock is also a way to shut a victim out. So a browser that has logged
in to an account before carries a signed "trusted browser" cookie for that account,
and for it only the failures from its own address against that account count: an
attacker elsewhere cannot lock the editor out of a browser that proved the password.

Password reset e-mails are limited per address and per e-mail address with the
project's shared rate limits (Redis when REDIS_URL is set).
"""

import hashlib

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from manset import turkish
from manset.core import ratelimit

TRUSTED_COOKIE = "manset_tarayici"
TRUSTED_SALT = "manset.core.logins.trusted-browser"
TRUSTED_SECONDS = 180 * 24 * 3600
RESET_PER_ADDRESS = (5, 3600)
RESET_PER_EMAIL = (3, 3600)
LOCKED_STATUS = 429


class LoginGuardBackend(AxesStandaloneBackend):
    """Axes' lock-out check before the real backends.

    A call without a request (Django's test client, a shell) has no client address
    to count; Axes would raise, so it is let through to the real backends unchecked.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return _(
        "Çok fazla başarısız giriş denemesi; lütfen %(minutes)d dakika sonra yeniden deneyin."
    ) % {"minutes": lockout_minutes()}


def _account_token(username: str) -> str:
    return hashlib.sha256(username.encode()).hexdigest()[:32]


def browser_trusted_for(request, *, username: str | None) -> bool:
    """True when this browser logged in to `username` before (a signed, dated cookie)."""
    if not username or not isinstance(request, HttpRequest):
        return False
    token = request.get_signed_cookie(
        TRUSTED_COOKIE, default=None, salt=TRUSTED_SALT, max_age=TRUSTED_SECONDS
    )
    return bool(token) and constant_time_compare(token, _account_token(username))


def lockout_parameters(request_or_attempt, credentials) -> list:
    """Axes' AXES_LOCKOUT_PARAMETERS: what the failures are counted by."""
    username = (credentials or {}).get("username")
    if browser_trusted_for(request_or_attempt, username=username):
        return [["ip_address", "username"]]
    return ["ip_address", "username"]


def lockout_response(request, original_response, credentials):
    """Axes' AXES_LOCKOUT_CALLABLE: the login page as rendered (LoginForm put the
    Turkish lock-out message on it), answered 429."""
    if original_response is None or original_response.status_code != 200:
        return HttpResponse(lockout_message(), status=LOCKED_STATUS)
    original_response.status_code = LOCKED_STATUS
    return original_response


def remember_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the response to this request gets the trusted cookie."""
    if request is not None:
        request.manset_trusted_login = user.get_username()


class TrustedBrowserMiddleware:
    """Gives a browser that just logged in its trusted-browser cookie for that account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        username = getattr(request, "manset_trusted_login", None)
        if username:
            response.set_signed_cookie(
                TRUSTED_COOKIE,
                _account_token(username),
                salt=TRUSTED_SALT,
                max_age=TRUSTED_SECONDS,
                path="/admin/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def password_reset_throttled(*, ip: str | None, email: str) -> bool:
    """Count one reset request; True when its address or its e-mail asked too often."""
    per_ip, per_ip_seconds = RESET_PER_ADDRESS
    per_email, per_email_seconds = RESET_PER_EMAIL
    return ratelimit.over_limit(
        [
            ("reset-ip", ip or "", per_ip, per_ip_seconds),
            ("reset-email", turkish.fold_address(email), per_email, per_email_seconds),
        ]
    )


def login_attempts_expire_job(now) -> None:
    """The worker forgets failed logins (address, user agent) once they no longer lock.

    Axes itself only cleans them at the next login attempt; KVKK asks that such
    records are not kept longer than their purpose needs.
    """
    AccessAttempt.objects.filter(attempt_time__lte=now - settings.AXES_COOLOFF_TIME).delete()
