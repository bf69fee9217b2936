from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        # Registers the quizzes: section of the starter curriculum files.
        from . import starter  # noqa: F401
        from .totals import forget_learner

        # However an account is deleted (a child's data deletion, the admin),
        # its attempts leave the item statistics' totals in the same transaction.
        pre_delete.connect(
            forget_learner, sender=settings.AUTH_USER_MODEL, dispatch_uid="quizzes_forget_learner"
        )
