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

import bisect
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
SCENARIO = "scenario"
MATCHING = "matching"
ORDERING = "ordering"
SHORT = "short"
REFLECTION = "reflection"

CHOICE_KINDS = {SINGLE, TRUE_FALSE, SCENARIO}
TEXT_KINDS = {SHORT, REFLECTION}
KINDS = CHOICE_KINDS | TEXT_KINDS | {MULTIPLE, MATCHING, ORDERING}

MAX_SHORT_ANSWER = 200
MAX_REFLECTION = 2000


class InvalidAnswer(ValueError):
    """An answer that does not fit its question: tampered with, or from another quiz."""


@dataclass(frozen=True)
class Option:
    id: str
    correct: bool


@dataclass(frozen=True)
class Question:
    """What scoring needs of a question: its id, kind and right answers.

    ``items`` are the pair ids of a matching question or the step ids of an
    ordering question, in the right order.
    """

    id: str
    kind: str
    options: list = field(default_factory=list)
    items: list = field(default_factory=list)
    accepted: list = field(default_factory=list)

    @property
    def scored(self):
        return self.kind != REFLECTION

    @property
    def option_ids(self):
        return [option.id for option in self.options]


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


def normalise_text(text):
    """Fold typed text so case, spaces, full-width forms and end punctuation don't count."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in text if not ch.isspace())
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(text[end - 1]).startswith("P"):
        end -= 1
    return text[start:end]


def accepted_answers(text):
    """The accepted answers an editor wrote, one per line, normalised; blanks dropped."""
    seen = []
    for line in (text or "").splitlines():
        folded = normalise_text(line)
        if folded and folded not in seen:
            seen.append(folded)
    return seen


def check_answer(question, answer):
    """Raise InvalidAnswer unless ``answer`` has the shape the question's kind expects."""
    kind = question.kind
    if kind in CHOICE_KINDS:
        if not isinstance(answer, str) or answer not in question.option_ids:
            raise InvalidAnswer("not one of this question's options")
    elif kind == MULTIPLE:
        if not isinstance(answer, list) or not answer:
            raise InvalidAnswer("choose at least one option")
        if not all(isinstance(a, str) for a in answer) or len(set(answer)) != len(answer):
            raise InvalidAnswer("options must be distinct option ids")
        if not set(answer) <= set(question.option_ids):
            raise InvalidAnswer("not one of this question's options")
    elif kind == MATCHING:
        if not isinstance(answer, dict) or set(answer) != set(question.items):
            raise InvalidAnswer("every item needs exactly one match")
        if not all(isinstance(v, str) and v in question.items for v in answer.values()):
            raise InvalidAnswer("not one of this question's matches")
    elif kind == ORDERING:
        if (
            not isinstance(answer, list)
            or not all(isinstance(a, str) for a in answer)
            or sorted(answer) != sorted(question.items)
        ):
            raise InvalidAnswer("every step must appear exactly once")
    elif kind in TEXT_KINDS:
        limit = MAX_SHORT_ANSWER if kind == SHORT else MAX_REFLECTION
        if not isinstance(answer, str) or not answer.strip():
            raise InvalidAnswer("the answer is empty")
        if len(answer) > limit:
            raise InvalidAnswer(f"the answer is longer than {limit} characters")
    else:
        raise InvalidAnswer(f"unknown question kind {kind!r}")


def _longest_ordered_run(positions):
    # Longest strictly increasing subsequence, O(n log n).
    tails = []
    for p in positions:
        i = bisect.bisect_left(tails, p)
        if i == len(tails):
            tails.append(p)
        else:
            tails[i] = p
    return len(tails)


def question_points(question, answer):
    """Points (a Fraction from 0 to 1) for a checked answer. Reflections earn 0."""
    kind = question.kind
    if kind in CHOICE_KINDS:
        return Fraction(int(any(o.id == answer and o.correct for o in question.options)))
    if kind == MULTIPLE:
        correct = {o.id for o in question.options if o.correct}
        chosen = set(answer)
        return max(
            Fraction(0), Fraction(len(chosen & correct) - len(chosen - correct), len(correct))
        )
    if kind == MATCHING:
        right = sum(1 for item, match in answer.items() if item == match)
        return Fraction(right, len(question.items))
    if kind == ORDERING:
        n = len(question.items)
        position = {step: i for i, step in enumerate(question.items)}
        run = _longest_ordered_run([position[step] for step in answer])
        return Fraction(run - 1, n - 1)
    if kind == SHORT:
        return Fraction(int(normalise_text(answer) in question.accepted))
    return Fraction(0)


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
    kind = question.kind
    if kind in CHOICE_KINDS:
        return answer
    if kind == MULTIPLE:
        order = {option_id: i for i, option_id in enumerate(question.option_ids)}
        return ",".join(sorted(answer, key=order.__getitem__))
    if kind == MATCHING:
        return ",".join(f"{item}:{answer[item]}" for item in question.items)
    if kind == ORDERING:
        return ",".join(answer)
    if kind == SHORT:
        return normalise_text(answer)
    return ""


def answer_from_key(question, key):
    """The answer an :func:`answer_key` stands for (text answers: the folded text)."""
    kind = question.kind
    if kind in CHOICE_KINDS or kind in TEXT_KINDS:
        return key
    if kind == MATCHING:
        return dict(part.split(":", 1) for part in key.split(",") if part)
    return [part for part in key.split(",") if part]
