"""Production's logs: one JSON object a line, an access line per request, nothing of a child.

The log output is captured as production writes it (``JsonFormatter`` on the
root logger at INFO) while visitors, a child signed in with her class code
and pictures, a teacher, an editor and an administrator use the site.
"""

import io
import json
import logging

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lifeskills.logs import JsonFormatter
from tests.classrooms.conftest import lesson, mei  # noqa: F401
from tests.classrooms.test_child_fast_path import (  # noqa: F401 - as production keeps them
    _sessions_in_the_cache,
    device,
    sign_in,
)


@pytest.fixture
def log_output():
    """Everything logged while the test runs, as production's handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def lines(stream):
    text = stream.getvalue()
    return [json.loads(line) for line in text.splitlines()]


def access_lines(stream):
    return [line for line in lines(stream) if line["logger"] == "lifeskills.access"]


def test_a_visitors_request_is_one_json_line_with_its_id(client, log_output):
    response = client.get("/en/help/?code=SECRET7", HTTP_X_REQUEST_ID="lb-7f3a9c21-0042")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-7f3a9c21-0042"
    [line] = access_lines(log_output)
    assert line["request_id"] == "lb-7f3a9c21-0042"
    assert line["method"] == "GET"
    assert line["path"] == "/en/help/"
    assert line["status"] == 200
    assert line["user"] == "visitor"
    assert "user_id" not in line
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")
    assert line["message"] == "GET /en/help/ 200"
    assert "SECRET7" not in log_output.getvalue()


@pytest.mark.parametrize(
    "offered", ["", "short", "has space in it", "x" * 129, 'quote"and{brace}', "line\nbreak1"]
)
def test_an_odd_request_id_is_replaced(client, log_output, offered):
    response = client.get("/en/help/", HTTP_X_REQUEST_ID=offered)
    given = response["X-Request-ID"]
    assert given != offered and len(given) == 32
    assert access_lines(log_output)[0]["request_id"] == given


def test_each_request_gets_its_own_id(client, log_output):
    first, second = client.get("/en/help/"), client.get("/en/help/")
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_child_is_logged_as_a_child_and_by_nothing_else(
    classroom,
    mei,  # noqa: F811
    lesson,  # noqa: F811
    log_output,
    django_capture_on_commit_callbacks,
):
    browser = sign_in(device(), classroom, mei)
    with django_capture_on_commit_callbacks(execute=True):
        browser.get(lesson.url)
    # A reload of her kept lesson: still no query with the access line written.
    with django_capture_on_commit_callbacks(execute=True):
        with CaptureQueriesContext(connection) as reload:
            response = browser.get(lesson.url)
    assert response.status_code == 200
    assert reload.captured_queries == []

    output = log_output.getvalue()
    for secret in (mei.name, mei.user.username, mei.user.display_name, classroom.join_code):
        assert secret not in output
    seen = access_lines(log_output)
    sign_ins = [line for line in seen if line["path"].startswith("/en/join/<")]
    assert sign_ins and {line["method"] for line in sign_ins} == {"POST"}
    reading = [line for line in seen if line["path"] == lesson.url]
    assert [line["user"] for line in reading] == ["child", "child"]
    assert all("user_id" not in line for line in seen)
    assert reading[-1]["request_id"] == response["X-Request-ID"]


def test_a_teacher_is_logged_by_kind_and_account_id(class_teacher, classroom, log_output):
    browser = Client()
    browser.force_login(class_teacher)
    assert browser.get(reverse("classrooms:teacher_home")).status_code == 200
    [line] = access_lines(log_output)
    assert line["user"] == "teacher"
    assert line["user_id"] == class_teacher.pk
    assert class_teacher.username not in log_output.getvalue()
    assert class_teacher.email not in log_output.getvalue()


def test_an_editor_and_an_admin_by_kind(editor, django_user_model, log_output):
    admin = django_user_model.objects.create_superuser("head-of-it", "it@example.org", "pw")
    for person, kind in ((editor, "editor"), (admin, "admin")):
        browser = Client()
        browser.force_login(person)
        assert browser.get("/admin/").status_code == 200
        line = access_lines(log_output)[-1]
        assert (line["user"], line["user_id"]) == (kind, person.pk)
        assert person.username not in log_output.getvalue()


def test_a_staff_member_whose_kind_is_not_loaded_costs_no_query(class_teacher, log_output):
    browser = Client()
    browser.force_login(class_teacher)
    # The help page asks for nobody's areas: the kind is not looked up for the log.
    assert browser.get("/en/help/").status_code == 200
    line = access_lines(log_output)[-1]
    assert line["user"] in ("teacher", "signed-in")
    if line["user"] == "signed-in":
        assert "user_id" not in line


def test_an_error_is_one_line_with_its_traceback_and_request_id(settings, log_output):
    settings.ROOT_URLCONF = "tests.lifeskills.error_urls"
    browser = Client(raise_request_exception=False)
    response = browser.get("/en/broken/?answer=secret-answer")
    assert response.status_code == 500
    [error] = [line for line in lines(log_output) if line["level"] == "ERROR"]
    assert error["logger"] == "django.request"
    assert error["error"] == "RuntimeError"
    assert "a view that breaks" in error["traceback"]
    assert error["traceback"].count("\n") > 2  # the whole traceback, in one JSON line
    assert error["request_id"] == response["X-Request-ID"]
    [access] = access_lines(log_output)
    assert access["status"] == 500 and access["request_id"] == response["X-Request-ID"]
    assert "secret-answer" not in log_output.getvalue()


def test_a_visitors_kept_page_is_logged_too(english_module, log_output):
    browser = device()
    first = browser.get(english_module.url)
    with CaptureQueriesContext(connection) as kept:
        second = browser.get(english_module.url)
    assert kept.captured_queries == []  # from the visitors' page cache
    assert [line["status"] for line in access_lines(log_output)] == [200, 200]
    assert [line["user"] for line in access_lines(log_output)] == ["visitor", "visitor"]
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_static_files_carry_no_request_id(client, log_output):
    # Each byte counts on a child's first visit; the access line still has the id.
    response = client.get(f"{settings.STATIC_URL}css/site.css")
    assert "X-Request-ID" not in response
    assert access_lines(log_output)[-1]["path"] == f"{settings.STATIC_URL}css/site.css"
    assert len(access_lines(log_output)[-1]["request_id"]) == 32
