"""Reading a quiz submission, from a plain HTML form or from JSON, into checked answers.

A form posts one field per question (``q-<question id>``); a matching
question posts one field per item and an ordering question one position per
step. In one-question-per-screen mode the answers given on earlier screens
travel along in the ``answers`` field as JSON, in the same shapes as a JSON
submission (see ``scoring``). Everything is checked again on every request.
"""

import uuid
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from lifeskills import safe_input

from . import scoring
from .kinds import registry
from .papers import Paper, SubmissionError

MAX_CARRIED_ANSWERS = 60_000


def incomplete_message():
    return _("This quiz form is incomplete. Please start the quiz again.")


def new_paper(quiz):
    client_id = uuid.uuid4()
    return Paper(client_id, quiz.draw(client_id), timezone.now())


def read_paper(data, quiz):
    """The paper a submission names, checked against the quiz. Raises SubmissionError."""
    try:
        client_id = uuid.UUID(str(data.get("client_id", "")))
    except ValueError:
        raise SubmissionError(incomplete_message()) from None
    questions = data.get("questions", "")
    if isinstance(questions, str):
        questions = [q for q in questions.split(",") if q]
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise SubmissionError(incomplete_message())
    try:
        quiz.check_paper(questions)
    except scoring.InvalidAnswer:
        raise SubmissionError(
            _("This quiz has changed since you started it. Please start the quiz again."),
            status=409,
        ) from None
    now = timezone.now()
    started = data.get("started")
    if started is None:
        started_at = now
    else:
        try:
            started_at = safe_input.read_moment(started)
        except ValueError:
            raise SubmissionError(
                _("The start time of this attempt cannot be read. Please start the quiz again.")
            ) from None
    # A device clock can be wrong; an attempt never starts in the future or weeks ago.
    started_at = min(max(started_at, now - timedelta(days=30)), now)
    return Paper(client_id, questions, started_at)


def carried_answers(post):
    """Answers given on earlier screens, from the ``answers`` field."""
    raw = post.get("answers", "")
    if not raw:
        return {}
    if len(raw) > MAX_CARRIED_ANSWERS:
        raise SubmissionError(_("This quiz form is too large to read."))
    try:
        carried = safe_input.parse_json(raw)
    except safe_input.BadInput as error:
        raise SubmissionError(error.message, error.status) from None
    if not isinstance(carried, dict):
        raise SubmissionError(_("This quiz form could not be read. Please start the quiz again."))
    return carried


def form_answers(post, quiz, question_ids):
    """Every answer a form submission gives: carried ones, overridden by this screen's.

    Raises SubmissionError for a field that answers a question not on this paper.
    """
    answers = carried_answers(post)
    prefixes = [f"q-{qid}" for qid in question_ids]
    stray = [
        key
        for key in post
        if key.startswith("q-") and not any(key == p or key.startswith(p + "-") for p in prefixes)
    ]
    if stray or unknown_answers(question_ids, answers):
        raise SubmissionError(_("This form answers a question that is not in this quiz."))
    for qid in question_ids:
        question = quiz.scoring_questions[qid]
        answer = registry.get(question.kind).form_answer(post, question)
        if answer is not None:
            answers[qid] = answer
    return answers


def answer_errors(quiz, question_ids, answers):
    """A message per question that is unanswered or whose answer cannot be accepted."""
    errors = {}
    for qid in question_ids:
        question = quiz.scoring_questions[qid]
        kind = registry.get(question.kind)
        if qid not in answers:
            errors[qid] = kind.missing_message(question)
            continue
        answer = answers[qid]
        incomplete = kind.incomplete_message(question, answer)
        if incomplete:
            errors[qid] = incomplete
            continue
        try:
            scoring.check_answer(question, answer)
        except scoring.InvalidAnswer:
            errors[qid] = kind.invalid_message(question, answer)
    return errors


def unknown_answers(question_ids, answers):
    """Answers for questions that are not on this paper: another quiz's, or tampered with."""
    return sorted(set(answers) - set(question_ids))


def read_json(request):
    """A JSON submission: {client_id, questions, started, answers}. Raises SubmissionError."""
    try:
        data = safe_input.read_json(request)
    except safe_input.BadInput as error:
        raise SubmissionError(error.message, error.status) from None
    if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
        raise SubmissionError(_("The submission must be an object with an answers object."))
    return data
