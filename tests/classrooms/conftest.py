"""A school with one class, its teacher, three children and the safe-migration module assigned."""

import pytest

from accounts.factories import TeacherFactory
from classrooms import services
from classrooms.factories import SchoolFactory
from lessons.models import LessonPage
from quizzes.models import QuizPage


@pytest.fixture
def school(db):
    return SchoolFactory(name="River School")


@pytest.fixture
def class_teacher(db):
    return TeacherFactory(username="ms-wang", email="wang@example.org")


@pytest.fixture
def other_teacher(db):
    return TeacherFactory(username="mr-li")


@pytest.fixture
def classroom(school, class_teacher):
    school.teachers.add(class_teacher)
    return services.create_classroom(school, "Class 4B", class_teacher, grade="4")


@pytest.fixture
def children(classroom):
    new = services.parse_student_lines("Mei, 2014, girl\nAlim, 2013, boy\n阿依古丽")
    return services.add_students(classroom, new)


@pytest.fixture
def assignment(classroom, class_teacher, english_module):
    return services.assign_module(classroom, english_module, class_teacher)


@pytest.fixture
def module_quiz(english_module):
    return QuizPage.objects.child_of(english_module).get()


@pytest.fixture
def module_lessons(english_module):
    return list(LessonPage.objects.child_of(english_module).live().order_by("path"))


# Two children of the class and a lesson of its module, by name.
@pytest.fixture
def mei(children):
    return children[0]


@pytest.fixture
def alim(children):
    return children[1]


@pytest.fixture
def lesson(module_lessons):
    return module_lessons[0]
