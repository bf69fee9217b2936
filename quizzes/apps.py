from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        # Registers the quizzes: section of the starter curriculum files.
        from . import starter  # noqa: F401
