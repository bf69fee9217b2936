"""Staff given a first password or a sign-in link choose their own before anything else."""

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .first_sign_in import SESSION_KEY

# What a person who must choose a password may still reach: the page where they
# do, and signing out (on a shared computer they may have to leave first).
ALLOWED = {"accounts:choose_password", "accounts:logout"}


class ForcePasswordChangeMiddleware:
    """Leads every request of a session marked at sign-in to the choose-password page.

    The mark is put in the session when someone with ``must_change_password``
    signs in (accounts.signals), never for a child's class sign-in, and is taken
    off when they choose a password. Reading the session, not the user, keeps
    this free for everyone else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) and not self._allowed(request):
            return redirect(reverse("accounts:choose_password"))
        return self.get_response(request)

    @staticmethod
    def _allowed(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in ALLOWED
