"""Running totals of stored attempts, so the editors' item statistics read a
few small rows however many children have taken a quiz.

The totals (``QuizTotal``, ``QuizScoreTotal``, ``QuestionTotal``,
``WrongAnswerTotal``) are derived data. They change only here, in the same
transaction as the attempts they count:

- ``record_attempt`` when ``services.submit_attempt`` stores an attempt (an
  offline replay of a stored attempt stores nothing and counts nothing);
- ``count_attempts`` for attempts stored in bulk (the programme seeder);
- ``forget_attempts`` before attempts are deleted; deleting a child's account
  (their data deletion, or any other) does it through the ``pre_delete``
  signal connected in ``apps.py``.

Every change is an upsert that adds to the stored counters in the database
(``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``, the same on SQLite
and PostgreSQL), so two submissions at once never lose a count. The quiz's row
is upserted first and rows in a fixed order, so writers to one quiz queue on
its row rather than deadlock, and ``verify_question_totals(repair=True)`` can
rewrite a quiz's totals while children keep submitting.

What children typed is never copied: open reflections are not scored and
only scored wrong answers are counted (a short answer's key is the folded
text the page shows as the most common wrong answer).
"""

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from .models import (
    Attempt,
    QuestionTotal,
    QuizScoreTotal,
    QuizTotal,
    Response,
    WrongAnswerTotal,
)

# Rows per upsert statement: well under SQLite's limit on parameters.
UPSERT_BATCH = 400


class Delta:
    """Additions to the totals, by key; negative for attempts being forgotten."""

    def __init__(self):
        self.quizzes = defaultdict(lambda: [0, 0])  # quiz -> attempts, students
        self.scores = defaultdict(lambda: [0, 0])  # (quiz, score) -> attempts, passes
        # (quiz, qid, score) -> answered, right, points
        self.questions = defaultdict(lambda: [0, 0, 0.0])
        self.wrong = defaultdict(lambda: [0])  # (quiz, qid, answer key) -> times

    def tables(self):
        return [
            (QuizTotal, ["quiz_key"], ["attempts", "students"], self.quizzes),
            (QuizScoreTotal, ["quiz_key", "score"], ["attempts", "passes"], self.scores),
            (
                QuestionTotal,
                ["quiz_key", "question_id", "score"],
                ["answered", "correct", "points"],
                self.questions,
            ),
            (
                WrongAnswerTotal,
                ["quiz_key", "question_id", "answer_key"],
                ["times"],
                self.wrong,
            ),
        ]


def _attempt_delta(attempt: Attempt, responses: Iterable[Response], first: bool) -> Delta:
    delta = Delta()
    key = attempt.quiz_key
    delta.quizzes[key][0] += 1
    delta.quizzes[key][1] += 1 if first else 0
    delta.scores[(key, attempt.score)][0] += 1
    delta.scores[(key, attempt.score)][1] += 1 if attempt.passed else 0
    for response in responses:
        row = delta.questions[(key, response.question_id, attempt.score)]
        row[0] += 1
        row[1] += 1 if response.correct else 0
        row[2] += response.points
        if response.scored and not response.correct:
            delta.wrong[(key, response.question_id, response.answer_key)][0] += 1
    return delta


