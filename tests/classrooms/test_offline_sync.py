"""Lesson progress made on a downloaded copy, sent when the device is online again."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from classrooms.models import LessonProgress

NOW = timezone.now()


def _send(client, lesson, body, learner=None):
    headers = {"HTTP_X_LIFESKILLS_LEARNER": str(learner)} if learner is not None else {}
    return client.post(
        reverse("classrooms:sync_lesson", args=[lesson.pk]),
        json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        **headers,
    )


def _iso(moment):
    return moment.isoformat()


def test_a_lesson_read_offline_is_recorded_with_its_own_times(client, children, module_lessons):
    child = children[0].user
    client.force_login(child)
    opened = NOW - datetime.timedelta(hours=3)
    done = NOW - datetime.timedelta(hours=2)
    response = _send(
        client, module_lessons[0], {"opened_at": _iso(opened), "completed_at": _iso(done)}, child.pk
    )
    assert response.status_code == 200 and response.json() == {"recorded": True, "completed": True}
    progress = LessonProgress.objects.get(learner=child)
    assert progress.first_opened_at == opened and progress.completed_at == done
    assert progress.seconds == 0  # time read offline cannot be known, so none is credited


def test_sending_the_same_report_again_changes_nothing(client, children, module_lessons):
    child = children[0].user
    client.force_login(child)
    body = {"opened_at": _iso(NOW - datetime.timedelta(hours=1)), "completed_at": None}
    _send(client, module_lessons[0], body, child.pk)
    before = LessonProgress.objects.values().get()
    _send(client, module_lessons[0], body, child.pk)
    assert LessonProgress.objects.values().get() == before


def test_offline_reports_keep_the_earliest_opening_and_the_first_completion(
    client, children, module_lessons
):
    child = children[0].user
    client.force_login(child)
    lesson = module_lessons[0]
    client.get(lesson.url)  # opened online now
    earlier = NOW - datetime.timedelta(days=1)
    done = NOW - datetime.timedelta(hours=20)
    _send(client, lesson, {"opened_at": _iso(earlier), "completed_at": _iso(done)}, child.pk)
    progress = LessonProgress.objects.get()
    assert progress.first_opened_at == earlier and progress.completed_at == done
    assert progress.last_opened_at > earlier
    later = NOW - datetime.timedelta(hours=1)
    _send(client, lesson, {"opened_at": _iso(later), "completed_at": _iso(later)}, child.pk)
    assert LessonProgress.objects.get().completed_at == done


def test_a_wrong_device_clock_is_kept_within_bounds(client, children, module_lessons):
    child = children[0].user
    client.force_login(child)
    future = NOW + datetime.timedelta(days=400)
    _send(client, module_lessons[0], {"opened_at": _iso(future)}, child.pk)
    progress = LessonProgress.objects.get()
    assert progress.first_opened_at <= timezone.now()
    _send(client, module_lessons[1], {"opened_at": "2001-01-01T00:00:00+00:00"}, child.pk)
    old = LessonProgress.objects.get(lesson=module_lessons[1])
    assert old.first_opened_at > timezone.now() - datetime.timedelta(days=31)


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        {},
        {"opened_at": None},
        {"opened_at": "yesterday"},
        {"opened_at": "2026-01-01T10:00:00"},  # no time zone: cannot be placed
        {"opened_at": "2026-01-01T10:00:00+08:00", "completed_at": "soon"},
    ],
)
def test_a_report_that_cannot_be_read_is_refused_clearly(client, children, module_lessons, body):
    client.force_login(children[0].user)
    response = _send(client, module_lessons[0], body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not LessonProgress.objects.exists()


def test_only_the_child_who_did_the_work_may_send_it(
    client, children, module_lessons, class_teacher
):
    lesson = module_lessons[0]
    body = {"opened_at": _iso(NOW)}
    response = _send(client, lesson, body, children[0].user.pk)
    assert response.status_code == 409 and response.json()["retry"] is True  # signed out
    client.force_login(children[1].user)
    response = _send(client, lesson, body, children[0].user.pk)
    assert response.status_code == 409 and response.json()["retry"] is True
    client.force_login(class_teacher)
    response = _send(client, lesson, body, class_teacher.pk)
    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_only_live_lessons_and_only_posts(client, children, module_lessons):
    client.force_login(children[0].user)
    lesson = module_lessons[0]
    url = reverse("classrooms:sync_lesson", args=[lesson.pk])
    assert client.get(url).status_code == 405
    lesson.unpublish()
    assert _send(client, lesson, {"opened_at": _iso(NOW)}).status_code == 404


def test_sizing_a_download_does_not_count_as_reading_its_lessons(client, children, english_module):
    # The download plan renders every lesson of the module to measure it.
    client.force_login(children[0].user)
    assert "Download size" in client.get(english_module.url).content.decode()
    assert client.get(reverse("offline_download_plan", args=[english_module.pk])).status_code == 200
    assert not LessonProgress.objects.exists()
