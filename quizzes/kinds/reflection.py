"""Open reflection: the child writes; the teacher reads. Not scored."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import QuestionBlock
from .text import TextKind

MAX_REFLECTION = 2000


class ReflectionBlock(QuestionBlock):
    """An open question a child answers in their own words. Not scored; the teacher reads it."""

    kind = "reflection"
    guidance = blocks.TextBlock(
        label=_("Guidance"),
        max_length=600,
        required=False,
        help_text=_("A hint that helps a child start writing. Shown under the question."),
    )

    class Meta:
        icon = "openquote"
        label = _("Open reflection")
        description = _("An open question a child answers in their own words; not scored.")
        preview_value = {
            "prompt": "What would you tell a friend who got a job offer online?",
            "guidance": "Think of one thing to check and one person to ask.",
        }


class Reflection(TextKind):
    """Text; earns nothing and counts in no score."""

    name = "reflection"
    block_name = "reflection"
    block_class = ReflectionBlock
    template = "quizzes/kinds/reflection.html"
    result_template = "quizzes/kinds/reflection_result.html"
    scored = False
    max_length = MAX_REFLECTION
