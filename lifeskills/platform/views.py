"""The installable app's own addresses: its service worker, manifest and offline pages."""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import pwa, release


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, served from the site root so that it may look after every page."""
    # The same script whatever page registers it (see pwa.precache_entries).
    context = {
        "workbox": json.dumps(pwa.workbox_urls()),
        "precache": json.dumps(pwa.precache_entries()),
        "languages": json.dumps([code for code, _name in settings.LANGUAGES]),
        "default_language": json.dumps(settings.LANGUAGE_CODE),
        "copy_parameter": pwa.COPY_PARAMETER,
        "rendered_for": pwa.RENDERED_FOR,
        "version": json.dumps(release.version()),
    }
    body = render_to_string("platform/sw.js", context)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def web_manifest(request):
    """What a phone needs to install the site as an app, in the visitor's language."""
    language = get_language()
    manifest = {
        "id": "/",
        "name": "Lifeskills",
        "short_name": "Lifeskills",
        "description": _("Life skills for children and young people."),
        "lang": language,
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": f"/{language}/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fffdf8",
        "theme_color": "#0b6e6e",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def offline_page(request):
    """Shown in place of a page that was not downloaded, when there is no connection."""
    return render(request, "platform/offline.html")


@require_GET
def downloads_page(request):
    """What this device has downloaded. The list itself lives on the device."""
    return render(request, "platform/downloads.html")
