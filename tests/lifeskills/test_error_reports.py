"""Error reports leave the server scrubbed of children's data.

The events are made by sentry-sdk itself, from real requests that break,
and kept by a transport that records them instead of sending them.
"""

import json

import pytest
import sentry_sdk
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import IntegrityError, close_old_connections, transaction
from django.test import RequestFactory
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.transport import Transport

from lifeskills import error_reports
from tests.classrooms.conftest import mei  # noqa: F401
from tests.classrooms.test_child_fast_path import device, sign_in

DSN = "https://public@errors.example.org/1"
TYPED_NAMES = "Mei Li, 2014, girl\nGulnar Ablimit"
CSRF_SECRET = "k3Rm9sQw2ZtXv8bYn4Lc7pDf1hGj6aUe"
# What the broken request carried: names, a place, an answer, a token, a class code.
TYPED = (
    "Gulnar Ablimit",
    "Mei Li",
    "Guangzhou",
    "s-right",
    "secret-token",
    "ABCD2345",
    CSRF_SECRET,
)
REFLECTION = "I miss my mother, she works in Guangzhou"


class Recording(Transport):
    """Keeps every event sentry-sdk would send."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type in ("event", "transaction"):
                self.events.append(item.payload.json)


@pytest.fixture
def recorded(settings):
    settings.ROOT_URLCONF = "tests.lifeskills.error_urls"
    transport = Recording()
    yield transport
    sentry_sdk.init()  # no DSN: nothing reported by later tests


def break_with_child_data(browser=None, path="/en/broken/"):
    """A form a child or teacher filled in, sent to a view that breaks, as gunicorn passes it.

    Through Django's WSGI handler, as in production: sentry-sdk reads the
    request there (address, headers, query string), which the test client skips.
    """
    cookies = {name: morsel.value for name, morsel in (browser.cookies if browser else {}).items()}
    cookies["csrftoken"] = CSRF_SECRET
    request = RequestFactory().post(
        f"{path}?code=ABCD2345&token=secret-token",
        {
            "names": TYPED_NAMES,
            "reflection": REFLECTION,
            "answer": "s-right",
            "csrfmiddlewaretoken": CSRF_SECRET,
        },
        HTTP_HOST="localhost",
        HTTP_COOKIE="; ".join(f"{name}={value}" for name, value in cookies.items()),
        HTTP_X_REQUEST_ID="req-0123456789",
        HTTP_REFERER="https://lifeskills.example.org/en/join/?code=ABCD2345",
    )
    status = []
    # As the test client does: the test's transaction stays open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer = WSGIHandler()(request.environ, lambda line, headers: status.append(line))
        b"".join(answer)
        answer.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert status[0].startswith("500")


def test_sentry_itself_would_send_the_childs_data_unscrubbed(recorded):
    # The control: sentry-sdk with bodies and no scrubbing sends what was typed.
    sentry_sdk.init(
        dsn=DSN,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="always",
        transport=recorded,
    )
    break_with_child_data()
    [event] = recorded.events
    raw = json.dumps(event, ensure_ascii=False)
    assert "Gulnar Ablimit" in raw and "Guangzhou" in raw
    assert "secret-token" in raw

    scrubbed = json.dumps(error_reports.scrub(event), ensure_ascii=False)
    for secret in TYPED:
        assert secret not in scrubbed
    assert "RuntimeError" in scrubbed and "a view that breaks" in scrubbed


def test_a_childs_error_report_names_only_her_kind(recorded, classroom, mei):  # noqa: F811
    error_reports.start(DSN, release="lifeskills@1.2.3", transport=recorded)
    browser = sign_in(device(), classroom, mei)
    break_with_child_data()
    session = browser.cookies["sessionid"].value
    break_with_child_data(browser)
    break_with_child_data(browser, "/en/broken-knowing-who/")

    visitor_event, unloaded_event, child_event = recorded.events
    assert visitor_event["user"] == {"kind": "visitor"}
    # A view that broke before anything loaded her: her kind would cost a query.
    assert unloaded_event["user"] == {"kind": "unknown"}
    assert child_event["user"] == {"kind": "child"}
    assert child_event["tags"]["user_kind"] == "child"
    assert child_event["tags"]["request_id"] == "req-0123456789"
    assert child_event["release"] == "lifeskills@1.2.3"
    request = child_event["request"]
    assert set(request) == {"method", "url", "headers"}
    assert request["url"] == "http://localhost/en/broken-knowing-who/"
    assert "Cookie" not in request["headers"] and "Referer" not in request["headers"]
    frames = child_event["exception"]["values"][0]["stacktrace"]["frames"]
    assert frames and not any("vars" in frame for frame in frames)

    sent = json.dumps(recorded.events, ensure_ascii=False)
    for secret in (
        *TYPED,
        session,
        mei.name,
        mei.user.username,
        classroom.join_code,
    ):
        assert secret not in sent
    assert "a view that breaks" in sent


def test_no_tracing_unless_asked(recorded):
    error_reports.start(DSN, transport=recorded)
    assert sentry_sdk.get_client().options["traces_sample_rate"] == 0.0
    assert sentry_sdk.get_client().options["send_default_pii"] is False


def test_a_database_errors_values_are_removed(recorded, mei):  # noqa: F811
    error_reports.start(DSN, transport=recorded)
    try:
        with transaction.atomic():
            get_user_model().objects.create(username=mei.user.username)
    except IntegrityError as error:
        sentry_sdk.capture_exception(error)
    [event] = recorded.events
    assert mei.user.username not in json.dumps(event, ensure_ascii=False)
    # On PostgreSQL the driver's UniqueViolation comes with it, as its cause.
    assert "IntegrityError" in {value["type"] for value in event["exception"]["values"]}


def test_scrub_removes_child_fields_anywhere():
    event = {
        "extra": {"form": {"display_name": "Mei Li", "pin": "1234", "lesson": 7}},
        "contexts": {"child": {"names": ["Mei Li"]}},
        "message": "duplicate key: Key (username)=(s-0a1b2c3d4e5f) already exists.",
    }
    scrubbed = json.dumps(error_reports.scrub(event))
    assert "Mei Li" not in scrubbed and "1234" not in scrubbed and "s-0a1b2c3d4e5f" not in scrubbed
    assert '"lesson": 7' in scrubbed
