"""A signed-in child's quiz page from a kept copy: the questions once, her attempts each time.

The first screen of a quiz is the same for every child but for a few parts:
the attempt's client id and start time, the form's token, her earlier
attempts and how many she has left. ``kept_entry`` renders the rest once per
page and language (``lifeskills.platform.page_cache`` keeps it and retires it
when content changes); ``serve_kept`` fills her parts in on each request.

Only a quiz that asks every child the same questions in the same order is
kept: one that shuffles or draws questions per attempt shows each child her
own paper, and is rendered whole, as before.
"""

import uuid

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

from lifeskills.platform.page_cache import TOKEN_PLACE, fill_places, place

from .models import QuizPage
from .papers import Paper
from .presenting import question_views
from .screens import QuizScreen

CLIENT_PLACE = place("client")
STARTED_PLACE = place("started")
PREVIOUS_PLACE = place("previous")
LEFT_PLACE = place("left")


class _StartedPlace:
    """The attempt's start, written as its marked place."""

    def isoformat(self):
        return STARTED_PLACE


def same_paper_for_all(quiz: QuizPage) -> bool:
    """Whether every attempt asks the same questions in the same order."""
    return not quiz.shuffles and quiz.questions_asked == len(quiz.scored_pool)


def kept_context(kept_request, quiz: QuizPage):
    """The first screen's context with no child in it: marked places for her parts."""
    paper = Paper(CLIENT_PLACE, quiz.draw(""), _StartedPlace())
    first = [0] if quiz.one_per_screen else None
    screen = QuizScreen(paper, question_views(quiz, paper, {}, indexes=first))
    context = quiz.get_context(kept_request)
    context.update(
        module=quiz.module,
        stores=True,
        previous_attempts=[],
        attempts_used=0,
        attempts_left=None,
        one_per_screen=quiz.one_per_screen,
        screen=screen,
        kept_places={"previous": PREVIOUS_PLACE, "left": LEFT_PLACE},
    )
    return context


def own_parts(user, quiz_fields) -> dict:
    """The child's own parts of the quiz's first screen: her earlier attempts and how
    many she has left (``left``: 0 when none, None when the quiz has no limit)."""
    quiz = QuizPage(
        pk=quiz_fields["page_id"],
        translation_key=uuid.UUID(quiz_fields["translation_key"]),
        attempts_allowed=quiz_fields["attempts_allowed"],
    )
    attempts = list(quiz.attempts_by(user)[:5])
    used = len(attempts) if len(attempts) < 5 else quiz.attempts_by(user).count()
    left = quiz.attempts_left(user, used) if quiz.attempts_allowed is not None else None
    if left == 0:
        return {"left": 0}
    own = {"page": quiz, "previous_attempts": attempts, "attempts_left": left, "screen": _First()}
    return {
        "left": left,
        PREVIOUS_PLACE: render_to_string("quizzes/includes/previous_attempts.html", own),
        LEFT_PLACE: render_to_string("quizzes/includes/attempts_left.html", own),
    }


def serve_kept(request, quiz_fields, html, content_type, parts, own=None):
    """The kept first screen with the signed-in child's own parts, or None to render it whole.

    ``quiz_fields`` are what the entry kept of the quiz: its id, translation
    key and attempts allowed; ``parts`` the caller's own marked places;
    ``own``, her parts as ``own_parts`` made them, if the caller keeps them.
    A child with no attempts left sees no form: her page is rendered whole.
    """
    if own is None:
        own = own_parts(request.user, quiz_fields)
    if own["left"] == 0:
        return None
    parts = {
        **parts,
        TOKEN_PLACE: get_token(request),
        CLIENT_PLACE: str(uuid.uuid4()),
        STARTED_PLACE: timezone.now().isoformat(),
        PREVIOUS_PLACE: own[PREVIOUS_PLACE],
        LEFT_PLACE: own[LEFT_PLACE],
    }
    return HttpResponse(fill_places(html, parts), content_type=content_type)


class _First:
    first = True
