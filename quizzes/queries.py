"""Read-side builders of the quizzes app: item statistics for editors.

Classical item analysis, over every submitted attempt at a quiz in every
language (attempts are keyed by the quiz's translation key, answers by
question and option ids that translations share):

- **facility**: the share of answers to a question that were fully right.
  Near 100% the question is easy; near 0% it is hard or misleading.
- **discrimination**: facility among the top 27% of attempts by score minus
  facility among the bottom 27%. Good questions are answered right more often
  by children who do well overall (0.3 and above is usually good); a value
  near zero or below means the question does not tell who understood, and is
  worth rereading. With fewer than four attempts there are no groups and no
  value. Each group holds k = round(27% of n) attempts. When a group's edge
  falls among attempts tied on score (the group needs j of the t attempts
  that scored exactly that), each of those t attempts counts for j/t: the
  score brings j/t of its answers to each question and j/t of its right
  answers. That is what a random tie-break gives on average, and it depends
  on nothing but the scores, not on the order attempts happened to arrive in.
  The group's facility is then its (fractional) right answers over its
  (fractional) answers.
- **most chosen wrong answer**: the wrong answer given most often, which is
  where the misunderstanding is.

Three queries, whatever the number of attempts and however long the quiz has
been taken, and none that reads every attempt: the running totals of
``quizzes.totals`` give the attempts by score (from which the groups are cut),
the answers to each question by score, and the most chosen wrong answers. Their
rows are bounded by the quiz's questions and possible scores, never by history.
"""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db.models import F, Subquery, Window
from django.db.models.functions import RowNumber

from . import scoring
from .kinds import registry
from .kinds.base import QuestionSummary
from .models import (
    Attempt,
    QuestionTotal,
    QuizScoreTotal,
    QuizTotal,
    WrongAnswerTotal,
)
from .papers import Paper
from .presenting import QuestionView, question_views

if TYPE_CHECKING:
    from .models import QuizPage

GROUP_SHARE = 0.27


@dataclass
class QuestionStatistics:
    id: str
    number: int
    kind: str
    block_type: str
    label: str
    prompt: str
    scored: bool
    answered: int = 0
    correct: int = 0
    mean_points: float | None = None
    facility: float | None = None
    discrimination: float | None = None
    wrong_answer: str = ""
    wrong_count: int = 0


@dataclass
class QuizStatistics:
    attempts: int
    students: int
    mean_score: float | None
    pass_rate: float | None
    group_size: int
    questions: list = field(default_factory=list)
    removed: int = 0


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _group(histogram, k: int) -> dict:
    """The weight of each score's attempts in a group of ``k`` attempts taken from
    the first bucket of ``histogram`` (score, attempts) on: 1 for a score wholly
    inside the group, j/t for the score at its edge where it needs j of t tied
    attempts."""
    weights, taken = {}, 0
    for score, attempts in histogram:
        if taken == k:
            break
        needed = min(attempts, k - taken)
        weights[score] = Fraction(needed, attempts)
        taken += needed
    return weights


def item_statistics(quiz: "QuizPage") -> QuizStatistics:
    key = quiz.translation_key
    students = QuizTotal.objects.filter(quiz_key=key).values("students")[:1]
    histogram = list(
        QuizScoreTotal.objects.filter(quiz_key=key, attempts__gt=0)
        .annotate(students=Subquery(students))
        .order_by("score")
        .values_list("score", "attempts", "passes", "students")
    )
    counts = [(score, attempts) for score, attempts, _passes, _students in histogram]
    n = sum(attempts for _score, attempts in counts)
    k = int(n * GROUP_SHARE + 0.5) if n >= 4 else 0
    groups = {}
    if k:
        # Ties at a group's edge are split in proportion (see the module's
        # docstring): the expected value of a random tie-break, which needs only
        # the counts per score and does not depend on the order of submission.
        groups = {"upper": _group(reversed(counts), k), "lower": _group(counts, k)}

    aggregates = {}
    if n:
        for qid, score, answered, right, points in (
            QuestionTotal.objects.filter(quiz_key=key, answered__gt=0)
            .order_by()
            .values_list("question_id", "score", "answered", "correct", "points")
        ):
            total = aggregates.setdefault(
                qid,
                {"answered": 0, "right": 0, "points": 0.0}
                | {f"{name}_{part}": Fraction(0) for name in groups for part in ("n", "right")},
            )
            total["answered"] += answered
            total["right"] += right
            total["points"] += points
            for name, weights in groups.items():
                weight = weights.get(score)
                if weight:
                    total[f"{name}_n"] += weight * answered
                    total[f"{name}_right"] += weight * right
        for row in aggregates.values():
            row["mean_points"] = row["points"] / row["answered"]

    wrong = {}
    if n:
        rows = (
            WrongAnswerTotal.objects.filter(quiz_key=key, times__gt=0)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("question_id")],
                    order_by=[F("times").desc(), F("answer_key").asc()],
                )
            )
            .filter(rank=1)
            .values("question_id", "answer_key", "times")
        )
        wrong = {row["question_id"]: row for row in rows}

    result = QuizStatistics(
        attempts=n,
        students=histogram[0][3] if histogram else 0,
        mean_score=sum(score * attempts for score, attempts in counts) / n if n else None,
        pass_rate=_share(sum(row[2] for row in histogram), n),
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


def describe_answer(quiz: "QuizPage", question: scoring.Question, key: str) -> str:
    """An answer key in words of the quiz's language, for editors."""
    _block, value = quiz.question_blocks[question.id]
    answer = scoring.answer_from_key(question, key)
    return registry.get(question.kind).describe_answer(value, question, answer, key)


def describe_question(quiz: "QuizPage", question_id: str) -> QuestionSummary:
    """What a question shown on its own needs beside its prompt, in the quiz's language."""
    block, value = quiz.question_blocks[question_id]
    return registry.for_block(block.name).summary(value)


def attempt_result_views(quiz: "QuizPage", attempt: Attempt) -> list[QuestionView]:
    """A stored attempt's answers as the result screen shows them, in the quiz's language.

    Questions removed or changed since the attempt are left out; its score stands.
    """
    question_ids, answers, results = [], {}, {}
    for response in attempt.responses.all():
        question = quiz.scoring_questions.get(response.question_id)
        if question is None or question.kind != response.kind:
            continue
        question_ids.append(response.question_id)
        answers[response.question_id] = registry.get(question.kind).stored_answer(
            question, response.answer_key, response.text
        )
        results[response.question_id] = scoring.QuestionResult(
            response.question_id, response.points, response.correct, response.scored
        )
    paper = Paper(attempt.client_id, question_ids, None)
    return question_views(quiz, paper, answers, results=results)
