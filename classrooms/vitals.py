"""The programme's vital signs for today: what ``manage.py vital_signs`` prints.

Each figure reads a range of an indexed column (a day of lesson openings and
attempts, the sign-in counts of the last day), never a whole table, so it
costs the same with 15,000 children and 600,000 attempts as with a class.
"Today" is the programme's day, in ``TIME_ZONE``.

What the server cannot know is said, not guessed: a device's sync is answered
at once or refused at once, and what a device has not yet sent waits on the
device (its own outbox), so there is no queue on the server to measure.
"""

from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone

from lifeskills import health
from quizzes.models import Attempt

from . import limits
from .models import LessonProgress, SignInBudget

OFFLINE_NOTE = (
    "No queue on the server: each device's sync is recorded or refused as it arrives, "
    "and work not yet sent waits on the device. Refused syncs are in the access log "
    "(status 4xx on /progress/lessons/<id>/sync/ and /quizzes/<id>/submit/)."
)
STAFF_NOTE = (
    "Wrong passwords counted by django-axes in records whose last failure was today "
    "(a record is cleared by a right password or after the pause)."
)
CHILDREN_NOTE = (
    "Wrong picture or PIN tries counted by the class sign-in limits over the last "
    "24 hours (classrooms/limits.py); they are not kept per day."
)


@dataclass
class Thresholds:
    """When ``--check`` says something is wrong."""

    staff_failures: int = 50
    child_failures: int = 1000


@dataclass
class VitalSigns:
    date: str
    time_zone: str
    generated_at: str
    database: dict
    cache: dict
    active_children_today: int | None = None
    submissions_per_hour: list = field(default_factory=list)
    submissions_last_24h: int | None = None
    failed_sign_ins: dict = field(default_factory=dict)
    offline_syncs: dict = field(default_factory=dict)
    alerts: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


def day_bounds(day):
    """The first moment of ``day`` and of the next, in the programme's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def active_children(start, end):
    """Children who opened or finished a lesson or submitted an attempt in [start, end).

    Three index ranges, their learners merged by one UNION in the database.
    """
    opened = LessonProgress.objects.filter(last_opened_at__gte=start, last_opened_at__lt=end)
    finished = LessonProgress.objects.filter(completed_at__gte=start, completed_at__lt=end)
    submitted = Attempt.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    return (
        opened.values("learner_id")
        .union(finished.values("learner_id"), submitted.values("learner_id"))
        .count()
    )


def submissions_per_hour(now):
    """[(hour, attempts stored)] for the 24 hours up to ``now``, oldest first, empty hours 0."""
    zone = timezone.get_current_timezone()
    this_hour = timezone.localtime(now, zone).replace(minute=0, second=0, microsecond=0)
    first = this_hour - timedelta(hours=23)
    counted = {
        timezone.localtime(row["hour"], zone): row["n"]
        for row in Attempt.objects.filter(submitted_at__gte=first, submitted_at__lte=now)
        .annotate(hour=TruncHour("submitted_at", tzinfo=zone))
        .values("hour")
        .annotate(n=Count("id"))
        .order_by()
    }
    hours = [first + timedelta(hours=h) for h in range(24)]
    return [(hour, counted.get(hour, 0)) for hour in hours]


def staff_failed_sign_ins(start, now):
    records = AccessAttempt.objects.filter(attempt_time__gte=start)
    totals = records.aggregate(wrong=Sum("failures_since_start"), records=Count("id"))
    paused = records.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=now - settings.AXES_COOLOFF_TIME,
    ).count()
    return {
        "wrong_passwords": totals["wrong"] or 0,
        "records": totals["records"],
        "paused_now": paused,
        "note": STAFF_NOTE,
    }


def child_failed_sign_ins(now):
    """Wrong tries in the sign-in limits' open windows, and the classes and addresses held back.

    A wrong try from an unknown client is counted against its address and its
    class, one from a known device against the device: the class and device
    counts together are every wrong try once.
    """
    recent = SignInBudget.objects.filter(window_start__gt=now - timedelta(hours=24))
    wrong = sum(
        count
        for key, count in recent.values_list("key", "count")
        if key.startswith(("class:", "device:"))
    )
    classes_paused = recent.filter(
        key__startswith="class:",
        count__gte=limits.CLASS_FAILURES,
        window_start__gt=now - limits.CLASS_WINDOW,
    ).count()
    addresses_paused = recent.filter(
        key__startswith="address:",
        count__gte=limits.ADDRESS_FAILURES,
        window_start__gt=now - limits.ADDRESS_WINDOW,
    ).count()
    return {
        "wrong_tries_24h": wrong,
        "classes_paused_now": classes_paused,
        "addresses_paused_now": addresses_paused,
        "note": CHILDREN_NOTE,
    }


def offline_syncs(start, end):
    late = Attempt.objects.filter(
        submitted_at__gte=start, submitted_at__lt=end, started_at__lt=start
    ).count()
    return {
        "queue": None,
        "attempts_received_today_started_earlier": late,
        "note": OFFLINE_NOTE,
    }


def measure(now=None, thresholds=None):
    """The vital signs at ``now``; the database and the cache first, then the figures."""
    now = now or timezone.now()
    thresholds = thresholds or Thresholds()
    today = timezone.localdate(now)
    start, end = day_bounds(today)
    database, database_ms, error = health.check_database()
    cache_state, cache_ms = health.check_cache()
    signs = VitalSigns(
        date=today.isoformat(),
        time_zone=str(timezone.get_current_timezone()),
        generated_at=timezone.localtime(now).isoformat(timespec="seconds"),
        database={"state": database, "ms": database_ms, **({"error": error} if error else {})},
        cache={"state": cache_state, "ms": cache_ms},
    )
    if database != health.OK:
        signs.alerts.append("The database does not answer: no figure can be read.")
        return signs
    if cache_state != health.OK:
        signs.alerts.append("The cache does not answer: pages are rendered every time.")
    signs.active_children_today = active_children(start, end)
    hours = submissions_per_hour(now)
    signs.submissions_per_hour = [
        {"hour": hour.isoformat(timespec="minutes"), "submissions": n} for hour, n in hours
    ]
    signs.submissions_last_24h = sum(n for _hour, n in hours)
    staff = staff_failed_sign_ins(start, now)
    children = child_failed_sign_ins(now)
    signs.failed_sign_ins = {"staff": staff, "children": children}
    signs.offline_syncs = offline_syncs(start, end)
    if staff["wrong_passwords"] > thresholds.staff_failures:
        signs.alerts.append(
            f"{staff['wrong_passwords']} wrong staff passwords today "
            f"(more than {thresholds.staff_failures})."
        )
    if children["wrong_tries_24h"] > thresholds.child_failures:
        signs.alerts.append(
            f"{children['wrong_tries_24h']} wrong children's sign-in tries in 24 hours "
            f"(more than {thresholds.child_failures})."
        )
    if children["classes_paused_now"]:
        signs.alerts.append(
            f"{children['classes_paused_now']} class(es) held back by the sign-in limit now."
        )
    return signs
