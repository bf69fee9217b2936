"""Taking a quiz: its first screen, checking one answer, submitting, reading a result.

Wagtail routes the quiz page's own address to :func:`first_screen`; the other
views receive its forms. Each accepts a plain form, so a quiz works without
JavaScript; ``submit`` also accepts JSON for devices that send attempts later.
Every screen is a typed object from ``quizzes.screens``.
"""

import json

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import learner_matches

from . import offline as offline_data
from . import scoring
from .forms import (
    answer_errors,
    form_answers,
    incomplete_message,
    new_paper,
    read_json,
    read_paper,
    unknown_answers,
)
from .models import Attempt, QuizPage, stores_attempts
from .papers import Paper, SubmissionError
from .presenting import question_views
from .queries import attempt_result_views
from .screens import QuizScreen, ResultScreen
from .services import submit_attempt


def _live_quiz(page_id):
    return get_object_or_404(QuizPage.objects.live().public().specific(), pk=page_id)


def page_context(request, quiz):
    """What every screen of a quiz shows around its questions: the module, and the
    child's own attempts."""
    context = quiz.get_context(request)
    attempts = list(quiz.attempts_by(request.user)[:5])
    used = quiz.attempts_by(request.user).count() if attempts else 0
    context.update(
        module=quiz.module,
        stores=stores_attempts(request.user),
        previous_attempts=attempts,
        attempts_used=used,
        attempts_left=quiz.attempts_left(request.user, used),
        one_per_screen=quiz.one_per_screen,
    )
    return context


def _quiz_screen(request, quiz, screen, status=200):
    context = {**page_context(request, quiz), "screen": screen}
    return TemplateResponse(request, quiz.get_template(request), context, status=status)


def first_screen(request, quiz):
    """The quiz page: a fresh attempt, with its first question or all of them."""
    paper = new_paper(quiz)
    first = [0] if quiz.one_per_screen else None
    screen = QuizScreen(paper, question_views(quiz, paper, {}, indexes=first))
    return _quiz_screen(request, quiz, screen)


def _error(request, quiz, error, as_json=False):
    if as_json:
        return JsonResponse({"error": error.message}, status=error.status)
    context = {"page": quiz, "self": quiz, "module": quiz.module, "message": error.message}
    return TemplateResponse(request, "quizzes/quiz_error.html", context, status=error.status)


def _index(post, paper):
    try:
        index = int(post.get("index", ""))
    except ValueError:
        raise SubmissionError(incomplete_message()) from None
    if not 0 <= index < len(paper.question_ids):
        raise SubmissionError(incomplete_message())
    return index


@require_POST
def check(request, page_id):
    """One question per screen: show the next question, or check the one just answered."""
    quiz = _live_quiz(page_id)
    try:
        paper = read_paper(request.POST, quiz)
        answers = form_answers(request.POST, quiz, paper.question_ids)
        index = _index(request.POST, paper)
    except SubmissionError as error:
        return _error(request, quiz, error)
    qid = paper.question_ids[index]
    if request.POST.get("move") == "show":
        answers.pop(qid, None)
        screen = QuizScreen(
            paper,
            question_views(quiz, paper, answers, indexes=[index]),
            index=index,
            answers_json=_carry(answers, paper, index - 1),
        )
        return _quiz_screen(request, quiz, screen)
    errors = answer_errors(quiz, [qid], answers)
    if errors:
        answers.pop(qid, None)
        screen = QuizScreen(
            paper,
            question_views(quiz, paper, answers, errors, indexes=[index]),
            index=index,
            answers_json=_carry(answers, paper, index - 1),
        )
        return _quiz_screen(request, quiz, screen, status=400)
    result = scoring.score_question(quiz.scoring_questions[qid], answers[qid])
    screen = QuizScreen(
        paper,
        question_views(quiz, paper, answers, indexes=[index], results={qid: result}),
        index=index,
        checked=True,
        is_last=index + 1 == len(paper.question_ids),
        answers_json=_carry(answers, paper, index),
    )
    return _quiz_screen(request, quiz, screen)


def _carry(answers, paper, last_index):
    """The answers given up to and including ``last_index``, as the hidden field carries them."""
    kept = {qid: answers[qid] for qid in paper.question_ids[: last_index + 1] if qid in answers}
    return json.dumps(kept, ensure_ascii=False) if kept else ""


