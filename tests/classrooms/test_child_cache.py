"""What the cache keeps of a signed-in child: who she is, her last opening, her list of
modules; each dropped by what changes it, never shared with anyone else, and never needed.

Requests run as in production: sessions read from the cache (``cached_db``), the
child signed in through her class's backend, and what a commit does after it
(``transaction.on_commit``) done when the request's transaction commits.
"""

import re
import socket
from datetime import timedelta

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import is_signed_in_child
from classrooms import child_cache, queries, services, tables
from classrooms.backends import CHILD_BACKEND
from classrooms.demo import take_quiz
from classrooms.models import Classroom, LessonProgress, Membership, Student
from curriculum.models import ModulePage
from quizzes.models import QuizPage
from quizzes.services import give_extra_attempt
from tests.classrooms.test_without_redis import production_cache_at

HOST = "localhost"  # the starter site's host name: only its pages are kept
MY = "/en/my/"
FINISHED = '<span class="visually-hidden">finished:</span>'


@pytest.fixture(autouse=True)
def _as_in_production(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run ``action`` as a request runs it: what waits for the commit is done after it."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def read(commit):
    """GET ``url`` as a request does; the response and the SQL it ran."""

    def get(browser, url):
        with CaptureQueriesContext(connection) as captured:
            response = commit(browser.get, url)
        return response, [query["sql"] for query in captured]

    return get


def signed_in(child):
    """A phone on which the child signed in with her class (her session names its backend)."""
    browser = Client(HTTP_HOST=HOST)
    browser.force_login(child.user, backend=CHILD_BACKEND)
    return browser


@pytest.fixture
def refused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once it is closed


def items(html):
    return re.findall(r'<li class="my-module">.*?</li>', html, re.S)


def is_visitors_page(response):
    return response.status_code == 200 and "data-offline-only" in response.content.decode()


# Who she is ------------------------------------------------------------------------------


def test_her_reload_asks_the_database_nothing(read, assignment, mei, lesson):
    browser = signed_in(mei)
    _response, first = read(browser, lesson.url)
    assert any("accounts_user" in sql for sql in first)  # loaded once, then kept
    response, again = read(browser, lesson.url)
    assert again == []
    assert f'data-learner="{mei.user.pk}"' in response.content.decode()
    assert isinstance(cache.get(child_cache._identity_key(mei.user.pk)), dict)


@pytest.mark.parametrize(
    "change",
    ["deactivated in bulk", "deactivated", "deleted", "left every class"],
)
def test_a_change_to_her_account_reaches_her_next_request(read, commit, mei, lesson, change):
    browser = signed_in(mei)
    read(browser, lesson.url)
    assert isinstance(cache.get(child_cache._identity_key(mei.user.pk)), dict)
    user = mei.user
    if change == "deactivated in bulk":  # as Wagtail's list of users does it
        commit(type(user).objects.filter(pk__in=[user.pk]).update, is_active=False)
    elif change == "deactivated":
        user.is_active = False
        commit(user.save)
    elif change == "deleted":
        commit(services.delete_child, mei)
    else:
        commit(Student.objects.filter(pk=mei.pk).delete)
    response, _sql = read(browser, lesson.url)
    assert is_visitors_page(response)
    assert "_auth_user_id" not in browser.session


@pytest.mark.parametrize("how", ["saved", "updated"])
def test_a_new_password_signs_her_out(read, commit, mei, lesson, how):
    browser = signed_in(mei)
    read(browser, lesson.url)
    read(browser, lesson.url)  # from the kept identity
    if how == "saved":
        mei.user.set_password("a-new-secret-1")
        commit(mei.user.save)
    else:
        commit(
            type(mei.user).objects.filter(pk=mei.user.pk).update,
            password=make_password("a-new-secret-2"),
        )
    response, _sql = read(browser, lesson.url)
    assert is_visitors_page(response)
    assert "_auth_user_id" not in browser.session


def test_the_session_hash_is_checked_against_the_kept_identity(read, mei, lesson):
    browser = signed_in(mei)
    read(browser, lesson.url)
    session = browser.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    response, sql = read(browser, lesson.url)
    assert not any("accounts_user" in query for query in sql)  # the kept identity answered
    assert is_visitors_page(response)
    assert "_auth_user_id" not in browser.session


def test_what_is_kept_leaves_out_what_changes_as_she_works(read, mei, lesson):
    browser = signed_in(mei)
    read(browser, lesson.url)
    user = child_cache.load_child(mei.user.pk)
    assert is_signed_in_child(user) and user.pk == mei.user.pk
    assert user.get_deferred_fields() == {"last_login"}
    assert user.student.get_deferred_fields() >= {"last_activity_at", "pin", "picture_secret"}
    entry = cache.get(child_cache._identity_key(mei.user.pk))
    assert mei.pin not in entry["student"] and mei.picture_secret not in entry["student"]


def test_a_teachers_session_never_reads_a_kept_child(client, mei, lesson, class_teacher, read):
    read(signed_in(mei), lesson.url)
    # Even an entry under the teacher's id is never read: her session names the staff backend.
    forged = dict(cache.get(child_cache._identity_key(mei.user.pk)), id=class_teacher.pk)
    cache.set(child_cache._identity_key(class_teacher.pk), forged)
    teacher = Client(HTTP_HOST=HOST)
    assert (
        teacher.post(
            reverse("accounts:login"),
            {"username": class_teacher.username, "password": "pw-ms-wang"},
        ).status_code
        == 302
    )
    response, _sql = read(teacher, lesson.url)
    html = response.content.decode()
    assert "js/present.js" in html and "Lesson plan to print" in html
    assert response.wsgi_request.user.pk == class_teacher.pk
    assert not is_signed_in_child(response.wsgi_request.user)
    cache.delete(child_cache._identity_key(class_teacher.pk))
    read(teacher, lesson.url)
    assert cache.get(child_cache._identity_key(class_teacher.pk)) is None


def test_an_entry_naming_another_child_is_not_used(read, mei, alim, lesson):
    read(signed_in(alim), lesson.url)
    cache.set(
        child_cache._identity_key(mei.user.pk), cache.get(child_cache._identity_key(alim.user.pk))
    )
    response, sql = read(signed_in(mei), lesson.url)
    assert any("accounts_user" in query for query in sql)
    assert response.wsgi_request.user.pk == mei.user.pk
    assert child_cache.load_child("1 OR 1=1") is None and child_cache.load_child(None) is None


def test_without_the_cache_she_is_loaded_from_the_database(
    settings, refused_port, read, commit, mei, lesson
):
    browser = signed_in(mei)
    production_cache_at(settings, refused_port)
    response, sql = read(browser, lesson.url)
    assert response.status_code == 200 and lesson.title in response.content.decode()
    assert sum("accounts_user" in query for query in sql) == 1
    commit(type(mei.user).objects.filter(pk=mei.user.pk).update, is_active=False)
    assert is_visitors_page(read(browser, lesson.url)[0])


# Her openings ----------------------------------------------------------------------------


def test_a_reload_in_the_same_minute_writes_nothing(read, mei, lesson):
    browser = signed_in(mei)
    read(browser, lesson.url)
    progress = LessonProgress.objects.get(learner=mei.user, lesson_key=lesson.translation_key)
    mei.refresh_from_db()
    response, sql = read(browser, lesson.url)
    assert response.status_code == 200 and sql == []
    assert LessonProgress.objects.get(pk=progress.pk).last_opened_at == progress.last_opened_at
    assert Student.objects.get(pk=mei.pk).last_activity_at == mei.last_activity_at


def _a_minute_start():
    return timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)


