"""The user factories give roles the way the site does: by group."""

from accounts.factories import LearnerFactory, TeacherFactory, UserFactory
from accounts.roles import LEARNERS, TEACHERS, can_see_teacher_notes, is_learner


def test_a_teacher_sees_teacher_notes_and_is_no_learner(db):
    teacher = TeacherFactory(username="ms-wang")
    assert [g.name for g in teacher.groups.all()] == [TEACHERS]
    assert can_see_teacher_notes(teacher) and not is_learner(teacher)
    assert teacher.check_password("pw-ms-wang")


def test_a_learner_has_records_kept_and_no_email(db):
    learner = LearnerFactory()
    assert [g.name for g in learner.groups.all()] == [LEARNERS]
    assert is_learner(learner) and not can_see_teacher_notes(learner)
    assert learner.email == ""


def test_a_user_without_a_password_cannot_sign_in_with_one(db):
    user = UserFactory(password=None)
    assert not user.has_usable_password() and not user.groups.exists()


def test_a_built_user_is_not_saved(db):
    user = UserFactory.build(username="draft")
    assert user.pk is None and user.check_password("pw-draft")
