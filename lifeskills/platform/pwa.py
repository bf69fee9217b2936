"""The installable app: its shell, its service worker, and the copies a device keeps.

The service worker (``templates/platform/sw.js``) keeps the application shell
(styles, scripts, the offline page and the downloads page) itself; downloads
hold only module content, so deleting one frees exactly its own storage.

A phone is often shared: a teacher downloads a module in the morning and
children read it all day. What a device keeps is therefore always the page as a
visitor receives it, whoever is signed in: the fetches that fill a download
carry ``COPY_HEADER`` (the service worker's own pages ``COPY_PARAMETER``), and
``VisitorCopyMiddleware`` serves them without the session, so no teacher note,
class list, CSRF token or name can be in them. The answer says so in
``RENDERED_FOR``, and the device keeps nothing that does not.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

WORKBOX_MODULES = [
    "vendor/workbox/workbox-core.prod.js",
    "vendor/workbox/workbox-routing.prod.js",
    "vendor/workbox/workbox-strategies.prod.js",
    "vendor/workbox/workbox-precaching.prod.js",
    "vendor/workbox/workbox-range-requests.prod.js",
]
# Every script a page of the shell or of a download loads, and every module they
# import: offline, an import that is not kept fails, and the page's scripts with it.
SHELL_STATIC = [
    "css/site.css",
    "js/i18n.js",
    "js/offline.js",
    "js/downloads.js",
    "js/kept-modules.js",
    "js/offline-quiz.js",
    "js/quiz.js",
    "js/scoring.js",
    "js/present.js",
    "img/icon-32.png",
]
SHELL_PAGES = ["offline", "downloads"]
SHELL_TEMPLATES = ["base.html", "platform/offline.html", "platform/downloads.html"]

COPY_HEADER = "X-Lifeskills-Copy"
COPY_PARAMETER = "copy"
RENDERED_FOR = "X-Lifeskills-Rendered-For"


class VisitorCopyMiddleware:
    """Serves the requests that fill a device's downloads as if no one were signed in.

    It comes before the page cache and the session, and drops the request's
    cookies, so the page is rendered (or taken from the visitor cache) exactly
    as for a visitor, and none of the signed-in person's cookies is changed by
    the answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        marked = COPY_HEADER in request.headers or COPY_PARAMETER in request.GET
        if not marked or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        request.META.pop("HTTP_COOKIE", None)
        request.COOKIES = {}
        # A kept copy sends its work as JSON with the device's own token: a
        # token in the page would belong to no one.
        request.visitor_copy = True
        response = self.get_response(request)
        response.cookies.clear()
        response[RENDERED_FOR] = "visitor"
        return response


def _file_hash(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _static_hash(name):
    # From the source tree, or from STATIC_ROOT where only collected files are deployed.
    return _file_hash(finders.find(name) or staticfiles_storage.path(name))


@lru_cache
def shell_revision():
    """Changes whenever a file of the application shell or an interface catalogue changes."""
    digest = hashlib.sha256()
    for name in SHELL_STATIC + WORKBOX_MODULES:
        digest.update(_static_hash(name).encode())
    templates = Path(settings.BASE_DIR) / "templates"
    for name in SHELL_TEMPLATES:
        digest.update(_file_hash(templates / name).encode())
    # The words the shell's scripts show are declared there, and written into its pages.
    digest.update(_file_hash(Path(settings.BASE_DIR) / "lifeskills" / "js_strings.py").encode())
    for catalogue in sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.mo")):
        digest.update(_file_hash(catalogue).encode())
    return digest.hexdigest()[:16]


def precache_entries():
    """What the service worker keeps for itself: the shell, with its pages in every language.

    One worker serves every language. A worker per language was installed again
    at each change of language, and Chromium could hold a page load while the
    new worker waited for the old one to let go; the pages are a few KB each.
    """
    entries = [
        {"url": staticfiles_storage.url(name), "revision": _static_hash(name)}
        for name in SHELL_STATIC
    ]
    for language, _name in settings.LANGUAGES:
        for name in SHELL_PAGES:
            path = f"/{language}/offline/{'' if name == 'offline' else name + '/'}"
            entries.append({"url": f"{path}?{COPY_PARAMETER}=1"})
    revision = shell_revision()
    for entry in entries:
        entry.setdefault("revision", revision)
    return entries


def workbox_urls():
    return [staticfiles_storage.url(name) for name in WORKBOX_MODULES]
