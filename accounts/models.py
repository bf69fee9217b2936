from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from .roles import KEEP_LEARNING_RECORDS, QUIZ_STATISTICS, TEACHER_NOTES

# Sent after ``User.objects.filter(...).update(...)`` with the ids of the
# accounts it changed (``ids``) and the fields it set (``fields``). An UPDATE
# sends no post_save, yet it is how accounts are deactivated in bulk (Wagtail's
# user list does so): whatever keeps a copy of an account hears of it here.
users_updated = Signal()


class UserQuerySet(models.QuerySet):
    """Users; an ``update()`` says which accounts it changed (``users_updated``)."""

    def update(self, **kwargs):
        if not users_updated.has_listeners(self.model):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            # Read first: after the update the filter may match other rows, or none.
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            users_updated.send(sender=self.model, ids=ids, fields=frozenset(kwargs))
        return count

    update.alters_data = True


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's user manager, with querysets that tell of their updates."""


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

    # Set for a person given a first password or a sign-in link (by the import
    # or by a password reset on their behalf): until they choose their own
    # password every staff page leads to the page where they do.
    must_change_password = models.BooleanField(
        _("must choose a new password"),
        default=False,
        help_text=_("Until they do, every page leads them to the page where they choose one."),
    )
    # The language of the person's printed sign-in sheet and first pages; empty
    # for the language of the page they open.
    language = models.CharField(_("language"), max_length=15, blank=True)

    objects = UserManager()

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
