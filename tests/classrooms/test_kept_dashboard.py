"""The class dashboard kept between reloads: a reload with nothing changed costs a few
queries, and every event the dashboard shows reaches the next reload."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.factories import TeacherFactory
from classrooms import services
from classrooms.demo import take_quiz
from classrooms.models import Assignment, Classroom, Student
from quizzes.services import give_extra_attempt
from tests.classrooms.test_without_redis import production_cache_at, refused_port  # noqa: F401

# Session, user, the teacher's roles and the class: nothing of the grid.
WARM_QUERIES = 4


def _url(classroom, language="en"):
    return f"/{language}/teach/classes/{classroom.pk}/"


def load(client, classroom, language="en"):
    """(the page's HTML, the number of queries it took)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_url(classroom, language))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


@pytest.fixture
def teacher_client(client, class_teacher):
    client.force_login(class_teacher)
    return client


@pytest.fixture
def warm(teacher_client, classroom, children, assignment):
    """The dashboard loaded once, so that the next load may come from its kept parts."""
    load(teacher_client, classroom)
    return teacher_client


def assert_rerendered(client, classroom):
    html, queries = load(client, classroom)
    assert queries > WARM_QUERIES, "served as kept"
    return html


def _roster(html):
    return html.split('id="children"', 1)[1]


# A reload with nothing changed ---------------------------------------------------------


def test_a_reload_with_nothing_changed_is_served_from_the_kept_body(
    warm, classroom, django_assert_max_num_queries
):
    with django_assert_max_num_queries(WARM_QUERIES):
        html, _queries = load(warm, classroom)
    assert "<h1>Class 4B</h1>" in html and "Mei" in html and "Alim" in html
    assert "kept-slot-" not in html
    # Every form carries a token: the sign-out form, a rename form per child (no
    # other class to move to), the due date, assign, language and end date forms.
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) == 1 + 3 + 1 + 3 and all(len(t) == 64 for t in tokens)


def test_the_first_load_renders_the_grid(teacher_client, classroom, children, assignment):
    _html, queries = load(teacher_client, classroom)
    assert queries > WARM_QUERIES


def test_a_form_of_the_kept_body_posts_with_the_readers_own_token(
    classroom, children, assignment, class_teacher
):
    for _reader in range(2):  # the second one gets the body the first one's load kept
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(class_teacher)
        html, _queries = load(browser, classroom)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        child = Student.objects.get(user__display_name="Mei")
        response = browser.post(
            reverse("classrooms:change_child", args=[classroom.pk, child.pk]),
            {"name": "Mei", "csrfmiddlewaretoken": token},
        )
        assert response.status_code in (200, 302), response.status_code


def test_messages_show_above_a_kept_body(warm, classroom, assignment):
    url = reverse("classrooms:due_date", args=[classroom.pk, assignment.pk])
    response = warm.post(url, {"due_date": "2030-05-01"}, follow=True)
    html = response.content.decode()
    assert "The due date is saved." in html and 'value="2030-05-01"' in html
    html, queries = load(warm, classroom)
    assert "The due date is saved." not in html and queries <= WARM_QUERIES


# Who sees which copy -------------------------------------------------------------------


def test_other_people_are_refused_as_before_once_the_body_is_kept(
    warm, client, classroom, children, other_teacher, student
):
    url = _url(classroom)
    other = Client()
    other.force_login(other_teacher)
    assert other.get(url).status_code == 404
    other.force_login(student)
    assert other.get(url).status_code == 403
    other.force_login(children[1].user)
    assert other.get(url).status_code == 403
    other.logout()
    assert other.get(url).status_code == 302


def test_a_teacher_of_two_classes_sees_each_its_own(
    teacher_client, classroom, children, assignment, school, class_teacher
):
    second = services.create_classroom(school, "Class 5C", class_teacher)
    services.add_students(second, services.parse_student_lines("Rustam"))
    for _round in range(2):
        first_html, _q = load(teacher_client, classroom)
        second_html, _q = load(teacher_client, second)
        assert "<h1>Class 4B</h1>" in first_html and "Rustam" not in _roster(first_html)
        assert "<h1>Class 5C</h1>" in second_html and "Mei" not in second_html


def test_each_language_keeps_its_own_copy(teacher_client, classroom, children, assignment):
    pages = {}
    for _round in range(2):
        for language in ("en", "zh-hans", "ug"):
            html, queries = load(teacher_client, classroom, language)
            pages.setdefault(language, html)
            assert f'<html lang="{language}"' in html
    assert "Children in the class" in pages["en"]
    assert "Children in the class" not in pages["zh-hans"]
    assert "Children in the class" not in pages["ug"]
    assert pages["zh-hans"] != pages["ug"]
    # Kept: the second round was served from each language's own copy.
    assert queries <= WARM_QUERIES


