"""Schools, classes, children and their records, for tests and demo data.

A child is a ``Student`` row and a user in the Learners group, as
``services.add_students`` makes them; a class always has a teacher, who also
teaches at the class's school, as ``services.create_classroom`` requires.
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.factories import LearnerFactory, TeacherFactory
from curriculum.factories import ModulePageFactory
from lessons.factories import LessonPageFactory

from .models import (
    Assignment,
    Classroom,
    LessonDelivery,
    LessonProgress,
    Membership,
    School,
    Student,
)

# The field of LessonProgress that holds the learner (a User).
PROGRESS_LEARNER_FIELD = "student"


class SchoolFactory(DjangoModelFactory):
    """A partner school with no teachers yet."""

    class Meta:
        model = School
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"School {n}")

    @factory.post_generation
    def teachers(school, create, extracted, **kwargs):
        if create and extracted:
            school.teachers.add(*extracted)


class ClassroomFactory(DjangoModelFactory):
    """A class at a school, taught by ``teachers`` (a new teacher unless given)."""

    class Meta:
        model = Classroom
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Class {n}")

    @factory.post_generation
    def teachers(classroom, create, extracted, **kwargs):
        if not create:
            return
        teachers = [TeacherFactory()] if extracted is None else list(extracted)
        classroom.school.teachers.add(*teachers)
        classroom.teachers.add(*teachers)


class StudentFactory(DjangoModelFactory):
    """A child who signs in with pictures or a PIN, never a password.

    ``classroom=`` also puts the child in that class.
    """

    class Meta:
        model = Student
        skip_postgeneration_save = True

    user = factory.SubFactory(
        LearnerFactory,
        username=factory.Sequence(lambda n: f"s-{n:012d}"),
        display_name=factory.Sequence(lambda n: f"Child {n}"),
        password=None,
    )

    @factory.post_generation
    def classroom(student, create, extracted, **kwargs):
        if create and extracted is not None:
            Membership.objects.create(classroom=extracted, student=student)


class MembershipFactory(DjangoModelFactory):
    """A child in a class."""

    class Meta:
        model = Membership

    classroom = factory.SubFactory(ClassroomFactory)
    student = factory.SubFactory(StudentFactory)


class AssignmentFactory(DjangoModelFactory):
    """A module set for a class by one of its teachers."""

    class Meta:
        model = Assignment

    classroom = factory.SubFactory(ClassroomFactory)
    module = factory.SubFactory(ModulePageFactory)
    module_key = factory.LazyAttribute(lambda assignment: assignment.module.translation_key)
    assigned_by = factory.LazyAttribute(lambda assignment: assignment.classroom.teachers.first())


class LessonProgressFactory(DjangoModelFactory):
    """A lesson a learner opened just now and has not finished.

    The learner is given as ``learner=``, whatever the model calls the field.
    """

    class Meta:
        model = LessonProgress
        rename = {"learner": PROGRESS_LEARNER_FIELD}

    learner = factory.SubFactory(LearnerFactory)
    lesson = factory.SubFactory(LessonPageFactory)
    lesson_key = factory.LazyAttribute(lambda progress: progress.lesson.translation_key)
    module_key = factory.LazyAttribute(
        lambda progress: progress.lesson.get_parent().translation_key
    )
    first_opened_at = factory.LazyFunction(timezone.now)
    last_opened_at = factory.LazyAttribute(lambda progress: progress.first_opened_at)


class LessonDeliveryFactory(DjangoModelFactory):
    """A lesson a class's teacher recorded as taught today."""

    class Meta:
        model = LessonDelivery

    classroom = factory.SubFactory(ClassroomFactory)
    lesson = factory.SubFactory(LessonPageFactory)
    lesson_key = factory.LazyAttribute(lambda delivery: delivery.lesson.translation_key)
    module_key = factory.LazyAttribute(
        lambda delivery: delivery.lesson.get_parent().translation_key
    )
    delivered_on = factory.LazyFunction(timezone.localdate)
    children_present = 1
    recorded_by = factory.LazyAttribute(lambda delivery: delivery.classroom.teachers.first())
