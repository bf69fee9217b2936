"""Input that no view can use is refused where it comes in, with a 4xx and a clear message.

Some text breaks a request deep inside, far from where it came in: a NUL
character, which PostgreSQL cannot keep in a text column; a lone UTF-16
surrogate (JSON may write one as ``"\\ud800"``), which cannot be encoded as
UTF-8 for the database, a digest or the page sent back; and JSON nested
thousands deep, which exhausts Python's recursion limit. ``BadInputMiddleware``
refuses all three in the address, the query string, form fields and JSON
bodies, before any view runs. Every JSON endpoint reads its body with
``read_json``, which also limits its size; ``read_moment`` reads the times
that devices and forms send; ``database_id`` reads an id from a form.

A browser gets the site's own page with the message, in the visitor's
language; a device sending JSON gets ``{"error": message}``.
"""

import json
import re
from datetime import UTC

from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpResponseBadRequest, JsonResponse, RawPostDataException
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

# Room for 40 reflections of 2,000 Chinese characters (6 KB each in UTF-8);
# the quiz form carries at most 60,000 characters of answers.
MAX_JSON_BYTES = 256 * 1024
# What the site sends is at most three levels deep (a quiz's answers).
MAX_JSON_DEPTH = 12
# Both databases keep ids in 64 bits; SQLite cannot even compare a larger number.
MAX_ID = 2**63 - 1

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class BadInput(Exception):
    """Input refused, with the message and the status to answer it with."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def unstorable_text():
    return BadInput(
        _(
            "Some of the text sent contains a character that cannot be saved. "
            "Please delete it and try again."
        )
    )


def too_deep():
    return BadInput(_("The data sent is nested too deeply to be read."))


def too_large():
    return BadInput(_("The data sent is too large. Please send less at a time."), status=413)


def not_json():
    return BadInput(_("The data sent is not valid JSON."))


def check_text(value):
    """Raise BadInput if ``value`` holds a character no database or page can keep."""
    if UNSTORABLE.search(value):
        raise unstorable_text()


# JSON ------------------------------------------------------------------------------


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def parse_json(raw, max_size=MAX_JSON_BYTES):
    """JSON text or bytes, checked for size, nesting and unstorable text. Raises BadInput."""
    if len(raw) > max_size:
        raise too_large()
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise too_deep() from None
    except ValueError:  # UnicodeDecodeError included
        raise not_json() from None
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            check_text(value)
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise too_deep()
            if isinstance(value, dict):
                for key in value:
                    check_text(key)
                value = value.values()
            stack.extend((item, depth + 1) for item in value)
    return data


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def read_json(request):
    """The request's body as checked JSON (see parse_json), read once. Raises BadInput.

    A body announced as larger than the limit is refused before it is read.
    """
    if not hasattr(request, "_checked_json"):
        if _content_length(request) > MAX_JSON_BYTES:
            raise too_large()
        try:
            body = request.body
        except RawPostDataException:
            # Already read as a multipart form, which is no JSON.
            raise not_json() from None
        request._checked_json = parse_json(body)
    return request._checked_json


def is_json(content_type):
    return content_type == "application/json" or content_type.endswith("+json")


# Values ------------------------------------------------------------------------------


def read_moment(value):
    """An ISO 8601 time with its offset from UTC, as a form or a device sends it, in UTC.

    Raises ValueError for anything else: a day or offset that does not exist,
    no offset (the moment would be unknown), a time outside what Python can
    hold once in UTC, or a value that is not text.
    """
    if not isinstance(value, str):
        raise ValueError("not text")
    moment = parse_datetime(value)  # raises ValueError for an impossible date
    if moment is None or timezone.is_naive(moment):
        raise ValueError("not an ISO 8601 time with an offset")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("outside the years Python can hold") from None


def database_id(value):
    """``value`` as the id of a row (a whole number from 1 to MAX_ID), or None."""
    value = str(value).strip()
    if not value.isascii() or not value.isdigit() or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


# Answering ---------------------------------------------------------------------------


def wants_json(request):
    return is_json(request.content_type) or request.headers.get("Accept", "").startswith(
        "application/json"
    )


def refusal(request, message, status=400):
    """The answer to input refused: JSON for a device sending JSON, else the site's page."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


def bad_request(request, exception):
    """The 400 handler: request bodies Django itself refuses to read, said plainly."""
    if isinstance(exception, DisallowedHost):
        # The site's links need the host: answer plainly.
        return HttpResponseBadRequest(_("This request could not be read."))
    if isinstance(exception, RequestDataTooBig):
        message = _("This form is too large to send. Please send less at a time.")
    elif isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        message = _("This form has too many fields to be read.")
    else:
        message = _("This request could not be read.")
    return refusal(request, message)


def _check_request(request):
    try:
        check_text(request.path_info)
        for key, values in request.GET.lists():
            check_text(key)
            for value in values:
                check_text(value)
    except BadInput:
        raise BadInput(_("This address contains a character that is not allowed.")) from None
    if request.method not in BODY_METHODS:
        return
    if request.method == "POST" and request.content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            check_text(key)
            for value in values:
                check_text(value)
        for key, files in request.FILES.lists():
            check_text(key)
            for upload in files:
                check_text(upload.name or "")
    elif is_json(request.content_type) and _content_length(request):
        read_json(request)


class BadInputMiddleware:
    """Refuses unstorable text and unreadable JSON anywhere, and ids no row can have."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            _check_request(request)
        except BadInput as error:
            return refusal(request, error.message, error.status)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
                raise Http404