def _open(commit, child, lesson, now):
    student = child_cache.load_child(child.user.pk).student
    module_key = lesson.get_parent().translation_key
    return commit(
        services.record_lesson_opened, student, lesson.pk, lesson.translation_key, module_key, now
    )


def test_an_opening_is_written_once_a_minute_and_her_time_still_counts(
    commit, mei, lesson, django_assert_num_queries
):
    start = _a_minute_start() + timedelta(seconds=10)
    assert _open(commit, mei, lesson, start)  # her first opening: always
    with django_assert_num_queries(0):
        assert not _open(commit, mei, lesson, start + timedelta(seconds=30))
    assert _open(commit, mei, lesson, start + timedelta(seconds=60))  # a new minute
    progress = LessonProgress.objects.get(learner=mei.user, lesson_key=lesson.translation_key)
    assert progress.first_opened_at == start
    assert progress.last_opened_at == start + timedelta(seconds=60)
    # The skipped reload merges into the gap that follows it: the same 60 seconds.
    assert progress.seconds == 60
    mei.refresh_from_db()
    assert mei.last_activity_at == start + timedelta(seconds=60)


def test_another_lesson_in_the_same_minute_is_written(commit, mei, module_lessons):
    first, second = module_lessons[:2]
    start = _a_minute_start()
    assert _open(commit, mei, first, start)
    assert _open(commit, mei, second, start + timedelta(seconds=10))
    # Back to the first: not her last lesson any more, so it is written, and her
    # time goes to the lessons she read, as it would with every opening recorded.
    assert _open(commit, mei, first, start + timedelta(seconds=20))
    assert _open(commit, mei, second, start + timedelta(seconds=40))
    seconds = dict(
        LessonProgress.objects.filter(learner=mei.user).values_list("lesson_key", "seconds")
    )
    assert seconds == {first.translation_key: 30, second.translation_key: 10}


