"""What every question kind has, and the plain data scoring works on.

A question kind (single choice, matching, ...) is one subclass of
:class:`QuestionKind` in its own module of this package. It owns its block,
its scoring rule, how a plain form answers it, how the templates show it and
what a downloaded quiz needs to explain it. The generic code (``scoring``,
``forms``, ``presenting``, ``offline``, ``queries``) looks a kind up in the
registry and calls it; it never asks which kind a question is.
"""

import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from curriculum.blocks import (
    AUDIO_EXTENSIONS,
    MediaFileBlock,
    NarratedBlock,
    PrefetchedImageChooserBlock,
)

from .registry import registry

MAX_OPTIONS = 8


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
        # A kind nobody registered is refused when its answer is checked.
        return self.kind not in registry or registry.get(self.kind).scored

    @property
    def option_ids(self):
        return [option.id for option in self.options]


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


# What the templates show ------------------------------------------------------


@dataclass
class Choice:
    """An option as a child sees it, and whether it was chosen."""

    id: str
    text: str
    feedback: str = ""
    correct: bool = False
    chosen: bool = False


@dataclass
class Row:
    """A matching item or an ordering step, with what the child chose for it."""

    id: str
    text: str
    feedback: str = ""
    chosen: str = ""  # the chosen match id, or the chosen position
    chosen_text: str = ""
    right_text: str = ""
    right: bool = False


@dataclass
class QuestionSummary:
    """A question shown away from the quiz, as in a teacher's list of difficult questions.

    ``situation`` is text a child reads before the prompt; ``parts`` what the
    prompt refers to (a matching question's pairs, an ordering question's steps
    in the right order), under ``parts_label``.
    """

    situation: str = ""
    parts: list = field(default_factory=list)
    parts_label: str = ""


# Blocks -----------------------------------------------------------------------


def prompt_block(label=None, default=None):
    return blocks.TextBlock(label=label or _("Question"), max_length=500, default=default)


def explanation_block():
    return blocks.TextBlock(
        label=_("Explanation"),
        max_length=1000,
        help_text=_("Why the right answer is right, in plain words. Every child sees it."),
    )


def feedback_block(required=True, label=None):
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


class QuestionBlock(NarratedBlock, blocks.StructBlock):
    """What every question has: the question itself, an optional picture and recording.

    Subclasses add their answers and an explanation, and name their ``kind``.
    """

    kind = None
    narration_field = "audio"
    prompt = prompt_block()
    image = _image()
    image_alt = _image_alt()
    audio = _audio()

    class Meta:
        # Every kind shows editors its answer key and previews a whole question;
        # Wagtail merges a block's Meta with its bases', so each kind inherits these.
        template = "quizzes/blocks/answer_key.html"
        preview_template = "quizzes/blocks/preview.html"

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
        """The plain description of this question that ``scoring`` works on."""
        return registry.get(self.kind).scoring_question(value, question_id)


# Kinds ------------------------------------------------------------------------


class QuestionKind(ABC):
    """One kind of question: its block, scoring rule, form field, presentation and feedback.

    ``name`` is stored on every answer row and read by ``static/js/scoring.js``;
    ``block_name`` is the block's name in a quiz's StreamField. Both are part of
    stored data and never change. Scoring methods are pure: no database.
    """

    name = ""
    block_name = ""
    block_class = QuestionBlock
    scored = True
    #: The partial that asks the question in a form, and the one that shows a result.
    template = ""
    result_template = ""

    def __init__(self):
        self.block = self.block_class()

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}>"

    # Scoring (pure) --------------------------------------------------------

    def scoring_question(self, value, question_id):
        """The plain :class:`Question` of a block value: kinds with answers add them."""
        return Question(question_id, self.name)

    @abstractmethod
    def check_answer(self, question, answer):
        """Raise InvalidAnswer unless ``answer`` has the shape this kind expects.

        The one rule every kind must give: nothing is scored or stored unchecked.
        """

    def points(self, question, answer):
        """Points (a Fraction from 0 to 1) for a checked answer."""
        return Fraction(0)

    def answer_key(self, question, answer):
        """A canonical text form of an answer: equal answers give equal keys."""
        return ""

    def answer_from_key(self, question, key):
        """The answer an :meth:`answer_key` stands for."""
        return key

    def stored_text(self, answer):
        """What a child typed, kept on the answer row beside its key; "" for chosen answers."""
        return ""

    def stored_answer(self, question, key, text):
        """The answer a stored row stands for, from its key and text."""
        return self.answer_from_key(question, key)

    # Forms -----------------------------------------------------------------

    def form_answer(self, post, question):
        """The answer a plain form gives (field ``q-<question id>``), or None if none."""
        name = f"q-{question.id}"
        if name not in post:
            return None
        return post.get(name) or None

    def incomplete_message(self, question, answer):
        """The message for an answer a form gave only half of, or "" if it is whole."""
        return ""

    def missing_message(self, question):
        return gettext("Choose an answer.")

    def invalid_message(self, question, answer):
        return gettext("That answer is not one of the choices. Please choose again.")

    # Presenting ------------------------------------------------------------

    def present(self, view, value, *, rng, shuffle):
        """Fill a presenting.QuestionView with what the templates show of this kind.

        A kind whose answer is plain text (a reflection) adds nothing: the view's
        own fields show it.
        """
        return None

    def describe_answer(self, value, question, answer, key):
        """An answer in words of the quiz's language, for editors' statistics."""
        return key

    def feedback_texts(self, value):
        """What a downloaded quiz needs, beyond prompt and explanation, to explain an answer."""
        return {}

    def summary(self, value):
        """What a reader needs beside the prompt to understand the question out of its quiz.

        A choice question's prompt says it all; a kind whose prompt leans on more
        (a situation, pairs, steps) gives it here.
        """
        return QuestionSummary()
