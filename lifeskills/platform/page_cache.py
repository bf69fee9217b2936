"""Rendered pages kept for visitors, and the content generation that retires them.

Rendering a lesson costs tens of milliseconds of CPU (the page tree, the
StreamField blocks, the site around them), yet a lesson changes only when an
editor publishes it. A visitor who is not signed in gets exactly the same bytes
as every other visitor reading that address, so those bytes are kept in the
cache and sent again without a database query until the content changes.

Every cached page carries the *content generation* it was rendered in. Saving
or deleting a page, an image, a document (narration, video), a site, a locale,
a view restriction (a page made private, or its groups changed) or anything an
app declares with ``shown_on_pages`` (the curriculum's help lines) starts a new
generation, so a kept page is never served after something it shows has
changed. The generation lives in the cache itself: with a shared cache
(Redis) an editor's publish reaches every app server at once. A per-process
cache cannot tell the other processes, so production keeps pages only when
``REDIS_URL`` is set (see settings).

Only what a page marks as the same for every visitor is kept (``kept_for
visitors``), only for GET requests without a query string from someone with no
session, and only when the response sets no cookie: a page that drew a CSRF
token or a message is never kept.

Pages are kept per site, under the site's own host name: a request is kept
only when its host names a configured Wagtail site (one site per host name),
whatever its case, trailing dot or port. A request for any other host is
answered (with the default site) but never kept, so made-up Host headers
cannot fill the cache.

The cache is a help, never a need: when it cannot be read or written the page
is rendered as if nothing were kept.
"""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Locale, Page, Site
from wagtail.signals import post_page_move, unpublished

from .release import fingerprint

GENERATION_KEY = "lifeskills:content-generation"

logger = logging.getLogger(__name__)


# Part of every key of what is kept, so that nothing rendered by the previous
# release is served after a deploy (see release.fingerprint).
RELEASE = fingerprint()


def _fresh_generation():
    return uuid.uuid4().hex


def new_generation(**_kwargs):
    """Retire every kept page: something pages show has changed."""
    cache.set(GENERATION_KEY, _fresh_generation(), None)


# What saving a draft, or locking, writes to a page or help line: nothing a
# visitor sees, so the kept pages stay.
DRAFT_BOOKKEEPING = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_by",
    "locked_at",
    "wagtail_admin_comments",
}


# Everything pages show, by model, each with the test of whether an instance
# is shown at all (None: always). Apps add theirs with shown_on_pages().
_SHOWN_ON_PAGES: dict[type, Callable[[object], bool] | None] = {
    Page: None,
    AbstractImage: None,
    AbstractDocument: None,
    Site: None,
    Locale: None,
    # A view restriction decides who may see a page (and its children), and a
    # collection's restriction who may open its images and documents.
    BaseViewRestriction: None,
}


def shown_on_pages(model: type, *, shown: Callable[[object], bool] | None = None) -> None:
    """Declare that pages show instances of ``model``, so changing one retires kept pages.

    ``shown`` is for a model with drafts that is shown only while live: saving
    an instance it rejects (a new draft, or one taken offline) retires nothing,
    and Wagtail's ``unpublished`` signal retires the pages that showed it.
    """
    _SHOWN_ON_PAGES[model] = shown


def _shown_test(instance):
    """(whether pages show this kind of object, the test of whether this one is shown)."""
    for model, shown in _SHOWN_ON_PAGES.items():
        if isinstance(instance, model):
            return True, shown
    return False, None


def changes_what_visitors_see(instance, update_fields=None):
    """Whether saving this object may change a page a visitor is shown.

    Drafts do not: only a published value is ever shown, and publishing (or
    unpublishing) saves the object as a whole.
    """
    if update_fields and set(update_fields) <= DRAFT_BOOKKEEPING:
        return False
    # An object that is not live is shown nowhere: a new draft, or one taken
    # offline (the unpublished signal retires the pages that showed it).
    _declared, shown = _shown_test(instance)
    return shown is None or bool(shown(instance))


def connect_signals():
    def on_change(sender, instance, update_fields=None, **kwargs):
        declared, _shown = _shown_test(instance)
        if declared and changes_what_visitors_see(instance, update_fields):
            new_generation()

    def on_unpublish(sender, instance, **kwargs):
        declared, shown = _shown_test(instance)
        if declared and shown is not None:
            new_generation()

    post_save.connect(on_change, weak=False, dispatch_uid="page_cache_save")
    post_delete.connect(on_change, weak=False, dispatch_uid="page_cache_delete")
    # An object taken offline is saved with live=False, which alone does not
    # tell a draft from a withdrawal.
    unpublished.connect(on_unpublish, weak=False, dispatch_uid="page_cache_unpublish")
    # The groups of a restriction change without saving the restriction.
    m2m_changed.connect(on_change, weak=False, dispatch_uid="page_cache_groups")
    # A move rewrites paths with a queryset update, which sends no post_save.
    post_page_move.connect(new_generation, dispatch_uid="page_cache_move")


