"""Running totals per (child, module) stay equal to a recount from the raw rows.

Random sequences of what children and teachers do go through the real
services; after each, the totals kept with the events must equal what
``verify_totals`` recounts from LessonProgress and Attempt rows, and the
report over all dates (read from the totals) must give the figures of the
same report read from the raw rows.
"""

import uuid
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classrooms import reports, services, totals
from classrooms.child_cache import load_child
from classrooms.demo import answer_for
from classrooms.models import ChildTotals, LessonProgress, ModuleTotals, Student
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import Attempt, QuizPage
from quizzes.papers import Paper, SubmissionError
from quizzes.services import submit_attempt

pytestmark = pytest.mark.django_db

CHILDREN = 3
WRONG = {"single", "multiple", "true_false", "scenario", "matching", "ordering", "short"}
# Every day a report could cover: the raw rows read through a period, to compare.
EVERY_DAY = reports.Period(date(2000, 1, 1), date(2100, 1, 1))


@pytest.fixture
def world(school, classroom, class_teacher):
    """Two classes of one school, three children, two modules' lessons and quizzes."""
    other = services.create_classroom(school, "Class 4C", class_teacher)
    children = services.add_students(
        classroom, services.parse_student_lines("Mei, 2014, girl\nAlim, 2013, boy\nAygul")
    )
    modules = list(
        ModulePage.objects.live().filter(locale__language_code="en").order_by("path")[:2]
    )
    lessons = [
        lesson for module in modules for lesson in LessonPage.objects.child_of(module).live()
    ]
    quizzes = [QuizPage.objects.child_of(module).live().first() for module in modules]
    for quiz in quizzes:
        # Few attempts allowed, so that some submissions are refused.
        QuizPage.objects.filter(pk=quiz.pk).update(attempts_allowed=3)
    quizzes = [QuizPage.objects.get(pk=quiz.pk) for quiz in quizzes]
    return {
        "school": school,
        "classes": [classroom, other],
        "children": children,
        "lessons": lessons,
        "quizzes": quizzes,
    }


def _submit(quiz, user, passing, client_n):
    client_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{user.pk}/{quiz.pk}/{client_n}")
    ids = quiz.draw(client_id)
    wrong = () if passing else WRONG
    answers = {qid: answer_for(quiz, quiz.scoring_questions[qid], wrong) for qid in ids}
    paper = Paper(client_id, ids, timezone.now() - timedelta(minutes=5))
    submit_attempt(quiz, user, paper, answers, "en")


def _apply(world, event):
    kind, n, *args = event
    student = Student.objects.filter(pk=world["children"][n].pk).select_related("user").first()
    if student is None:  # deleted earlier in the sequence
        return
    user = student.user
    if kind == "open":
        services.record_lesson_event(user, world["lessons"][args[0] % len(world["lessons"])])
    elif kind == "reload":
        # A signed-in child's page, opened or reloaded a moment later: written
        # or skipped as the kept lesson page does, the marker set on commit.
        index, later = args
        lesson = world["lessons"][index % len(world["lessons"])]
        world["clock"] += timedelta(seconds=later)
        child = load_child(user.pk)
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.record_lesson_opened(
                child.student,
                lesson.pk,
                lesson.translation_key,
                lesson.get_parent().translation_key,
                world["clock"],
            )
        # Skipped or not, her first opening of it is there.
        assert LessonProgress.objects.filter(
            learner=user, lesson_key=lesson.translation_key
        ).exists()
    elif kind == "finish":
        lesson = world["lessons"][args[0] % len(world["lessons"])]
        services.record_lesson_event(user, lesson, completed=True)
    elif kind == "offline":
        index, days_ago, finished = args
        lesson = world["lessons"][index % len(world["lessons"])]
        opened = timezone.now() - timedelta(days=days_ago)
        for _replay in range(2):  # a device sends its report again
            services.record_offline_lesson(
                user, lesson, opened, opened + timedelta(minutes=9) if finished else None
            )
    elif kind == "attempt":
        quiz_index, passing, client_n = args
        try:
            _submit(world["quizzes"][quiz_index], user, passing, client_n)
        except SubmissionError:
            pass  # no attempt left, or a used client id with other answers: nothing stored
    elif kind == "delete":
        services.delete_child(student)
    elif kind == "remove":
        services.remove_from_class(world["classes"][0], student)
    elif kind == "move":
        source, target = world["classes"]
        if not student.memberships.current().filter(classroom=source).exists():
            source, target = target, source
        services.move_to_class(student, source, target)


