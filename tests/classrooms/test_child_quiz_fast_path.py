"""A signed-in child's quiz page from the copy kept for every child.

Counted as production runs it: the session read from the cache (``cached_db``
over the test settings' LocMemCache), so a signed-in request costs no session
query.
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import Attempt, QuestionOrder
from quizzes.services import give_extra_attempt
from tests.classrooms.answers import answers_for
from tests.classrooms.test_child_fast_path import device, sign_in, token_of

# Her first view: her account and Student row, her attempts (each kept after).
FIRST_VIEW = 2
# Later views: nothing; her attempts are kept until her next event.
LATER_VIEW = 0


@pytest.fixture(autouse=True)
def _sessions_in_the_cache(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_SECONDS = 600


def field(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def submit_page(browser, quiz, html):
    """Submit with the page's own fields and token, as a browser without JavaScript does."""
    questions = field(html, "questions").split(",")
    data = {
        "csrfmiddlewaretoken": token_of(html),
        "client_id": field(html, "client_id"),
        "questions": ",".join(questions),
        "started": field(html, "started"),
    }
    # Answers carried as the one-per-screen form carries them.
    data["answers"] = json.dumps(answers_for(quiz, questions))
    return browser.post(reverse("quizzes:submit", args=[quiz.pk]), data)


def test_the_quiz_page_takes_two_queries_then_none(classroom, children, module_quiz):
    sign_in(device(), classroom, children[1]).get(module_quiz.url)  # keeps the copy
    browser = sign_in(device(), classroom, children[0])
    for expected in (FIRST_VIEW, LATER_VIEW):
        with CaptureQueriesContext(connection) as captured:
            response = browser.get(module_quiz.url)
        assert response.status_code == 200
        assert len(captured) == expected, [q["sql"] for q in captured]
        for q in captured:
            assert "auth_permission" not in q["sql"] and "wagtailcore_page" not in q["sql"]
    html = response.content.decode()
    assert "lifeskillskept" not in html
    assert module_quiz.title in html
    questions = field(html, "questions").split(",")
    assert questions == module_quiz.draw("")


def test_each_view_is_a_new_attempt_with_the_childs_own_token(classroom, children, module_quiz):
    one = sign_in(device(enforce_csrf_checks=True), classroom, children[0])
    two = sign_in(device(enforce_csrf_checks=True), classroom, children[1])
    first = one.get(module_quiz.url).content.decode()
    again = one.get(module_quiz.url).content.decode()
    other = two.get(module_quiz.url).content.decode()
    assert field(first, "client_id") != field(again, "client_id") != field(other, "client_id")
    assert token_of(first) != token_of(other)
    assert f'data-learner="{children[0].user.pk}"' in first
    assert f'data-learner="{children[1].user.pk}"' in other


def test_submitting_the_kept_page_works_and_shows_her_attempts(
    classroom, children, module_quiz, django_capture_on_commit_callbacks
):
    mei = children[0]
    browser = sign_in(device(enforce_csrf_checks=True), classroom, mei)
    html = browser.get(module_quiz.url).content.decode()
    # Her attempt retires what is kept of her when it commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_page(browser, module_quiz, html)
    assert response.status_code == 302, response.content.decode()[:500]
    attempt = Attempt.objects.get(learner=mei.user)
    assert str(attempt.client_id) == field(html, "client_id")
    assert browser.get(response["Location"]).status_code == 200
    html = browser.get(module_quiz.url).content.decode()
    assert "Your attempts" in html
    assert reverse("quizzes:result", args=[module_quiz.pk, attempt.client_id]) in html
    # Another child sees none of hers.
    alim = sign_in(device(), classroom, children[1])
    assert "Your attempts" not in alim.get(module_quiz.url).content.decode()


def test_attempts_left_and_extra_attempts(
    classroom, class_teacher, children, module_quiz, django_capture_on_commit_callbacks
):
    module_quiz.attempts_allowed = 1
    module_quiz.save_revision().publish()
    mei = children[0]
    browser = sign_in(device(enforce_csrf_checks=True), classroom, mei)
    html = browser.get(module_quiz.url).content.decode()
    assert "You have 1 attempt left." in html
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_page(browser, module_quiz, html).status_code == 302
    html = browser.get(module_quiz.url).content.decode()
    assert "You have used your 1 attempt at this quiz." in html
    assert 'name="client_id"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        give_extra_attempt(module_quiz, mei.user, class_teacher)
    html = browser.get(module_quiz.url).content.decode()
    assert "You have 1 attempt left." in html and 'name="client_id"' in html


def test_a_shuffled_quiz_is_rendered_whole_and_still_works(classroom, children, module_quiz):
    module_quiz.question_order = QuestionOrder.SHUFFLED
    module_quiz.save_revision().publish()
    browser = sign_in(device(enforce_csrf_checks=True), classroom, children[0])
    html = browser.get(module_quiz.url).content.decode()
    assert "lifeskillskept" not in html
    assert submit_page(browser, module_quiz, html).status_code == 302
