"""Every page is sent compressed to a browser that accepts gzip, and plain to one that
does not; the compressed bytes differ from answer to answer (BREACH), the page does not."""

import gzip
import json
import re
import uuid

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.factories import UserFactory
from classrooms.factories import StudentFactory
from quizzes.models import Attempt
from tests.quizzes.conftest import RIGHT_JSON

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def child(classroom, assignment):
    return StudentFactory(classroom=classroom)


@pytest.fixture
def coordinator(school, classroom):
    user = UserFactory(username="coordinator-z")
    school.coordinators.add(user)
    return user


def plain_and_compressed(client, url, **extra):
    plain = client.get(url, **extra)
    compressed = client.get(url, **GZIP, **extra)
    return plain, compressed


def assert_compressed_alike(plain, compressed, status=200, *, same=True):
    assert plain.status_code == compressed.status_code == status
    assert plain["Content-Type"].startswith("text/html")
    assert not plain.has_header("Content-Encoding")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in compressed["Vary"]
    assert int(compressed["Content-Length"]) == len(compressed.content)
    page = gzip.decompress(compressed.content)
    assert len(compressed.content) < len(page)
    if same:
        # Signed-in pages carry a fresh CSRF token each time: the rest is the same page.
        assert CSRF_FIELD.sub(b"", page) == CSRF_FIELD.sub(b"", plain.content)
    else:
        # A quiz draws a new paper (its own id, its own order) for every answer.
        top = [CSRF_FIELD.sub(b"", body.split(b"<main", 1)[0]) for body in (page, plain.content)]
        assert top[0] == top[1]
    return page


def test_a_visitors_pages(client, english_lesson, english_module, quiz):
    for url in ["/en/", "/zh-hans/", "/ug/", english_module.url, english_lesson.url, quiz.url]:
        plain, compressed = plain_and_compressed(client, url)
        assert_compressed_alike(plain, compressed, same=url != quiz.url)


@pytest.mark.parametrize("who", ["child", "class_teacher", "coordinator"])
def test_a_signed_in_persons_pages(request, client, who, english_lesson, quiz, classroom):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    client.force_login(user)
    urls = {
        "child": [reverse("classrooms:my_modules"), english_lesson.url, quiz.url],
        "class_teacher": [
            reverse("classrooms:teacher_home"),
            reverse("classrooms:class_overview", args=[classroom.pk]),
            english_lesson.url,
        ],
        "coordinator": [reverse("reports:programme"), reverse("reports:summary")],
    }[who]
    for url in urls:
        plain, compressed = plain_and_compressed(client, url)
        assert_compressed_alike(plain, compressed, same=url != quiz.url)
        assert "private" in compressed["Cache-Control"]


def test_error_pages(client, child):
    plain, compressed = plain_and_compressed(client, "/ug/no-such-page/")
    assert_compressed_alike(plain, compressed, status=404)
    client.force_login(child.user)
    plain, compressed = plain_and_compressed(client, "/en/reports/")
    assert plain.status_code in (302, 403)
    plain, compressed = plain_and_compressed(client, "/en/teach/classes/999999/")
    assert plain.status_code in (403, 404)  # a teacher's page: refused to a child
    assert_compressed_alike(plain, compressed, status=plain.status_code)


@override_settings(ROOT_URLCONF="tests.lifeskills.error_urls")
def test_the_broken_page():
    client = Client(raise_request_exception=False)
    plain, compressed = plain_and_compressed(client, "/zh-hans/broken/")
    assert_compressed_alike(plain, compressed, status=500)


def test_the_same_page_is_padded_differently_each_time(client, english_lesson):
    # Django adds 0 to 99 random bytes to the gzip header: two answers may by
    # chance match, six in a row all but never.
    answers = [client.get(english_lesson.url, **GZIP).content for _ in range(6)]
    assert len(set(answers)) > 1
    assert len({len(answer) for answer in answers}) > 1
    assert len({gzip.decompress(answer) for answer in answers}) == 1


def test_the_csrf_token_differs_in_every_answer(client, child, english_lesson):
    client.force_login(child.user)
    tokens = []
    for _ in range(3):
        page = gzip.decompress(client.get(reverse("classrooms:my_modules"), **GZIP).content)
        tokens += CSRF_FIELD.findall(page)[:1]
    assert len(tokens) == 3 and len(set(tokens)) == 3


# The page cache keeps one plain copy whatever the first browser accepted ---------------


@pytest.mark.parametrize("first_accepts_gzip", [True, False])
def test_a_kept_page_reaches_each_browser_as_it_accepts(
    kept_pages, client, english_lesson, django_assert_num_queries, first_accepts_gzip
):
    first = client.get(english_lesson.url, **(GZIP if first_accepts_gzip else {}))
    assert first.status_code == 200
    page = gzip.decompress(first.content) if first_accepts_gzip else first.content
    with django_assert_num_queries(0):  # both answered from the kept copy
        plain = client.get(english_lesson.url)
        compressed = client.get(english_lesson.url, **GZIP)
    assert plain.content == page
    assert not plain.has_header("Content-Encoding")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == page
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in compressed["Vary"]


