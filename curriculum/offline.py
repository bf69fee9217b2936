"""What a device downloads to use a module with a weak connection or none.

A module is downloaded for one language: its own page, each of its steps (a
lesson page, the quiz as it works offline, fetched at the step's
``offline_url``), and every picture, recording and video those pages use. The
plan below lists them with their sizes, so a child sees what a download costs
before paying for it. The pages are rendered exactly as the device will
receive them and the files they refer to are read from that HTML
(``lifeskills.platform.downloads``), so the plan cannot drift from the templates.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import get_language
from wagtail.models import Page

from lifeskills.platform import downloads
from lifeskills.platform.pwa import shell_revision


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


def _build_plan(module, request):
    pages, files = [], downloads.Files()
    # While the plan is being made the module page is rendered as part of it:
    # it is given the plan (None at first), and asks for no plan of its own.
    for page, fetch in [(module, module.url), *((step, step.offline_url) for step in module.steps)]:
        html = downloads.visitor_copy(request, fetch, page, offline_plan=None)
        # A step is kept under its own address, whatever address it is fetched at.
        pages.append({"url": page.url, "fetch": fetch, "title": page.title, "bytes": len(html)})
        files.add_from(html)

    plan = {
        "module": module.pk,
        "title": module.title,
        "url": module.url,
        "language": get_language(),
        "version": content_version(module),
        "pages": pages,
        "files": files.groups,
    }
    downloads.add_sizes(plan)
    # The module page a device keeps shows the download itself: measure it so.
    pages[0]["bytes"] = len(downloads.visitor_copy(request, module.url, module, offline_plan=plan))
    downloads.add_sizes(plan)
    return plan
