"""A phone shared by a class: what a download keeps, how long a child stays signed in,
and where signing out leads."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from classrooms.sessions import child_session_ends
from lifeskills.platform import pwa as offline

COPY = {offline.COPY_HEADER: "1"}


def _note_words(lesson):
    note = next(b for b in lesson.body if b.block_type == "teacher_note")
    return note.render().split("<p>")[1][:40]


def test_a_download_keeps_the_visitors_page_whoever_asks(
    client, classroom, class_teacher, module_lessons
):
    lesson = module_lessons[0]
    words = _note_words(lesson)
    client.force_login(class_teacher)
    # Read in the ordinary way, the teacher's page has her notes and her classes.
    page = client.get(lesson.url).content.decode()
    assert words in page and classroom.name in page
    assert offline.RENDERED_FOR not in client.get(lesson.url)

    response = client.get(lesson.url, headers=COPY)
    copy = response.content.decode()
    assert response.status_code == 200
    assert response[offline.RENDERED_FOR] == "visitor"
    assert words not in copy and classroom.name not in copy
    assert "record_taught" not in copy and reverse("classrooms:record_taught") not in copy
    assert "csrfmiddlewaretoken" not in copy and class_teacher.username not in copy
    # The copy is not the teacher's: it changes none of her cookies.
    assert not response.cookies
    # And it is the very page a visitor receives, so the plan's sizes hold.
    client.logout()
    assert client.get(lesson.url).content == response.content


def test_every_page_of_a_download_is_rendered_for_a_visitor(
    client, classroom, class_teacher, english_module
):
    client.force_login(class_teacher)
    plan = client.get(
        reverse("offline_download_plan", args=[english_module.pk]), headers=COPY
    ).json()
    for entry in plan["pages"]:
        response = client.get(entry["fetch"], headers=COPY)
        body = response.content.decode()
        assert response.status_code == 200, entry["fetch"]
        assert response[offline.RENDERED_FOR] == "visitor"
        assert classroom.name not in body, entry["fetch"]
        assert "csrfmiddlewaretoken" not in body, entry["fetch"]
        assert "block-teacher" not in body
        assert reverse("lessons:guide", args=[english_module.pk]) not in body


def test_a_teachers_plan_is_the_visitors_plan(client, class_teacher, english_module):
    url = reverse("offline_download_plan", args=[english_module.pk])
    visitor = client.get(url).json()
    client.force_login(class_teacher)
    # Even asked for without the mark, a plan measures the visitor's pages.
    assert client.get(url).json() == visitor
    assert client.get(url, headers=COPY).json() == visitor


def test_a_kept_lesson_lets_a_signed_in_child_finish_it_offline(client, module_lessons):
    response = client.get(module_lessons[0].url, headers=COPY).content.decode()
    sync_url = reverse("classrooms:sync_lesson", args=[module_lessons[0].pk])
    # Hidden until a device that knows its child shows it on a kept copy.
    assert f'data-sync-url="{sync_url}"' in response
    assert "data-offline-only hidden" in response


def test_the_kept_offline_quiz_names_no_one(client, children, class_teacher, module_quiz):
    mei = children[0]
    client.force_login(mei.user)
    response = client.get(reverse("quizzes:offline", args=[module_quiz.pk]), headers=COPY)
    body = response.content.decode()
    assert response[offline.RENDERED_FOR] == "visitor"
    assert mei.name not in body and 'data-learner=""' in body


def test_the_service_worker_keeps_only_visitor_pages(client):
    body = client.get("/sw.js").content.decode()
    # Its own pages are fetched with the mark, and a page without it is refused.
    assert offline.COPY_PARAMETER in body and offline.RENDERED_FOR in body
    for entry in offline.precache_entries():
        if "/offline/" in entry["url"]:
            assert entry["url"].endswith("?" + offline.COPY_PARAMETER + "=1")


def test_the_shell_pages_kept_by_the_service_worker_are_a_visitors(client, class_teacher):
    client.force_login(class_teacher)
    for entry in offline.precache_entries():
        if "/offline/" not in entry["url"]:
            continue
        response = client.get(entry["url"])
        assert response[offline.RENDERED_FOR] == "visitor"
        assert reverse("classrooms:teacher_home") not in response.content.decode()
        assert "csrfmiddlewaretoken" not in response.content.decode()


# How long a child stays signed in -------------------------------------------------


def _local(hour, minute=0, day=1):
    return timezone.make_aware(datetime(2026, 12, day, hour, minute))


@pytest.mark.parametrize(
    ("signed_in", "ends"),
    [
        (_local(8), _local(18)),  # a school morning: until the end of the school day
        (_local(13, 30), _local(18)),
        (_local(6), _local(17)),  # very early: never longer than the longest session
        (_local(18), _local(0, day=2)),  # after school: until midnight, not the night
        (_local(22, 45), _local(0, day=2)),
    ],
)
def test_a_childs_session_ends_with_the_school_day(settings, signed_in, ends):
    settings.LIFESKILLS_CHILD_SESSION_ENDS_AT = "18:00"
    settings.LIFESKILLS_CHILD_SESSION_MAX_HOURS = 11
    assert child_session_ends(signed_in) == ends


def test_a_child_signing_in_is_signed_out_at_the_end_of_the_school_day(client, settings, children):
    now = timezone.localtime()
    end = now + timedelta(minutes=90)
    settings.LIFESKILLS_CHILD_SESSION_ENDS_AT = end.strftime("%H:%M")
    settings.LIFESKILLS_CHILD_SESSION_MAX_HOURS = 11
    client.force_login(children[0].user)
    expiry = timezone.localtime(client.session.get_expiry_date())
    if end.date() == now.date():
        expected = end.replace(second=0, microsecond=0)
    else:  # run just before midnight: the school day is over, so midnight
        expected = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    assert expiry == expected
    # The cookie goes with the session, not 14 days later.
    response = client.get(reverse("classrooms:my_modules"))
    assert response.status_code == 200
    assert abs(client.session.get_expiry_age() - (expected - timezone.now()).total_seconds()) < 60


def test_a_teacher_keeps_the_usual_session(client, settings, class_teacher):
    settings.LIFESKILLS_CHILD_SESSION_ENDS_AT = timezone.localtime().strftime("%H:%M")
    client.force_login(class_teacher)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert "_session_expiry" not in client.session


# Signing out -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ug"])
def test_a_child_signing_out_returns_to_the_class_code_page(client, children, language):
    client.force_login(children[0].user)
    with translation.override(language):
        logout, join = reverse("accounts:logout"), reverse("classrooms:join")
    response = client.post(logout)
    assert response.status_code == 302
    assert response["Location"] == f"{join}?signed_out=1" == f"/{language}/join/?signed_out=1"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    assert f'lang="{language}"' in page.content.decode()
    with translation.override(language):
        assert translation.gettext("You are signed out.") in page.content.decode()


def test_the_class_code_page_says_signed_out_only_after_signing_out(client):
    assert "You are signed out." not in client.get(reverse("classrooms:join")).content.decode()


def test_staff_signing_out_go_to_the_sign_in_page(client, class_teacher):
    client.force_login(class_teacher)
    response = client.post(reverse("accounts:logout"))
    login = reverse("accounts:login")
    assert response.status_code == 302 and response["Location"] == f"{login}?signed_out=1"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You are signed out." in page and 'name="password"' in page


def test_signing_out_is_a_post(client, children):
    client.force_login(children[0].user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


def test_the_sign_out_form_works_without_javascript(client, children):
    client.force_login(children[0].user)
    page = client.get(reverse("classrooms:my_modules")).content.decode()
    assert f'action="{reverse("accounts:logout")}"' in page and 'method="post"' in page
    # A plain form: the page loads the script that enhances it as a static file.
    assert "data-sign-out" in page