child = st.integers(0, CHILDREN - 1)
lesson = st.integers(0, 11)
events = st.one_of(
    st.tuples(st.just("open"), child, lesson),
    # Seconds after the previous reload: the same minute, the next, ten later.
    st.tuples(st.just("reload"), child, lesson, st.sampled_from([0, 1, 20, 59, 61, 600])),
    st.tuples(st.just("finish"), child, lesson),
    st.tuples(st.just("offline"), child, lesson, st.integers(0, 40), st.booleans()),
    st.tuples(st.just("attempt"), child, st.integers(0, 1), st.booleans(), st.integers(0, 2)),
    st.tuples(st.just("delete"), child),
    st.tuples(st.just("remove"), child),
    st.tuples(st.just("move"), child),
)


def _figures(rows):
    return {row.key: row.figures for row in rows}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(events, min_size=1, max_size=12))
def test_totals_equal_a_recount_after_any_sequence_of_events(world, sequence):
    # The database rolls back after each sequence; what the cache keeps must too.
    cache.clear()
    world["clock"] = timezone.now()
    with transaction.atomic():
        for event in sequence:
            _apply(world, event)
        for check in (totals.verify(), totals.verify_children()):
            assert check.wrong == 0, check.examples
        if not any(event[0] == "delete" for event in sequence):
            # Deleted children count only in a report over all dates (their
            # tallies carry no dates), so the two reports agree without them.
            kept = reports.programme_report([world["school"]], "en")
            raw = reports.programme_report([world["school"]], "en", period=EVERY_DAY)
            assert kept.total == raw.total
            assert _figures(kept.by_module) == _figures(raw.by_module)
            assert _figures(kept.by_gender) == _figures(raw.by_gender)
        transaction.set_rollback(True)


def test_one_row_per_child_and_module(world):
    mei = world["children"][0].user
    first, second = world["lessons"][:2]
    services.record_lesson_event(mei, first)
    services.record_lesson_event(mei, first, completed=True)
    services.record_lesson_event(mei, second, completed=True)
    row = ModuleTotals.objects.get(learner=mei)
    assert (row.lessons_opened, row.lessons_completed, row.attempts) == (2, 2, 0)
    assert row.first_activity_at is not None
    assert not row.completed  # the module has more lessons and a quiz


def test_a_failed_event_leaves_no_total(world):
    mei = world["children"][0].user
    with pytest.raises(RuntimeError), transaction.atomic():
        services.record_lesson_event(mei, world["lessons"][0], completed=True)
        _submit(world["quizzes"][0], mei, passing=True, client_n=0)
        assert ModuleTotals.objects.filter(learner=mei).exists()
        raise RuntimeError("the request fails after both writes")
    assert not LessonProgress.objects.filter(learner=mei).exists()
    assert not Attempt.objects.filter(learner=mei).exists()
    assert not ModuleTotals.objects.filter(learner=mei).exists()


def test_a_refused_submission_adds_nothing(world):
    mei = world["children"][0].user
    quiz = world["quizzes"][0]
    for n in range(3):
        _submit(quiz, mei, passing=False, client_n=n)
    with pytest.raises(SubmissionError):
        _submit(quiz, mei, passing=True, client_n=9)
    assert ModuleTotals.objects.get(learner=mei).attempts == 3


def test_withdrawing_a_lesson_can_complete_a_module(world):
    mei = world["children"][0].user
    module = ModulePage.objects.live().filter(locale__language_code="en").order_by("path")[0]
    lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
    services.record_lesson_event(mei, lessons[0], completed=True)
    _submit(world["quizzes"][0], mei, passing=True, client_n=0)
    row = ModuleTotals.objects.get(learner=mei, module_key=module.translation_key)
    assert not row.completed
    for later in lessons[1:]:
        later.unpublish()
    row.refresh_from_db()
    assert row.completed
    assert ChildTotals.objects.get(learner=mei).modules_completed == 1
    assert totals.verify().wrong == 0
    assert totals.verify_children().wrong == 0
    # Published again, the lessons she has not done make the module unfinished.
    for later in lessons[1:]:
        later.save_revision().publish()
    assert ChildTotals.objects.get(learner=mei).modules_completed == 0
    assert totals.verify_children().wrong == 0


