from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .first_sign_in import SESSION_KEY
from .roles import is_learner, is_signed_in_child


@receiver(user_logged_in, dispatch_uid="accounts_must_change_password")
def mark_session_that_must_change_password(sender, request, user, **kwargs):
    """A person given a first password (or link) chooses their own before anything else."""
    session = getattr(request, "session", None) if request is not None else None
    if session is None or is_signed_in_child(user):
        return
    # Children have picture passwords their teacher gives: never this page.
    if getattr(user, "must_change_password", False) and not is_learner(user):
        session[SESSION_KEY] = True
