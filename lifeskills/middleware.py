"""Response headers: what a signed-in person sees stays off shared devices and proxies,
and pages run only the site's own scripts; a media store that is down is said so."""

import logging

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from lifeskills.storage import MediaUnavailable

logger = logging.getLogger(__name__)


class PrivateForSignedInMiddleware:
    """Every response to a signed-in person says ``Cache-Control: private, no-store``.

    Pages, CSV and JSON downloads alike: a child's answers or a teacher's class
    list must not stay in a shared phone's browser cache, nor in a school proxy,
    after the person has gone. Visitors' pages are the same for everyone and
    stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # ``private`` replaces any ``public``; ``no-store`` outranks a max-age.
            patch_cache_control(response, private=True, no_store=True)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the looser policy of the Wagtail admin under /admin/.

    The site's own pages run no inline script and load nothing from elsewhere
    (``CONTENT_SECURITY_POLICY``). The Wagtail admin still writes inline
    scripts and styles (inline panels, date pickers, the rich-text editor), so
    it gets ``ADMIN_CONTENT_SECURITY_POLICY``: still nothing from another
    origin, and only for signed-in staff.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.ADMIN_URL_PREFIX)
        ):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


class MediaUnavailableMiddleware:
    """An upload or a file the media store cannot take or give now gets a 503 that says so.

    Pages whose pictures already have their renditions never ask the store
    (their addresses are rows in the database), so a store that is down stops
    uploads and new picture sizes, not the lessons. Nothing was saved by the
    refused request: Wagtail writes the file before the image's row.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MediaUnavailable):
            return None
        logger.error("Media store unavailable at %s: %s", request.path, exception)
        response = TemplateResponse(request, "503_media.html", status=503)
        response["Retry-After"] = "60"
        return response.render()
