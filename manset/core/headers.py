"""Content-Security-Policy: a strict one for the public site, a looser one for the admin.

The public pages run only script files from the site itself (no inline script; JSON-LD
is data and is not run); the admin's policy is enforced too, but allows the inline
scripts and styles that Wagtail 8's editor widgets write (image chooser, date pickers,
inline panels); it still sends nothing to, loads no script from and posts no form to
another site. Both policies are in settings
(CONTENT_SECURITY_POLICY and MANSET_ADMIN_CSP); the page cache keeps the header with
the page and replays it on a hit.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"
# Wagtail renders a preview by running the page's own URL through the middleware in a
# dummy request; the admin shows that page in a frame, so it may be framed by the site.
PREVIEW_FRAMING = {"frame-ancestors": ["'self'"]}


class SitePolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path.startswith(ADMIN_PREFIX):
            parts.config = settings.MANSET_ADMIN_CSP
        elif getattr(request, "is_dummy", False):
            parts.replace = {**PREVIEW_FRAMING, **(parts.replace or {})}
        return parts
