"""The running totals behind item statistics: equal to a recount of the stored
attempts after any sequence of submissions, replays and deletions, and the
statistics read from them equal to those read from every answer."""

import math
import uuid
from collections import Counter
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classrooms.factories import ClassroomFactory, StudentFactory
from classrooms.seeding import seed_programme
from classrooms.services import delete_child
from quizzes import totals
from quizzes.models import (
    Attempt,
    QuestionTotal,
    QuizPage,
    QuizScoreTotal,
    QuizTotal,
    Response,
    WrongAnswerTotal,
)
from quizzes.papers import Paper, SubmissionError
from quizzes.queries import (
    GROUP_SHARE,
    QuestionStatistics,
    QuizStatistics,
    _share,
    describe_answer,
    item_statistics,
)
from quizzes.services import submit_attempt

from .conftest import RIGHT_JSON
from .conftest import Q as QUESTION

pytestmark = pytest.mark.django_db


def raw_item_statistics(quiz):
    """Item statistics computed from every stored answer, as the page did before totals."""
    attempts = Attempt.objects.filter(quiz_key=quiz.translation_key)
    summary = attempts.aggregate(
        count=Count("id"),
        students=Count("learner", distinct=True),
        mean=Avg("score"),
        passes=Count("id", filter=Q(passed=True)),
    )
    n = summary["count"]
    k = int(n * GROUP_SHARE + 0.5) if n >= 4 else 0
    # Each attempt's weight in the upper and lower groups, tie by tie: the t
    # attempts tied at a group's edge of which it needs j count for j/t each.
    scores = sorted(attempts.values_list("pk", "score"), key=lambda row: row[1])
    tied = Counter(score for _pk, score in scores)
    weights = {}
    for name, order in (("upper", scores[::-1]), ("lower", scores)):
        inside = [score for _pk, score in order[:k]]
        weights[name] = {
            pk: Fraction(inside.count(score), tied[score]) for pk, score in order if score in inside
        }
    responses = Response.objects.filter(attempt__quiz_key=quiz.translation_key)
    aggregates = {}
    for question_id, attempt, correct, points in responses.values_list(
        "question_id", "attempt_id", "correct", "points"
    ):
        row = aggregates.setdefault(
            question_id,
            {"answered": 0, "right": 0, "points": 0.0}
            | {f"{name}_{part}": Fraction(0) for name in weights for part in ("n", "right")},
        )
        row["answered"] += 1
        row["right"] += correct
        row["points"] += points
        for name, weight in weights.items():
            row[f"{name}_n"] += weight.get(attempt, 0)
            row[f"{name}_right"] += weight.get(attempt, 0) * correct
    for row in aggregates.values():
        row["mean_points"] = row["points"] / row["answered"]
    wrong = {}
    if n:
        for row in (
            responses.filter(correct=False, scored=True)
            .values("question_id", "answer_key")
            .annotate(times=Count("id"))
            .order_by("question_id", "-times", "answer_key")
        ):
            wrong.setdefault(row["question_id"], row)
    result = QuizStatistics(
        attempts=n,
        students=summary["students"],
        mean_score=summary["mean"],
        pass_rate=_share(summary["passes"], n),
        group_size=k,
    )
    for number, (qid, (block, value)) in enumerate(quiz.question_blocks.items(), start=1):
        question = quiz.scoring_questions[qid]
        stats = QuestionStatistics(
            qid, number, question.kind, block.name, block.label, value["prompt"], question.scored
        )
        row = aggregates.get(qid)
        if row:
            stats.answered, stats.correct = row["answered"], row["right"]
            if question.scored:
                stats.mean_points = row["mean_points"]
                stats.facility = _share(row["right"], row["answered"])
                if k:
                    upper_p = _share(row["upper_right"], row["upper_n"])
                    lower_p = _share(row["lower_right"], row["lower_n"])
                    if upper_p is not None and lower_p is not None:
                        stats.discrimination = float(upper_p - lower_p)
        if qid in wrong:
            stats.wrong_answer = describe_answer(quiz, question, wrong[qid]["answer_key"])
            stats.wrong_count = wrong[qid]["times"]
        result.questions.append(stats)
    result.removed = len(set(aggregates) - set(quiz.question_blocks))
    return result


