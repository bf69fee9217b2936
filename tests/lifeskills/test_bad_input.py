"""Input no view can use gets a 4xx and a clear message, and nothing is half written.

Each of these answered 500 once: an unreadable start time, JSON nested
thousands deep, a lone UTF-16 surrogate in an answer, a NUL character in an
answer or in the class code of an address (PostgreSQL cannot store one), and
ids larger than any row can have (SQLite cannot compare them).
"""

import json
import uuid

import pytest
from django.urls import reverse

from classrooms.models import LessonDelivery, LessonProgress
from quizzes.models import Attempt, Response
from tests.quizzes.conftest import RIGHT_FORM, RIGHT_JSON, Q

UNREADABLE_TIMES = [
    "2026-02-30T10:00:00+00:00",  # no such day
    "2026-11-26T09:00:00+25:00",  # no such offset
    "0001-01-01T00:00:00+01:00",  # before the first representable moment in UTC
    "2026-11-26T09:00:00",  # no time zone: the moment is unknown
    "yesterday",
]


def _paper(quiz, started="2026-11-26T09:00:00+00:00"):
    client_id = uuid.uuid4()
    return {
        "client_id": str(client_id),
        "questions": ",".join(quiz.draw(client_id)),
        "started": started,
    }


def _submit_form(client, quiz, **fields):
    return client.post(reverse("quizzes:submit", args=[quiz.pk]), {**RIGHT_FORM, **fields})


def _submit_json(client, quiz, body):
    if not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    return client.post(
        reverse("quizzes:submit", args=[quiz.pk]),
        body,
        content_type="application/json",
        headers={"accept": "application/json"},
    )


def _nothing_stored():
    return Attempt.objects.count() == 0 and Response.objects.count() == 0


@pytest.fixture(params=["visitor", "child"])
def someone(request, client, children):
    if request.param == "child":
        client.force_login(children[0].user)
    return client


# Start times -----------------------------------------------------------------


@pytest.mark.parametrize("started", UNREADABLE_TIMES)
def test_an_unreadable_start_time_on_the_form_is_refused(someone, quiz, started):
    response = _submit_form(someone, quiz, **_paper(quiz, started))
    assert response.status_code == 400
    assert "The start time of this attempt cannot be read" in response.content.decode()
    assert _nothing_stored()


@pytest.mark.parametrize("started", [*UNREADABLE_TIMES, 20261126, ["2026-11-26"], {"at": 1}])
def test_an_unreadable_start_time_in_json_is_refused(someone, quiz, started):
    response = _submit_json(someone, quiz, {**_paper(quiz, started), "answers": RIGHT_JSON})
    assert response.status_code == 400
    assert "The start time of this attempt cannot be read" in response.json()["error"]
    assert _nothing_stored()


def test_a_start_time_from_a_wrong_clock_is_kept_within_a_month(client, quiz, children):
    client.force_login(children[0].user)
    response = _submit_json(
        client, quiz, {**_paper(quiz, "9999-12-31T23:59:59+05:00"), "answers": RIGHT_JSON}
    )
    assert response.status_code == 201
    attempt = Attempt.objects.get()
    assert attempt.started_at <= attempt.submitted_at


@pytest.mark.parametrize(
    "body",
    [
        {"opened_at": "2026-02-30T10:00:00+00:00"},
        {"opened_at": "0001-01-01T00:00:00+01:00"},
        {"opened_at": "2026-11-26T09:00:00+00:00", "completed_at": "0001-01-01T00:00:00+01:00"},
        {"opened_at": "2026-11-26T09:00:00+00:00", "completed_at": 5},
        {"opened_at": ["2026-11-26T09:00:00+00:00"]},
    ],
)
def test_an_unreadable_time_from_an_offline_lesson_is_refused(
    client, children, english_lesson, body
):
    client.force_login(children[0].user)
    response = client.post(
        reverse("classrooms:sync_lesson", args=[english_lesson.pk]),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["error"]
    assert LessonProgress.objects.count() == 0


# JSON that cannot be read --------------------------------------------------------


def _nested(depth):
    value = "s-right"
    for _level in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"answers": ' + '{"a": ' * 20_000 + "1" + "}" * 20_001,
        json.dumps({"answers": {Q["single"]: _nested(60)}}),
    ],
    ids=["arrays", "objects", "answer"],
)
def test_json_nested_too_deeply_is_refused(someone, quiz, body):
    response = _submit_json(someone, quiz, body)
    assert response.status_code == 400
    assert response.json()["error"] == "The data sent is nested too deeply to be read."
    assert _nothing_stored()


