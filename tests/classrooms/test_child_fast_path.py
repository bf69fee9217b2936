"""A signed-in child's lesson from the copy kept for every child.

Queries are counted as production runs them: the session is read from the
cache (``cached_db``, here over the test settings' LocMemCache), so a signed-in
request costs no session query. Requests name the configured site's host,
since only pages of a configured site are kept.
"""

import re
import socket
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from accounts.roles import EDITORS
from classrooms import child_cache
from classrooms.backends import CHILD_BACKEND, STAFF_BACKEND
from classrooms.models import LessonProgress, Student
from lifeskills.platform.page_cache import READER_PLACE, TOKEN_PLACE
from tests.classrooms.test_without_redis import production_cache_at

HOST = "localhost"  # the starter site's host name
# Statements of her first opening of a lesson: her account and Student row
# (kept after), her last action moved to it, her progress row made, her totals
# in the module and her own.
FIRST_OPENING = 5
# Opening it again in another minute, once she is known: her last action read
# (never kept), moved, the time since credited, her progress row tried (it is
# there) and touched.
LATER_OPENING = 5
# Within the transaction's own savepoints, which the count leaves out.
CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT")


@pytest.fixture(autouse=True)
def _sessions_in_the_cache(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_SECONDS = 600


def device(**extra):
    return Client(HTTP_HOST=HOST, **extra)


def sign_in(browser, classroom, child):
    """Sign a child in as she does: class code, her name, her pictures.

    A browser that checks CSRF tokens signs in as an ordinary one, then reads
    her pages with the cookies it was given.
    """
    if browser.handler.enforce_csrf_checks:
        browser.cookies = sign_in(device(), classroom, child).cookies
        return browser
    browser.get(reverse("classrooms:join"), {"code": classroom.join_code})
    url = reverse("classrooms:join_student", args=[classroom.join_code, child.pk])
    chosen = ""
    for picture in child.pictures:
        response = browser.post(url, {"chosen": chosen, "pick": picture})
        if response.status_code == 200:
            chosen = response.context["chosen_value"]
    assert response.status_code == 302, response.content.decode()[:300]
    return browser


def token_of(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def queries(browser, url):
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured]


def test_the_class_sign_in_decides_the_childs_kind(client, classroom, mei):
    sign_in(client, classroom, mei)
    assert client.session["_auth_user_backend"] == CHILD_BACKEND


def statements(sql):
    return [query for query in sql if not query.startswith(CONTROL)]


def test_a_child_reads_a_lesson_in_four_statements_then_none(
    classroom, mei, alim, lesson, django_capture_on_commit_callbacks
):
    # Nothing kept yet: the first child's request renders the copy.
    first = sign_in(device(), classroom, alim)
    response, _sql = queries(first, lesson.url)
    assert lesson.title in response.content.decode()

    browser = sign_in(device(), classroom, mei)
    # Her first opening of the lesson (cold for her: her progress row is made).
    with django_capture_on_commit_callbacks(execute=True):
        response, cold = queries(browser, lesson.url)
    assert len(statements(cold)) == FIRST_OPENING, cold
    # A reload in the same minute changes nothing anyone reads: no query at all.
    with django_capture_on_commit_callbacks(execute=True):
        response, reload = queries(browser, lesson.url)
    assert reload == []
    # In another minute (her marker gone, as when the minute is over) it is written.
    Student.objects.filter(pk=mei.pk).update(
        last_activity_at=timezone.now() - timedelta(seconds=90)
    )
    cache.delete(child_cache._opening_key(mei.user.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response, later = queries(browser, lesson.url)
    assert len(statements(later)) == LATER_OPENING, later
    progress = LessonProgress.objects.get(learner=mei.user, lesson_key=lesson.translation_key)
    assert 90 <= progress.seconds < 100
    html = response.content.decode()
    assert lesson.title in html and TOKEN_PLACE not in html and READER_PLACE not in html
    # No permission or role query for a child, and no walk down the page tree.
    for sql in cold + later:
        assert "auth_permission" not in sql and "EXISTS" not in sql
        assert "wagtailcore_page" not in sql and "wagtailcore_site" not in sql


def test_opening_a_lesson_is_recorded(classroom, mei, module_lessons):
    browser = sign_in(device(), classroom, mei)
    first, second = module_lessons[0], module_lessons[1]
    browser.get(first.url)
    progress = LessonProgress.objects.get(learner=mei.user, lesson_key=first.translation_key)
    assert progress.first_opened_at == progress.last_opened_at
    assert progress.lesson_id == first.pk
    assert progress.module_key == first.get_parent().translation_key
    mei.refresh_from_db()
    assert mei.last_lesson_key == first.translation_key

    # A minute later she opens the next lesson: the minute is credited to the first.
    Student.objects.filter(pk=mei.pk).update(
        last_activity_at=timezone.now() - timedelta(seconds=60)
    )
    browser.get(second.url)
    progress.refresh_from_db()
    assert 60 <= progress.seconds < 70
    mei.refresh_from_db()
    assert mei.last_lesson_key == second.translation_key

    # Opening the first again touches its row, keeps when it was first opened.
    browser.get(first.url)
    again = LessonProgress.objects.get(pk=progress.pk)
    assert again.first_opened_at == progress.first_opened_at
    assert again.last_opened_at > progress.last_opened_at
    assert LessonProgress.objects.filter(learner=mei.user).count() == 2


def test_finishing_works_with_the_token_of_the_kept_page(classroom, mei, lesson):
    browser = sign_in(device(enforce_csrf_checks=True), classroom, mei)
    html = browser.get(lesson.url).content.decode()
    done = reverse("classrooms:complete_lesson", args=[lesson.pk])
    assert done in html
    response = browser.post(done, {"csrfmiddlewaretoken": token_of(html)})
    assert response.status_code == 302
    well_done = browser.get(response["Location"])
    assert well_done.status_code == 200
    progress = LessonProgress.objects.get(learner=mei.user, lesson_key=lesson.translation_key)
    assert progress.completed_at is not None


def test_two_children_get_their_own_token_and_id(classroom, mei, alim, lesson):
    one = sign_in(device(enforce_csrf_checks=True), classroom, mei)
    two = sign_in(device(enforce_csrf_checks=True), classroom, alim)
    html_one = one.get(lesson.url).content.decode()
    html_two = two.get(lesson.url).content.decode()
    assert f'data-learner="{mei.user.pk}"' in html_one
    assert f'data-learner="{alim.user.pk}"' in html_two
    assert str(alim.user.pk) not in re.findall(r'data-learner="(\d*)"', html_one)
    done = reverse("classrooms:complete_lesson", args=[lesson.pk])
    # Each token is good only in its own child's session.
    refused = two.post(done, {"csrfmiddlewaretoken": token_of(html_one)})
    assert refused.status_code == 403
    assert two.post(done, {"csrfmiddlewaretoken": token_of(html_two)}).status_code == 302
    assert not LessonProgress.objects.filter(learner=mei.user, completed_at__isnull=False).exists()
    # Nothing of either child in what is kept.
    for key in list(cache._cache):  # LocMemCache: the test settings' cache
        value = cache.get(key.split(":", 2)[-1])
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], dict):
            kept = value[1].get("html") or ""
            assert token_of(html_one) not in kept and token_of(html_two) not in kept
            assert f'data-learner="{mei.user.pk}"' not in kept


def test_an_editors_publish_reaches_the_child_at_once(classroom, mei, lesson, editor):
    browser = sign_in(device(), classroom, mei)
    assert lesson.title in browser.get(lesson.url).content.decode()
    lesson.title = "A new title for this lesson"
    lesson.save_revision(user=editor).publish()
    assert "A new title for this lesson" in browser.get(lesson.url).content.decode()


def test_a_restricted_page_is_never_served_from_the_kept_copy(classroom, mei, lesson):
    browser = sign_in(device(), classroom, mei)
    assert browser.get(lesson.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=lesson.get_parent(), restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=EDITORS))
    response = browser.get(lesson.url)
    assert lesson.title not in response.content.decode() or response.status_code != 200


