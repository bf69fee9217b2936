"""How many wrong sign-ins and unknown class codes a child's sign-in allows, and from where.

A whole school often reaches the site from one public address, so a limit per
address alone would either block a real class or let an attacker guess for
hours. Sign-ins are therefore counted three ways:

- Unknown clients (no device cookie for this class) are limited per child (the
  pause after MAX_FAILED_SIGN_INS), per client address and per class.
- A known device, where a child of this class has signed in before, carries a
  signed device cookie and spends its own budget, so guessing from elsewhere
  can never block it (OWASP's "device cookies" against account lock-out). A
  device that has spent its budget is treated as an unknown client again.
- Unknown class codes are limited per client address.

Every count lives in the database (SignInBudget, and the Student's own pause)
and a wrong try is counted under a row lock: the limits hold across app
servers and without Redis. A right answer only reads whether a limit holds it
back, so a class signing in together from one address never queues on a lock.
The figures in the README come from these constants; a test
pins them.
"""

import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.utils import timezone

from accounts import throttle

from .models import PICTURES, PICTURES_IN_SECRET, SignInBudget

# Wrong tries from unknown clients at one address, in any class. A class of
# 60 signing in for the first time, one tap in ten wrong, makes about 31.
ADDRESS_FAILURES = 100
ADDRESS_WINDOW = timedelta(hours=1)
# Wrong tries from unknown clients, from any address, at one class.
CLASS_FAILURES = 200
CLASS_WINDOW = timedelta(hours=24)
# Wrong tries on one known device, for any child of its classes.
DEVICE_FAILURES = 20
DEVICE_WINDOW = timedelta(hours=24)
# Devices a child's sign-in can make known: school computer, home phone, a
# friend's tablet. Holding one card therefore buys only a few device budgets.
DEVICES_PER_CHILD = 3
DEVICES_PER_CHILD_WINDOW = timedelta(hours=24)
# Class codes that name no class, per address: children mistype codes, a
# guesser tries thousands.
UNKNOWN_CODES = 50
UNKNOWN_CODES_WINDOW = timedelta(hours=1)
# After a teacher gives a new sign-in, the child gets in despite the class and
# address limits for this long (their own wrong tries still count).
LET_IN_WINDOW = timedelta(minutes=30)

# Longer than every window above.
FORGET_AFTER = timedelta(days=2)

DEVICE_COOKIE = "lifeskills_device"
DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
DEVICE_COOKIE_SALT = "classrooms.device"
# A computer-room device serves a few classes; more would make the cookie grow.
DEVICE_MAX_CLASSES = 20


def client_address(request):
    """The client's address as the limits count it.

    An IPv6 client is counted by its /64, which one household or attacker
    holds whole.
    """
    address = throttle.client_address(request)
    if address is None:
        return (request.META.get("REMOTE_ADDR") or "")[:45] or "unknown"
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return address


@dataclass
class Client:
    """Who is signing in: their address and, if any, their device cookie."""

    address: str
    device: str = ""  # the device's token
    classes: tuple = ()  # the classes in which a child signed in on this device

    def knows(self, classroom):
        return bool(self.device) and classroom.pk in self.classes


