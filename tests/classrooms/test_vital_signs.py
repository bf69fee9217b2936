"""manage.py vital_signs: the day's figures from real rows made through the services."""

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classrooms import limits, services, vitals
from quizzes.forms import new_paper
from quizzes.models import Attempt
from quizzes.papers import Paper
from quizzes.services import submit_attempt
from tests.classrooms.answers import answers_for
from tests.classrooms.test_without_redis import production_cache_at, refused_port  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def submit(quiz, child, started_at=None):
    paper = new_paper(quiz)
    if started_at is not None:
        paper = Paper(paper.client_id, paper.question_ids, started_at)
    return submit_attempt(quiz, child.user, paper, answers_for(quiz, paper.question_ids), "en")


def wrong_child_sign_in(classroom, child, address="10.1.2.3"):
    services.check_sign_in(classroom, child, "not-her-pictures", limits.Client(address))


def wrong_staff_password(client, username="ms-wang"):
    response = client.post(reverse("accounts:login"), {"username": username, "password": "no"})
    assert response.status_code in (200, 429)  # the form again, or paused


@pytest.fixture
def a_day(client, classroom, children, assignment, lesson, module_quiz, class_teacher):
    """Mei reads a lesson; Alim submits an attempt and one he began offline yesterday;
    the third child's only attempt was two days ago; wrong sign-ins of both kinds."""
    mei, alim, third = children
    services.record_lesson_event(mei.user, lesson)
    submit(module_quiz, alim)
    start, _end = vitals.day_bounds(timezone.localdate())
    submit(module_quiz, alim, started_at=start - timedelta(hours=3))
    submit(module_quiz, third)
    Attempt.objects.filter(learner=third.user).update(
        submitted_at=timezone.now() - timedelta(days=2)
    )
    for _ in range(3):
        wrong_child_sign_in(classroom, mei)
    for _ in range(2):
        wrong_staff_password(client)
    return children


def test_the_days_figures(a_day):
    signs = vitals.measure()
    assert signs.database["state"] == "ok" and signs.cache["state"] == "ok"
    assert signs.active_children_today == 2  # Mei and Alim, not the child of two days ago
    assert signs.submissions_last_24h == 2
    assert len(signs.submissions_per_hour) == 24
    assert signs.submissions_per_hour[-1]["submissions"] == 2  # this hour
    assert signs.failed_sign_ins["staff"]["wrong_passwords"] == 2
    assert signs.failed_sign_ins["staff"]["paused_now"] == 0
    assert signs.failed_sign_ins["children"]["wrong_tries_24h"] == 3
    assert signs.offline_syncs["queue"] is None
    assert signs.offline_syncs["attempts_received_today_started_earlier"] == 1
    assert signs.alerts == []


def test_a_paused_class_and_too_many_wrong_passwords_are_alerts(a_day, classroom, client):
    for _ in range(5):
        wrong_staff_password(client, "mr-nobody")
    signs = vitals.measure(thresholds=vitals.Thresholds(staff_failures=5, child_failures=2))
    assert signs.failed_sign_ins["staff"]["paused_now"] == 1
    assert len(signs.alerts) == 2


def test_the_cost_does_not_grow_with_the_rows(
    classroom, children, assignment, lesson, module_quiz, client
):
    with CaptureQueriesContext(connection) as empty:
        vitals.measure()
    for child in children:
        services.record_lesson_event(child.user, lesson)
        submit(module_quiz, child)
        wrong_child_sign_in(classroom, child)
    wrong_staff_password(client)
    with CaptureQueriesContext(connection) as busy:
        signs = vitals.measure()
    assert signs.active_children_today == 3
    assert len(busy) == len(empty) <= 9


def test_the_command_prints_text_and_json(a_day, capsys):
    call_command("vital_signs")
    text = capsys.readouterr().out
    assert "Children active today: 2" in text
    assert "No queue on the server" in text
    assert "No alerts." in text
    call_command("vital_signs", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["active_children_today"] == 2
    assert data["failed_sign_ins"]["children"]["wrong_tries_24h"] == 3
    # Nothing of a child by name.
    for child in a_day:
        assert child.name not in text and child.user.username not in text


def test_check_exits_non_zero_past_a_threshold(a_day, capsys):
    call_command("vital_signs", "--check")  # within the thresholds: returns
    with pytest.raises(SystemExit) as crossed:
        call_command("vital_signs", "--check", "--staff-failures", "1")
    assert crossed.value.code == 1
    assert "ALERT: 2 wrong staff passwords today" in capsys.readouterr().out


def test_check_fails_when_redis_is_away(settings, refused_port, capsys):  # noqa: F811
    production_cache_at(settings, refused_port)
    with pytest.raises(SystemExit) as crossed:
        call_command("vital_signs", "--check")
    assert crossed.value.code == 1
    assert "cache does not answer" in capsys.readouterr().out


def test_check_exits_2_when_the_database_does_not_answer():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        nothing_there = sock.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lifeskills.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{nothing_there}/h5_nothing",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "vital_signs", "--check", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    data = json.loads(result.stdout)
    assert data["database"]["state"] == "down"
    assert data["active_children_today"] is None


def test_the_day_is_the_programmes_day(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    start, end = vitals.day_bounds(timezone.localdate())
    assert end - start == timedelta(days=1)
    assert start.utcoffset() == timedelta(hours=8)
