"""Where someone lands after signing in: the page their role starts from.

Roles that other apps know about (a teacher of classes, a coordinator of
schools) are told to this module by those apps, which add a rule with
``land_when``; this app imports none of them and names their pages only by
URL name. Rules are tried in the order they were added, after the rule that
sends a superuser to the admin; whoever matches none goes to the admin if
they may use it, else to ``settings.LOGIN_REDIRECT_URL``.
"""

from collections.abc import Callable

from django.conf import settings
from django.shortcuts import resolve_url

from .roles import ADMIN_ACCESS

ADMIN_HOME = "wagtailadmin_home"

_rules: list[tuple[Callable, str]] = []


def land_when(test: Callable, url_name: str) -> None:
    """Send someone for whom ``test(user)`` is true to the page named ``url_name``."""
    if (test, url_name) not in _rules:
        _rules.append((test, url_name))


def landing_url(user) -> str:
    """The address a person who has just signed in starts from."""
    if user.is_superuser:
        return resolve_url(ADMIN_HOME)
    for test, url_name in _rules:
        if test(user):
            return resolve_url(url_name)
    if user.has_perm(ADMIN_ACCESS.perm):
        return resolve_url(ADMIN_HOME)
    return resolve_url(settings.LOGIN_REDIRECT_URL)
