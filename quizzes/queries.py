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

A fixed number of queries, whatever the number of attempts: one aggregate over
attempts, one grouped over answers with the groups as subqueries, and one
grouping the wrong answers.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Q

from . import scoring
from .kinds import registry
from .kinds.base import QuestionSummary
from .models import Attempt, Response
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


def item_statistics(quiz: "QuizPage") -> QuizStatistics:
    attempts = Attempt.objects.filter(quiz_key=quiz.translation_key)
    summary = attempts.aggregate(
        count=Count("id"),
        students=Count("learner", distinct=True),
        mean=Avg("score"),
        passes=Count("id", filter=Q(passed=True)),
    )
    n = summary["count"]
    k = int(n * GROUP_SHARE + 0.5) if n >= 4 else 0
    upper = attempts.order_by("-score", "submitted_at", "pk").values("pk")[:k]
    lower = attempts.order_by("score", "submitted_at", "pk").values("pk")[:k]

    responses = Response.objects.filter(attempt__quiz_key=quiz.translation_key)
    aggregates = {}
    if n:
        per_question = responses.values("question_id").annotate(
            answered=Count("id"),
            right=Count("id", filter=Q(correct=True)),
            mean_points=Avg("points"),
        )
        if k:
            per_question = per_question.annotate(
                upper_n=Count("id", filter=Q(attempt__in=upper)),
                upper_right=Count("id", filter=Q(attempt__in=upper, correct=True)),
                lower_n=Count("id", filter=Q(attempt__in=lower)),
                lower_right=Count("id", filter=Q(attempt__in=lower, correct=True)),
            )
        aggregates = {row["question_id"]: row for row in per_question.order_by("question_id")}

    wrong = {}
    if n:
        rows = (
            responses.filter(correct=False, scored=True)
            .values("question_id", "answer_key")
            .annotate(times=Count("id"))
            .order_by("question_id", "-times", "answer_key")
        )
        for row in rows:
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
