"""seed_programme: programme-sized data built through the app's own models."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from accounts.roles import LEARNERS, TEACHERS
from classrooms.models import Classroom, LessonProgress, Membership, School, Student
from classrooms.seeding import PASSWORD, PREFIX, seed_programme
from quizzes.models import Attempt, Response


def _seed():
    return seed_programme(schools=3, teachers=8, students=130, attempts=400, log=lambda _m: None)


def test_a_small_programme_has_everything_a_large_one_has():
    programme = _seed()
    assert programme.attempts == 400
    assert School.objects.filter(name__startswith="Programme school").count() == 3
    classes = Classroom.objects.filter(school__name__startswith="Programme school").annotate(
        children=Count("memberships", distinct=True), staff=Count("teachers", distinct=True)
    )
    assert all(30 <= c.children <= 60 for c in classes)
    assert all(c.staff >= 1 for c in classes)
    assert sum(c.children for c in classes) == 130
    User = get_user_model()
    children = User.objects.filter(username__startswith=f"{PREFIX}child-")
    assert children.count() == Student.objects.filter(user__in=children).count() == 130
    assert children.filter(groups__name=LEARNERS).count() == 130
    assert children.exclude(email="").count() == 0  # no email for a child
    assert (
        User.objects.filter(username__startswith=f"{PREFIX}teacher-", groups__name=TEACHERS).count()
        == 8
    )
    assert children.first().check_password(PASSWORD)
    assert LessonProgress.objects.filter(learner__in=children).exists()


def test_every_attempt_is_stored_as_the_app_stores_one():
    _seed()
    attempts = Attempt.objects.filter(learner__username__startswith=PREFIX).annotate(
        rows=Count("responses"), earned=Sum("responses__points")
    )
    assert attempts.count() == 400
    for attempt in attempts:
        quiz = attempt.quiz.specific
        assert attempt.rows == len(quiz.draw(attempt.client_id))
        assert round(attempt.earned, 6) == round(attempt.points, 6)
        assert attempt.score == pytest.approx(attempt.points * 100 / attempt.max_points, abs=0.01)
        # Each child's attempts belong to a module their class was given.
        membership = Membership.objects.get(student__user=attempt.learner)
        assert membership.classroom.assignments.filter(module_key=attempt.module_key).exists()
    assert len({a.submitted_at.date() for a in attempts}) > 10  # spread over weeks, not one moment


def test_seeding_again_replaces_the_earlier_programme():
    _seed()

    def counts():
        return (Attempt.objects.count(), Response.objects.count(), Membership.objects.count())

    before = counts()
    _seed()
    assert counts() == before


def test_the_command_refuses_nonsense():
    with pytest.raises(CommandError):
        call_command("seed_programme", "--students", "0")