@pytest.mark.parametrize("change", ["deleted", "deactivated", "left every class"])
def test_a_child_gone_mid_session_is_signed_out(classroom, mei, lesson, change):
    browser = sign_in(device(), classroom, mei)
    assert browser.get(lesson.url).status_code == 200
    if change == "deleted":
        mei.user.delete()
    elif change == "deactivated":
        type(mei.user).objects.filter(pk=mei.user.pk).update(is_active=False)
    else:
        Student.objects.filter(pk=mei.pk).delete()
    response = browser.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-offline-only" in html  # the visitor's page
    assert "_auth_user_id" not in browser.session


def test_a_teacher_on_the_same_phone_gets_the_teachers_lesson(
    classroom, mei, lesson, class_teacher
):
    browser = sign_in(device(), classroom, mei)
    assert "js/present.js" not in browser.get(lesson.url).content.decode()
    # The teacher signs the child out and signs in on the same browser.
    browser.post(reverse("accounts:logout"))
    signed_in = browser.post(
        reverse("accounts:login"), {"username": class_teacher.username, "password": "pw-ms-wang"}
    )
    assert signed_in.status_code == 302
    assert browser.session["_auth_user_backend"] == STAFF_BACKEND
    html = browser.get(lesson.url).content.decode()
    assert "js/present.js" in html and "Lesson plan to print" in html
    assert f'data-learner="{mei.user.pk}"' not in html


def test_a_visitor_gets_the_visitors_copy(classroom, mei, lesson):
    sign_in(device(), classroom, mei).get(lesson.url)
    visitor = device()
    html = visitor.get(lesson.url).content.decode()
    assert "data-offline-only" in html and 'data-learner=""' in html
    assert "csrfmiddlewaretoken" not in html


@pytest.fixture
def refused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once it is closed


def test_a_cache_that_cannot_be_reached_still_serves_the_lesson(
    settings, refused_port, classroom, mei, lesson
):
    browser = sign_in(device(), classroom, mei)
    production_cache_at(settings, refused_port)
    response = browser.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert lesson.title in html and TOKEN_PLACE not in html
    assert LessonProgress.objects.filter(learner=mei.user, lesson=lesson).exists()