def test_finishing_another_lesson_makes_the_next_opening_count(commit, mei, module_lessons):
    first, second = module_lessons[:2]
    start = _a_minute_start()
    assert _open(commit, mei, first, start)
    commit(services.record_lesson_event, mei.user, second, True, start + timedelta(seconds=5))
    assert _open(commit, mei, first, start + timedelta(seconds=20))
    mei.refresh_from_db()
    assert mei.last_lesson_key == first.translation_key


def test_the_teacher_sees_the_minute_of_her_last_reload(commit, classroom, mei, lesson):
    start = _a_minute_start() + timedelta(seconds=5)
    _open(commit, mei, lesson, start)
    _open(commit, mei, lesson, start + timedelta(seconds=50))  # skipped
    _outline, learners, _questions = queries.module_detail(
        classroom, lesson.get_parent().translation_key, "en"
    )
    [seen] = [row for row in learners if row.student.pk == mei.pk]
    shown = tables._last_activity(seen)
    assert shown == timezone.localtime(start + timedelta(seconds=50)).strftime("%Y-%m-%d %H:%M")


def test_an_opening_rolled_back_is_not_taken_as_written(mei, lesson):
    # No commit, no marker: the next opening in the same minute is written.
    start = _a_minute_start()
    student = child_cache.load_child(mei.user.pk).student
    module_key = lesson.get_parent().translation_key
    assert services.record_lesson_opened(
        student, lesson.pk, lesson.translation_key, module_key, start
    )
    assert services.record_lesson_opened(
        student, lesson.pk, lesson.translation_key, module_key, start + timedelta(seconds=1)
    )


def test_without_the_cache_every_opening_is_written(settings, refused_port, read, mei, lesson):
    browser = signed_in(mei)
    production_cache_at(settings, refused_port)
    read(browser, lesson.url)
    first = LessonProgress.objects.get(learner=mei.user).last_opened_at
    _response, sql = read(browser, lesson.url)
    assert any("classrooms_lessonprogress" in query for query in sql)
    assert LessonProgress.objects.get(learner=mei.user).last_opened_at > first


# Her list of modules -----------------------------------------------------------------------


def test_my_modules_again_asks_the_database_nothing(read, assignment, mei):
    browser = signed_in(mei)
    first, _sql = read(browser, MY)
    response, sql = read(browser, MY)
    assert sql == []
    assert items(response.content.decode()) == items(first.content.decode())
    assert len(items(response.content.decode())) == 1


def _shows(read, browser):
    html = read(browser, MY)[0].content.decode()
    assert read(browser, MY)[1] == []  # and kept again
    return html


def test_her_lessons_and_quiz_show_at_once(
    read, commit, assignment, mei, module_lessons, module_quiz
):
    browser = signed_in(mei)
    steps = len(module_lessons) + 1
    html = _shows(read, browser)
    assert f">0/{steps}<" in html and "not started" in html
    read(browser, module_lessons[0].url)  # her first opening: begun
    html = _shows(read, browser)
    assert "in progress" in html and f">0/{steps}<" in html
    for done, lesson in enumerate(module_lessons, start=1):
        commit(browser.post, reverse("classrooms:complete_lesson", args=[lesson.pk]))
        assert f">{done}/{steps}<" in _shows(read, browser)
    commit(take_quiz, mei.user, module_quiz)
    assert FINISHED in _shows(read, browser)


def _renders_again(read, browser):
    """Whether her list was rendered (its first query reads her classes' assignments)."""
    _response, sql = read(browser, MY)
    return any("classrooms_assignment" in query for query in sql)


@pytest.mark.parametrize("event", ["extra attempt", "her sign-in reset", "class language"])
def test_what_changes_her_list_renders_it_again(
    read, commit, assignment, mei, module_quiz, class_teacher, event
):
    if event == "extra attempt":
        QuizPage.objects.filter(pk=module_quiz.pk).update(attempts_allowed=1)
        module_quiz.refresh_from_db()
        commit(take_quiz, mei.user, module_quiz, wrong_kinds={"single"})
    browser = signed_in(mei)
    read(browser, MY)
    assert not _renders_again(read, browser)
    if event == "extra attempt":
        commit(give_extra_attempt, module_quiz, mei.user, class_teacher)
    elif event == "her sign-in reset":
        commit(services.reset_sign_in, mei)
    else:
        classroom = Classroom.objects.get(pk=assignment.classroom_id)
        classroom.fallback_language = "zh-hans"
        commit(classroom.save)
    assert _renders_again(read, browser)
    assert not _renders_again(read, browser)