def test_answers_carried_by_the_form_nested_too_deeply_are_refused(someone, quiz):
    response = _submit_form(someone, quiz, **_paper(quiz), answers="[" * 30_000)
    assert response.status_code == 400
    assert "nested too deeply" in response.content.decode()
    assert _nothing_stored()


def test_a_lesson_report_nested_too_deeply_is_refused(client, children, english_lesson):
    client.force_login(children[0].user)
    response = client.post(
        reverse("classrooms:sync_lesson", args=[english_lesson.pk]),
        "[" * 100_000,
        content_type="application/json",
    )
    assert response.status_code == 400 and "nested too deeply" in response.json()["error"]
    # Sent as plain text, the body is read as JSON all the same, with the same limits.
    response = client.post(
        reverse("classrooms:sync_lesson", args=[english_lesson.pk]),
        "[" * 100_000,
        content_type="text/plain",
    )
    assert response.status_code == 400 and "nested too deeply" in response.json()["error"]
    assert LessonProgress.objects.count() == 0


def test_json_too_large_is_refused_before_it_is_read(client, quiz, children):
    client.force_login(children[0].user)
    body = {**_paper(quiz), "answers": {**RIGHT_JSON, Q["open"]: "x" * 300_000}}
    response = _submit_json(client, quiz, body)
    assert response.status_code == 413
    assert response.json()["error"] == "The data sent is too large. Please send less at a time."
    assert _nothing_stored()


def test_a_form_too_large_gets_a_clear_page(client, quiz, children):
    client.force_login(children[0].user)
    response = _submit_form(client, quiz, **_paper(quiz), **{f"q-{Q['open']}": "x" * 3_000_000})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This form is too large to send." in html and 'class="site-header"' in html
    assert _nothing_stored()


