"""True or false: a statement the child judges."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import Choice, Option, QuestionBlock, explanation_block, prompt_block
from .base import feedback_block as _feedback
from .choice import ChoiceKind

TRUE, FALSE = "true", "false"


class TrueFalseBlock(QuestionBlock):
    """A statement the child judges true or false, with feedback for each answer."""

    kind = "true_false"
    prompt = prompt_block(label=_("Statement"))
    is_true = blocks.BooleanBlock(
        label=_("The statement is true"),
        required=False,
        help_text=_("Tick if the statement is true; leave empty if it is false."),
    )
    feedback_true = _feedback(label=_('Feedback for "True"'))
    feedback_false = _feedback(label=_('Feedback for "False"'))
    explanation = explanation_block()

    class Meta:
        icon = "tick"
        label = _("True or false")
        description = _("A statement the child judges true or false.")
        preview_value = {
            "prompt": "Only strangers traffic children.",
            "is_true": False,
            "feedback_true": "No: people children know do it too.",
            "feedback_false": "Right: people children know do it too.",
            "explanation": "Traffickers are often people the child knows.",
        }


class TrueFalse(ChoiceKind):
    """``"true"`` or ``"false"``; the two answers are never shuffled."""

    name = "true_false"
    block_name = "true_false"
    block_class = TrueFalseBlock
    shuffles = False

    def options(self, value):
        answer = TRUE if value["is_true"] else FALSE
        return [Option(TRUE, answer == TRUE), Option(FALSE, answer == FALSE)]

    def choices(self, value):
        return [
            Choice(TRUE, gettext("True"), value["feedback_true"], bool(value["is_true"])),
            Choice(FALSE, gettext("False"), value["feedback_false"], not value["is_true"]),
        ]

    def describe_answer(self, value, question, answer, key):
        return gettext("True") if key == TRUE else gettext("False")

    def feedback_texts(self, value):
        return {
            "choices": [
                {"id": TRUE, "feedback": value["feedback_true"]},
                {"id": FALSE, "feedback": value["feedback_false"]},
            ]
        }