# What is not an HTML page ---------------------------------------------------------------


def test_json_answers_are_compressed_and_read_alike(client, child, quiz):
    client.force_login(child.user)
    client_id = uuid.uuid4()
    body = json.dumps(
        {
            "client_id": str(client_id),
            "questions": ",".join(quiz.draw(client_id)),
            "started": "2026-11-26T09:00:00+00:00",
            "answers": RIGHT_JSON,
        }
    )
    response = client.post(
        reverse("quizzes:submit", args=[quiz.pk]), body, content_type="application/json", **GZIP
    )
    assert response.status_code in (200, 201)
    if response.has_header("Content-Encoding"):
        data = json.loads(gzip.decompress(response.content))
    else:  # shorter than 200 bytes: not worth compressing
        data = response.json()
    assert Attempt.objects.filter(client_id=client_id).count() == 1
    again = client.post(
        reverse("quizzes:submit", args=[quiz.pk]), body, content_type="application/json"
    )
    assert again.status_code == 200 and again.json() == {**data, "replayed": True}
    assert Attempt.objects.filter(client_id=client_id).count() == 1


def test_a_lesson_sync_answers_json(client, child, english_lesson):
    client.force_login(child.user)
    response = client.post(
        reverse("classrooms:sync_lesson", args=[english_lesson.pk]),
        json.dumps({"opened_at": "2026-11-26T09:00:00+00:00"}),
        content_type="application/json",
        HTTP_X_LIFESKILLS_LEARNER=str(child.user.pk),
        **GZIP,
    )
    assert response.status_code == 200
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    assert json.loads(body)["recorded"] is True


def test_the_service_worker_and_the_manifest(client):
    plain, compressed = plain_and_compressed(client, "/sw.js")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["Service-Worker-Allowed"] == "/"
    assert "no-cache" in compressed["Cache-Control"]
    plain, compressed = plain_and_compressed(client, "/ug/manifest.webmanifest")
    manifest = json.loads(plain.content)
    if compressed.has_header("Content-Encoding"):
        assert json.loads(gzip.decompress(compressed.content)) == manifest
    assert manifest["dir"] == "rtl"


def test_a_class_csv_download(client, class_teacher, classroom, child):
    client.force_login(class_teacher)
    url = reverse("classrooms:class_overview", args=[classroom.pk]) + "?format=csv"
    plain, compressed = plain_and_compressed(client, url)
    assert plain.status_code == compressed.status_code == 200
    assert plain["Content-Disposition"] == compressed["Content-Disposition"]
    body = compressed.content
    if compressed.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    assert body == plain.content and body.startswith("\ufeff".encode())


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_streamed_and_spreadsheet_exports_of_the_admin(client, django_user_model, export):
    client.force_login(django_user_model.objects.create_superuser(username="operator-z"))
    url = f"/admin/reports/site-history/?export={export}"
    plain, compressed = plain_and_compressed(client, url)
    assert plain.status_code == compressed.status_code == 200
    if export == "csv":
        assert compressed.streaming
        assert compressed["Content-Encoding"] == "gzip"
        assert not compressed.has_header("Content-Length")
        streamed = b"".join(compressed.streaming_content)
        assert gzip.decompress(streamed) == b"".join(plain.streaming_content)
    else:
        # A spreadsheet is a zip already: it is sent as it is.
        assert not compressed.has_header("Content-Encoding")
        assert compressed.getvalue().startswith(b"PK") and plain.getvalue().startswith(b"PK")


def test_a_pdf_and_narration_are_sent_as_they_are(client, english_lesson):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    pdf = b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n"
    document = get_document_model().objects.create(
        title="Lesson plan", file=ContentFile(pdf, name="plan.pdf")
    )
    response = client.get(document.url, **GZIP)
    assert response.status_code == 200
    # (Wagtail's own answer carries "Content-Encoding: None".)
    assert response.get("Content-Encoding") != "gzip"
    assert b"".join(response.streaming_content) == pdf
    ranged = client.get(document.url, HTTP_RANGE="bytes=0-99", **GZIP)
    assert ranged.get("Content-Encoding") != "gzip"


def test_static_files_and_not_modified_answers_are_whitenoises(client):
    # Whitenoise answers static files before compression: collected, they are
    # sent as compressed when collected; a 304 carries no body to compress.
    first = client.get("/static/css/site.css", **GZIP)
    assert first.status_code == 200
    again = client.get("/static/css/site.css", HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304
    assert b"".join(again.streaming_content) == b""
    assert not again.has_header("Content-Encoding")
