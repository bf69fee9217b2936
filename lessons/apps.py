from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Lessons")

    def ready(self):
        # Registers the lessons: section of the starter curriculum files.
        from . import starter  # noqa: F401
