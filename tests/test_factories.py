"""The quiz and class factories make the records the services make.

(The quizzes and classrooms test folders keep their own fixtures; this checks
the factories of those apps.)
"""

from accounts.roles import is_learner
from classrooms.factories import (
    AssignmentFactory,
    ClassroomFactory,
    LessonDeliveryFactory,
    LessonProgressFactory,
    MembershipFactory,
    SchoolFactory,
    StudentFactory,
)
from quizzes.factories import AttemptFactory, QuizPageFactory


def test_a_quiz_is_published_with_a_question_that_scores(client, english_module):
    quiz = QuizPageFactory(parent=english_module)
    assert quiz.live_revision is not None and len(quiz.questions) == 1
    assert client.get(quiz.url).status_code == 200


def test_an_attempt_records_the_quiz_and_its_module_by_key(db):
    attempt = AttemptFactory()
    assert attempt.quiz_key == attempt.quiz.translation_key
    assert attempt.module_key == attempt.quiz.get_parent().translation_key
    assert attempt.passed and attempt.pass_mark == attempt.quiz.pass_mark
    assert attempt.started_at <= attempt.submitted_at


def test_a_class_is_taught_by_a_teacher_of_its_school(db):
    classroom = ClassroomFactory()
    teacher = classroom.teachers.get()
    assert classroom.school.teachers.filter(pk=teacher.pk).exists()
    assert len(classroom.join_code) == 6


def test_a_child_signs_in_without_a_password_and_joins_a_class(db):
    classroom = ClassroomFactory(teachers=[])
    child = StudentFactory(classroom=classroom, user__display_name="Mei")
    assert child.name == "Mei" and is_learner(child.user)
    assert not child.user.has_usable_password()
    assert list(classroom.memberships.values_list("student", flat=True)) == [child.pk]
    assert MembershipFactory().classroom.size() == 1


def test_records_name_their_lesson_and_module_by_key(db):
    school = SchoolFactory()
    assignment = AssignmentFactory(classroom__school=school)
    assert assignment.module_key == assignment.module.translation_key
    assert assignment.assigned_by in assignment.classroom.teachers.all()
    progress = LessonProgressFactory()
    assert progress.lesson_key == progress.lesson.translation_key
    assert progress.completed_at is None
    delivery = LessonDeliveryFactory()
    assert delivery.module_key == delivery.lesson.get_parent().translation_key
