"""A signed-in child's lesson and quiz, served from a copy kept for every child.

Children read lessons on shared phones, many at once in a class: each page
they open was rendered tens of milliseconds and two dozen queries at a time,
though it is the same for every child but for her form tokens (and, on a quiz,
her attempts). So the part that is the same is rendered once per page,
language and audience, from a request with no child in it (``_AnyChild``),
and kept in the cache under the content generation that retires the
visitors' pages (``lifeskills.platform.page_cache``): publishing, unpublishing,
moving or restricting a page retires it. The kept entry carries what the
request needs besides the HTML (the page's id and translation keys), so a
kept page is served without Wagtail's walk down the page tree.

Each request then adds only the child's own parts: her CSRF token (a fresh
mask of her own secret, ``get_token``), her id for the offline scripts, her
attempts on a quiz; and an opened lesson is recorded when that changes
something a reader shows (``services.record_lesson_opened``): a reload in
the same minute costs no statement.

It applies only to a child signed in with her class (``backends``), to GETs
without a query string, when no message waits for her; a page with a view
restriction is never kept, and anything else (a module page, a preview, a
shuffled quiz, a cache that cannot be reached) is rendered as before.
"""

import copy
import logging
import uuid

from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import get_language
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from accounts.roles import LEARNER_PERMISSION, is_signed_in_child, mark_signed_in_child
from lessons.models import LessonPage
from lifeskills.platform.page_cache import (
    READER_PLACE,
    TOKEN_PLACE,
    fill_places,
    keep_for_readers,
    read_kept,
)
from quizzes import kept as kept_quiz
from quizzes.models import QuizPage

from . import child_cache
from .backends import CHILD_BACKEND
from .services import record_lesson_opened

AUDIENCE = "child"
LESSON = "lesson"
QUIZ = "quiz"

logger = logging.getLogger(__name__)


class _AnyChild(AnonymousUser):
    """Whom a kept copy is rendered for: a child signed in with her class, no one in particular.

    Its id is a marked place, filled with the reading child's own id.
    """

    id = pk = READER_PLACE

    @property
    def is_authenticated(self):
        return True

    @property
    def is_anonymous(self):
        return False

    def has_perm(self, perm, obj=None):
        return perm == LEARNER_PERMISSION


def _kept_request(request):
    """The request with nothing of the child's in it: no session, cookies, token or messages."""
    kept = copy.copy(request)
    kept.META = {k: v for k, v in request.META.items() if k not in ("HTTP_COOKIE", "CSRF_COOKIE")}
    kept.COOKIES = {}
    kept.session = SessionBase()
    kept.user = mark_signed_in_child(_AnyChild())
    kept.__dict__.pop("_messages", None)
    kept.is_preview = False
    return kept


def _route(kept):
    """The live page at this address, as Wagtail's ``serve`` finds it, or None."""
    try:
        match = resolve(kept.path_info)
    except Resolver404:
        return None
    if match.func is not wagtail_serve:
        return None
    site = Site.find_for_request(kept)
    if site is None:
        return None
    # Wagtail's pattern gives the path as its one positional argument.
    path = match.kwargs.get("path") or (match.args[0] if match.args else "")
    components = [c for c in path.split("/") if c]
    try:
        page, args, kwargs = site.root_page.localized.specific.route(kept, components)
    except Http404:
        return None
    if args or kwargs:
        return None
    return page


def _render(kept, page):
    """The entry kept for this page, or one saying it is rendered whole each time."""
    page = page.specific
    if not isinstance(page, (LessonPage, QuizPage)) or page.get_view_restrictions().exists():
        return {"kind": None}
    if isinstance(page, QuizPage):
        if not kept_quiz.same_paper_for_all(page):
            return {"kind": None}
        context = kept_quiz.kept_context(kept, page)
        kind = QUIZ
    else:
        context = page.get_context(kept)
        kind = LESSON
    context.update(csrf_token=TOKEN_PLACE, is_student=True, is_teacher=False, is_coordinator=False)
    html = render_to_string(page.get_template(kept), context, request=kept)
    return {
        "kind": kind,
        "page_id": page.pk,
        "translation_key": str(page.translation_key),
        "module_key": str(page.get_parent().translation_key),
        "attempts_allowed": getattr(page, "attempts_allowed", None),
        "html": html,
        "content_type": "text/html; charset=utf-8",
    }


def _is_childs_page_request(request):
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and request.session.get(BACKEND_SESSION_KEY) == CHILD_BACKEND
        # A message waiting for her is shown by the page rendered whole.
        and "messages" not in request.COOKIES
        and "_messages" not in request.session
    )


def _wagtail_page_address(request):
    try:
        return resolve(request.path_info).func is wagtail_serve
    except Resolver404:
        return False


def serve_kept(request):
    """The child's page from its kept copy, or None when it is to be rendered whole."""
    if not _wagtail_page_address(request):
        return None
    user = request.user
    if not is_signed_in_child(user):
        if not user.is_authenticated:
            # Her account was deactivated or deleted, or she left every class:
            # the device is handed back signed out.
            logout(request)
        return None
    generation, entry = read_kept(request, AUDIENCE)
    if entry is None:
        kept = _kept_request(request)
        page = _route(kept)
        if page is None:
            return None
        entry = _render(kept, page)
        keep_for_readers(request, AUDIENCE, generation, entry)
    if entry["kind"] == LESSON:
        record_lesson_opened(
            user.student,
            entry["page_id"],
            uuid.UUID(entry["translation_key"]),
            uuid.UUID(entry["module_key"]),
        )
        parts = {TOKEN_PLACE: get_token(request), READER_PLACE: str(user.pk)}
        return HttpResponse(fill_places(entry["html"], parts), content_type=entry["content_type"])
    if entry["kind"] == QUIZ:
        # Her attempts change only with her own events, which retire what is kept of her.
        own = child_cache.kept_own(
            user,
            f"quiz:{entry['page_id']}:{get_language()}",
            lambda: kept_quiz.own_parts(user, entry),
        )
        return kept_quiz.serve_kept(
            request,
            entry,
            entry["html"],
            entry["content_type"],
            {READER_PLACE: str(user.pk)},
            own=own,
        )
    return None


class ChildPageMiddleware:
    """Answers a signed-in child's GET of a lesson or a quiz from its kept copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_childs_page_request(request):
            response = serve_kept(request)
            if response is not None:
                return response
        return self.get_response(request)