def test_her_classes_and_their_assignments_show_at_once(
    read, commit, school, classroom, class_teacher, assignment, mei, alim
):
    modules = list(ModulePage.objects.live().filter(locale__language_code="en").order_by("path"))
    other_module = next(m for m in modules if m.pk != assignment.module_id)
    mine, theirs = signed_in(mei), signed_in(alim)
    for browser in (mine, theirs):
        assert assignment.module.title in _shows(read, browser)
    # An assignment reaches every child of the class.
    added = commit(services.assign_module, classroom, other_module, class_teacher)
    for browser in (mine, theirs):
        assert len(items(_shows(read, browser))) == 2
    commit(services.set_due_date, added, timezone.localdate() + timedelta(days=7))
    assert "Finish by" in _shows(read, theirs)
    commit(added.delete)
    assert len(items(_shows(read, mine))) == 1
    # Taken off the class list, moved, added to another class.
    other = services.create_classroom(school, "Class 4C", class_teacher)
    commit(services.assign_module, other, other_module, class_teacher)
    commit(services.remove_from_class, classroom, mei)
    assert "has not given you a module yet" in _shows(read, mine)
    commit(Membership.objects.create, classroom=other, student=Student.objects.get(pk=mei.pk))
    html = _shows(read, mine)
    assert other_module.title in html and assignment.module.title not in html
    commit(services.move_to_class, Student.objects.get(pk=mei.pk), other, classroom)
    html = _shows(read, mine)
    assert assignment.module.title in html and other_module.title not in html
    assert assignment.module.title in _shows(read, theirs)


def test_an_editors_publish_shows_in_her_kept_list(read, assignment, mei, english_module):
    browser = signed_in(mei)
    _shows(read, browser)
    english_module.title = "Safe journeys, a new title"
    english_module.save_revision().publish()
    assert "Safe journeys, a new title" in _shows(read, browser)


def test_two_children_never_see_each_others_list(
    read, commit, assignment, mei, alim, module_lessons
):
    mine, theirs = signed_in(mei), signed_in(alim)
    for lesson in module_lessons:
        commit(services.record_lesson_event, mei.user, lesson, True)
    steps = len(module_lessons) + 1
    for _ in range(2):
        assert f">{len(module_lessons)}/{steps}<" in _shows(read, mine)
        assert f">0/{steps}<" in _shows(read, theirs)
    # Her kept list put under his key is not his: it names her.
    cache.set(
        child_cache._own_key(alim.user.pk, "modules:en"),
        cache.get(child_cache._own_key(mei.user.pk, "modules:en")),
    )
    response, sql = read(theirs, MY)
    assert sql and f">0/{steps}<" in response.content.decode()


def test_languages_are_kept_apart(read, assignment, mei):
    browser = signed_in(mei)
    english = items(_shows(read, browser))
    chinese = items(read(browser, "/zh-hans/my/")[0].content.decode())
    assert read(browser, "/zh-hans/my/")[1] == []
    assert english != chinese and len(chinese) == 1
    assert items(_shows(read, browser)) == english
    assert items(read(browser, "/zh-hans/my/")[0].content.decode()) == chinese


def test_with_the_cache_down_her_list_is_rendered_every_time(
    settings, refused_port, read, commit, assignment, mei, module_lessons
):
    browser = signed_in(mei)
    production_cache_at(settings, refused_port)
    html = read(browser, MY)[0].content.decode()
    assert f'href="{module_lessons[0].url}"' in html
    commit(services.record_lesson_event, mei.user, module_lessons[0], True)
    response, sql = read(browser, MY)
    assert sql and f'href="{module_lessons[1].url}"' in response.content.decode()


def test_a_cache_of_each_process_keeps_nothing_of_her(settings, read, assignment, mei, lesson):
    # Production without Redis: a deactivation in one process could not reach the others.
    settings.PAGE_CACHE_SECONDS = 0
    browser = signed_in(mei)
    for url in (lesson.url, lesson.url, MY, MY):
        _response, sql = read(browser, url)
        assert any("accounts_user" in query for query in sql)
    _response, sql = read(browser, MY)
    assert any("classrooms_assignment" in query for query in sql)
    _response, sql = read(browser, lesson.url)
    assert any("classrooms_lessonprogress" in query for query in sql)
    assert cache.get(child_cache._identity_key(mei.user.pk)) is None
