from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import KEEP_LEARNING_RECORDS, QUIZ_STATISTICS, TEACHER_NOTES


class User(AbstractUser):
    """Everyone who signs in: editors, translators, teachers, coordinators, students.

    What a person may do comes from their groups and permissions, never from
    flags on this model. Students will sign in without an email, so email stays
    optional here.
    """

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name shown on the site. Leave blank to use the first and last name."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [
            (
                TEACHER_NOTES.codename,
                _("Can see teacher notes and other teacher-only content"),
            ),
            (
                KEEP_LEARNING_RECORDS.codename,
                _("Is a learner whose quiz attempts and progress are kept"),
            ),
            (
                QUIZ_STATISTICS.codename,
                _("Can see quiz results across the whole programme"),
            ),
        ]

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self):
        return self.display_name or self.get_full_name() or self.get_username()
