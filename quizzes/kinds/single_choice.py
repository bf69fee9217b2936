"""Single choice: one right answer among a few options."""

from django.utils.translation import gettext_lazy as _

from .base import explanation_block
from .choice import PREVIEW_OPTIONS, ChoiceKind, ChoiceQuestionBlock, options_block


class SingleChoiceBlock(ChoiceQuestionBlock):
    """A question with one right answer among a few options."""

    kind = "single"
    options = options_block()
    explanation = explanation_block()

    def clean(self, value):
        value = super().clean(value)
        self._check_correct_count(value, {1}, _("Mark exactly one option as correct."))
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        description = _("A question with one right answer among a few options.")
        preview_value = {
            "prompt": "Who do you tell first about a job offer far from home?",
            "options": PREVIEW_OPTIONS,
            "explanation": "A trusted adult can help you check whether the offer is real.",
        }


class SingleChoice(ChoiceKind):
    """One option id; right when it is the option marked correct."""

    name = "single"
    block_name = "single_choice"
    block_class = SingleChoiceBlock
