"""How long a child stays signed in: until the end of the school day.

Children sign in on phones and computers the class shares. A session that
lasted the usual two weeks would hand one child's account to whoever picks up
the device next, so a child's session ends at ``LIFESKILLS_CHILD_SESSION_ENDS_AT``
(local time, ``TIME_ZONE``) on the day she signs in. A sign-in after that hour
(homework in the evening) ends at midnight, and no session lasts longer than
``LIFESKILLS_CHILD_SESSION_MAX_HOURS``, so a sign-in before dawn does not last
the whole day either. Teachers and staff keep the usual ``SESSION_COOKIE_AGE``.

It applies in a receiver of ``user_logged_in``, so every way a child signs in
(pictures, PIN, a teacher's card) gets it.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from .permissions import is_student

DEFAULT_ENDS_AT = "18:00"
DEFAULT_MAX_HOURS = 11


def _school_day_end():
    value = getattr(settings, "LIFESKILLS_CHILD_SESSION_ENDS_AT", DEFAULT_ENDS_AT)
    return time.fromisoformat(value)


def child_session_ends(now):
    """When a child who signs in at ``now`` is signed out again."""
    local = timezone.localtime(now)
    zone = local.tzinfo
    end = datetime.combine(local.date(), _school_day_end(), tzinfo=zone)
    if local >= end:
        end = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    hours = getattr(settings, "LIFESKILLS_CHILD_SESSION_MAX_HOURS", DEFAULT_MAX_HOURS)
    return min(end, local + timedelta(hours=hours))


@receiver(user_logged_in, dispatch_uid="classrooms_child_session_ends")
def end_child_sessions_with_the_school_day(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and is_student(user):
        request.session.set_expiry(child_session_ends(timezone.now()))
