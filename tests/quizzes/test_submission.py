"""Submitting a quiz: who keeps a score, idempotence, limits and bad input."""

import json
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from quizzes.models import Attempt, Response

from .conftest import RIGHT_FORM, RIGHT_JSON, Q


def paper(quiz, client_id=None):
    client_id = client_id or uuid.uuid4()
    return {
        "client_id": str(client_id),
        "questions": ",".join(quiz.draw(client_id)),
        "started": "2026-11-26T09:00:00+00:00",
    }


def submit(client, quiz, form=RIGHT_FORM, **fields):
    data = {**paper(quiz), **form, **fields}
    return client.post(reverse("quizzes:submit", args=[quiz.pk]), data)


def submit_json(client, quiz, answers=RIGHT_JSON, **fields):
    body = {**paper(quiz), "answers": answers, **fields}
    return client.post(
        reverse("quizzes:submit", args=[quiz.pk]), json.dumps(body), content_type="application/json"
    )


def test_a_visitor_practises_and_nothing_is_stored(client, quiz):
    response = submit(client, quiz)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You passed!" in html
    assert "100%" in html
    assert "This was practice" in html
    assert "Because A trusted adult is True." in html  # the chosen option's feedback
    assert "Stop, tell, check." in html  # every explanation
    assert Attempt.objects.count() == 0 and Response.objects.count() == 0


def test_a_teacher_trying_the_quiz_is_not_counted(client, quiz, teacher):
    client.force_login(teacher)
    assert submit(client, quiz).status_code == 200
    assert Attempt.objects.count() == 0


def test_a_students_attempt_is_stored_with_one_response_per_question(client, quiz, student):
    client.force_login(student)
    answers = dict(RIGHT_FORM)
    answers[f"q-{Q['multiple']}"] = ["m-pay"]  # half a point
    answers[f"q-{Q['single']}"] = "s-wrong"
    response = submit(client, quiz, answers)
    assert response.status_code == 302
    attempt = Attempt.objects.get()
    assert response["Location"] == reverse("quizzes:result", args=[quiz.pk, attempt.client_id])
    assert (attempt.learner, attempt.quiz, attempt.language) == (student, quiz, "en")
    assert attempt.quiz_key == quiz.translation_key
    assert attempt.points == 5.5 and attempt.max_points == 7
    assert attempt.score == 78.57 and attempt.passed
    assert attempt.pass_mark == 70
    rows = {r.question_id: r for r in attempt.responses.all()}
    assert len(rows) == 8
    assert rows[Q["multiple"]].points == 0.5 and not rows[Q["multiple"]].correct
    assert rows[Q["multiple"]].answer_key == "m-pay"
    assert rows[Q["single"]].answer_key == "s-wrong"
    assert rows[Q["short"]].text == " police 110 " and rows[Q["short"]].answer_key == "police110"
    assert rows[Q["open"]].text == "My aunt." and not rows[Q["open"]].scored

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "You passed!" in html and "Partly right (50%)" in html
    assert "Because Nobody is False." in html  # why the chosen wrong answer is wrong
    assert "Because A trusted adult is True." in html  # and why the right one is right


def test_resending_the_same_attempt_returns_the_first_result(client, quiz, student):
    client.force_login(student)
    fields = paper(quiz)
    url = reverse("quizzes:submit", args=[quiz.pk])
    first = client.post(url, {**fields, **RIGHT_FORM})
    again = client.post(url, {**fields, **RIGHT_FORM})
    assert first["Location"] == again["Location"]
    assert Attempt.objects.count() == 1 and Response.objects.count() == 8


def test_resending_a_client_id_with_different_answers_is_refused(client, quiz, student):
    client.force_login(student)
    fields = paper(quiz)
    url = reverse("quizzes:submit", args=[quiz.pk])
    client.post(url, {**fields, **RIGHT_FORM})
    changed = {**RIGHT_FORM, f"q-{Q['single']}": "s-wrong"}
    response = client.post(url, {**fields, **changed})
    assert response.status_code == 409
    assert "already sent with different answers" in response.content.decode()
    assert Attempt.objects.count() == 1
    assert Attempt.objects.get().score == 100


