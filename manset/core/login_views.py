"""The admin's login form and password reset view, with the throttles of `logins`."""

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView

from manset.core.client import client_ip
from manset.core.logins import LOCKED_STATUS, lockout_message, password_reset_throttled

logger = logging.getLogger(__name__)


class LoginForm(WagtailLoginForm):
    """Wagtail's login form, saying "locked out" instead of "wrong password" when so."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(), code="locked_out")
        return super().get_invalid_login_error()


class PasswordResetView(WagtailPasswordResetView):
    """Wagtail's password reset, refused with a Turkish message past the limits."""

    def form_valid(self, form):
        if password_reset_throttled(ip=client_ip(self.request), email=form.cleaned_data["email"]):
            logger.warning("password reset refused: too many from one address or for one e-mail")
            form.add_error(
                None,
                _("Çok fazla şifre sıfırlama isteği; lütfen bir saat sonra yeniden deneyin."),
            )
            response = self.form_invalid(form)
            response.status_code = LOCKED_STATUS
            return response
        return super().form_valid(form)
