"""Question blocks a quiz is built from.

Curriculum editors write them; translators translate their words. Every option,
pair and step is a list item with a stable id that translations keep, so a
child's answer is stored as ids and statistics combine every language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from curriculum.blocks import (
    AUDIO_EXTENSIONS,
    MediaFileBlock,
    NarratedBlock,
    PrefetchedImageChooserBlock,
)

from . import scoring

MAX_OPTIONS = 8
TRUE, FALSE = "true", "false"


def _prompt(label=None, default=None):
    return blocks.TextBlock(label=label or _("Question"), max_length=500, default=default)


def _explanation():
    return blocks.TextBlock(
        label=_("Explanation"),
        max_length=1000,
        help_text=_("Why the right answer is right, in plain words. Every child sees it."),
    )


def _feedback(required=True, label=None):
    return blocks.TextBlock(
        label=label or _("Feedback"),
        max_length=600,
        required=required,
        help_text=_("What a child who chooses this reads: why it is right or wrong."),
    )


def _image():
    return PrefetchedImageChooserBlock(label=_("Image"), required=False)


def _image_alt():
    return blocks.CharBlock(
        label=_("Image alt text"),
        max_length=250,
        required=False,
        help_text=_("Describe the picture for a child who cannot see it. Needed with an image."),
    )


def _audio():
    return MediaFileBlock(
        AUDIO_EXTENSIONS,
        label=_("Audio"),
        required=False,
        help_text=_("The question read aloud, for children who read slowly."),
    )


class OptionBlock(blocks.StructBlock):
    """One answer a child can choose, with the feedback that explains it."""

    text = blocks.CharBlock(label=_("Answer"), max_length=250)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = _feedback()

    class Meta:
        icon = "list-ul"
        label = _("Option")


class QuestionBlock(NarratedBlock, blocks.StructBlock):
    """What every question has: the question itself, an optional picture and recording.

    Subclasses add their answers and an explanation, and name their ``kind`` for scoring.
    """

    kind = None
    narration_field = "audio"
    prompt = _prompt()
    image = _image()
    image_alt = _image_alt()
    audio = _audio()

    def clean(self, value):
        value = super().clean(value)
        if value.get("image") and not value.get("image_alt"):
            raise StructBlockValidationError(
                {
                    "image_alt": ValidationError(
                        _("Describe the picture for a child who cannot see it.")
                    )
                }
            )
        return value

    def scoring_question(self, value, question_id):
        """The plain description of this question that ``scoring`` works on.

        Kinds with options, items or accepted answers add them; a reflection
        needs nothing more than its id and kind.
        """
        return scoring.Question(question_id, self.kind)


class ChoiceQuestionBlock(QuestionBlock):
    def _options(self, value):
        return [
            scoring.Option(str(item.id), bool(item.value["correct"]))
            for item in value["options"].bound_blocks
        ]

    def scoring_question(self, value, question_id):
        return scoring.Question(question_id, self.kind, options=self._options(value))

    def _check_correct_count(self, value, allowed, message):
        correct = sum(1 for option in value["options"] if option["correct"])
        if correct not in allowed:
            raise StructBlockValidationError({"options": ValidationError(message)})


def _options(label=None):
    return blocks.ListBlock(
        OptionBlock(), label=label or _("Options"), min_num=2, max_num=MAX_OPTIONS
    )


class SingleChoiceBlock(ChoiceQuestionBlock):
    """A question with one right answer among a few options."""

    kind = scoring.SINGLE
    options = _options()
    explanation = _explanation()

    def clean(self, value):
        value = super().clean(value)
        self._check_correct_count(value, {1}, _("Mark exactly one option as correct."))
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        template = "quizzes/blocks/answer_key.html"


class MultipleResponseBlock(ChoiceQuestionBlock):
    """A question where a child ticks every answer that is right ("choose all that apply")."""

    kind = scoring.MULTIPLE
    options = _options()
    explanation = _explanation()

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
        template = "quizzes/blocks/answer_key.html"


class TrueFalseBlock(QuestionBlock):
    """A statement the child judges true or false, with feedback for each answer."""

    kind = scoring.TRUE_FALSE
    prompt = _prompt(label=_("Statement"))
    is_true = blocks.BooleanBlock(
        label=_("The statement is true"),
        required=False,
        help_text=_("Tick if the statement is true; leave empty if it is false."),
    )
    feedback_true = _feedback(label=_('Feedback for "True"'))
    feedback_false = _feedback(label=_('Feedback for "False"'))
    explanation = _explanation()

    def scoring_question(self, value, question_id):
        answer = TRUE if value["is_true"] else FALSE
        return scoring.Question(
            question_id,
            self.kind,
            options=[scoring.Option(TRUE, answer == TRUE), scoring.Option(FALSE, answer == FALSE)],
        )

    class Meta:
        icon = "tick"
        label = _("True or false")
        template = "quizzes/blocks/answer_key.html"


class ScenarioBlock(ChoiceQuestionBlock):
    """A short situation and "what would you do?": every option explains where it leads.

    More than one option may be a safe choice; a child who picks any of them is right.
    """

    kind = scoring.SCENARIO
    scenario = blocks.TextBlock(
        label=_("Situation"),
        max_length=1200,
        help_text=_("A few sentences about someone the child can recognise."),
    )
    prompt = _prompt(default=_("What would you do?"))
    options = _options(label=_("Choices"))
    explanation = _explanation()

    def clean(self, value):
        value = super().clean(value)
        self._check_correct_count(
            value, range(1, MAX_OPTIONS + 1), _("Mark at least one choice as a safe choice.")
        )
        return value

    class Meta:
        icon = "user"
        label = _("Scenario")
        template = "quizzes/blocks/answer_key.html"


class PairBlock(blocks.StructBlock):
    """One item and the match that belongs with it."""

    item = blocks.CharBlock(label=_("Item"), max_length=200)
    match = blocks.CharBlock(label=_("Its match"), max_length=200)
    feedback = _feedback(required=False, label=_("Why they belong together"))

    class Meta:
        icon = "link"
        label = _("Pair")


class MatchingBlock(QuestionBlock):
    """Pairs to match, such as a problem and who can help with it."""

    kind = scoring.MATCHING
    pairs = blocks.ListBlock(
        PairBlock(),
        label=_("Pairs"),
        min_num=2,
        max_num=MAX_OPTIONS,
        help_text=_("Children see the matches in a different order and choose one for each item."),
    )
    explanation = _explanation()

    def clean(self, value):
        value = super().clean(value)
        matches = [scoring.normalise_text(pair["match"]) for pair in value["pairs"]]
        if len(set(matches)) != len(matches):
            raise StructBlockValidationError(
                {"pairs": ValidationError(_("Each match must be different from the others."))}
            )
        return value

    def scoring_question(self, value, question_id):
        ids = [str(item.id) for item in value["pairs"].bound_blocks]
        return scoring.Question(question_id, self.kind, items=ids)

    class Meta:
        icon = "link"
        label = _("Matching pairs")
        template = "quizzes/blocks/answer_key.html"


class StepBlock(blocks.StructBlock):
    """One step of a sequence."""

    text = blocks.CharBlock(label=_("Step"), max_length=250)
    feedback = _feedback(required=False, label=_("Why it comes here"))

    class Meta:
        icon = "order"
        label = _("Step")


class OrderingBlock(QuestionBlock):
    """Steps the child puts in the right order, such as what to do when you feel unsafe."""

    kind = scoring.ORDERING
    steps = blocks.ListBlock(
        StepBlock(),
        label=_("Steps, in the right order"),
        min_num=2,
        max_num=MAX_OPTIONS,
        help_text=_("Enter the steps in the right order; children see them shuffled."),
    )
    explanation = _explanation()

    def scoring_question(self, value, question_id):
        ids = [str(item.id) for item in value["steps"].bound_blocks]
        return scoring.Question(question_id, self.kind, items=ids)

    class Meta:
        icon = "order"
        label = _("Ordering")
        template = "quizzes/blocks/answer_key.html"


class ShortAnswerBlock(QuestionBlock):
    """A question answered in a word or a number, such as a help-line number."""

    kind = scoring.SHORT
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
    explanation = _explanation()

    def clean(self, value):
        value = super().clean(value)
        if not scoring.accepted_answers(value["accepted_answers"]):
            raise StructBlockValidationError(
                {"accepted_answers": ValidationError(_("Enter at least one accepted answer."))}
            )
        return value

    def scoring_question(self, value, question_id):
        return scoring.Question(
            question_id, self.kind, accepted=scoring.accepted_answers(value["accepted_answers"])
        )

    class Meta:
        icon = "edit"
        label = _("Short answer")
        template = "quizzes/blocks/answer_key.html"


class ReflectionBlock(QuestionBlock):
    """An open question a child answers in their own words. Not scored; the teacher reads it."""

    kind = scoring.REFLECTION
    guidance = blocks.TextBlock(
        label=_("Guidance"),
        max_length=600,
        required=False,
        help_text=_("A hint that helps a child start writing. Shown under the question."),
    )

    class Meta:
        icon = "openquote"
        label = _("Open reflection")
        template = "quizzes/blocks/answer_key.html"


class QuestionStreamBlock(blocks.StreamBlock):
    """The questions of a quiz: the pool a quiz draws from, in the order editors set."""

    single_choice = SingleChoiceBlock()
    multiple_response = MultipleResponseBlock()
    true_false = TrueFalseBlock()
    scenario = ScenarioBlock()
    matching = MatchingBlock()
    ordering = OrderingBlock()
    short_answer = ShortAnswerBlock()
    reflection = ReflectionBlock()

    class Meta:
        min_num = 1
