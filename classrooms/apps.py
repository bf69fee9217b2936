from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomsConfig(AppConfig):
    """Schools, classes, child sign-in and teacher views (built on the content apps)."""

    name = "classrooms"
    verbose_name = _("Classrooms")

    def ready(self):
        from . import sessions  # noqa: F401  (connects the sign-in receiver)