def test_two_teachers_of_one_class_each_get_their_own_move_list(
    classroom, children, assignment, school, class_teacher
):
    colleague = TeacherFactory(username="mr-ma")
    school.teachers.add(colleague)
    classroom.teachers.add(colleague)
    mine = services.create_classroom(school, "Class 6A", class_teacher)
    theirs = services.create_classroom(school, "Class 6B", colleague)
    for teacher, shown, hidden in [(class_teacher, mine, theirs), (colleague, theirs, mine)]:
        browser = Client()
        browser.force_login(teacher)
        for _round in range(2):
            html, _queries = load(browser, classroom)
            assert f">{shown.name}</option>" in html
            assert f">{hidden.name}</option>" not in html


# Each event reaches the next reload ------------------------------------------------------


def test_a_lesson_opened(warm, classroom, children, module_lessons):
    before, _q = load(warm, classroom)
    assert "in progress" not in before.split("<tbody>")[1]
    services.record_lesson_event(children[0].user, module_lessons[0])
    assert "in progress" in assert_rerendered(warm, classroom).split("<tbody>")[1]


def test_a_lesson_finished(warm, classroom, children, module_lessons):
    services.record_lesson_event(children[0].user, module_lessons[0])
    before, _q = load(warm, classroom)
    services.record_lesson_event(children[0].user, module_lessons[0], completed=True)
    after = assert_rerendered(warm, classroom)
    assert after.count('<bdi dir="ltr">1/') == before.count('<bdi dir="ltr">1/') + 1


def test_a_lesson_opened_by_a_signed_in_child(warm, classroom, children, module_lessons):
    child = Student.objects.get(pk=children[0].pk)
    lesson = module_lessons[0]
    services.record_lesson_opened(
        child, lesson.pk, lesson.translation_key, lesson.get_parent().translation_key
    )
    assert "in progress" in assert_rerendered(warm, classroom).split("<tbody>")[1]


def test_a_lesson_read_offline(warm, classroom, children, module_lessons):
    now = timezone.now()
    services.record_offline_lesson(children[0].user, module_lessons[0], now, completed_at=now)
    assert '<bdi dir="ltr">1/' in assert_rerendered(warm, classroom)


def test_a_quiz_attempt(warm, classroom, children, module_quiz):
    take_quiz(children[0].user, module_quiz)
    assert " · 100%</bdi>" in assert_rerendered(warm, classroom)


def test_an_extra_attempt(teacher_client, classroom, children, assignment, module_quiz):
    module_quiz.attempts_allowed = 1
    module_quiz.save_revision().publish()
    take_quiz(children[0].user, module_quiz)
    load(teacher_client, classroom)
    give_extra_attempt(module_quiz, children[0].user, classroom.teachers.get())
    assert_rerendered(teacher_client, classroom)


def test_children_added(warm, classroom):
    services.add_students(classroom, services.parse_student_lines("Rustam"))
    assert "Rustam" in assert_rerendered(warm, classroom)


def test_a_child_renamed(warm, classroom, children):
    services.rename_student(children[0], "Meiling")
    html = assert_rerendered(warm, classroom)
    assert "Meiling" in html.split("<tbody>")[1].split("</tbody>")[0]
    assert 'value="Meiling"' in _roster(html)


def test_a_child_renamed_in_the_admin(warm, classroom, children):
    user = children[0].user
    user.display_name = "Meiling"
    user.save()
    assert 'value="Meiling"' in _roster(assert_rerendered(warm, classroom))


def test_a_child_signing_in_changes_nothing_shown(warm, classroom, children):
    Client().force_login(children[0].user)  # saves her last sign-in
    _html, queries = load(warm, classroom)
    assert queries <= WARM_QUERIES


def test_a_childs_event_renders_only_the_progress_again(
    teacher_client, classroom, children, assignment, module_lessons
):
    _html, cold = load(teacher_client, classroom)
    services.record_lesson_event(children[0].user, module_lessons[0])
    html, after_event = load(teacher_client, classroom)
    assert WARM_QUERIES < after_event < cold
    assert "in progress" in html.split("<tbody>")[1]
    # The class list and forms were not rendered again, yet each form carries a token.
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) == 1 + 3 + 1 + 3 and "kept-slot-" not in html


def test_a_new_sign_in_card(warm, classroom, children):
    services.reset_sign_in(children[0])
    assert_rerendered(warm, classroom)


