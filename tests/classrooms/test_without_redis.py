"""Redis refusing connections, or accepting them and never answering: children still
join, sign in, read and submit, and teachers sign in, on the database alone."""

import json
import logging
import signal
import socket
import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from classrooms.models import Student
from lifeskills.cache import redis_cache
from quizzes.forms import new_paper
from quizzes.models import Attempt
from tests.classrooms.answers import answers_for

# Far more than the cache's own timeouts allow; only there so that a request
# that hangs fails the test instead of stopping the run.
GUARD_SECONDS = 60


@pytest.fixture
def refused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port  # nothing listens here any more


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers; counts the connections."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted = []

    def accept():
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], accepted
    listener.close()
    for connection in accepted:
        connection.close()


@pytest.fixture
def guard():
    def hung(_signum, _frame):
        raise TimeoutError(f"a request took more than {GUARD_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(GUARD_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def production_cache_at(settings, port):
    # The production settings' cache, at a Redis that is not there.
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{port}/13")}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_SECONDS = 600


def a_school_day(classroom, child, module_lessons, module_quiz, class_teacher):
    """What a child and a teacher do in a period, through the views."""
    browser = Client()
    join = browser.get(reverse("classrooms:join"), {"code": classroom.join_code})
    assert join.status_code == 302
    names = browser.get(join["Location"])
    assert names.status_code == 200 and child.name in names.content.decode()

    url = reverse("classrooms:join_student", args=[classroom.join_code, child.pk])
    chosen = ""
    for picture in child.pictures:
        response = browser.post(url, {"chosen": chosen, "pick": picture})
        if response.status_code == 200:
            chosen = response.context["chosen_value"]
    assert response.status_code == 302, response.content.decode()[:500]
    my_modules = browser.get(response["Location"])
    assert my_modules.status_code == 200
    assert my_modules.context["user"] == child.user

    lesson = browser.get(module_lessons[0].url)
    assert lesson.status_code == 200
    assert module_lessons[0].title in lesson.content.decode()

    paper = new_paper(module_quiz)
    answers = answers_for(module_quiz, paper.question_ids)
    submitted = browser.post(
        reverse("quizzes:submit", args=[module_quiz.pk]),
        json.dumps(
            {
                "client_id": str(uuid.uuid4()),
                "questions": paper.question_ids,
                "started": "2026-01-01T08:00:00+08:00",
                "answers": answers,
            }
        ),
        content_type="application/json",
        HTTP_X_LIFESKILLS_LEARNER=str(child.user.pk),
    )
    assert submitted.status_code == 201, submitted.content.decode()[:500]
    assert Attempt.objects.filter(learner=child.user).count() == 1
    # The session written while Redis was away is still the child's.
    assert browser.get(reverse("classrooms:my_modules")).context["user"] == child.user

    teacher = Client()
    signed_in = teacher.post(
        reverse("accounts:login"), {"username": class_teacher.username, "password": "pw-ms-wang"}
    )
    assert signed_in.status_code == 302
    dashboard = teacher.get(reverse("classrooms:teacher_home"))
    assert dashboard.status_code == 200 and dashboard.context["user"] == class_teacher


@pytest.fixture
def child(children):
    return Student.objects.select_related("user").get(pk=children[0].pk)


def test_a_school_day_with_redis_refusing(
    settings, refused_port, guard, caplog, classroom, child, assignment, module_lessons,
    module_quiz, class_teacher,
):  # fmt: skip
    production_cache_at(settings, refused_port)
    with caplog.at_level(logging.WARNING, logger="lifeskills.cache"):
        a_school_day(classroom, child, module_lessons, module_quiz, class_teacher)
    warnings = [r for r in caplog.records if r.name == "lifeskills.cache"]
    # Said once, not on every request.
    assert len(warnings) == 1 and "cannot be reached" in warnings[0].getMessage()


def test_a_school_day_with_redis_never_answering(
    settings, silent_redis, guard, classroom, child, assignment, module_lessons, module_quiz,
    class_teacher,
):  # fmt: skip
    port, connections = silent_redis
    production_cache_at(settings, port)
    options = caches["default"]._cache._pool_options
    # Each wait for the silent Redis is short ...
    assert options["socket_connect_timeout"] <= 1 and options["socket_timeout"] <= 1
    a_school_day(classroom, child, module_lessons, module_quiz, class_teacher)
    # ... and paid once: after the first time out it is left alone for a while,
    # not tried again on each of the dozen requests.
    assert 1 <= len(connections) <= 2
