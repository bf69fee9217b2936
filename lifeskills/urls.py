import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from curriculum import views as curriculum_views
from lifeskills import health
from lifeskills.platform import views as platform_views

handler400 = "lifeskills.safe_input.bad_request"
handler403 = "lifeskills.errors.permission_denied"
handler404 = "lifeskills.errors.page_not_found"
handler500 = "lifeskills.errors.server_error"

urlpatterns = [
    # Outside the language prefix: probes are not people (lifeskills/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sw.js", platform_views.service_worker, name="service_worker"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG or getattr(settings, "LIFESKILLS_SERVE_MEDIA", False):
    # In production the web server or object storage serves media, not Django.
    urlpatterns += [
        re_path(
            r"^" + re.escape(settings.MEDIA_URL.lstrip("/")) + r"(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += i18n_patterns(
    path("help/", curriculum_views.get_help, name="get_help"),
    path("manifest.webmanifest", platform_views.web_manifest, name="web_manifest"),
    path("offline/", platform_views.offline_page, name="offline"),
    path("offline/downloads/", platform_views.downloads_page, name="offline_downloads"),
    path(
        "offline/modules/<int:page_id>/",
        curriculum_views.download_plan,
        name="offline_download_plan",
    ),
    path("accounts/", include("accounts.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("print/", include("lessons.urls")),
    path("", include("classrooms.urls")),
    path("reports/", include("classrooms.report_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