def _enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _host(request):
    """The host name as a site is configured: lower case, no trailing dot, no port."""
    return split_domain_port(request.get_host())[0]


def _key(request):
    return f"lifeskills:page:{RELEASE}:{_host(request)}:{request.path}"


def _of_a_configured_site(request):
    """Whether the request's host names exactly one configured site.

    Wagtail answers any other host with the default site: such a request may be
    served, but keeping it would let made-up hosts fill the cache.
    """
    host = _host(request)
    return Site.objects.filter(hostname__iexact=host).count() == 1


def _may_use(request):
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _may_keep(response):
    return (
        getattr(response, "kept_for_visitors", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # Compression happens outside the cache (TextGZipMiddleware), per request:
        # a compressed copy would reach a browser that cannot read it.
        and not response.has_header("Content-Encoding")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class VisitorPageCacheMiddleware:
    """Answers a visitor's GET of a page from the cache when the page is kept.

    It sits just after whitenoise, before the session, authentication and CSRF
    middleware, so a kept page costs one cache read and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (_enabled() and _may_use(request)):
            return self.get_response(request)
        key = _key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception as error:  # any cache failure means: render
            logger.warning("Kept pages cannot be read (%r): rendering.", error)
            return self.get_response(request)
        generation = found.get(GENERATION_KEY)
        kept = found.get(key)
        if generation is not None and kept is not None and kept[0] == generation:
            _generation, headers, content = kept
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _may_keep(response) and _of_a_configured_site(request):
            try:
                self._keep(key, generation, response)
            except Exception as error:  # the page is served unkept
                logger.warning("A page cannot be kept (%r).", error)
        return response

    @staticmethod
    def _keep(key, generation, response):
        if generation is None:
            cache.add(GENERATION_KEY, _fresh_generation(), None)
            generation = cache.get(GENERATION_KEY)
            if generation is None:
                return  # the cache keeps nothing just now
        # Kept under the generation read before rendering: if an editor
        # published meanwhile, the copy is already out of date and unused.
        headers = [(name, value) for name, value in response.items()]
        cache.set(key, (generation, headers, response.content), settings.PAGE_CACHE_SECONDS)


class KeptForVisitors:
    """A page whose HTML is the same for every visitor who is not signed in."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response.kept_for_visitors = True
        return response


# Copies kept for signed-in readers ---------------------------------------------------
#
# A signed-in child's lesson is the visitor's lesson with a few parts of her
# own (her form tokens, her attempts). The part that is the same for every
# child is rendered once per page, language and audience, from a template
# context with no child in it, and kept like a visitor's page: under the
# release, the host and the path, carrying the content generation it was
# rendered in, so publishing, moving or restricting any page retires it. The
# few parts of one child's own are written into marked places on each
# request. Which pages, which audiences and what each marked place holds is
# for the apps to say: this module imports none of them.

# Marked places in a kept copy, filled for each request. Letters and digits
# only, so that no escaping in a template can change them.
TOKEN_PLACE = "lifeskillskepttoken0csrf"
READER_PLACE = "lifeskillskeptreader0pk"


def place(name):
    """A marked place for an app's own per-request part (letters and digits: ``name``)."""
    return f"lifeskillskeptplace0{name}0end"


def _reader_key(request, audience):
    from django.utils.translation import get_language

    return f"lifeskills:kept:{audience}:{RELEASE}:{_host(request)}:{get_language()}:{request.path}"


def read_kept(request, audience):
    """(the current generation, the entry kept for this address and audience, or None).

    Raises nothing: a cache that cannot be read answers (None, None), and the
    caller renders as if nothing were kept.
    """
    key = _reader_key(request, audience)
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception as error:  # any cache failure means: render
        logger.warning("Kept pages cannot be read (%r): rendering.", error)
        return None, None
    generation = found.get(GENERATION_KEY)
    kept = found.get(key)
    if generation is not None and kept is not None and kept[0] == generation:
        return generation, kept[1]
    return generation, None


def keep_for_readers(request, audience, generation, entry):
    """Keep ``entry`` (a dict of plain values) for this address and audience.

    ``generation`` is the one read before the page was found and rendered:
    if an editor published meanwhile, the entry is already out of date and
    never used.
    """
    if not _enabled() or not _of_a_configured_site(request):
        return
    try:
        if generation is None:
            cache.add(GENERATION_KEY, _fresh_generation(), None)
            generation = cache.get(GENERATION_KEY)
            if generation is None:
                return  # the cache keeps nothing just now
        cache.set(_reader_key(request, audience), (generation, entry), settings.PAGE_CACHE_SECONDS)
    except Exception as error:  # the page is served unkept
        logger.warning("A page cannot be kept (%r).", error)


def fill_places(html, parts):
    """The kept HTML with each marked place replaced by this request's part."""
    for marked, value in parts.items():
        html = html.replace(marked, value)
    return html
