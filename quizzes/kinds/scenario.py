"""Scenario: a short situation and "what would you do?"."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import MAX_OPTIONS, QuestionSummary, explanation_block, prompt_block
from .choice import ChoiceKind, ChoiceQuestionBlock, option_preview, options_block


class ScenarioBlock(ChoiceQuestionBlock):
    """A short situation and "what would you do?": every option explains where it leads.

    More than one option may be a safe choice; a child who picks any of them is right.
    """

    kind = "scenario"
    scenario = blocks.TextBlock(
        label=_("Situation"),
        max_length=1200,
        help_text=_("A few sentences about someone the child can recognise."),
    )
    prompt = prompt_block(default=_("What would you do?"))
    options = options_block(label=_("Choices"))
    explanation = explanation_block()

    def clean(self, value):
        value = super().clean(value)
        self._check_correct_count(
            value, range(1, MAX_OPTIONS + 1), _("Mark at least one choice as a safe choice.")
        )
        return value

    class Meta:
        icon = "user"
        label = _("Scenario")
        description = _('A short situation and "what would you do?", with a safe choice or more.')
        preview_value = {
            "scenario": "A man at the bus station offers to keep your ID card safe.",
            "prompt": "What would you do?",
            "options": [
                option_preview("Keep it", True, "Nobody else should hold your ID card."),
                option_preview("Give it", False, "Without it you cannot travel or get help."),
            ],
            "explanation": "Nobody else should hold your ID card.",
        }


class Scenario(ChoiceKind):
    """One option id; any option marked as a safe choice is right."""

    name = "scenario"
    block_name = "scenario"
    block_class = ScenarioBlock
    safe_choices = True

    def summary(self, value):
        return QuestionSummary(situation=value["scenario"])
