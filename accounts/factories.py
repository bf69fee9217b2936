"""Users for tests and demo data: a teacher or a learner is a user in the right group.

What a person may do comes from their groups (see ``accounts.models.User``), so
these factories give roles by group, never by flags.
"""

import factory
from django.conf import settings
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from .roles import LEARNERS, TEACHERS


class UserFactory(DjangoModelFactory):
    """A user who signs in as ``<username>`` with the password ``pw-<username>``.

    ``groups`` names the groups the user is put in. Pass ``password=None`` for
    an account that cannot sign in with a password, like a child's.
    """

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.LazyAttribute(lambda user: f"pw-{user.username}")
    groups = ()

    @classmethod
    def _build(cls, model_class, *args, groups=(), **kwargs):
        password = kwargs.pop("password", None)
        user = model_class(*args, **kwargs)
        user.set_password(password)
        return user

    @classmethod
    def _create(cls, model_class, *args, groups=(), **kwargs):
        user = cls._get_manager(model_class).create_user(*args, **kwargs)
        if groups:
            user.groups.add(*(Group.objects.get(name=name) for name in groups))
        return user


class TeacherFactory(UserFactory):
    """A teacher: sees teacher notes, runs classes, is never a learner."""

    username = factory.Sequence(lambda n: f"teacher-{n}")
    groups = (TEACHERS,)


class LearnerFactory(UserFactory):
    """A child whose quiz attempts and lesson progress are kept. No email."""

    username = factory.Sequence(lambda n: f"learner-{n}")
    groups = (LEARNERS,)
