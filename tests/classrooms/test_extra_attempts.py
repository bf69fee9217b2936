"""A child's page for their teacher: the language of each attempt, and giving one more attempt."""

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accounts.roles import LEARNER_HEADER
from classrooms import queries
from classrooms.demo import answer_for, take_quiz
from quizzes.models import Attempt, ExtraAttempt
from quizzes.services import ExtraAttemptRefused, give_extra_attempt


@pytest.fixture
def one_try_quiz(module_quiz):
    module_quiz.attempts_allowed = 1
    module_quiz.save_revision().publish()
    return module_quiz


@pytest.fixture
def used_up(children, assignment, one_try_quiz):
    """Mei has taken the one attempt the quiz allows."""
    take_quiz(children[0].user, one_try_quiz, wrong_kinds={"single", "matching"})
    return children[0]


def _extra_url(classroom, child, quiz):
    return reverse("classrooms:extra_attempt", args=[classroom.pk, child.pk, quiz.translation_key])


def _student_url(classroom, child):
    return reverse("classrooms:student_detail", args=[classroom.pk, child.pk])


def _json_submission(client, quiz, user):
    """An attempt as a downloaded quiz sends it when the device is online again."""
    client_id = uuid.uuid4()
    ids = quiz.draw(client_id)
    answers = {qid: answer_for(quiz, quiz.scoring_questions[qid], ()) for qid in ids}
    body = {
        "client_id": str(client_id),
        "questions": ids,
        "started": timezone.now().isoformat(),
        "answers": answers,
    }
    header = "HTTP_" + LEARNER_HEADER.upper().replace("-", "_")
    return client.post(
        reverse("quizzes:submit", args=[quiz.pk]),
        json.dumps(body),
        content_type="application/json",
        **{header: str(user.pk)},
    )


def test_the_childs_page_shows_the_language_of_each_attempt(
    client, classroom, class_teacher, used_up, one_try_quiz
):
    client.force_login(class_teacher)
    url = _student_url(classroom, used_up)
    html = client.get(url).content.decode()
    assert '<bdi lang="en" dir="ltr">English</bdi>' in html
    attempt = Attempt.objects.get()
    assert attempt.language == "en"
    # A Uyghur attempt is named in Uyghur and read right to left, on a page in any language.
    Attempt.objects.filter(pk=attempt.pk).update(language="ug")
    with override("zh-hans"):
        chinese = _student_url(classroom, used_up)
    html = client.get(chinese).content.decode()
    assert '<bdi lang="ug" dir="rtl">ئۇيغۇرچە</bdi>' in html
    with override("en"):
        detail = reverse(
            "classrooms:student_attempt", args=[classroom.pk, used_up.pk, attempt.client_id]
        )
    assert 'lang="ug"' in client.get(detail).content.decode()
    csv = client.get(url + "?format=csv").content.decode("utf-8-sig")
    assert "Language" in csv.splitlines()[0] and ",ug" in csv


def test_the_button_shows_only_when_the_attempts_are_used_up(
    client, classroom, class_teacher, children, assignment, one_try_quiz
):
    client.force_login(class_teacher)
    url = _student_url(classroom, children[0])
    assert "Give another attempt" not in client.get(url).content.decode()
    take_quiz(children[0].user, one_try_quiz)
    html = client.get(url).content.decode()
    assert "Give another attempt" in html
    assert _extra_url(classroom, children[0], one_try_quiz) in html


def test_only_the_class_teacher_gives_another_attempt(
    client, classroom, used_up, one_try_quiz, other_teacher, student, children, editor
):
    url = _extra_url(classroom, used_up, one_try_quiz)
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user, status in (
        (other_teacher, 404),  # a teacher, not of this class
        (children[1].user, 403),  # a classmate
        (used_up.user, 403),  # the child themself
        (student, 403),
        (editor, 403),
    ):
        client.force_login(user)
        assert client.post(url).status_code == status, user
    client.force_login(other_teacher)
    assert client.get(url).status_code in (404, 405)
    assert not ExtraAttempt.objects.exists()


