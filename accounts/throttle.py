"""What django-axes needs from us to pause guessing at staff sign-in.

Axes counts wrong passwords per account and client address together
(settings.AXES_LOCKOUT_PARAMETERS), keeps the count in the database, and calls
the functions below: who is being guessed, from where, and what to answer.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.shortcuts import render
from django.utils.module_loading import import_string


def client_address(request):
    """The address of the person's device, as the proxies in front of us saw it.

    Each trusted proxy (settings.LIFESKILLS_TRUSTED_PROXIES = n) appends to
    X-Forwarded-For the address it received from, so the client is the n-th
    entry from the right; anything left of it was written by the client and
    proves nothing. With 0 (the default) the header is ignored, since anyone
    can send it. Returns None when no valid address is known.
    """
    address = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "LIFESKILLS_TRUSTED_PROXIES", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def attempted_username(request, credentials):
    """The account being tried, however it was named.

    UsernameOrEmailBackend accepts an email address too, so a guess by email
    counts against the same account as a guess by username.
    """
    if credentials:
        typed = credentials.get("username")
    else:
        typed = request.POST.get("username")
    typed = (typed or "").replace("\x00", "").strip()[:150]
    if not typed:
        return None
    User = get_user_model()
    if "@" in typed and not User.objects.filter(username=typed).exists():
        matches = list(User.objects.filter(email__iexact=typed).values_list("username")[:2])
        if len(matches) == 1:
            return matches[0][0]
    return typed


def signing_in_paused(request, response=None, credentials=None):
    """The page shown instead of the sign-in form while guessing is paused."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60))
    paused = render(
        request,
        "accounts/signing_in_paused.html",
        {"minutes": minutes, "sign_in_url": request.path},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    paused["Retry-After"] = str(int(cool_off.total_seconds()))
    return paused


def _signed_in_by_password(request):
    """Whether the session's backend checks passwords (a backend says so with
    ``checks_passwords = False`` when it does not)."""
    session = getattr(request, "session", None)
    path = session.get(BACKEND_SESSION_KEY) if session is not None else None
    # A backend no longer configured (a session from before an upgrade) is not loaded.
    if path not in settings.AUTHENTICATION_BACKENDS:
        return True
    return getattr(import_string(path), "checks_passwords", True)


class PasswordSignInHandler(AxesDatabaseHandler):
    """Axes's database handler, for the sign-ins it guards: those by password.

    A child signs in with her class's pictures, which the classrooms app limits
    itself; axes never counted a failure of hers, yet clearing them cost four
    statements per child's sign-in, thousands in a school period.
    """

    def user_logged_in(self, sender, request, user, **kwargs):
        if _signed_in_by_password(request):
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        if _signed_in_by_password(request):
            super().user_logged_out(sender, request, user, **kwargs)
