"""Logs an operator can search: one JSON object a line, and one access line a request.

Production writes every log record as one JSON object on one line
(``JsonFormatter``, ``LOG_FORMAT=json``), so a collector reads fields
instead of guessing at text, and a traceback stays with its line.

``RequestLogMiddleware`` gives each request an id (the caller's
``X-Request-ID`` when it is a sane token, so a proxy's id follows the request
through; a new one otherwise), sends it back in the response, puts it on every
log line written while the request runs, and writes one access line when the
response leaves. The access line says who asked by kind only
(``accounts.roles.known_kind``): never a name or a username, a staff
member's account id at most, and nothing that tells one child from another.
The path is logged without its query string (a class code or a token may be
in it) and with a class code in the path replaced, since a class code opens
the class's list of names.
"""

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

from django.conf import settings

from accounts.roles import STAFF_KINDS, VISITOR, known_kind

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and the punctuation ids are made of (UUIDs, proxies' hex ids,
# trace ids): nothing that could break a log line or forge another field.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# Path arguments that open something (a class code shows the class's names).
SECRET_PATH_ARGUMENTS = frozenset({"code"})
MAX_PATH = 300

access_logger = logging.getLogger("lifeskills.access")
_request_id = contextvars.ContextVar("lifeskills_request_id", default=None)
_request = contextvars.ContextVar("lifeskills_request", default=None)


def current_request_id():
    """The id of the request being served in this thread or task, if any."""
    return _request_id.get()


def current_request():
    """The request being served in this thread or task, if any (for error reports)."""
    return _request.get()


# Attributes every LogRecord has: anything else was passed in ``extra``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
}
# Fields of ``extra`` that are written out; others (Django's ``request``, a
# ``status_code``) may hold what must not be logged, or are not JSON.
WRITTEN_EXTRA = ("request_id", "method", "path", "status", "duration_ms", "user", "user_id")


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, request id, traceback."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        for name in WRITTEN_EXTRA:
            if name != "request_id" and name in record.__dict__:
                entry[name] = record.__dict__[name]
        if record.exc_info:
            error_type, error, _tb = record.exc_info
            entry["error"] = getattr(error_type, "__name__", str(error_type))
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        elif record.exc_text:
            entry["traceback"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        # default=str: a value of a type JSON lacks is written, not a lost line.
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_id_for(request):
    """The caller's request id when it is a sane token, a new one otherwise."""
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    if SANE_REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def logged_path(request):
    """The path without its query string, a class code in it replaced, cut to MAX_PATH."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in SECRET_PATH_ARGUMENTS & set(match.kwargs):
            value = str(match.kwargs[name])
            if value:
                path = path.replace(f"/{value}/", f"/<{name}>/")
    return path[:MAX_PATH]


def _loaded_user(request):
    """The request's user if something already loaded it, without loading it here.

    Django loads the user lazily; whatever asked (a view, the headers of a
    signed-in person's response) paid for it. A request answered before the
    session is read (a visitor's kept page) has no user at all.
    """
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or type(wrapped) is object:  # SimpleLazyObject's "empty"
        return None
    return wrapped


def who(request):
    """(kind, staff account id or None) of whoever made the request, with no query."""
    user = _loaded_user(request)
    if user is None:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Never loaded: someone with a session, whose kind would cost a query.
            return "unknown", None
        return VISITOR, None
    kind = known_kind(user)
    return kind, (user.pk if kind in STAFF_KINDS else None)


class RequestLogMiddleware:
    """The request id on every line and in the response, and one access line per request.

    First in ``MIDDLEWARE``, so the time covers everything the site does and
    every response, a redirect to HTTPS or a kept page included, is logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request_id_for(request)
        request.request_id = request_id
        tokens = _request_id.set(request_id), _request.set(request)
        try:
            response = self.get_response(request)
            if not request.path.startswith(settings.STATIC_URL):
                # Not on static files, which are the same for everyone: the
                # header would add some 50 bytes to each on a child's first
                # visit over a weak connection (tests/e2e/test_first_load.py).
                response[REQUEST_ID_HEADER] = request_id
            kind, user_id = who(request)
            line = {
                "request_id": request_id,
                "method": request.method,
                "path": logged_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": kind,
            }
            if user_id is not None:
                line["user_id"] = user_id
            access_logger.info(
                "%s %s %s", request.method, line["path"], response.status_code, extra=line
            )
            return response
        finally:
            _request_id.reset(tokens[0])
            _request.reset(tokens[1])