def test_json_replays_are_idempotent_too(client, quiz, student):
    client.force_login(student)
    fields = paper(quiz)
    url = reverse("quizzes:submit", args=[quiz.pk])
    body = json.dumps({**fields, "answers": RIGHT_JSON})
    first = client.post(url, body, content_type="application/json")
    again = client.post(url, body, content_type="application/json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["replayed"] is False and again.json()["replayed"] is True
    assert first.json()["score"] == again.json()["score"] == 100
    assert Attempt.objects.count() == 1


def test_the_attempt_limit_is_kept(client, quiz, student):
    quiz.attempts_allowed = 2
    quiz.save_revision().publish()
    client.force_login(student)
    assert submit(client, quiz).status_code == 302
    assert submit(client, quiz).status_code == 302
    response = submit(client, quiz)
    assert response.status_code == 403
    assert "used all your attempts" in response.content.decode()
    assert Attempt.objects.count() == 2
    page = client.get(quiz.url)
    assert "You have used all 2 attempts" in page.content.decode()
    assert 'action="/en/quizzes/' not in page.content.decode()


def test_an_unpublished_quiz_takes_no_answers(client, quiz, student):
    client.force_login(student)
    quiz.unpublish()
    assert submit(client, quiz).status_code == 404
    assert Attempt.objects.count() == 0


def test_missing_answers_are_asked_for_and_given_answers_kept(client, quiz, student):
    client.force_login(student)
    answers = {
        k: v for k, v in RIGHT_FORM.items() if Q["single"] not in k and Q["ordering"] not in k
    }
    response = submit(client, quiz, answers)
    html = response.content.decode()
    assert response.status_code == 400
    assert "2 questions need an answer before you submit" in html
    assert "Choose an answer." in html
    assert "Give each step a number" in html
    assert 'value="My aunt."' not in html  # textarea content, not an attribute
    assert ">My aunt.</textarea>" in html
    assert Attempt.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({f"q-{Q['single']}": "not-an-option"}, "not one of the choices"),
        ({f"q-{Q['multiple']}": ["m-pay", "m-pay"]}, "not one of the choices"),
        ({f"q-{Q['ordering']}-o-tell": "1"}, "Give each step its own number"),
        ({f"q-{Q['ordering']}-o-tell": "two"}, "Give each step its own number"),
        ({f"q-{Q['matching']}-p-youth": "p-nowhere"}, "from the list"),
        ({f"q-{Q['short']}": "1" * 201}, "too long"),
        ({f"q-{Q['open']}": "x" * 2001}, "too long"),
    ],
)
def test_answers_that_cannot_be_accepted_get_a_clear_message(
    client, quiz, student, change, message
):
    client.force_login(student)
    response = submit(client, quiz, {**RIGHT_FORM, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Attempt.objects.count() == 0


def test_an_answer_to_another_quizs_question_is_refused(client, quiz, student, english_module):
    client.force_login(student)
    starter_quiz = english_module.get_children().get(slug="quiz").specific
    foreign = next(iter(starter_quiz.question_blocks))
    response = submit(client, quiz, {**RIGHT_FORM, f"q-{foreign}": "x"})
    assert response.status_code == 400
    assert "not in this quiz" in response.content.decode()
    response = submit(client, quiz, questions=",".join([foreign, *quiz.draw(uuid.uuid4())[1:]]))
    assert response.status_code == 409
    assert Attempt.objects.count() == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"client_id": "not-a-uuid"},
        {"client_id": ""},
        {"questions": ""},
        {"answers": "{not json"},
        {"answers": "[1, 2]"},
        {"answers": "x" * 60_001},
    ],
)
def test_a_broken_form_is_refused(client, quiz, student, fields):
    client.force_login(student)
    response = submit(client, quiz, **fields)
    assert 400 <= response.status_code < 500
    assert Attempt.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"answers": []}',
        json.dumps({"client_id": str(uuid.uuid4()), "questions": "", "answers": {}}).encode(),
    ],
)
def test_broken_json_is_refused(client, quiz, student, body):
    client.force_login(student)
    response = client.post(
        reverse("quizzes:submit", args=[quiz.pk]), body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert "error" in response.json()
    assert Attempt.objects.count() == 0


def test_json_with_wrong_types_is_refused(client, quiz, student):
    client.force_login(student)
    response = submit_json(client, quiz, {**RIGHT_JSON, Q["ordering"]: "o-stop"})
    assert response.status_code == 400
    response = submit_json(client, quiz, {**RIGHT_JSON, "another-question": "a"})
    assert response.status_code == 400
    assert Attempt.objects.count() == 0


def test_results_are_shown_only_to_their_student(client, quiz, student, other_student):
    client.force_login(student)
    location = submit(client, quiz)["Location"]
    assert client.get(location).status_code == 200
    client.force_login(other_student)
    assert client.get(location).status_code == 404
    client.logout()
    response = client.get(location)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_quiz_page_lists_a_students_own_attempts(client, quiz, student, other_student):
    client.force_login(other_student)
    submit(client, quiz)
    client.force_login(student)
    html = client.get(quiz.url).content.decode()
    assert "Your attempts" not in html
    submit(client, quiz)
    html = client.get(quiz.url).content.decode()
    assert "Your attempts" in html and html.count("/attempts/") == 1


# One question per screen ------------------------------------------------------


def test_one_question_per_screen_checks_each_answer_and_submits_them_all(client, quiz, student):
    quiz.feedback_timing = "each"
    quiz.save_revision().publish()
    client.force_login(student)
    first = client.get(quiz.url).content.decode()
    assert "Question 1 of 8" in first and "Check my answer" in first
    fields = paper(quiz)
    ids = fields["questions"].split(",")
    check = reverse("quizzes:check", args=[quiz.pk])
    carried = ""
    for index, qid in enumerate(ids):
        answer = {k: v for k, v in RIGHT_FORM.items() if k.startswith(f"q-{qid}")}
        response = client.post(check, {**fields, **answer, "index": index, "answers": carried})
        assert response.status_code == 200
        html = response.content.decode()
        assert response.context["screen"].checked
        carried = response.context["screen"].answers_json
        if index == 0:
            assert "Because A trusted adult is True." in html and "Next question" in html
            shown = client.post(check, {**fields, "index": 1, "move": "show", "answers": carried})
            assert "Question 2 of 8" in shown.content.decode()
    assert "See my result" in html
    done = client.post(reverse("quizzes:submit", args=[quiz.pk]), {**fields, "answers": carried})
    assert done.status_code == 302
    assert Attempt.objects.get().score == 100


def test_checking_without_an_answer_asks_again(client, quiz):
    quiz.feedback_timing = "each"
    quiz.save_revision().publish()
    fields = paper(quiz)
    response = client.post(reverse("quizzes:check", args=[quiz.pk]), {**fields, "index": 0})
    assert response.status_code == 400
    assert "Choose an answer." in response.content.decode()
    for index in ("", "-1", "99", "x"):
        response = client.post(reverse("quizzes:check", args=[quiz.pk]), {**fields, "index": index})
        assert response.status_code == 400


def test_quiz_views_refuse_get_where_they_expect_a_form(client, quiz):
    assert client.get(reverse("quizzes:submit", args=[quiz.pk])).status_code == 405
    assert client.get(reverse("quizzes:check", args=[quiz.pk])).status_code == 405


# Tampering, generated --------------------------------------------------------

field_names = st.sampled_from(
    sorted(
        {k for k in RIGHT_FORM}
        | {f"q-{Q['single']}-x", "q-unknown", "answers", "index", "questions"}
    )
)
values = st.one_of(
    st.sampled_from(["s-right", "m-pay", "p-police", "o-stop", "1", "2", "true", "", "{}", "[]"]),
    st.text(max_size=50),
    st.lists(st.text(max_size=8), max_size=3),
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.dictionaries(field_names, values, max_size=5),
    drop=st.sets(st.sampled_from(sorted(RIGHT_FORM))),
)
def test_tampered_submissions_never_fail_and_store_only_valid_attempts(
    client, quiz, student, changes, drop
):
    client.force_login(student)
    before = Attempt.objects.count()
    answers = {k: v for k, v in RIGHT_FORM.items() if k not in drop}
    answers.update(changes)
    response = submit(client, quiz, answers)
    assert response.status_code in (200, 302, 400, 409)
    stored = Attempt.objects.count() - before
    assert stored == (1 if response.status_code == 302 else 0)
    if stored:
        assert Attempt.objects.latest("pk").responses.count() == 8


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    answers=st.dictionaries(
        st.sampled_from([*Q.values(), "elsewhere"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
            max_leaves=8,
        ),
        max_size=8,
    )
)
def test_generated_json_submissions_never_fail(client, quiz, student, answers):
    client.force_login(student)
    before = Attempt.objects.count()
    response = submit_json(client, quiz, {**RIGHT_JSON, **answers})
    assert response.status_code in (201, 400, 409)
    assert Attempt.objects.count() - before == (1 if response.status_code == 201 else 0)


def test_a_coordinator_or_other_non_learner_practises_without_a_record(client, quiz):
    coordinator = UserFactory(username="coord-c", password=None)
    client.force_login(coordinator)
    response = submit(client, quiz)
    assert response.status_code == 200 and "This was practice" in response.content.decode()
    assert Attempt.objects.count() == 0