def _rows_delta(attempts: QuerySet, sign: int = 1, whole_quizzes: bool = False) -> Delta:
    """What ``attempts`` (stored rows) add to the totals, read with grouped queries.

    ``whole_quizzes`` says ``attempts`` holds every attempt of its quizzes, so
    every child in it counts as a student without asking about other attempts.
    """
    delta = Delta()
    for row in (
        attempts.values("quiz_key", "score")
        .annotate(n=Count("id"), passes=Count("id", filter=Q(passed=True)))
        .order_by()
    ):
        delta.quizzes[row["quiz_key"]][0] += sign * row["n"]
        key = (row["quiz_key"], row["score"])
        delta.scores[key] = [sign * row["n"], sign * row["passes"]]
    # A child counts among a quiz's students while any attempt of theirs is kept.
    if whole_quizzes:
        only_here = attempts
    else:
        elsewhere = Attempt.objects.filter(
            learner_id=OuterRef("learner_id"), quiz_key=OuterRef("quiz_key")
        ).exclude(pk__in=attempts.values("pk"))
        only_here = attempts.filter(~Exists(elsewhere))
    for row in (
        only_here.values("quiz_key").annotate(n=Count("learner_id", distinct=True)).order_by()
    ):
        delta.quizzes[row["quiz_key"]][1] += sign * row["n"]
    responses = Response.objects.filter(attempt__in=attempts.values("pk"))
    for row in (
        responses.values("attempt__quiz_key", "question_id", "attempt__score")
        .annotate(n=Count("id"), right=Count("id", filter=Q(correct=True)), points=Sum("points"))
        .order_by()
    ):
        key = (row["attempt__quiz_key"], row["question_id"], row["attempt__score"])
        delta.questions[key] = [sign * row["n"], sign * row["right"], sign * row["points"]]
    for row in (
        responses.filter(scored=True, correct=False)
        .values("attempt__quiz_key", "question_id", "answer_key")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (row["attempt__quiz_key"], row["question_id"], row["answer_key"])
        delta.wrong[key] = [sign * row["n"]]
    return delta


def _upsert(model, keys: list[str], counters: list[str], values: dict) -> None:
    if not values:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    fields = [model._meta.get_field(name) for name in keys + counters]
    columns = ", ".join(qn(f.column) for f in fields)
    conflict = ", ".join(qn(model._meta.get_field(name).column) for name in keys)
    add = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in counters)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # A fixed order of rows, so that two writers lock shared rows in the same order.
    rows = [
        (*(key if isinstance(key, tuple) else (key,)), *counts)
        for key, counts in sorted(values.items(), key=lambda kv: str(kv[0]))
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            chunk = rows[start : start + UPSERT_BATCH]
            params = [
                field.get_db_prep_save(value, connection)
                for row in chunk
                for field, value in zip(fields, row, strict=True)
            ]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {add}",
                params,
            )


def _apply(delta: Delta) -> None:
    for model, keys, counters, values in delta.tables():
        _upsert(model, keys, counters, values)
    touched = list(delta.quizzes)
    if any(counts[0] < 0 for counts in delta.quizzes.values()):
        # Rows of answers no longer given go, so the totals stay as small as the
        # attempts that are left.
        QuizScoreTotal.objects.filter(quiz_key__in=touched, attempts=0).delete()
        QuestionTotal.objects.filter(quiz_key__in=touched, answered=0).delete()
        WrongAnswerTotal.objects.filter(quiz_key__in=touched, times=0).delete()


def record_attempt(attempt: Attempt, responses: Iterable[Response]) -> None:
    """Add an attempt just stored, with its answers, to the totals.

    Called inside the transaction that stores it, with the child's row locked,
    so whether this is the child's first attempt at the quiz cannot change
    underneath.
    """
    first = (
        not Attempt.objects.filter(learner_id=attempt.learner_id, quiz_key=attempt.quiz_key)
        .exclude(pk=attempt.pk)
        .exists()
    )
    _apply(_attempt_delta(attempt, responses, first))


@transaction.atomic
def count_attempts(attempts: QuerySet) -> None:
    """Add attempts already stored (with their answers) to the totals."""
    _apply(_rows_delta(attempts, 1))


@transaction.atomic
def forget_attempts(attempts: QuerySet) -> None:
    """Take attempts about to be deleted out of the totals; call before deleting them."""
    _apply(_rows_delta(attempts, -1))


def forget_learner(sender, instance, **kwargs):
    """``pre_delete`` of a user: their attempts go with them, so they leave the totals."""
    attempts = Attempt.objects.filter(learner_id=instance.pk)
    if attempts.exists():
        # The lock a submission takes first, so a deletion and a submission queue.
        get_user_model().objects.select_for_update().filter(pk=instance.pk).first()
        forget_attempts(attempts)


# Checking and rebuilding -------------------------------------------------------------


