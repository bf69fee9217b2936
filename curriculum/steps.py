"""What a lesson or a quiz is to its module: the ``ModuleStep`` mixin.

A module's children are pages of other apps (``lessons``, ``quizzes``), which
this app never imports. The module page, its download and the teacher's guide
treat them alike through the names declared here, never by looking for
another app's fields.
"""

from typing import TYPE_CHECKING

from django.utils.functional import cached_property

if TYPE_CHECKING:
    from .models import ModulePage


class ModuleStep:
    """A page that is one step of a module: a lesson or a quiz.

    Mixed into every page type a ``ModulePage`` may hold, before ``Page``.
    Each declares its ``step_kind``; a step with another address for its
    offline form (the quiz) gives it as ``offline_url``.
    """

    LESSON = "lesson"
    QUIZ = "quiz"

    #: ``LESSON`` or ``QUIZ``: what the step is, for pages that list steps.
    step_kind = None
    #: A word shown before the step's title in the module's list (None: nothing).
    step_label = None

    @cached_property
    def module(self) -> "ModulePage":
        """The module this step belongs to, as its specific page."""
        return self.get_parent().specific

    @property
    def is_quiz(self):
        return self.step_kind == ModuleStep.QUIZ

    @property
    def offline_url(self):
        """Where a device fetches the step to keep it for use without a connection."""
        return self.url
