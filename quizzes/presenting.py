"""What the quiz templates show: questions as a child meets them, and their results.

Plain view objects built from the question blocks; templates read these and
never work out an answer themselves. Each question's kind fills in its own
part (``QuestionKind.present``) and names the partials that show it.
"""

import random
from dataclasses import dataclass, field

from . import scoring
from .kinds import registry
from .kinds.base import Choice, Row

__all__ = ["Choice", "QuestionView", "Row", "question_view"]


@dataclass
class QuestionView:
    id: str
    kind: str
    block_type: str
    number: int
    value: object
    answer: object = None
    error: str = ""
    choices: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    matches: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    result: scoring.QuestionResult | None = None
    feedback: list = field(default_factory=list)
    accepted: list = field(default_factory=list)
    #: A result with the answer left blank, for a device to fill in offline.
    blank: bool = False

    @property
    def question_kind(self):
        """The kind's class: its partials and what they need to know of it."""
        return registry.get(self.kind)

    @property
    def field_name(self):
        return f"q-{self.id}"

    @property
    def scored(self):
        return self.question_kind.scored

    @property
    def text_answer(self):
        return self.answer if isinstance(self.answer, str) else ""

    @property
    def percent(self):
        if self.result is None:
            return None
        return round(float(self.result.points) * 100)

    @property
    def right_order(self):
        """The steps of an ordering question in the right order, for the result screen."""
        return sorted(self.rows, key=lambda r: int(r.right_text))

    @property
    def verdict(self):
        """ "right", "partly" or "wrong" for a scored result; "" otherwise."""
        if not self.scored or self.result is None:
            return ""
        if self.result.correct:
            return "right"
        return "partly" if self.partly_right else "wrong"

    @property
    def partly_right(self):
        return self.result is not None and 0 < self.result.points < 1


def question_view(
    quiz, question_id, number, *, seed, shuffle, answer=None, result=None, blank=False
):
    """Build the view of one question. ``seed`` keeps shuffled orders the same on every screen."""
    block, value = quiz.question_blocks[question_id]
    question = quiz.scoring_questions[question_id]
    view = QuestionView(
        question_id,
        question.kind,
        block.name,
        number,
        value,
        answer=answer,
        result=result,
        blank=blank,
    )
    rng = random.Random(f"{seed}/{question_id}")
    registry.get(question.kind).present(view, value, rng=rng, shuffle=shuffle)
    return view


def question_views(quiz, paper, answers, errors=None, indexes=None, results=None, blank=False):
    """The questions of a paper as the templates show them (all, or those at ``indexes``)."""
    errors, results = errors or {}, results or {}
    shuffle = quiz.shuffles
    views = []
    for position, qid in enumerate(paper.question_ids):
        if indexes is not None and position not in indexes:
            continue
        view = question_view(
            quiz,
            qid,
            position + 1,
            seed=paper.client_id,
            shuffle=shuffle,
            answer=answers.get(qid),
            result=results.get(qid),
            blank=blank,
        )
        view.error = errors.get(qid, "")
        views.append(view)
    return views
