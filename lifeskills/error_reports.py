"""Errors reported to Sentry (or a compatible service) when ``SENTRY_DSN`` is set.

An error report is sent to a service outside the programme, so it carries
what finding the fault needs and nothing of a child: ``scrub`` runs on every
event before it leaves the server and keeps of the person only their kind
(``accounts.roles.known_kind``), and of the request only its method, its path
(a class code in it replaced, as in the logs) and a few harmless headers.
Cookies, form and JSON bodies (quiz answers, reflections, names typed into a
class list), query strings, local variables of stack frames, breadcrumb data
and any field named like a child's data are removed; a database error's
``Key (...)=(...)`` detail loses its values. No tracing unless
``SENTRY_TRACES_SAMPLE_RATE`` says so.
"""

import re

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from .logs import current_request, current_request_id, logged_path, who

REMOVED = "[removed]"
# Names under which a child's data travels: fields of the account and the
# Student row, the class list form, the sign-in, quiz answers and reflections.
CHILD_FIELDS = frozenset(
    {
        "name",
        "names",
        "display_name",
        "first_name",
        "last_name",
        "full_name",
        "username",
        "email",
        "birth_year",
        "gender",
        "picture_secret",
        "pin",
        "chosen",
        "pick",
        "answers",
        "answer",
        "answers_json",
        "text",
        "reflection",
        "password",
        "csrfmiddlewaretoken",
        "sessionid",
        "ip_address",
    }
)
KEPT_HEADERS = frozenset(
    {"user-agent", "accept-language", "content-type", "content-length", "host", "x-request-id"}
)
# PostgreSQL's detail of a constraint error names the values: Key (username)=(mei-li).
KEY_VALUES = re.compile(r"(Key \([^)]*\)=)\((?:[^()]|\([^)]*\))*\)")


def _scrub_value(value):
    if isinstance(value, dict):
        return {
            key: (REMOVED if str(key).lower() in CHILD_FIELDS else _scrub_value(item))
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub_value(item) for item in value]
    if isinstance(value, str):
        return KEY_VALUES.sub(r"\1(…)", value)
    return value


def _scrub_request(info):
    request = current_request()
    url = info.get("url", "")
    url = url.split("?", 1)[0]
    if request is not None and url.endswith(request.path):
        url = url[: len(url) - len(request.path)] + logged_path(request)
    headers = {
        name: value
        for name, value in (info.get("headers") or {}).items()
        if name.lower() in KEPT_HEADERS
    }
    return {"method": info.get("method"), "url": url, "headers": headers}


def scrub(event, hint=None):
    """The event as it may leave the server: ``before_send`` and ``before_send_transaction``."""
    request = current_request()
    kind = who(request)[0] if request is not None else None
    event.pop("user", None)
    if kind:
        event["user"] = {"kind": kind}
        event.setdefault("tags", {})["user_kind"] = kind
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    if "request" in event:
        event["request"] = _scrub_request(event["request"])
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        for crumb in breadcrumbs.get("values") or []:
            crumb.pop("data", None)
    for key in ("extra", "contexts", "exception", "logentry", "breadcrumbs", "tags", "message"):
        if key in event:
            event[key] = _scrub_value(event[key])
    event.pop("modules", None)
    return event


def start(dsn, release=None, environment=None, traces_sample_rate=0.0, transport=None):
    """Report errors to ``dsn`` with every event scrubbed (``scrub``)."""
    options = {}
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        release=release or None,
        environment=environment or None,
        before_send=scrub,
        before_send_transaction=scrub,
        **options,
    )
