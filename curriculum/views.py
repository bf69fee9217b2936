import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import offline
from .models import HelpLine, ModulePage


def get_help(request):
    """Where to get help: every help line of the visitor's language, open to everyone."""
    return render(request, "curriculum/get_help.html", {"help_lines": HelpLine.for_active_locale()})


# Offline --------------------------------------------------------------------------


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, served from the site root so that it may look after every page."""
    # The worker keeps the offline pages of the language being read only; a
    # phone that changes language registers the worker again for the new one.
    codes = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang")
    if language not in codes:
        language = settings.LANGUAGE_CODE
    context = {
        "workbox": json.dumps(offline.workbox_urls()),
        "precache": json.dumps(offline.precache_entries(language)),
        "language": json.dumps(language),
        "copy_parameter": offline.COPY_PARAMETER,
        "rendered_for": offline.RENDERED_FOR,
    }
    body = render_to_string("curriculum/sw.js", context)
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
    return render(request, "curriculum/offline.html")


@require_GET
def downloads_page(request):
    """What this device has downloaded. The list itself lives on the device."""
    return render(request, "curriculum/downloads.html")


@require_GET
def download_plan(request, page_id):
    """The files a device downloads to use a module offline, with their sizes."""
    module = get_object_or_404(
        ModulePage.objects.live().public().filter(locale__language_code=get_language()),
        pk=page_id,
    )
    return JsonResponse(offline.download_plan(module, request))
