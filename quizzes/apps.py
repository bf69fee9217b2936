from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """Quizzes that explain every answer (the quiz page and attempts come next)."""

    name = "quizzes"
    verbose_name = _("Quizzes")
