"""What the kinds answered by choosing options share: single choice, multiple
response, true or false, and scenario."""

from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .base import MAX_OPTIONS, Choice, InvalidAnswer, Option, Question, QuestionBlock, QuestionKind
from .base import feedback_block as _feedback


class OptionBlock(blocks.StructBlock):
    """One answer a child can choose, with the feedback that explains it."""

    text = blocks.CharBlock(label=_("Answer"), max_length=250)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = _feedback()

    class Meta:
        icon = "list-ul"
        label = _("Option")
        description = _("One answer a child can choose, and why it is right or wrong.")
        preview_value = {
            "text": "Tell a trusted adult",
            "correct": True,
            "feedback": "A trusted adult can help you check whether it is safe.",
        }


def options_block(label=None):
    return blocks.ListBlock(
        OptionBlock(), label=label or _("Options"), min_num=2, max_num=MAX_OPTIONS
    )


def option_preview(text, correct, feedback):
    return {"text": text, "correct": correct, "feedback": feedback}


PREVIEW_OPTIONS = [
    option_preview("A trusted adult", True, "A trusted adult helps you check the offer."),
    option_preview("Nobody", False, "Keeping it secret is what a trafficker wants."),
]


class ChoiceQuestionBlock(QuestionBlock):
    """A question answered by choosing among options that each carry feedback."""

    def _check_correct_count(self, value, allowed, message):
        correct = sum(1 for option in value["options"] if option["correct"])
        if correct not in allowed:
            raise StructBlockValidationError({"options": ValidationError(message)})


class ChoiceKind(QuestionKind):
    """A kind answered with one option id; any option marked correct is right."""

    template = "quizzes/kinds/choice.html"
    result_template = "quizzes/kinds/choice_result.html"
    #: Input type of each option in the form.
    input_type = "radio"
    #: Options are shuffled when the quiz shuffles (true and false keep their order).
    shuffles = True
    #: The result marks a correct option as "a safe choice" rather than "the right answer".
    safe_choices = False

    def scoring_question(self, value, question_id):
        return Question(question_id, self.name, options=self.options(value))

    def options(self, value):
        return [
            Option(str(item.id), bool(item.value["correct"]))
            for item in value["options"].bound_blocks
        ]

    def choices(self, value):
        """The options as the templates show them, in written order."""
        return [
            Choice(str(item.id), item.value["text"], item.value["feedback"], item.value["correct"])
            for item in value["options"].bound_blocks
        ]

    def check_answer(self, question, answer):
        if not isinstance(answer, str) or answer not in question.option_ids:
            raise InvalidAnswer("not one of this question's options")

    def points(self, question, answer):
        return Fraction(int(any(o.id == answer and o.correct for o in question.options)))

    def answer_key(self, question, answer):
        return answer

    def present(self, view, value, *, rng, shuffle):
        view.choices = self.choices(value)
        if shuffle and self.shuffles:
            rng.shuffle(view.choices)
        answer = view.answer
        chosen = answer if isinstance(answer, list) else [answer]
        for choice in view.choices:
            choice.chosen = choice.id in chosen
        if view.result is not None:
            view.feedback = [c for c in view.choices if c.chosen or c.correct]

    def describe_answer(self, value, question, answer, key):
        texts = {str(item.id): item.value["text"] for item in value["options"].bound_blocks}
        chosen = answer if isinstance(answer, list) else [answer]
        return " + ".join(texts.get(option, "?") for option in chosen)

    def feedback_texts(self, value):
        return {
            "choices": [
                {"id": str(item.id), "text": item.value["text"], "feedback": item.value["feedback"]}
                for item in value["options"].bound_blocks
            ]
        }
