"""The teacher area: who may see each page, and what each form does with good and bad input."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Locale

from accounts.factories import UserFactory
from classrooms import services
from classrooms.demo import take_quiz
from classrooms.models import Assignment, Classroom, LessonDelivery, School


def teacher_urls(classroom, child, module_key, client_id=None):
    urls = [
        reverse("classrooms:class_overview", args=[classroom.pk]),
        reverse("classrooms:add_students", args=[classroom.pk]),
        reverse("classrooms:sign_in_cards", args=[classroom.pk]),
        reverse("classrooms:deliveries", args=[classroom.pk]),
        reverse("classrooms:module_detail", args=[classroom.pk, module_key]),
        reverse("classrooms:student_detail", args=[classroom.pk, child.pk]),
    ]
    if client_id:
        urls.append(reverse("classrooms:student_attempt", args=[classroom.pk, child.pk, client_id]))
    return urls


@pytest.fixture
def attempt(children, assignment, module_quiz):
    return take_quiz(children[0].user, module_quiz)


def test_only_the_class_teacher_sees_the_class(
    client, classroom, children, assignment, attempt, class_teacher, other_teacher, student
):
    urls = teacher_urls(classroom, children[0], assignment.module_key, attempt.client_id)
    for url in urls:
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        client.force_login(student)  # a child, even one with an account
        assert client.get(url).status_code == 403, url
        client.force_login(children[1].user)  # a child of this very class
        assert client.get(url).status_code == 403, url
        client.force_login(other_teacher)  # a teacher, but not of this class
        assert client.get(url).status_code == 404, url
        client.force_login(class_teacher)
        assert client.get(url).status_code == 200, url


def test_posts_are_refused_to_everyone_but_the_class_teacher(
    client, classroom, children, assignment, other_teacher, english_module
):
    posts = [
        (reverse("classrooms:assign", args=[classroom.pk]), {"module": english_module.pk}),
        (reverse("classrooms:reset_sign_in", args=[classroom.pk, children[0].pk]), {}),
        (reverse("classrooms:add_students", args=[classroom.pk]), {"names": "Intruder"}),
    ]
    client.force_login(other_teacher)
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    client.force_login(children[0].user)
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert classroom.memberships.count() == 3


def test_the_teacher_home_lists_only_my_classes(
    client, classroom, class_teacher, other_teacher, school
):
    client.force_login(other_teacher)
    assert classroom.name not in client.get(reverse("classrooms:teacher_home")).content.decode()
    client.force_login(class_teacher)
    html = client.get(reverse("classrooms:teacher_home")).content.decode()
    assert classroom.name in html and classroom.join_code in html


def test_a_teacher_creates_a_class(client, other_teacher, school):
    school.teachers.add(other_teacher)
    client.force_login(other_teacher)
    url = reverse("classrooms:teacher_home")
    response = client.post(
        url, {"school": school.pk, "name": "Class 3", "grade": "3", "sign_in_method": "pin"}
    )
    classroom = Classroom.objects.get(name="Class 3")
    assert response["Location"] == reverse("classrooms:add_students", args=[classroom.pk])
    assert list(classroom.teachers.all()) == [other_teacher]
    assert len(classroom.join_code) == 6
    bad = client.post(url, {"school": 999, "name": "", "sign_in_method": "x"})
    assert bad.status_code == 400 and Classroom.objects.count() == 1


def test_people_who_are_not_teachers_cannot_create_classes(client, student, school):
    client.force_login(student)
    response = client.post(reverse("classrooms:teacher_home"), {"school": school.pk, "name": "X"})
    assert response.status_code == 403
    assert not Classroom.objects.exists()


def test_assigning_a_module_and_changing_its_due_date(
    client, classroom, class_teacher, english_module, locales
):
    client.force_login(class_teacher)
    url = reverse("classrooms:assign", args=[classroom.pk])
    client.post(url, {"module": english_module.pk, "due_date": "2026-12-01"})
    chinese = english_module.get_translation(locales["zh-hans"])
    client.post(url, {"module": english_module.pk, "due_date": "2026-12-20"})
    assignment = Assignment.objects.get()
    assert assignment.due_date == datetime.date(2026, 12, 20)
    assert assignment.module_key == chinese.translation_key
    assert client.post(url, {"module": "nonsense"}).status_code == 400
    assert Assignment.objects.count() == 1


def test_recording_a_lesson_delivered(client, classroom, children, class_teacher, module_lessons):
    client.force_login(class_teacher)
    url = reverse("classrooms:deliveries", args=[classroom.pk])
    lesson = module_lessons[0]
    data = {
        "lesson": lesson.pk,
        "delivered_on": "2026-11-20",
        "children_present": 3,
        "girls_present": 1,
        "boys_present": 2,
        "notes": "Role play went well.",
    }
    assert client.post(url, data)["Location"] == url
    delivery = LessonDelivery.objects.get()
    assert (delivery.lesson_key, delivery.children_present) == (lesson.translation_key, 3)
    assert delivery.module_key == lesson.get_parent().translation_key
    for change in (
        {"children_present": 2},  # fewer than girls + boys
        {"children_present": 4},  # more than the class has
        {"delivered_on": "2099-01-01"},
        {"children_present": -3},
        {"lesson": 999999},
    ):
        response = client.post(url, {**data, **change})
        assert response.status_code == 400, change
    assert LessonDelivery.objects.count() == 1
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8")
    assert csv.startswith("\ufeff") and "Role play went well." in csv


def test_the_teacher_reads_a_childs_answers_and_reflections(
    client, classroom, children, assignment, attempt, class_teacher
):
    client.force_login(class_teacher)
    mei = children[0]
    detail = client.get(reverse("classrooms:student_detail", args=[classroom.pk, mei.pk]))
    html = detail.content.decode()
    assert "What they wrote" in html and "My aunt, because she always listens to me." in html
    url = reverse("classrooms:student_attempt", args=[classroom.pk, mei.pk, attempt.client_id])
    html = client.get(url).content.decode()
    assert "Why" in html and "Your answer" in html


def test_another_childs_attempt_is_not_found_under_this_child(
    client, classroom, children, assignment, attempt, class_teacher
):
    client.force_login(class_teacher)
    url = reverse(
        "classrooms:student_attempt", args=[classroom.pk, children[1].pk, attempt.client_id]
    )
    assert client.get(url).status_code == 404


def test_a_module_not_assigned_to_the_class_is_not_shown(
    client, classroom, class_teacher, english_module
):
    client.force_login(class_teacher)
    url = reverse("classrooms:module_detail", args=[classroom.pk, english_module.translation_key])
    assert client.get(url).status_code == 404


def test_an_operator_adds_a_school_and_its_coordinator_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    coordinator = UserFactory(username="coord-z", password=None)
    url = reverse("wagtailsnippets_classrooms_school:add")
    teacher = UserFactory(username="teacher-z", password=None)
    response = client.post(
        url, {"name": "Hill School", "coordinators": [coordinator.pk], "teachers": [teacher.pk]}
    )
    assert response.status_code == 302
    school = School.objects.get(name="Hill School")
    assert list(school.coordinators.all()) == [coordinator]
    assert list(school.teachers.all()) == [teacher]


def test_teachers_without_admin_access_cannot_edit_schools(client, class_teacher):
    client.force_login(class_teacher)
    response = client.get(reverse("wagtailsnippets_classrooms_school:list"))
    assert response.status_code == 302  # to the admin sign-in


def test_names_keep_their_own_direction_on_uyghur_pages(
    client, classroom, children, assignment, class_teacher
):
    client.force_login(class_teacher)
    html = client.get(f"/ug/teach/classes/{classroom.pk}/").content.decode()
    assert 'dir="rtl"' in html
    # Latin and Chinese names inside right-to-left text are isolated.
    assert "<bdi>Mei</bdi>" in html and "<bdi>阿依古丽</bdi>" in html


def test_untranslated_modules_are_marked_with_their_language(
    client, classroom, children, assignment, class_teacher, english_module
):
    drugs = english_module.get_siblings().get(slug="drugs")
    # Every starter module is in Uyghur: take the drugs module's translation down.
    drugs.get_translation(Locale.objects.get(language_code="ug")).unpublish()
    services.assign_module(classroom, drugs.specific, class_teacher)
    client.force_login(class_teacher)
    html = client.get(f"/ug/teach/classes/{classroom.pk}/").content.decode()
    # Safe migration exists in Uyghur; the drugs module is shown in English.
    assert f'lang="en" dir="ltr">{drugs.title}<' in html
    assert 'lang="en" dir="ltr">Safe migration' not in html


def test_the_teacher_sees_each_modules_ages_when_assigning(client, classroom, class_teacher):
    client.force_login(class_teacher)
    html = client.get(reverse("classrooms:class_overview", args=[classroom.pk])).content.decode()
    assert "Safe migration and human trafficking · Ages 10–13" in html
    assert "· Ages 6–9</option>" in html  # the young children's module
