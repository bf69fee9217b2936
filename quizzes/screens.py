"""The screens of a quiz, as the views hand them to the templates.

A screen is built by ``quizzes.views`` and read by ``templates/quizzes``; it
holds what varies from one request to the next. The page itself stays in the
context as ``page``.
"""

from dataclasses import dataclass, field

from .papers import Paper
from .presenting import QuestionView


@dataclass
class QuizScreen:
    """Questions to answer: the first screen, the next one, or a form sent back with errors.

    ``index`` is the position of the question shown when the quiz asks one per
    screen; ``checked`` says that question has just been checked and shows its
    feedback. ``answers_json`` carries the answers of earlier screens.
    """

    paper: Paper
    questions: list[QuestionView] = field(default_factory=list)
    index: int = 0
    checked: bool = False
    is_last: bool = False
    answers_json: str = ""
    form_errors: int = 0

    @property
    def first(self):
        """The screen that opens an attempt: it shows the introduction and earlier attempts."""
        return self.index == 0 and not self.checked


@dataclass
class ResultScreen:
    """A submitted attempt, answer by answer.

    ``result`` is a stored Attempt or, for a visitor's practice, a
    ``scoring.Score``; ``pass_mark`` and ``mastery_correct`` are the rules that
    judged it. A ``blank`` screen has no result yet: a downloaded quiz keeps it
    as a template that the device fills in with the result it works out.
    """

    result: object
    pass_mark: int
    mastery_correct: int | None
    questions: list[QuestionView] = field(default_factory=list)
    blank: bool = False

    @property
    def outcome(self):
        """ "passed" or "failed"; "" while blank."""
        if self.blank:
            return ""
        return "passed" if self.result.passed else "failed"