@require_POST
def submit(request, page_id):
    quiz = _live_quiz(page_id)
    as_json = request.content_type == "application/json"
    if as_json and not learner_matches(request):
        return JsonResponse(
            {"error": _("Someone else is signed in on this device."), "retry": True}, status=409
        )
    try:
        if as_json:
            data = read_json(request)
            paper = read_paper(data, quiz)
            answers = data.get("answers", {})
            if unknown_answers(paper.question_ids, answers):
                raise SubmissionError(
                    _("The submission answers a question that is not in this quiz.")
                )
        else:
            paper = read_paper(request.POST, quiz)
            answers = form_answers(request.POST, quiz, paper.question_ids)
        errors = answer_errors(quiz, paper.question_ids, answers)
        if errors and (as_json or quiz.one_per_screen):
            raise SubmissionError(
                _("Some answers are missing or cannot be accepted. Please start the quiz again.")
            )
        if errors:
            screen = QuizScreen(
                paper, question_views(quiz, paper, answers, errors), form_errors=len(errors)
            )
            return _quiz_screen(request, quiz, screen, status=400)
        outcome = submit_attempt(quiz, request.user, paper, answers, quiz.locale.language_code)
    except SubmissionError as error:
        return _error(request, quiz, error, as_json)

    if outcome.attempt is not None:
        attempt = outcome.attempt
        if as_json:
            return JsonResponse(
                _attempt_json(attempt, outcome.replayed), status=200 if outcome.replayed else 201
            )
        return redirect(_result_url(quiz, attempt), permanent=False)
    if as_json:
        return JsonResponse(
            {
                "stored": False,
                "score": outcome.score.percent,
                "passed": outcome.score.passed,
                "correct": outcome.score.correct_count,
                "questions": outcome.score.max_points,
            }
        )
    results = {r.question_id: r for r in outcome.score.items}
    return _result_screen(request, quiz, paper.question_ids, answers, results, outcome.score)


def _attempt_json(attempt, replayed):
    return {
        "stored": True,
        "replayed": replayed,
        "client_id": str(attempt.client_id),
        "score": attempt.score,
        "passed": attempt.passed,
        "correct": attempt.correct_count,
        "questions": attempt.max_points,
    }


def _result_url(quiz, attempt):
    return reverse("quizzes:result", args=[quiz.pk, attempt.client_id])


@require_GET
def offline(request, page_id):
    """The quiz as it works with no connection, for a device downloading its module."""
    return offline_document(request, _live_quiz(page_id))


def offline_document(request, quiz):
    """The quiz as a downloaded module keeps it: every question on one form, with the
    key and feedback that let the device score an attempt and explain it offline."""
    paper = new_paper(quiz)
    context = {
        **page_context(request, quiz),
        "screen": QuizScreen(paper, question_views(quiz, paper, {})),
        # The online result's partials with the answers left blank, for the device to fill.
        "result_screen": ResultScreen(None, quiz.pass_mark, quiz.mastery_correct, blank=True),
        "result_questions": question_views(quiz, paper, {}, blank=True),
        "offline_key": offline_data.scoring_key(quiz),
        "offline_feedback": offline_data.feedback_texts(quiz),
    }
    return TemplateResponse(request, "quizzes/quiz_offline.html", context)


@require_GET
def result(request, page_id, client_id):
    """A signed-in child's own stored attempt, answer by answer."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    quiz = _live_quiz(page_id)
    attempt = (
        Attempt.objects.filter(
            learner=request.user, client_id=client_id, quiz_key=quiz.translation_key
        )
        .prefetch_related("responses")
        .first()
    )
    if attempt is None:
        raise Http404
    screen = ResultScreen(
        attempt, attempt.pass_mark, attempt.mastery_correct, attempt_result_views(quiz, attempt)
    )
    return _result_response(request, quiz, screen)


def _result_screen(request, quiz, question_ids, answers, results, score):
    """A visitor's practice: ``score`` is a scoring.Score, judged by the quiz's own rules."""
    paper = Paper("practice", question_ids, None)
    screen = ResultScreen(
        score,
        quiz.pass_mark,
        quiz.mastery_correct,
        question_views(quiz, paper, answers, results=results),
    )
    return _result_response(request, quiz, screen)


def _result_response(request, quiz, screen):
    context = {**page_context(request, quiz), "screen": screen}
    return TemplateResponse(request, "quizzes/quiz_result.html", context)
