"""Writes of the quizzes app: submitting an attempt, giving a child one more."""

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import scoring, totals
from .kinds import registry
from .models import Attempt, ExtraAttempt, Response, stores_attempts
from .papers import Paper, SubmissionError

if TYPE_CHECKING:
    from accounts.models import User

    from .models import QuizPage


@dataclass
class Outcome:
    """What a submission came to: its score and, for a child, the attempt stored."""

    score: scoring.Score
    answers: dict
    attempt: Attempt | None = None
    replayed: bool = False


def answers_digest(quiz_key: UUID, question_ids: list[str], answers: dict[str, Any]) -> str:
    canonical = json.dumps(
        {"quiz": str(quiz_key), "questions": question_ids, "answers": answers},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def score_paper(quiz: "QuizPage", paper: Paper, answers: dict[str, Any]) -> scoring.Score:
    questions = [quiz.scoring_questions[qid] for qid in paper.question_ids]
    return scoring.score(
        questions, answers, pass_mark=quiz.pass_mark, mastery_correct=quiz.mastery_correct
    )


def submit_attempt(
    quiz: "QuizPage", user: "User", paper: Paper, answers: dict[str, Any], language: str
) -> Outcome:
    """Score a checked submission and, for a signed-in child, store it once.

    A submission whose client id the child has used before returns that first
    attempt and stores nothing, provided it carries the same answers; different
    answers under a used client id are refused. Raises SubmissionError.
    """
    score = score_paper(quiz, paper, answers)
    if not stores_attempts(user):
        return Outcome(score, answers)

    digest = answers_digest(quiz.translation_key, paper.question_ids, answers)
    previous = _previous(user, paper.client_id, digest)
    if previous is not None:
        return previous

    try:
        with transaction.atomic():
            # One submission at a time per child, so two devices cannot both
            # take the last attempt.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            if quiz.attempts_left(user) == 0:
                raise SubmissionError(
                    _("You have used all your attempts at this quiz."), status=403
                )
            attempt = stored_attempt(quiz, user, paper, score, language, digest)
            attempt.save()
            responses = Response.objects.bulk_create(
                response_row(
                    attempt, position, quiz.scoring_questions[result.question_id], answers, result
                )
                for position, result in enumerate(score.items, start=1)
            )
            totals.record_attempt(attempt, responses)
    except IntegrityError:
        # The same attempt arrived twice at once; the other request stored it.
        previous = _previous(user, paper.client_id, digest)
        if previous is None:
            raise
        return previous
    return Outcome(score, answers, attempt)


class ExtraAttemptRefused(ValueError):
    """One more attempt cannot be given; the message says why, for the teacher."""


def give_extra_attempt(quiz: "QuizPage", learner: "User", given_by: "User") -> ExtraAttempt:
    """Let a child who has used every attempt at ``quiz`` take it once more.

    Only when no attempt is left: a teacher's second click, or two teachers at
    once, give one attempt, not two. Who may give it (the child's teacher) is
    the caller's rule. Raises ExtraAttemptRefused.
    """
    if not stores_attempts(learner):
        raise ExtraAttemptRefused(_("Only children in a class keep quiz attempts."))
    if quiz.attempts_allowed is None:
        raise ExtraAttemptRefused(_("This quiz allows any number of attempts."))
    with transaction.atomic():
        # The same lock a submission takes: a grant and a submission never interleave.
        get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
        if quiz.attempts_left(learner) != 0:
            raise ExtraAttemptRefused(_("This child still has an attempt left at this quiz."))
        return ExtraAttempt.objects.create(
            learner=learner, quiz_key=quiz.translation_key, given_by=given_by
        )


def stored_attempt(
    quiz: "QuizPage",
    user: "User",
    paper: Paper,
    score: scoring.Score,
    language: str,
    digest: str,
) -> Attempt:
    """The Attempt row of a scored paper (not saved), with the rules that judged it."""
    return Attempt(
        learner=user,
        quiz=quiz,
        quiz_key=quiz.translation_key,
        module_key=quiz.module.translation_key,
        language=language,
        client_id=paper.client_id,
        answers_digest=digest,
        started_at=paper.started_at,
        points=float(score.points),
        max_points=score.max_points,
        score=score.percent,
        correct_count=score.correct_count,
        passed=score.passed,
        pass_mark=quiz.pass_mark,
        mastery_correct=quiz.mastery_correct,
    )


def _previous(user: "User", client_id: UUID, digest: str) -> Outcome | None:
    attempt = Attempt.objects.filter(learner=user, client_id=client_id).first()
    if attempt is None:
        return None
    if attempt.answers_digest != digest:
        raise SubmissionError(
            _("This attempt was already sent with different answers. Start the quiz again."),
            status=409,
        )
    return Outcome(None, None, attempt, replayed=True)


def response_row(
    attempt: Attempt,
    position: int,
    question: scoring.Question,
    answers: dict[str, Any],
    result: scoring.QuestionResult,
) -> Response:
    """The stored row of one answer of an attempt (not saved)."""
    answer = answers[question.id]
    return Response(
        attempt=attempt,
        question_id=question.id,
        kind=question.kind,
        position=position,
        answer_key=scoring.answer_key(question, answer),
        text=registry.get(question.kind).stored_text(answer),
        points=float(result.points),
        correct=result.correct,
        scored=result.scored,
    )