def _stored(quiz_key) -> Delta:
    delta = Delta()
    for row in QuizTotal.objects.filter(quiz_key=quiz_key).values():
        delta.quizzes[row["quiz_key"]] = [row["attempts"], row["students"]]
    for row in QuizScoreTotal.objects.filter(quiz_key=quiz_key).values():
        key = (row["quiz_key"], row["score"])
        delta.scores[key] = [row["attempts"], row["passes"]]
    for row in QuestionTotal.objects.filter(quiz_key=quiz_key).values():
        key = (row["quiz_key"], row["question_id"], row["score"])
        delta.questions[key] = [row["answered"], row["correct"], row["points"]]
    for row in WrongAnswerTotal.objects.filter(quiz_key=quiz_key).values():
        key = (row["quiz_key"], row["question_id"], row["answer_key"])
        delta.wrong[key] = [row["times"]]
    return delta


def _same(a: list, b: list) -> bool:
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6) for x, y in zip(a, b, strict=True))


def _shown_key(model, key) -> str:
    key = key if isinstance(key, tuple) else (key,)
    if model is WrongAnswerTotal:
        # A short answer's key is what a child typed: a log gets a fingerprint of it.
        digest = hashlib.sha256(key[2].encode()).hexdigest()[:12]
        key = (*key[:2], f"answer {digest}")
    return " ".join(f"{part:g}" if isinstance(part, float) else str(part) for part in key)


def _differences(stored: Delta, expected: Delta) -> list[str]:
    found = []
    for (model, _keys, counters, have), (*_same_table, want) in zip(
        stored.tables(), expected.tables(), strict=True
    ):
        have, want = dict(have), dict(want)
        zero = [0] * len(counters)
        for key in sorted(set(have) | set(want), key=str):
            got, should = have.get(key, zero), want.get(key, zero)
            if not _same(got, should):
                shown = ", ".join(
                    f"{name} {g:g} should be {s:g}"
                    for name, g, s in zip(counters, got, should, strict=True)
                    if not _same([g], [s])
                )
                found.append(f"{model.__name__} {_shown_key(model, key)}: {shown}")
    return found


def _quiz_keys() -> list:
    keys = set(Attempt.objects.values_list("quiz_key", flat=True).distinct())
    keys |= set(QuizTotal.objects.values_list("quiz_key", flat=True))
    keys |= set(QuizScoreTotal.objects.values_list("quiz_key", flat=True).distinct())
    keys |= set(QuestionTotal.objects.values_list("quiz_key", flat=True).distinct())
    keys |= set(WrongAnswerTotal.objects.values_list("quiz_key", flat=True).distinct())
    return sorted(keys, key=str)


def _lock_quiz(quiz_key) -> None:
    # The row every writer to this quiz upserts first: holding it, the raw rows
    # read next cannot change until the rewritten totals are committed.
    _upsert(QuizTotal, ["quiz_key"], ["attempts", "students"], {quiz_key: [0, 0]})


def _rewrite(quiz_key, expected: Delta) -> None:
    QuizScoreTotal.objects.filter(quiz_key=quiz_key).delete()
    QuestionTotal.objects.filter(quiz_key=quiz_key).delete()
    WrongAnswerTotal.objects.filter(quiz_key=quiz_key).delete()
    QuizTotal.objects.filter(quiz_key=quiz_key).update(attempts=0, students=0)
    _apply(expected)


def verify_question_totals(repair: bool = False) -> list[str]:
    """Compare the stored totals with a recount of the attempts; return the differences.

    One quiz at a time, each in its own transaction, so a programme of any size
    is checked in pieces a database handles at once. With ``repair``, a quiz
    whose totals differ has them rewritten from its attempts.
    """
    found = []
    for quiz_key in _quiz_keys():
        with transaction.atomic():
            if repair:
                _lock_quiz(quiz_key)
            expected = _rows_delta(Attempt.objects.filter(quiz_key=quiz_key), whole_quizzes=True)
            differences = _differences(_stored(quiz_key), expected)
            if differences and repair:
                _rewrite(quiz_key, expected)
        found.extend(differences)
    return found


def rebuild_question_totals() -> int:
    """Rewrite every quiz's totals from its attempts; returns how many quizzes."""
    keys = _quiz_keys()
    for quiz_key in keys:
        with transaction.atomic():
            _lock_quiz(quiz_key)
            expected = _rows_delta(Attempt.objects.filter(quiz_key=quiz_key), whole_quizzes=True)
            _rewrite(quiz_key, expected)
    QuizTotal.objects.filter(attempts=0, students=0).exclude(
        quiz_key__in=Attempt.objects.values("quiz_key")
    ).delete()
    return len(keys)
