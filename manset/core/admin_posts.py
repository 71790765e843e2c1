"""An admin form that arrives incomplete is a 400 with a Turkish message, not a 500.

Wagtail's StreamField reads `<field>-count` from the POST without a guard, so an editor
POST without `body-count` (a truncated upload, a hand-made request) raised
MultiValueDictKeyError in the page editor and the revision revert view. Nothing is
saved in that case; the editor is told which field was missing.
"""

import logging

from django.http import HttpResponseBadRequest
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.html import format_html
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/admin/"


class IncompleteAdminPostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (
            isinstance(exception, MultiValueDictKeyError)
            and request.method == "POST"
            and request.path.startswith(ADMIN_PREFIX)
        ):
            return None
        field = exception.args[0] if exception.args else ""
        logger.warning("incomplete admin form at %s: %r missing", request.path, field)
        message = _(
            "Form eksik geldi: «%(field)s» alanı yok; hiçbir şey kaydedilmedi. "
            "Sayfayı yenileyip yeniden deneyin."
        ) % {"field": field}
        return HttpResponseBadRequest(
            format_html(
                '<!doctype html><html lang="tr"><meta charset="utf-8">'
                "<title>{}</title><p>{}</p></html>",
                _("Eksik form"),
                message,
            )
        )
