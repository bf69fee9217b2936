"""What a downloaded page costs: its HTML as a device receives it, and the files it loads.

Which pages make up a download is the content's business (a module's, in
``curriculum.offline``); this module renders any page or address the way a
device fetches it for keeping, reads the pictures, sound and video the HTML
refers to, and sizes them. Reading the rendered HTML, rather than the content,
means a download plan cannot drift from the templates.
"""

import copy
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.urls import resolve
from wagtail.documents import get_document_model

# A phone 360 CSS pixels wide at 2 device pixels per CSS pixel: the screen the
# module page quotes a download size for. A device works out its own.
TYPICAL_IMAGE_WIDTH = 720

KINDS = ("text", "images", "audio", "video")


def visitor_copy(request, url, page=None, **attributes):
    """The HTML a device keeps when it fetches ``url``: the page as a visitor receives it.

    ``page``'s own address is rendered by the page itself; any other address
    (a page's offline form, such as the quiz's) by the view it resolves to.
    ``attributes`` are set on the request, for the page to read.
    """
    copied = copy.copy(request)
    copied.path = copied.path_info = url
    # The device fetches with GET, whatever the request that asks for the plan.
    copied.method = "GET"
    copied.user = AnonymousUser()
    copied.COOKIES = {}
    copied.visitor_copy = True
    copied.META = {k: v for k, v in request.META.items() if k != "HTTP_COOKIE"}
    for name, value in attributes.items():
        setattr(copied, name, value)
    if page is not None and url == page.url:
        response = page.serve(copied)
    else:
        match = resolve(url)
        copied.resolver_match = match
        response = match.func(copied, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    return response.content


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


def resources(html):
    """(kind, [(url, width or None), ...]) for every file the HTML loads, in order.

    A picture offered in several widths (srcset) is one group of candidates.
    """
    parser = _Resources()
    parser.feed(html.decode("utf-8"))
    return parser.groups


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
        except FileNotFoundError:  # missing from storage: not offered for download
            return None
        # Any other OSError (a media store that is down) goes up: a plan without the
        # files would be kept for a day and downloaded without its pictures.
    if url.startswith("/documents/"):
        try:
            document_id = int(url.split("/")[2])
        except (IndexError, ValueError):
            return None
        document = get_document_model().objects.filter(pk=document_id).first()
        # The size kept on the row: no question to the store (which may be a bucket).
        return document.get_file_size() if document is not None else None
    return None


def default_candidate(candidates):
    """The picture a typical phone takes from a srcset: the first wide enough, else the widest."""
    ordered = sorted(candidates, key=lambda c: c["width"] or 0)
    for candidate in ordered:
        if (candidate["width"] or 0) >= TYPICAL_IMAGE_WIDTH:
            return candidate
    return ordered[-1]


class Files:
    """The files a set of pages loads, each once, with their sizes.

    Only files of this site that exist are kept: ``groups`` lists them as
    ``{"kind", "candidates": [{"url", "width", "bytes"}, ...]}``, in the order
    the pages first load them.
    """

    def __init__(self):
        self.groups = []
        self._seen = set()

    def add_from(self, html):
        for kind, candidates in resources(html):
            urls = tuple(url for url, _width in candidates)
            if urls in self._seen:
                continue
            self._seen.add(urls)
            sized = [
                {"url": url, "width": width, "bytes": file_size(url)} for url, width in candidates
            ]
            sized = [c for c in sized if c["bytes"] is not None]
            if sized:
                self.groups.append({"kind": kind, "candidates": sized})


def add_sizes(plan):
    """Total a plan's ``pages`` and ``files`` by kind, into ``sizes`` and ``total``."""
    sizes = dict.fromkeys(KINDS, 0)
    sizes["text"] = sum(p["bytes"] for p in plan["pages"])
    for group in plan["files"]:
        sizes[group["kind"]] += default_candidate(group["candidates"])["bytes"]
    plan["sizes"] = sizes
    plan["total"] = sum(sizes.values())
