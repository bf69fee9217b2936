"""One rule decides whose records are kept, for quiz attempts and lesson progress alike.

The rule is ``accounts.roles.is_learner``: the Learners group's permission. A
child added to a class has both the group and a Student row; these tests
take each away in turn and check that attempts and progress agree.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import LEARNERS, is_learner
from classrooms import services
from classrooms.models import LessonProgress, Student
from quizzes.models import stores_attempts


def _fresh(user):
    # Permissions are cached on a user object: read the account again.
    return get_user_model().objects.get(pk=user.pk)


def _kept(user, lesson):
    """(attempts kept, progress kept) for this user, each as the app decides it."""
    user = _fresh(user)
    progress = services.record_lesson_event(user, lesson)
    offline = services.record_offline_lesson(_fresh(user), lesson, timezone.now())
    assert (progress is None) == (offline is None)
    return stores_attempts(_fresh(user)), progress is not None


def test_a_child_in_a_class_keeps_attempts_and_progress(children, module_lessons):
    assert _kept(children[0].user, module_lessons[0]) == (True, True)
    assert LessonProgress.objects.filter(learner=children[0].user).count() == 1


def test_a_learner_without_a_class_keeps_attempts_and_progress(student, module_lessons):
    assert not Student.objects.filter(user=student).exists()
    assert is_learner(_fresh(student))
    assert _kept(student, module_lessons[0]) == (True, True)
    progress = LessonProgress.objects.get(learner=student)
    # Reading time is credited from the Student row's last action, which this learner has not.
    assert progress.seconds == 0


def test_a_child_taken_out_of_the_learners_group_keeps_neither(children, module_lessons):
    user = children[0].user
    user.groups.remove(Group.objects.get(name=LEARNERS))
    assert Student.objects.filter(user=user).exists()
    assert _kept(user, module_lessons[0]) == (False, False)
    assert not LessonProgress.objects.filter(learner=user).exists()


@pytest.mark.parametrize("fixture", ["teacher", "editor"])
def test_staff_keep_neither(request, fixture, module_lessons):
    user = request.getfixturevalue(fixture)
    assert _kept(user, module_lessons[0]) == (False, False)