def read_client(request):
    client = Client(client_address(request))
    value = request.COOKIES.get(DEVICE_COOKIE)
    if value:
        try:
            data = signing.loads(value, salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_AGE)
            client.device = str(data["d"])[:40]
            client.classes = tuple(int(pk) for pk in data["c"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            client.device, client.classes = "", ()
    return client


def remember_device(response, client, classroom):
    """Make this device known to the class: the cookie a successful sign-in earns."""
    device = client.device or secrets.token_urlsafe(16)
    classes = [pk for pk in client.classes if pk != classroom.pk][-(DEVICE_MAX_CLASSES - 1) :]
    value = signing.dumps({"d": device, "c": [*classes, classroom.pk]}, salt=DEVICE_COOKIE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# Budgets -----------------------------------------------------------------------


class Budget:
    """A count of wrong tries under a row lock, for the length of a transaction."""

    def __init__(self, key, limit, window, now):
        self.limit, self.window, self.now = limit, window, now
        # Insert-if-missing and then lock: two servers counting the first
        # wrong try at once both end up on the one row.
        SignInBudget.objects.bulk_create(
            [SignInBudget(key=key, window_start=now, count=0)], ignore_conflicts=True
        )
        self.row = SignInBudget.objects.select_for_update().get(key=key)
        if self.row.window_start + window <= now:
            self.row.window_start, self.row.count = now, 0

    @property
    def spent(self):
        return self.row.count >= self.limit

    @property
    def until(self):
        return self.row.window_start + self.window

    def spend(self):
        if self.row.count == 0:
            self.row.window_start = self.now
            # Rows whose windows ended long ago are forgotten as new ones start,
            # so addresses seen once do not pile up.
            SignInBudget.objects.filter(window_start__lt=self.now - FORGET_AFTER).delete()
        self.row.count += 1
        self.row.save(update_fields=["window_start", "count"])


@dataclass(frozen=True)
class Limit:
    """One budget's key, how many wrong tries it allows, and over how long."""

    key: str
    allowed: int
    window: timedelta

    def budget(self, now):
        """The budget under a row lock, for counting a wrong try."""
        return Budget(self.key, self.allowed, self.window, now)


def address_limit(address):
    return Limit(f"address:{address}", ADDRESS_FAILURES, ADDRESS_WINDOW)


def class_limit(classroom):
    return Limit(f"class:{classroom.pk}", CLASS_FAILURES, CLASS_WINDOW)


def device_limit(device):
    return Limit(f"device:{device}", DEVICE_FAILURES, DEVICE_WINDOW)


def new_devices_limit(student):
    return Limit(f"devices-of:{student.pk}", DEVICES_PER_CHILD, DEVICES_PER_CHILD_WINDOW)


def spent_limits(limits, now):
    """{limit: when it lets tries in again} for those of ``limits`` spent now. One query.

    Read without a lock, for a right answer, which only asks whether a limit
    holds it back: wrong tries are counted under the row locks (Budget), and a
    class signing in at once from one school's address does not queue on them.
    A wrong try committing at the same moment is seen by the next answer.
    """
    rows = SignInBudget.objects.filter(key__in=[limit.key for limit in limits])
    found = {
        key: (start, count)
        for key, start, count in rows.values_list("key", "window_start", "count")
    }
    spent = {}
    for limit in limits:
        start, count = found.get(limit.key, (now, 0))
        if start + limit.window > now and count >= limit.allowed:
            spent[limit] = start + limit.window
    return spent


def spend_without_lock(limit, now):
    """Count one use against ``limit`` in one statement; whether it was within the limit.

    For a count that a right answer spends (a new device made known), where a
    lock held for the rest of the sign-in would only make a class wait. The
    window starts again once it has passed, as Budget's does.
    """
    quote = connection.ops.quote_name
    table = quote(SignInBudget._meta.db_table)
    key, start, count = (
        quote(SignInBudget._meta.get_field(name).column)
        for name in ("key", "window_start", "count")
    )
    moment = SignInBudget._meta.get_field("window_start")
    now_value = moment.get_db_prep_value(now, connection)
    ended = moment.get_db_prep_value(now - limit.window, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {start}, {count}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({key}) DO UPDATE SET "
            f"{count} = CASE WHEN {table}.{start} <= %s THEN 1 ELSE {table}.{count} + 1 END, "
            f"{start} = CASE WHEN {table}.{start} <= %s "
            f"THEN excluded.{start} ELSE {table}.{start} END "
            f"RETURNING {count}",
            [limit.key, now_value, ended, ended],
        )
        (used,) = cursor.fetchone()
    return used <= limit.allowed


class CodeLookupsPaused(Exception):
    def __init__(self, until):
        super().__init__(until)
        self.until = until


def check_code_lookup(address, found, now=None):
    """Count a class code that names no class; raise CodeLookupsPaused when too many.

    While an address is over its limit even right codes are refused, so that
    the answer does not tell a guesser which codes exist.
    """
    now = now or timezone.now()
    key = f"codes:{address}"
    if found:
        # The common case, a class signing in: a read, no write.
        row = SignInBudget.objects.filter(key=key, window_start__gt=now - UNKNOWN_CODES_WINDOW)
        row = row.filter(count__gte=UNKNOWN_CODES).first()
        if row is not None:
            raise CodeLookupsPaused(row.window_start + UNKNOWN_CODES_WINDOW)
        return
    with transaction.atomic():
        budget = Budget(key, UNKNOWN_CODES, UNKNOWN_CODES_WINDOW, now)
        if budget.spent:
            raise CodeLookupsPaused(budget.until)
        budget.spend()


# What the limits allow an attacker, for the README. Each wrong guess at a
# child's four-picture secret hits with chance 1 in SECRETS at best.
SECRETS = math.perm(len(PICTURES), PICTURES_IN_SECRET)


def guesses_per_day(limit, window):
    return limit * (timedelta(days=1) / window)


def expected_breakins_per_day(addresses=1):
    """Accounts of one class an attacker holding its code breaks into per day, on average."""
    allowed = min(
        addresses * guesses_per_day(ADDRESS_FAILURES, ADDRESS_WINDOW),
        guesses_per_day(CLASS_FAILURES, CLASS_WINDOW),
    )
    return allowed / SECRETS