def test_the_class_teacher_gives_exactly_one_more_attempt(
    client, classroom, class_teacher, used_up, one_try_quiz
):
    child = used_up.user
    client.force_login(child)
    refused = _json_submission(client, one_try_quiz, child)
    assert refused.status_code == 403 and Attempt.objects.count() == 1

    client.force_login(class_teacher)
    url = _extra_url(classroom, used_up, one_try_quiz)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == _student_url(classroom, used_up)
    given = ExtraAttempt.objects.get()
    assert (given.learner, given.quiz_key, given.given_by) == (
        child,
        one_try_quiz.translation_key,
        class_teacher,
    )
    html = client.get(_student_url(classroom, used_up)).content.decode()
    assert "can take" in html and "1 extra attempt" in html
    assert "Give another attempt" not in html
    # A second click while the child has not used it gives nothing more.
    again = client.post(url)
    assert again.status_code == 409
    assert "still has an attempt left" in again.content.decode()
    assert ExtraAttempt.objects.count() == 1

    client.force_login(child)
    page = client.get(one_try_quiz.url).content.decode()
    assert "You have 1 attempt left" in page
    # Sent from a downloaded quiz, as the offline sync does: taken once, then refused.
    assert _json_submission(client, one_try_quiz, child).status_code == 201
    assert _json_submission(client, one_try_quiz, child).status_code == 403
    assert Attempt.objects.filter(learner=child).count() == 2
    assert "You have used all 2 attempts" in client.get(one_try_quiz.url).content.decode()

    client.force_login(class_teacher)
    html = client.get(_student_url(classroom, used_up)).content.decode()
    assert "Give another attempt" in html


def test_another_attempt_only_at_a_quiz_the_class_is_given(
    client, classroom, class_teacher, used_up, one_try_quiz, english_module
):
    client.force_login(class_teacher)
    classroom.assignments.all().delete()
    assert client.post(_extra_url(classroom, used_up, one_try_quiz)).status_code == 404
    bad = f"/en/teach/classes/{classroom.pk}/students/{used_up.pk}/quizzes/not-a-key/extra-attempt/"
    assert client.post(bad).status_code == 404
    unknown = _extra_url(classroom, used_up, one_try_quiz).replace(
        str(one_try_quiz.translation_key), str(uuid.uuid4())
    )
    assert client.post(unknown).status_code == 404
    assert not ExtraAttempt.objects.exists()


def test_no_extra_attempt_at_a_quiz_without_a_limit(class_teacher, used_up, one_try_quiz):
    one_try_quiz.attempts_allowed = None
    one_try_quiz.save_revision().publish()
    with pytest.raises(ExtraAttemptRefused):
        give_extra_attempt(one_try_quiz, used_up.user, class_teacher)
    with pytest.raises(ExtraAttemptRefused):
        give_extra_attempt(one_try_quiz, class_teacher, class_teacher)  # keeps no attempts
    assert not ExtraAttempt.objects.exists()


def test_the_childs_page_runs_a_fixed_number_of_queries(
    client, classroom, class_teacher, used_up, one_try_quiz, django_assert_max_num_queries
):
    give_extra_attempt(one_try_quiz, used_up.user, class_teacher)
    modules = queries.student_detail(used_up, [one_try_quiz.get_parent().translation_key], "en")
    assert (modules[0].extra_attempts, modules[0].attempts_left) == (1, 1)
    client.force_login(class_teacher)
    url = _student_url(classroom, used_up)
    client.get(url)
    with django_assert_max_num_queries(40) as counted:
        client.get(url)
    take_quiz(used_up.user, one_try_quiz, n=1)
    give_extra_attempt(one_try_quiz, used_up.user, class_teacher)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(url)


def test_the_childs_data_lists_the_extra_attempts(
    client, classroom, class_teacher, used_up, one_try_quiz
):
    give_extra_attempt(one_try_quiz, used_up.user, class_teacher)
    client.force_login(class_teacher)
    data = client.get(reverse("classrooms:child_data", args=[classroom.pk, used_up.pk])).json()
    (given,) = data["extra_quiz_attempts"]
    assert given["quiz_key"] == str(one_try_quiz.translation_key)