def assert_same_statistics(got, want):
    def same(a, b):
        if isinstance(a, float) or isinstance(b, float):
            return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9)
        return a == b

    for f in fields(QuizStatistics):
        if f.name != "questions":
            assert same(getattr(got, f.name), getattr(want, f.name)), f.name
    assert len(got.questions) == len(want.questions)
    for mine, theirs in zip(got.questions, want.questions, strict=True):
        for f in fields(QuestionStatistics):
            assert same(getattr(mine, f.name), getattr(theirs, f.name)), (mine.id, f.name)


# Random answers of every kind ------------------------------------------------------

TYPED = ["110", " police 110 ", "120", "Police.", "110.", "12355"]


def answer_strategy(question):
    if question.kind == "multiple":
        return st.lists(st.sampled_from(question.option_ids), min_size=1, unique=True)
    if question.kind == "true_false":
        return st.sampled_from(["true", "false"])
    if question.options:
        return st.sampled_from(question.option_ids)
    if question.kind == "ordering":
        return st.permutations(list(question.items))
    if question.kind == "matching":
        items = list(question.items)
        return st.permutations(items).map(lambda matched: dict(zip(items, matched, strict=True)))
    if question.kind == "short":
        return st.sampled_from(TYPED)
    return st.sampled_from(["My aunt.", "Nobody, I keep it to myself."])


CHILDREN = 4
MIDNIGHT = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.fixture
def children(db):
    classroom = ClassroomFactory()
    return [StudentFactory(classroom=classroom) for _ in range(CHILDREN)]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_totals_equal_a_recount_after_any_history(quiz, children, data):
    with transaction.atomic():
        quiz.questions_per_attempt = data.draw(st.sampled_from([None, 3]), label="per attempt")
        deleted, sent = set(), []
        steps = data.draw(st.integers(min_value=1, max_value=14), label="steps")
        for _ in range(steps):
            action = data.draw(st.sampled_from(["submit"] * 6 + ["replay", "delete"]))
            if action == "delete":
                left = [n for n in range(CHILDREN) if n not in deleted]
                if left:
                    n = data.draw(st.sampled_from(left), label="deleted")
                    delete_child(children[n])
                    deleted.add(n)
                    sent = [s for s in sent if s[0] != n]
            elif action == "replay" and sent:
                n, paper, answers, changed = data.draw(st.sampled_from(sent), label="replayed")
                if changed:
                    answers = {**answers, QUESTION["open"]: "Something else."}
                try:
                    outcome = submit_attempt(quiz, children[n].user, paper, answers, "en")
                except SubmissionError as refused:
                    assert changed and refused.status == 409
                else:
                    assert outcome.replayed and not changed
            else:
                left = [n for n in range(CHILDREN) if n not in deleted]
                if not left:
                    continue
                n = data.draw(st.sampled_from(left), label="child")
                seed = uuid.UUID(int=data.draw(st.integers(0, 2**64), label="seed"))
                paper = Paper(uuid.uuid4(), quiz.draw(seed), timezone.now())
                answers = {
                    qid: data.draw(answer_strategy(quiz.scoring_questions[qid]), label=qid)
                    for qid in paper.question_ids
                }
                # Submitted on a few days, around midnight and not always in
                # order: the totals and the statistics depend on neither.
                offset = data.draw(st.sampled_from([-2, 0, 0, 1]), label="day")
                moment = MIDNIGHT + timedelta(days=offset, seconds=len(sent) - 3)
                with mock.patch("django.utils.timezone.now", return_value=moment):
                    submit_attempt(quiz, children[n].user, paper, answers, "en")
                sent += [(n, paper, answers, False), (n, paper, answers, True)]
        assert totals.verify_question_totals() == []
        assert_same_statistics(item_statistics(quiz), raw_item_statistics(quiz))
        transaction.set_rollback(True)


# Paths of their own -------------------------------------------------------------------


def take(quiz, child, **changes):
    ids = quiz.draw(uuid.uuid4())
    answers = {qid: RIGHT_JSON[qid] for qid in ids} | changes
    paper = Paper(uuid.uuid4(), ids, timezone.now())
    return submit_attempt(quiz, child.user, paper, answers, "en").attempt


