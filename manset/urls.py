from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from manset.core.health import healthz
from manset.core.login_views import PasswordResetView
from manset.core.metrics import metrics_view
from manset.newsroom.admin_create import PageCreateView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("", include("manset.frontend.feed_urls")),
    path("", include("manset.frontend.urls")),
    path("", include("manset.comments.urls")),
    path("", include("manset.search.urls")),
    # Wagtail's own view with the reset throttles; its other reset steps stay Wagtail's.
    path("admin/password_reset/", PasswordResetView.as_view(), name="manset_password_reset"),
    # Wagtail's "add page" without autosave (newsroom.admin_create); before Wagtail's own.
    path(
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/",
        require_admin_access(PageCreateView.as_view()),
        name="manset_page_add",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
