"""Teachers work at the schools an operator names: they make classes only there, and
what they record about a lesson cannot outgrow their class or the programme's reach."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from classrooms import reports, services
from classrooms.factories import ClassroomFactory, SchoolFactory
from classrooms.models import Classroom, LessonDelivery


@pytest.fixture
def school_a(db):
    return SchoolFactory(name="School A")


def create(client, school, name="Class X"):
    return client.post(
        reverse("classrooms:teacher_home"),
        {"school": school.pk, "name": name, "grade": "", "sign_in_method": "pictures"},
    )


def test_a_teacher_without_a_school_is_told_why_they_cannot_make_a_class(
    client, other_teacher, school_a
):
    client.force_login(other_teacher)
    html = client.get(reverse("classrooms:teacher_home")).content.decode()
    assert "You are not yet a teacher at any school" in html
    assert 'name="school"' not in html
    response = create(client, school_a)
    assert response.status_code == 400
    assert not Classroom.objects.exists()


def test_a_teacher_makes_classes_only_at_their_own_schools(
    client, class_teacher, classroom, school, school_a
):
    client.force_login(class_teacher)
    html = client.get(reverse("classrooms:teacher_home")).content.decode()
    assert school.name in html and "School A" not in html
    assert create(client, school_a).status_code == 400
    assert not Classroom.objects.filter(school=school_a).exists()
    assert create(client, school).status_code == 302


def test_the_service_refuses_a_school_the_teacher_does_not_teach_at(class_teacher, school_a):
    with pytest.raises(services.ClassroomError):
        services.create_classroom(school_a, "Class X", class_teacher)
    assert not Classroom.objects.exists()


def test_existing_class_teachers_become_teachers_of_the_class_school(class_teacher, school):
    # Added by hand, not by the factory, which would also make them a teacher at the school.
    classroom = ClassroomFactory(school=school, name="Old class", join_code="OLD123", teachers=[])
    classroom.teachers.add(class_teacher)
    migration = importlib.import_module("classrooms.migrations.0002_school_teachers")
    migration.link_class_teachers(apps, None)
    migration.link_class_teachers(apps, None)  # again: nothing doubles
    assert list(school.teachers.all()) == [class_teacher]


def test_no_more_children_present_than_the_class_has(
    client, classroom, children, class_teacher, module_lessons
):
    client.force_login(class_teacher)
    url = reverse("classrooms:deliveries", args=[classroom.pk])
    data = {"lesson": module_lessons[0].pk, "delivered_on": "2026-11-20", "children_present": 4}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "This class has 3 children on its list" in response.content.decode()
    with pytest.raises(services.ClassroomError):
        services.record_delivery(
            classroom, module_lessons[0], class_teacher, timezone.localdate(), 500
        )
    assert not LessonDelivery.objects.exists()


def test_present_mode_cannot_record_more_children_than_the_class_has(
    client, classroom, children, class_teacher, english_lesson
):
    client.force_login(class_teacher)
    url = reverse("classrooms:record_taught")
    data = {"lesson": english_lesson.pk, "classroom": classroom.pk, "children_present": 500}
    response = client.post(url, data, follow=True)
    assert "This class has 3 children on its list" in response.content.decode()
    assert not LessonDelivery.objects.exists()
    client.post(url, {**data, "children_present": 3})
    assert LessonDelivery.objects.get().children_present == 3


def test_reach_counts_children_once_however_many_lessons_they_sat_in(
    classroom, children, class_teacher, module_lessons
):
    services.record_lesson_event(children[0].user, module_lessons[0])
    for lesson in module_lessons:
        services.record_delivery(classroom, lesson, class_teacher, timezone.localdate(), 3)
    total = reports.programme_report([classroom.school], "en").total
    assert total.lessons_delivered == len(module_lessons) > 1
    # Three children in the class, one of them also online: three reached.
    assert (total.children_online, total.children_offline, total.children_reached) == (1, 2, 3)