def test_reflections_are_counted_never_copied(quiz, children):
    secret = "I am afraid of my uncle."
    take(quiz, children[0], **{QUESTION["open"]: secret, QUESTION["short"]: "120"})
    assert not WrongAnswerTotal.objects.filter(answer_key__contains="uncle").exists()
    assert not WrongAnswerTotal.objects.filter(question_id=QUESTION["open"]).exists()
    open_rows = QuestionTotal.objects.filter(question_id=QUESTION["open"])
    assert [(r.answered, r.correct) for r in open_rows] == [(1, 0)]


def test_a_failed_submission_counts_nothing(quiz, children):
    take(quiz, children[0])
    before = list(QuestionTotal.objects.order_by("pk").values())
    with pytest.raises(RuntimeError), transaction.atomic():
        take(quiz, children[1], **{QUESTION["single"]: "s-wrong"})
        assert QuizTotal.objects.get().attempts == 2
        raise RuntimeError("the request failed after the attempt was stored")
    assert list(QuestionTotal.objects.order_by("pk").values()) == before
    assert QuizTotal.objects.get().attempts == 1
    quiz.attempts_allowed = 1
    with pytest.raises(SubmissionError):
        take(quiz, children[0])
    assert totals.verify_question_totals() == []


def test_the_statistics_read_a_fixed_number_of_queries(
    quiz, children, django_assert_max_num_queries
):
    # One attempt a day for 40 days: neither the rows read nor the queries
    # grow with the length of history.
    for n in range(40):
        with mock.patch("django.utils.timezone.now", return_value=MIDNIGHT + timedelta(days=n)):
            take(
                quiz,
                children[n % CHILDREN],
                **{QUESTION["single"]: ["s-wrong", "s-right"][n % 3 > 0]},
            )
    quiz = type(quiz).objects.get(pk=quiz.pk)
    quiz.question_blocks  # noqa: B018 (the page's own content, read once)
    with django_assert_max_num_queries(4):
        stats = item_statistics(quiz)
    assert stats.attempts == 40
    assert QuizScoreTotal.objects.count() == 2  # one row per score, not per day
    assert QuestionTotal.objects.count() == 2 * len(quiz.question_blocks)
    assert_same_statistics(stats, raw_item_statistics(quiz))


def test_seeded_attempts_are_counted_and_forgotten():
    seed_programme(schools=1, teachers=2, students=30, attempts=400, log=lambda _m: None)
    assert QuizTotal.objects.exists()
    assert totals.verify_question_totals() == []
    taken = set(Attempt.objects.values_list("quiz_key", flat=True))
    for quiz in QuizPage.objects.filter(translation_key__in=taken, locale__language_code="en"):
        assert_same_statistics(item_statistics(quiz.specific), raw_item_statistics(quiz.specific))
    seed_programme(schools=1, teachers=2, students=20, attempts=60, log=lambda _m: None)
    assert totals.verify_question_totals() == []


# The command ------------------------------------------------------------------------


def test_the_command_finds_and_repairs_a_tampered_total(quiz, children, capsys):
    for n, child in enumerate(children):
        take(quiz, child, **{QUESTION["short"]: "120" if n % 2 else "110"})
    call_command("verify_question_totals")
    assert "match the attempts" in capsys.readouterr().out

    QuestionTotal.objects.filter(question_id=QUESTION["single"]).update(correct=F("correct") + 1)
    WrongAnswerTotal.objects.filter(question_id=QUESTION["short"]).delete()
    with pytest.raises(CommandError, match="--repair"):
        call_command("verify_question_totals")
    out = capsys.readouterr().out
    assert "QuestionTotal" in out and "correct" in out and "WrongAnswerTotal" in out
    assert "120" not in out.replace(QUESTION["short"], "")  # what a child typed stays out

    call_command("verify_question_totals", "--repair")
    assert "Repaired" in capsys.readouterr().out
    call_command("verify_question_totals")
    assert totals.verify_question_totals() == []
    assert_same_statistics(item_statistics(quiz), raw_item_statistics(quiz))


def test_rebuilding_gives_the_totals_kept_along_the_way(quiz, children):
    for n, child in enumerate(children * 2):
        take(quiz, child, **{QUESTION["multiple"]: [["m-pay"], ["m-contract"]][n % 2]})
    kept = item_statistics(quiz)
    QuizTotal.objects.all().delete()
    QuestionTotal.objects.all().delete()
    assert totals.rebuild_question_totals() == 1
    assert totals.verify_question_totals() == []
    assert_same_statistics(item_statistics(quiz), kept)