def test_a_childs_totals_add_up_her_modules(world):
    mei = world["children"][0].user
    services.record_lesson_event(mei, world["lessons"][0], completed=True)
    last = world["lessons"][-1]  # in the second module
    services.record_lesson_event(mei, last)
    _submit(world["quizzes"][0], mei, passing=False, client_n=0)
    _submit(world["quizzes"][1], mei, passing=True, client_n=0)
    child = ChildTotals.objects.get(learner=mei)
    rows = ModuleTotals.objects.filter(learner=mei)
    assert rows.count() == 2
    assert (child.lessons_opened, child.attempts, child.attempts_passed) == (2, 2, 1)
    assert child.first_activity_at == min(row.first_activity_at for row in rows)
    assert child.modules_completed == sum(row.completed for row in rows) == 0


def test_deleting_a_child_removes_their_totals(world):
    mei = world["children"][0]
    services.record_lesson_event(mei.user, world["lessons"][0])
    services.delete_child(mei)
    assert not ModuleTotals.objects.exists()
    assert not ChildTotals.objects.exists()


# The command ------------------------------------------------------------------------


@pytest.fixture
def worked(world):
    for child in world["children"]:
        services.record_lesson_event(child.user, world["lessons"][0], completed=True)
        _submit(world["quizzes"][0], child.user, passing=True, client_n=0)
    return world


def test_verify_totals_is_quiet_when_all_agree(worked, capsys):
    call_command("verify_totals")
    out = capsys.readouterr().out
    assert "module totals: 3 rows checked, 0 differ" in out
    assert "child totals: 3 rows checked, 0 differ" in out


def test_verify_totals_finds_a_tampered_row_and_repair_mends_it(worked, capsys):
    mei = worked["children"][0].user
    ModuleTotals.objects.filter(learner=mei).update(attempts=7)
    ModuleTotals.objects.filter(learner=worked["children"][1].user).delete()
    with pytest.raises(CommandError) as failed:
        call_command("verify_totals")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "2 differ" in out
    assert f"account {mei.pk}" in out and "attempts 7 (recounted 1)" in out
    assert "missing" in out

    call_command("verify_totals", "--repair", "--batch", "1")
    assert "2 rewritten" in capsys.readouterr().out
    call_command("verify_totals")
    assert ModuleTotals.objects.get(learner=mei).attempts == 1
    assert ModuleTotals.objects.count() == 3


def test_verify_totals_finds_a_childs_tampered_totals_and_repair_mends_them(worked, capsys):
    mei, alim = (child.user for child in worked["children"][:2])
    ChildTotals.objects.filter(learner=mei).update(modules_completed=4, attempts_passed=0)
    ChildTotals.objects.filter(learner=alim).delete()
    with pytest.raises(CommandError):
        call_command("verify_totals", "--only", "child totals")
    out = capsys.readouterr().out
    assert "child totals: 3 rows checked, 2 differ" in out
    assert f"account {mei.pk}: attempts_passed 0 (recounted 1), modules_completed 4" in out
    assert f"account {alim.pk}: missing" in out
    assert "module totals" not in out

    call_command("verify_totals", "--repair")
    call_command("verify_totals")
    assert ChildTotals.objects.get(learner=mei).attempts_passed == 1
    assert ChildTotals.objects.count() == 3


def test_verify_totals_refuses_a_batch_of_nothing(worked):
    with pytest.raises(CommandError):
        call_command("verify_totals", "--batch", "0")


def test_openings_in_one_instant_count_each_lesson_once(world):
    # Found by the property test: with a clock that did not move between
    # openings, a lesson opened again was taken for a first opening.
    world["clock"] = timezone.now()
    mei = world["children"][0].user
    for lesson in (1, 0, 1, 0):
        _apply(world, ("reload", 0, lesson, 0))
    assert ChildTotals.objects.get(learner=mei).lessons_opened == 2
    assert sum(row.lessons_opened for row in ModuleTotals.objects.filter(learner=mei)) == 2
    assert totals.verify().wrong == 0
