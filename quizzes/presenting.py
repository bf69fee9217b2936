"""What the quiz templates show: questions as a child meets them, and their results.

Plain view objects built from the question blocks; templates read these and
never work out an answer themselves.
"""

import random
from dataclasses import dataclass, field

from django.utils.translation import gettext

from . import scoring
from .blocks import FALSE, TRUE


@dataclass
class Choice:
    id: str
    text: str
    feedback: str = ""
    correct: bool = False
    chosen: bool = False


@dataclass
class Row:
    """A matching item or an ordering step, with what the child chose for it."""

    id: str
    text: str
    feedback: str = ""
    chosen: str = ""  # the chosen match id, or the chosen position
    chosen_text: str = ""
    right_text: str = ""
    right: bool = False


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

    @property
    def field_name(self):
        return f"q-{self.id}"

    @property
    def scored(self):
        return self.kind != scoring.REFLECTION

    @property
    def multiple(self):
        return self.kind == scoring.MULTIPLE

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
    def partly_right(self):
        return self.result is not None and 0 < self.result.points < 1


def _options(block_type, value):
    if block_type == "true_false":
        return [
            Choice(TRUE, gettext("True"), value["feedback_true"], bool(value["is_true"])),
            Choice(FALSE, gettext("False"), value["feedback_false"], not value["is_true"]),
        ]
    return [
        Choice(str(item.id), item.value["text"], item.value["feedback"], item.value["correct"])
        for item in value["options"].bound_blocks
    ]


def question_view(quiz, question_id, number, *, seed, shuffle, answer=None, result=None):
    """Build the view of one question. ``seed`` keeps shuffled orders the same on every screen."""
    block, value = quiz.question_blocks[question_id]
    question = quiz.scoring_questions[question_id]
    rng = random.Random(f"{seed}/{question_id}")
    view = QuestionView(
        question_id, question.kind, block.name, number, value, answer=answer, result=result
    )
    if question.kind in scoring.CHOICE_KINDS or question.kind == scoring.MULTIPLE:
        view.choices = _options(block.name, value)
        if shuffle and block.name != "true_false":
            rng.shuffle(view.choices)
        chosen = answer if isinstance(answer, list) else [answer]
        for choice in view.choices:
            choice.chosen = choice.id in chosen
        if result is not None:
            view.feedback = [c for c in view.choices if c.chosen or c.correct]
    elif question.kind == scoring.SHORT:
        view.accepted = [
            line.strip() for line in value["accepted_answers"].splitlines() if line.strip()
        ]
    elif question.kind == scoring.MATCHING:
        pairs = list(value["pairs"].bound_blocks)
        texts = {str(p.id): p.value["match"] for p in pairs}
        answer = answer if isinstance(answer, dict) else {}
        view.rows = [
            Row(
                str(p.id),
                p.value["item"],
                p.value["feedback"],
                chosen=answer.get(str(p.id), ""),
                chosen_text=texts.get(answer.get(str(p.id), ""), ""),
                right_text=p.value["match"],
                right=answer.get(str(p.id)) == str(p.id),
            )
            for p in pairs
        ]
        view.matches = [Choice(pid, text) for pid, text in texts.items()]
        # Matches are always shown out of order, or the answer would be the list itself.
        view.matches.sort(key=lambda c: c.text.casefold())
        if shuffle:
            rng.shuffle(view.rows)
    elif question.kind == scoring.ORDERING:
        steps = list(value["steps"].bound_blocks)
        right_position = {str(s.id): i + 1 for i, s in enumerate(steps)}
        chosen_position = (
            {step: i + 1 for i, step in enumerate(answer)} if isinstance(answer, list) else {}
        )
        view.rows = [
            Row(
                str(s.id),
                s.value["text"],
                s.value["feedback"],
                chosen=str(chosen_position.get(str(s.id), "")),
                right_text=str(right_position[str(s.id)]),
                right=chosen_position.get(str(s.id)) == right_position[str(s.id)],
            )
            for s in steps
        ]
        view.positions = list(range(1, len(steps) + 1))
        if result is None:
            _shuffle_out_of_order(view.rows, rng)
        else:
            # Results list the steps in the child's order, beside the right order.
            view.rows.sort(key=lambda r: int(r.chosen or 0))
    return view


def _shuffle_out_of_order(rows, rng):
    # A shuffle that happens to give the right order would give the answer away.
    original = [r.id for r in rows]
    for _attempt in range(10):
        rng.shuffle(rows)
        if [r.id for r in rows] != original:
            return
    rows.reverse()
