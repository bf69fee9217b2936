"""How a child signed in with her class is loaded on each request.

A child's pages are the ones read most, on the cheapest phones over the
slowest connections, so what she is is decided once, when she signs in with
her class code and pictures (``sign_in_backend``): the session then names this
backend, and Django loads her through it on every request. It loads her
account and her class row, from the cache when it keeps them
(``child_cache.load_child``) or else in one query, and marks the user as a
signed-in child (``accounts.roles.mark_signed_in_child``), so her pages ask
no permission or role queries.

She stays signed in only while that holds: an account deactivated or deleted,
or a child removed from every class (her Student row gone), loads no one, and
the request is a visitor's: each of these drops what the cache keeps of her
when it commits. Django still checks the session's password hash against the
account as it is now (a new password drops the kept copy too). A teacher who
signs in on the same phone gets a new session that names the teacher's own
backend.
"""

from django.contrib.auth.backends import BaseBackend

from accounts.roles import TEACHER_NOTES_PERMISSION, is_learner

from .child_cache import load_child

CHILD_BACKEND = "classrooms.backends.SignedInChildBackend"
STAFF_BACKEND = "accounts.backends.UsernameOrEmailBackend"


class SignedInChildBackend(BaseBackend):
    """Loads a child signed in with her class; authenticates no one by itself.

    It grants no permission: a child's pages ask none (the mark answers), and
    anything else that asks gets no.
    """

    # The class sign-in limits wrong pictures itself (classrooms/limits.py):
    # the staff sign-in's guard has nothing to count or clear for her.
    checks_passwords = False

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return load_child(user_id)


def sign_in_backend(user):
    """The backend a child's class sign-in names: this one for a child, staff's otherwise.

    Decided once, with the role queries the child's pages then skip. An account
    that is a learner and can see teacher notes, or teaches or coordinates, is
    staff trying the children's way in: it keeps the ordinary backend.
    """
    from .permissions import is_coordinator, is_teacher

    if (
        user.is_active
        and not user.is_superuser
        and is_learner(user)
        and not user.has_perm(TEACHER_NOTES_PERMISSION)
        and not is_teacher(user)
        and not is_coordinator(user)
    ):
        return CHILD_BACKEND
    return STAFF_BACKEND
