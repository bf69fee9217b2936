"""Reading a quiz submission, from a plain HTML form or from JSON, into checked answers.

A form posts one field per question (``q-<question id>``); a matching
question posts one field per item and an ordering question one position per
step. In one-question-per-screen mode the answers given on earlier screens
travel along in the ``answers`` field as JSON, in the same shapes as a JSON
submission (see ``scoring``). Everything is checked again on every request.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lifeskills import safe_input

from . import scoring

MAX_CARRIED_ANSWERS = 60_000


def incomplete_message():
    return _("This quiz form is incomplete. Please start the quiz again.")


class SubmissionError(Exception):
    """A submission that cannot be accepted, with the message and status to answer it with."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Paper:
    """One attempt's identity: the device's client id, its questions in order, its start."""

    client_id: uuid.UUID
    question_ids: list
    started_at: datetime

    def as_fields(self):
        return {
            "client_id": str(self.client_id),
            "questions": ",".join(self.question_ids),
            "started": self.started_at.isoformat(),
        }


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


def _form_answer(post, question):
    """The answer a plain form gives for one question, or None if it gives none."""
    name = f"q-{question.id}"
    kind = question.kind
    if kind == scoring.MULTIPLE:
        values = post.getlist(name)
        return values or None
    if kind == scoring.MATCHING:
        answer = {item: post.get(f"{name}-{item}", "") for item in question.items}
        if not any(answer.values()):
            return None
        return answer
    if kind == scoring.ORDERING:
        positions = {}
        for step in question.items:
            raw = post.get(f"{name}-{step}", "")
            if not raw:
                return None if not positions else OrderingGap()
            try:
                positions[step] = int(raw)
            except ValueError:
                return OrderingGap()
        if sorted(positions.values()) != list(range(1, len(question.items) + 1)):
            return OrderingGap()
        return sorted(positions, key=positions.__getitem__)
    if name not in post:
        return None
    value = post.get(name)
    if kind in scoring.TEXT_KINDS:
        return value if value.strip() else None
    return value or None


class OrderingGap(list):
    """A half-filled ordering: two steps share a number, or one has none."""


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
        answer = _form_answer(post, quiz.scoring_questions[qid])
        if answer is not None:
            answers[qid] = answer
    return answers


def answer_errors(quiz, question_ids, answers):
    """A message per question that is unanswered or whose answer cannot be accepted."""
    errors = {}
    for qid in question_ids:
        question = quiz.scoring_questions[qid]
        if qid not in answers:
            errors[qid] = _missing_message(question)
            continue
        answer = answers[qid]
        if isinstance(answer, OrderingGap):
            errors[qid] = _("Give each step its own number, from 1 to %(n)d.") % {
                "n": len(question.items)
            }
            continue
        try:
            scoring.check_answer(question, answer)
        except scoring.InvalidAnswer:
            errors[qid] = _invalid_message(question, answer)
    return errors


def _missing_message(question):
    if question.kind == scoring.MATCHING:
        return _("Choose a match for every item.")
    if question.kind == scoring.ORDERING:
        return _("Give each step a number to put the steps in order.")
    if question.kind in scoring.TEXT_KINDS:
        return _("Write an answer.")
    if question.kind == scoring.MULTIPLE:
        return _("Tick at least one answer.")
    return _("Choose an answer.")


def _invalid_message(question, answer):
    if question.kind in scoring.TEXT_KINDS and isinstance(answer, str) and answer.strip():
        limit = (
            scoring.MAX_SHORT_ANSWER if question.kind == scoring.SHORT else scoring.MAX_REFLECTION
        )
        return ngettext(
            "Your answer is too long: write at most %(limit)d character.",
            "Your answer is too long: write at most %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    if question.kind == scoring.MATCHING:
        return _("Choose a match for every item from the list.")
    if question.kind in scoring.TEXT_KINDS:
        return _("Write an answer.")
    return _("That answer is not one of the choices. Please choose again.")


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
