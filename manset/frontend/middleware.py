"""The caching contract: public pages say a shared cache may keep them.

A response carries nothing per reader unless the request came with a session
(an editor who is logged in); those are marked private. Everything else that
is safe to share gets `public, max-age, s-maxage, stale-while-revalidate`.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

PRIVATE_PREFIXES = ("/admin/", "/healthz", "/metrics")
SHAREABLE_STATUSES = {200, 301, 404, 410}


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        if request.path.startswith(PRIVATE_PREFIXES):
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code in SHAREABLE_STATUSES:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.MANSET_CACHE_MAX_AGE,
                s_maxage=settings.MANSET_CACHE_S_MAXAGE,
                stale_while_revalidate=settings.MANSET_CACHE_STALE,
            )
            # issue 14: nginx takes the first "max-age=" in Cache-Control (the browsers
            # 60 s) for its own; this header gives it the shared-cache time instead.
            response["X-Accel-Expires"] = str(settings.MANSET_CACHE_S_MAXAGE)
        return response