def test_a_form_with_too_many_fields_gets_a_clear_page(client, quiz):
    fields = {f"f{n}": "x" for n in range(10_001)}
    response = client.post(reverse("quizzes:submit", args=[quiz.pk]), fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This form has too many fields to be read." in html and 'class="site-header"' in html


def test_a_broken_multipart_body_gets_a_clear_page(client, quiz):
    response = client.post(
        reverse("quizzes:submit", args=[quiz.pk]),
        b"--nothing\r\nbroken",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert "This request could not be read." in response.content.decode()


# Characters that cannot be stored --------------------------------------------------

UNSTORABLE = "Some of the text sent contains a character that cannot be saved."


@pytest.mark.parametrize("text", ["my aunt\ud800", "\udc00", "\ud83d and then"])
def test_a_lone_surrogate_in_a_json_answer_is_refused(someone, quiz, text):
    body = {**_paper(quiz), "answers": {**RIGHT_JSON, Q["open"]: text}}
    response = _submit_json(someone, quiz, body)
    assert response.status_code == 400
    assert response.json()["error"].startswith(UNSTORABLE)
    assert _nothing_stored()


def test_an_emoji_written_as_a_surrogate_pair_is_kept(client, quiz, children):
    client.force_login(children[0].user)
    body = {**_paper(quiz), "answers": {**RIGHT_JSON, Q["open"]: "my aunt \ud83d\ude00"}}
    response = _submit_json(client, quiz, body)  # json.dumps writes the pair as \ud83d\ude00
    assert response.status_code == 201
    assert Response.objects.get(question_id=Q["open"]).text == "my aunt 😀"


def test_a_lone_surrogate_carried_by_the_form_is_refused(someone, quiz):
    carried = json.dumps({Q["open"]: "my aunt\ud800"})
    fields = {k: v for k, v in RIGHT_FORM.items() if Q["open"] not in k}
    response = someone.post(
        reverse("quizzes:submit", args=[quiz.pk]), {**fields, **_paper(quiz), "answers": carried}
    )
    assert response.status_code == 400
    assert UNSTORABLE in response.content.decode()
    assert _nothing_stored()


def test_a_nul_character_in_a_form_answer_is_refused(someone, quiz):
    response = _submit_form(someone, quiz, **_paper(quiz), **{f"q-{Q['open']}": "my\x00aunt"})
    assert response.status_code == 400
    html = response.content.decode()
    assert UNSTORABLE in html and 'class="site-header"' in html
    assert _nothing_stored()


def test_a_nul_character_in_a_json_answer_is_refused(someone, quiz):
    body = {**_paper(quiz), "answers": {**RIGHT_JSON, Q["short"]: "110\x00"}}
    response = _submit_json(someone, quiz, body)
    assert response.status_code == 400
    assert response.json()["error"].startswith(UNSTORABLE)
    assert _nothing_stored()


@pytest.mark.parametrize("suffix", ["", "{pk}/"])
def test_a_nul_character_in_the_class_code_is_refused(client, classroom, children, suffix):
    url = f"/en/join/{classroom.join_code[:3]}%00{classroom.join_code[3:]}/" + suffix.format(
        pk=children[0].pk
    )
    for response in (client.get(url), client.post(url, {"pick": "sun"})):
        assert response.status_code == 400
        html = response.content.decode()
        assert "This address contains a character that is not allowed." in html
        assert 'class="site-header"' in html


def test_a_nul_character_in_a_query_string_is_refused(client):
    response = client.get("/en/join/", {"code": "AB\x00CD"})
    assert response.status_code == 400
    assert "This address contains a character that is not allowed." in response.content.decode()


def test_refusals_are_in_the_visitors_language(client, classroom):
    response = client.get(f"/zh-hans/join/{classroom.join_code}%00/")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'lang="zh-hans"' in html and "此网址含有不允许的字符" in html
    response = client.post(
        "/ug/quizzes/1/submit/", '{"a": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "ساقلىغىلى بولمايدىغان" in response.json()["error"]


# Ids no row can have -------------------------------------------------------------

HUGE = 10**30


def test_an_id_larger_than_any_row_is_not_found(client, quiz, classroom, children):
    client.force_login(children[0].user)
    assert client.post(f"/en/quizzes/{HUGE}/submit/", {}).status_code == 404
    assert client.post(f"/en/progress/lessons/{HUGE}/done/").status_code == 404
    assert client.get(f"/en/join/{classroom.join_code}/{HUGE}/").status_code == 404


@pytest.mark.parametrize("lesson", ["abc", str(HUGE), "-1", "", "1\x00"])
def test_recording_a_lesson_taught_with_an_unreadable_lesson_is_refused(
    client, classroom, class_teacher, lesson
):
    client.force_login(class_teacher)
    response = client.post(
        reverse("classrooms:record_taught"),
        {"lesson": lesson, "classroom": classroom.pk, "children_present": 3},
    )
    assert 400 <= response.status_code < 500
    assert LessonDelivery.objects.count() == 0


def test_choosing_a_module_or_lesson_by_an_impossible_id_is_a_form_error(
    client, classroom, class_teacher
):
    client.force_login(class_teacher)
    response = client.post(
        reverse("classrooms:assign", args=[classroom.pk]), {"module": HUGE, "due_date": ""}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("classrooms:deliveries", args=[classroom.pk]),
        {"lesson": HUGE, "delivered_on": "2026-01-05", "children_present": 3},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert LessonDelivery.objects.count() == 0 and classroom.assignments.count() == 0
