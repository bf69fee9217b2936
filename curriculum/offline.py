"""Working with a weak connection or none: what a device downloads, and what it costs.

A module is downloaded for one language: its own page, each lesson page, the
quiz as it works offline, and every picture, recording and video those pages
use. The plan below lists them with their sizes, so a child sees what a download
costs before paying for it. The plan is found by rendering the pages exactly as
the device will receive them and reading the files they refer to, so it cannot
drift from the templates.

The service worker (``templates/curriculum/sw.js``) keeps the application shell
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

import copy
import hashlib
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Count, Max
from django.utils.translation import get_language
from wagtail.documents import get_document_model
from wagtail.models import Page

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
    "js/offline-quiz.js",
    "js/quiz.js",
    "js/scoring.js",
    "js/present.js",
    "img/icon-192.png",
]
SHELL_PAGES = ["offline", "downloads"]

# A phone 360 CSS pixels wide at 2 device pixels per CSS pixel: the screen the
# module page quotes a download size for. A device works out its own.
TYPICAL_IMAGE_WIDTH = 720

KINDS = ("text", "images", "audio", "video")

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
    for name in ("base.html", "curriculum/offline.html", "curriculum/downloads.html"):
        digest.update(_file_hash(templates / name).encode())
    # The words the shell's scripts show are declared there, and written into its pages.
    digest.update(_file_hash(Path(settings.BASE_DIR) / "lifeskills" / "js_strings.py").encode())
    for catalogue in sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.mo")):
        digest.update(_file_hash(catalogue).encode())
    return digest.hexdigest()[:16]


def precache_entries(language):
    """What the service worker keeps for itself: the shell, in the language being read."""
    entries = [
        {"url": staticfiles_storage.url(name), "revision": _static_hash(name)}
        for name in SHELL_STATIC
    ]
    for name in SHELL_PAGES:
        path = f"/{language}/offline/{'' if name == 'offline' else name + '/'}"
        entries.append({"url": f"{path}?{COPY_PARAMETER}=1"})
    revision = shell_revision()
    for entry in entries:
        entry.setdefault("revision", revision)
    return entries


def workbox_urls():
    return [staticfiles_storage.url(name) for name in WORKBOX_MODULES]


# Reading what a page refers to ------------------------------------------------


class _Resources(HTMLParser):
    """The same-site files a page loads: pictures (with srcset choices), sound, video."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.groups = []
        self._media = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            candidates = _srcset(attrs.get("srcset") or "")
            if not candidates and attrs.get("src"):
                candidates = [(attrs["src"], None)]
            if candidates:
                self.groups.append(("images", candidates))
        elif tag in ("audio", "video"):
            self._media = "audio" if tag == "audio" else "video"
            if attrs.get("src"):
                self.groups.append((self._media, [(attrs["src"], None)]))
            if tag == "video" and attrs.get("poster"):
                self.groups.append(("images", [(attrs["poster"], None)]))
        elif tag == "source" and self._media and attrs.get("src"):
            self.groups.append((self._media, [(attrs["src"], None)]))
        elif tag == "track" and attrs.get("src"):
            self.groups.append(("text", [(attrs["src"], None)]))

    def handle_endtag(self, tag):
        if tag in ("audio", "video"):
            self._media = None


def _srcset(value):
    candidates = []
    for part in value.split(","):
        bits = part.split()
        if not bits:
            continue
        width = None
        if len(bits) > 1 and bits[1].endswith("w") and bits[1][:-1].isdigit():
            width = int(bits[1][:-1])
        candidates.append((bits[0], width))
    return candidates


def file_size(url):
    """Bytes of a same-site media file or document, or None if it is not one of ours."""
    if url.startswith(settings.MEDIA_URL):
        name = url[len(settings.MEDIA_URL) :]
        try:
            return default_storage.size(name)
        except OSError:  # missing from storage: not offered for download
            return None
    if url.startswith("/documents/"):
        try:
            document_id = int(url.split("/")[2])
        except (IndexError, ValueError):
            return None
        document = get_document_model().objects.filter(pk=document_id).first()
        return document.file.size if document is not None else None
    return None


def _default_candidate(candidates):
    """The picture a typical phone takes from a srcset: the first wide enough, else the widest."""
    ordered = sorted(candidates, key=lambda c: c["width"] or 0)
    for candidate in ordered:
        if (candidate["width"] or 0) >= TYPICAL_IMAGE_WIDTH:
            return candidate
    return ordered[-1]


# The plan ---------------------------------------------------------------------


def content_version(module):
    """Changes when the module or any of its pages is published again, added or removed."""
    stats = (
        Page.objects.descendant_of(module, inclusive=True)
        .live()
        .aggregate(published=Max("last_published_at"), pages=Count("id"))
    )
    stamp = stats["published"].isoformat() if stats["published"] else ""
    return hashlib.sha256(f"{stamp}/{stats['pages']}/{shell_revision()}".encode()).hexdigest()[:16]


def download_plan(module, request):
    """Every file a device downloads to use ``module`` offline, with sizes. Cached per version.

    The same for everyone: a device keeps the pages as a visitor receives them.
    """
    key = f"offline-plan:{module.pk}:{get_language()}:{content_version(module)}"
    plan = cache.get(key)
    if plan is None:
        plan = _build_plan(module, request)
        cache.set(key, plan, 60 * 60 * 24)
    return plan


def _rendered(page, request, plan=None):
    """The page's HTML as the device receives it. ``offline_document`` lets a page
    (the quiz) give the version of itself that works without a connection."""
    page_request = copy.copy(request)
    page_request.path = page_request.path_info = page.url
    page_request.user = AnonymousUser()
    page_request.COOKIES = {}
    page_request.visitor_copy = True
    page_request.META = {k: v for k, v in request.META.items() if k != "HTTP_COOKIE"}
    page_request.offline_plan = plan
    render = getattr(page, "offline_document", None) or page.serve
    response = render(page_request)
    if hasattr(response, "render"):
        response.render()
    return response.content


def _build_plan(module, request):
    pages, groups, seen = [], [], set()
    for page in [module, *module.steps]:
        html = _rendered(page, request)
        pages.append(
            {
                "url": page.url,
                # The quiz is fetched in its offline form and kept under its own address.
                "fetch": getattr(page, "offline_url", page.url),
                "title": page.title,
                "bytes": len(html),
            }
        )
        parser = _Resources()
        parser.feed(html.decode("utf-8"))
        for kind, candidates in parser.groups:
            urls = tuple(url for url, _width in candidates)
            if urls in seen:
                continue
            seen.add(urls)
            sized = [
                {"url": url, "width": width, "bytes": file_size(url)} for url, width in candidates
            ]
            sized = [c for c in sized if c["bytes"] is not None]
            if sized:
                groups.append({"kind": kind, "candidates": sized})

    plan = {
        "module": module.pk,
        "title": module.title,
        "url": module.url,
        "language": get_language(),
        "version": content_version(module),
        "pages": pages,
        "files": groups,
    }
    _add_sizes(plan)
    # The module page a device keeps shows the download itself: measure it so.
    pages[0]["bytes"] = len(_rendered(module, request, plan))
    _add_sizes(plan)
    return plan


def _add_sizes(plan):
    sizes = dict.fromkeys(KINDS, 0)
    sizes["text"] = sum(p["bytes"] for p in plan["pages"])
    for group in plan["files"]:
        sizes[group["kind"]] += _default_candidate(group["candidates"])["bytes"]
    plan["sizes"] = sizes
    plan["total"] = sum(sizes.values())
