from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomsConfig(AppConfig):
    """Schools, classes, child sign-in and teacher views (built on the content apps)."""

    name = "classrooms"
    verbose_name = _("Classrooms")

    def ready(self):
        from accounts.landing import land_when

        from . import sessions  # noqa: F401  (connects the sign-in receiver)
        from .permissions import is_coordinator, is_teacher

        land_when(is_teacher, "classrooms:teacher_home")
        land_when(is_coordinator, "reports:programme")