def test_a_child_taken_off_the_list(warm, classroom, children):
    services.remove_from_class(classroom, children[0])
    assert "Mei<" not in assert_rerendered(warm, classroom)


def test_a_child_moved_to_another_class(warm, classroom, children, school, class_teacher):
    target = services.create_classroom(school, "Class 5C", class_teacher)
    load(warm, target)
    load(warm, classroom)
    services.move_to_class(children[0], classroom, target)
    assert "Mei<" not in assert_rerendered(warm, classroom)
    assert "Mei<" in assert_rerendered(warm, target)


def test_a_child_deleted(warm, classroom, children):
    services.delete_child(children[0])
    assert "Mei<" not in assert_rerendered(warm, classroom)


def test_a_module_assigned(teacher_client, classroom, children, class_teacher, english_module):
    before, _q = load(teacher_client, classroom)
    assert "No module assigned yet." in before
    services.assign_module(classroom, english_module, class_teacher)
    assert english_module.title in assert_rerendered(teacher_client, classroom).split("<tbody>")[0]


def test_a_module_taken_off(warm, classroom, assignment):
    Assignment.objects.get(pk=assignment.pk).delete()
    assert "No module assigned yet." in assert_rerendered(warm, classroom)


def test_a_due_date(warm, classroom, assignment):
    services.set_due_date(assignment, datetime.date(2030, 5, 1))
    assert 'value="2030-05-01"' in assert_rerendered(warm, classroom)


def test_a_lesson_taught(warm, classroom, class_teacher, module_lessons):
    services.record_taught(classroom, module_lessons[0], class_teacher, 2)
    assert_rerendered(warm, classroom)


def test_the_class_renamed(warm, classroom):
    classroom.name = "Class 4C"
    classroom.save()
    assert "<h1>Class 4C</h1>" in assert_rerendered(warm, classroom)


def test_the_class_end_date_set(warm, classroom):
    response = warm.post(
        reverse("classrooms:class_ends", args=[classroom.pk]), {"ends_on": "2031-06-30"}
    )
    assert response.status_code == 302
    assert 'value="2031-06-30"' in assert_rerendered(warm, classroom)


def test_the_class_language_set(warm, classroom):
    url = reverse("classrooms:class_language", args=[classroom.pk])
    assert warm.post(url, {"fallback_language": "ug"}).status_code == 302
    assert '<option value="ug" selected>' in assert_rerendered(warm, classroom)


def test_the_school_renamed(warm, classroom, school):
    school.name = "Hill School"
    school.save()
    assert "Hill School" in assert_rerendered(warm, classroom)


def test_another_class_of_mine_at_the_school(warm, classroom, school, class_teacher):
    services.create_classroom(school, "Class 5C", class_teacher)
    assert ">Class 5C</option>" in assert_rerendered(warm, classroom)


def test_another_class_of_the_school_given_to_me(warm, classroom, school, class_teacher):
    other = Classroom.objects.create(school=school, name="Class 5D")
    load(warm, classroom)
    class_teacher.taught_classrooms.add(other)
    assert ">Class 5D</option>" in assert_rerendered(warm, classroom)


def test_a_module_published_again(warm, classroom, english_module):
    english_module.title = "Safe migration, revised"
    english_module.save_revision().publish()
    assert "Safe migration, revised" in assert_rerendered(warm, classroom)


# Without Redis ----------------------------------------------------------------------------


def test_with_redis_refusing_the_dashboard_is_rendered_each_time(
    settings,
    refused_port,  # noqa: F811
    teacher_client,
    classroom,
    children,
    assignment,
):
    production_cache_at(settings, refused_port)
    first, _q = load(teacher_client, classroom)
    assert "Mei" in first
    services.rename_student(children[0], "Meiling")
    html = assert_rerendered(teacher_client, classroom)
    assert "Meiling" in html and "kept-slot-" not in html


def test_without_a_shared_cache_nothing_is_kept(settings, warm, classroom, children):
    settings.PAGE_CACHE_SECONDS = 0
    load(warm, classroom)
    assert_rerendered(warm, classroom)


def test_the_class_is_retired_again_after_the_commit(
    warm, classroom, children, django_capture_on_commit_callbacks
):
    # A body rendered by another request between the change and its commit read
    # the data before the change: the version started after the commit retires it.
    with django_capture_on_commit_callbacks() as after_commit:
        services.rename_student(children[0], "Meiling")
    load(warm, classroom)  # kept under the version started at once
    _html, queries = load(warm, classroom)
    assert queries <= WARM_QUERIES
    assert after_commit
    for callback in after_commit:
        callback()
    assert_rerendered(warm, classroom)
