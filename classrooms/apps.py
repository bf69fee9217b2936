from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomsConfig(AppConfig):
    """Schools, classes, child sign-in and teacher views (built on the content apps)."""

    name = "classrooms"
    verbose_name = _("Classrooms")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from accounts.backends import refuse_in_production
        from accounts.landing import land_when
        from quizzes.models import Attempt

        from . import (
            child_cache,
            kept_dashboard,
            seeding,
            sessions,  # noqa: F401  (connects the sign-in receiver)
            totals,
        )
        from .permissions import is_coordinator, is_teacher

        # Attempt's own post_save, not a call in quizzes: every way an attempt
        # is stored (a submission, an import, a test's factory) counts, inside
        # the transaction that stores it, and quizzes knows nothing of classrooms.
        post_save.connect(totals.attempt_stored, sender=Attempt, dispatch_uid="totals-attempt")
        # A module's lessons and quiz decide whether a child completed it.
        page_published.connect(totals.content_changed, dispatch_uid="totals-published")
        page_unpublished.connect(totals.content_changed, dispatch_uid="totals-unpublished")
        post_page_move.connect(totals.content_removed, dispatch_uid="totals-moved")
        for model in self._content_models():
            post_save.connect(totals.content_added, sender=model, dispatch_uid=f"totals+{model}")
            post_delete.connect(
                totals.content_removed, sender=model, dispatch_uid=f"totals-{model}"
            )

        kept_dashboard.connect_signals()
        # What the cache keeps of a signed-in child is dropped by her account's,
        # her classes' and her work's own signals, however they are written.
        child_cache.connect_signals()

        # A seeded programme's accounts share a password printed by seed_programme.
        refuse_in_production(seeding.PASSWORD)
        land_when(is_teacher, "classrooms:teacher_home")
        land_when(is_coordinator, "reports:programme")

    @staticmethod
    def _content_models():
        from curriculum.models import ModulePage
        from lessons.models import LessonPage
        from quizzes.models import QuizPage

        return [ModulePage, LessonPage, QuizPage]
