"""How quiz answers are checked and scored: plain functions, no database, no HTTP.

The server's score is the one that counts; a device that scores offline must
follow exactly these rules.

Answers
-------
An answer is checked against its question's shape before it is scored
(:func:`check_answer`); anything malformed raises :class:`InvalidAnswer`.

=================  ====================================================
kind               answer
=================  ====================================================
single, scenario,  one option id (``str``)
true_false
multiple           a list of distinct option ids, at least one
matching           ``{item id: item id of the chosen match}``, every item
ordering           every step id once, in the child's order
short              text, at most :data:`MAX_SHORT_ANSWER` characters
reflection         text, at most :data:`MAX_REFLECTION` characters
=================  ====================================================

Points
------
Every scored question is worth one point. Reflections are not scored.

- **single choice, true/false, scenario, short answer**: 1 if right, else 0. A
  scenario may have several safe choices; any of them is right. A short answer is
  right when it equals an accepted answer after :func:`normalise_text`.
- **multiple response**: each correct option ticked earns an equal share of
  the point and each wrong option ticked takes a share away, never below zero:
  ``max(0, (right ticked - wrong ticked) / number of correct options)``. Ticking
  every option therefore earns nothing unless every option is correct.
- **matching**: the share of items given their own match:
  ``right matches / items``.
- **ordering**: ``(L - 1) / (n - 1)`` for ``n`` steps, where ``L`` is the length
  of the longest run of steps (not necessarily next to each other) that the
  child put in the right order relative to each other. The right order scores
  1; moving one step out of place costs ``1 / (n - 1)``; the reverse order scores 0.

An answer is *correct* only with the full point; partial credit counts in
the score but not towards the mastery rule.

The attempt's score is the percentage of points over the scored questions.
It passes when the score reaches the pass mark and, if the quiz has a mastery
rule ("M of N correct"), at least M answers are correct.
"""

from dataclasses import dataclass
from fractions import Fraction

from . import kinds
from .kinds import UnknownKind, registry
from .kinds.base import InvalidAnswer, Option, Question, accepted_answers, normalise_text
from .kinds.reflection import MAX_REFLECTION
from .kinds.short_answer import MAX_SHORT_ANSWER

# The names of the built-in kinds, as answer rows store them, taken from the
# kind classes in ``quizzes.kinds`` that own them; they serve code that makes
# answers, such as the demo data.
SINGLE = kinds.single_choice.SingleChoice.name
MULTIPLE = kinds.multiple_response.MultipleResponse.name
TRUE_FALSE = kinds.true_false.TrueFalse.name
SCENARIO = kinds.scenario.Scenario.name
MATCHING = kinds.matching.Matching.name
ORDERING = kinds.ordering.Ordering.name
SHORT = kinds.short_answer.ShortAnswer.name
REFLECTION = kinds.reflection.Reflection.name

CHOICE_KINDS = {SINGLE, TRUE_FALSE, SCENARIO}
TEXT_KINDS = {SHORT, REFLECTION}
KINDS = {kind.name for kind in kinds.BUILT_IN}

__all__ = [
    "MAX_REFLECTION",
    "MAX_SHORT_ANSWER",
    "InvalidAnswer",
    "Option",
    "Question",
    "accepted_answers",
    "normalise_text",
]


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    points: Fraction
    correct: bool
    scored: bool


@dataclass(frozen=True)
class Score:
    items: list
    points: Fraction
    max_points: int
    correct_count: int
    passed: bool

    @property
    def percent(self):
        if not self.max_points:
            return 100.0
        return round(float(self.points * 100 / self.max_points), 2)


def kind_of(question):
    """The kind class of a question. Raises InvalidAnswer for a kind nobody registered."""
    try:
        return registry.get(question.kind)
    except UnknownKind:
        raise InvalidAnswer(f"unknown question kind {question.kind!r}") from None


def check_answer(question, answer):
    """Raise InvalidAnswer unless ``answer`` has the shape the question's kind expects."""
    kind_of(question).check_answer(question, answer)


def question_points(question, answer):
    """Points (a Fraction from 0 to 1) for a checked answer. Reflections earn 0."""
    return kind_of(question).points(question, answer)


def score_question(question, answer):
    check_answer(question, answer)
    points = question_points(question, answer)
    return QuestionResult(question.id, points, question.scored and points == 1, question.scored)


def score(questions, answers, *, pass_mark, mastery_correct=None):
    """Score a whole attempt.

    ``answers`` maps question id to answer and must answer every question
    given, nothing else. ``pass_mark`` is a percentage; ``mastery_correct`` is
    the M of an "M of N correct" rule, or None.
    """
    ids = [q.id for q in questions]
    if set(answers) != set(ids):
        raise InvalidAnswer("the answers do not match the questions")
    items = [score_question(q, answers[q.id]) for q in questions]
    points = sum((r.points for r in items), Fraction(0))
    max_points = sum(1 for q in questions if q.scored)
    correct_count = sum(1 for r in items if r.correct)
    passed = points * 100 >= pass_mark * max_points
    if mastery_correct is not None:
        passed = passed and correct_count >= mastery_correct
    return Score(items, points, max_points, correct_count, passed)


def answer_key(question, answer):
    """A canonical text form of an answer: equal answers give equal keys.

    Statistics group wrong answers by this key, so two children who tick the
    same options in a different order, or type "Police " and "police", count
    as giving the same answer.
    """
    return kind_of(question).answer_key(question, answer)


def answer_from_key(question, key):
    """The answer an :func:`answer_key` stands for (text answers: the folded text)."""
    return kind_of(question).answer_from_key(question, key)
