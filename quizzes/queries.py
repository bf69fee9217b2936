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
  worth rereading. Attempts tied at the boundary are split by submission
  order. With fewer than four attempts there are no groups and no value.
- **most chosen wrong answer**: the wrong answer given most often, which is
  where the misunderstanding is.

At most four queries, whatever the number of attempts, and none that reads
every attempt: the running totals of ``quizzes.totals`` give the attempts by
score and day (from which the groups are cut), the answers to each question
by score and day, and the most chosen wrong answers; one more query reads the
attempts of a single day at a group's edge score when the group ends among
attempts tied on score.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import CharField, Count, F, Q, Subquery, Sum, Value, Window
from django.db.models.functions import RowNumber

from . import scoring
from .kinds import registry
from .kinds.base import QuestionSummary
from .models import (
    Attempt,
    QuestionTotal,
    QuizScoreTotal,
    QuizTotal,
    Response,
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


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _group(histogram, k: int):
    """The scores whose attempts all fall in a group of ``k`` attempts taken from the
    first bucket of ``histogram`` on, and where the group ends inside a bucket:
    (score, attempts taken at that score) or None."""
    whole, taken = [], 0
    for score, attempts in histogram:
        if taken == k:
            break
        if taken + attempts <= k:
            whole.append(score)
            taken += attempts
        else:
            return whole, (score, k - taken)
    return whole, None


@dataclass
class _Edge:
    """Where a group ends among attempts tied on score: whole days of that score
    before ``cut``, then the first ``taken`` of the ``attempts`` submitted on
    ``day`` (None when the group ends with a whole day)."""

    score: float
    cut: date
    day: date | None = None
    taken: int = 0
    attempts: int = 0


def _edge(days: list, score: float, taken: int) -> _Edge:
    before = 0
    for day, attempts in days:
        if before + attempts <= taken:
            before += attempts
            if before == taken:
                return _Edge(score, day + timedelta(days=1))
        else:
            return _Edge(score, day, day, taken - before, attempts)
    raise AssertionError("the histogram holds fewer attempts than the group")


def _edge_attempts(quiz_key, edge: _Edge):
    """The attempts of a group on its edge day, and whether they are the group's
    (the earliest submitted) or the rest of that day's (the latest), whichever is fewer."""
    start = datetime.combine(edge.day, time.min, tzinfo=UTC)
    on_day = Attempt.objects.filter(
        quiz_key=quiz_key,
        score=edge.score,
        submitted_at__gte=start,
        submitted_at__lt=start + timedelta(days=1),
    )
    if edge.taken <= edge.attempts - edge.taken:
        return on_day.order_by("submitted_at", "pk").values("pk")[: edge.taken], True
    return on_day.order_by("-submitted_at", "-pk").values("pk")[: edge.attempts - edge.taken], False


def item_statistics(quiz: "QuizPage") -> QuizStatistics:
    key = quiz.translation_key
    students = QuizTotal.objects.filter(quiz_key=key).values("students")[:1]
    histogram = list(
        QuizScoreTotal.objects.filter(quiz_key=key, attempts__gt=0)
        .annotate(students=Subquery(students))
        .order_by("score", "day")
        .values_list("score", "day", "attempts", "passes", "students")
    )
    per_score, days = {}, defaultdict(list)
    for score, day, attempts, _passes, _students in histogram:
        per_score[score] = per_score.get(score, 0) + attempts
        days[score].append((day, attempts))
    counts = list(per_score.items())
    n = sum(per_score.values())
    k = int(n * GROUP_SHARE + 0.5) if n >= 4 else 0
    groups, edges = {}, {}
    if k:
        for name, order in (("upper", reversed(counts)), ("lower", counts)):
            whole, edge = _group(order, k)
            groups[name] = whole
            if edge:
                edges[name] = _edge(days[edge[0]], *edge)

    aggregates = {}
    if n:
        sums = {}
        for name, edge in edges.items():
            earlier = Q(score=edge.score, day__lt=edge.cut)
            sums[f"{name}_before_n"] = Sum("answered", filter=earlier)
            sums[f"{name}_before_right"] = Sum("correct", filter=earlier)
            if edge.day:
                that_day = Q(score=edge.score, day=edge.day)
                sums[f"{name}_day_n"] = Sum("answered", filter=that_day)
                sums[f"{name}_day_right"] = Sum("correct", filter=that_day)
        by_score = defaultdict(dict)
        for row in (
            QuestionTotal.objects.filter(quiz_key=key, answered__gt=0)
            .values("question_id", "score")
            .annotate(n=Sum("answered"), right=Sum("correct"), points_sum=Sum("points"), **sums)
            .order_by()
        ):
            qid = row["question_id"]
            by_score[qid][row["score"]] = row
            total = aggregates.setdefault(qid, {"answered": 0, "right": 0, "points": 0.0})
            total["answered"] += row["n"]
            total["right"] += row["right"]
            total["points"] += row["points_sum"]
        for qid, row in aggregates.items():
            row["mean_points"] = row["points"] / row["answered"]
            for name, whole in groups.items():
                taken = [by_score[qid][score] for score in whole if score in by_score[qid]]
                row[f"{name}_n"] = sum(t["n"] for t in taken)
                row[f"{name}_right"] = sum(t["right"] for t in taken)
                if name in edges:
                    at_edge = by_score[qid].get(edges[name].score, {})
                    row[f"{name}_n"] += at_edge.get(f"{name}_before_n") or 0
                    row[f"{name}_right"] += at_edge.get(f"{name}_before_right") or 0
        chosen = {name: _edge_attempts(key, edge) for name, edge in edges.items() if edge.day}
        if chosen:
            # Attempts tied at a group's edge are split by submission order: the
            # group's share of its edge day is read from that day's attempts.
            # One grouped count per group, joined as one query; each reads only
            # the answers of the few attempts chosen, through the index on attempt.
            parts = [
                Response.objects.filter(attempt__in=attempts)
                .values("question_id")
                .annotate(n=Count("id"), right=Count("id", filter=Q(correct=True)))
                .annotate(group=Value(name, output_field=CharField()))
                .order_by()
                .values_list("question_id", "group", "n", "right")
                for name, (attempts, _own) in chosen.items()
            ]
            edge_rows = defaultdict(dict)
            joined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
            for qid, name, answered, right in joined:
                edge_rows[qid][f"{name}_n"] = answered
                edge_rows[qid][f"{name}_right"] = right
            for qid, row in aggregates.items():
                for name, (_attempts, own) in chosen.items():
                    part = edge_rows.get(qid, {})
                    answered = part.get(f"{name}_n", 0)
                    right = part.get(f"{name}_right", 0)
                    if not own:
                        at_edge = by_score[qid].get(edges[name].score, {})
                        answered = (at_edge.get(f"{name}_day_n") or 0) - answered
                        right = (at_edge.get(f"{name}_day_right") or 0) - right
                    row[f"{name}_n"] += answered
                    row[f"{name}_right"] += right

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
        students=histogram[0][4] if histogram else 0,
        mean_score=sum(score * attempts for score, attempts in counts) / n if n else None,
        pass_rate=_share(sum(row[3] for row in histogram), n),
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
                        stats.discrimination = upper_p - lower_p
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
