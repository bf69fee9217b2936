"""Short answer: a word or a number, such as a help-line number."""

from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .base import Question, QuestionBlock, accepted_answers, explanation_block, normalise_text
from .base import feedback_block as _feedback
from .text import TextKind

MAX_SHORT_ANSWER = 200


class ShortAnswerBlock(QuestionBlock):
    """A question answered in a word or a number, such as a help-line number."""

    kind = "short"
    accepted_answers = blocks.TextBlock(
        label=_("Accepted answers"),
        max_length=1000,
        help_text=_(
            "One accepted answer per line. Capitals, spaces and full stops are ignored, "
            "so '110', ' 110 ' and '110.' all count."
        ),
    )
    feedback_correct = _feedback(label=_("Feedback for a right answer"))
    feedback_incorrect = _feedback(label=_("Feedback for a wrong answer"))
    explanation = explanation_block()

    def clean(self, value):
        value = super().clean(value)
        if not accepted_answers(value["accepted_answers"]):
            raise StructBlockValidationError(
                {"accepted_answers": ValidationError(_("Enter at least one accepted answer."))}
            )
        return value

    class Meta:
        icon = "edit"
        label = _("Short answer")
        description = _("A question answered in a word or a number.")
        preview_value = {
            "prompt": "Which number do you call for the police?",
            "accepted_answers": "110",
            "feedback_correct": "Yes: 110 is free from any phone.",
            "feedback_incorrect": "The police number is 110, free from any phone.",
            "explanation": "110 reaches the police everywhere in the country.",
        }


def _shown_answers(value):
    return [line.strip() for line in value["accepted_answers"].splitlines() if line.strip()]


class ShortAnswer(TextKind):
    """Text; right when it equals an accepted answer after ``normalise_text``."""

    name = "short"
    block_name = "short_answer"
    block_class = ShortAnswerBlock
    template = "quizzes/kinds/short_answer.html"
    result_template = "quizzes/kinds/short_answer_result.html"
    max_length = MAX_SHORT_ANSWER

    def scoring_question(self, value, question_id):
        return Question(
            question_id, self.name, accepted=accepted_answers(value["accepted_answers"])
        )

    def points(self, question, answer):
        return Fraction(int(normalise_text(answer) in question.accepted))

    def answer_key(self, question, answer):
        return normalise_text(answer)

    def present(self, view, value, *, rng, shuffle):
        view.accepted = _shown_answers(value)

    def feedback_texts(self, value):
        return {
            "accepted": next(iter(_shown_answers(value)), ""),
            "feedback_correct": value["feedback_correct"],
            "feedback_incorrect": value["feedback_incorrect"],
        }
