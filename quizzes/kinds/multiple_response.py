"""Multiple response: "choose all that apply"."""

from fractions import Fraction

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .base import MAX_OPTIONS, InvalidAnswer, explanation_block
from .choice import ChoiceKind, ChoiceQuestionBlock, option_preview, options_block


class MultipleResponseBlock(ChoiceQuestionBlock):
    """A question where a child ticks every answer that is right ("choose all that apply")."""

    kind = "multiple"
    options = options_block()
    explanation = explanation_block()

    def clean(self, value):
        value = super().clean(value)
        self._check_correct_count(
            value,
            range(1, MAX_OPTIONS + 1),
            _("Mark at least one option as correct."),
        )
        return value

    class Meta:
        icon = "tasks"
        label = _("Multiple response")
        description = _("A question where a child ticks every answer that is right.")
        preview_value = {
            "prompt": "Which are warning signs of a false job offer?",
            "options": [
                option_preview("Very high pay", True, "Pay far above normal is a lure."),
                option_preview("Keep it secret", True, "Secrecy keeps helpers away."),
                option_preview("A written contract", False, "A contract is a good sign."),
            ],
            "explanation": "High pay and secrecy are warning signs.",
        }


class MultipleResponse(ChoiceKind):
    """A list of distinct option ids. Each correct option ticked earns an equal share of
    the point and each wrong one takes a share away, never below zero."""

    name = "multiple"
    block_name = "multiple_response"
    block_class = MultipleResponseBlock
    template = "quizzes/kinds/multiple_response.html"
    input_type = "checkbox"

    def check_answer(self, question, answer):
        if not isinstance(answer, list) or not answer:
            raise InvalidAnswer("choose at least one option")
        if not all(isinstance(a, str) for a in answer) or len(set(answer)) != len(answer):
            raise InvalidAnswer("options must be distinct option ids")
        if not set(answer) <= set(question.option_ids):
            raise InvalidAnswer("not one of this question's options")

    def points(self, question, answer):
        correct = {o.id for o in question.options if o.correct}
        chosen = set(answer)
        return max(
            Fraction(0), Fraction(len(chosen & correct) - len(chosen - correct), len(correct))
        )

    def answer_key(self, question, answer):
        order = {option_id: i for i, option_id in enumerate(question.option_ids)}
        return ",".join(sorted(answer, key=order.__getitem__))

    def answer_from_key(self, question, key):
        return [part for part in key.split(",") if part]

    def form_answer(self, post, question):
        return post.getlist(f"q-{question.id}") or None

    def missing_message(self, question):
        return gettext("Tick at least one answer.")
