"""Read-side builders of the programme coordinator reports: reach across schools.

A coordinator answers donors with a handful of figures (children reached,
modules completed, quiz results) broken down by school, module, age band and
gender. The report runs the same number of queries whether the programme has
ten children or fifteen thousand: two to read the curriculum, one for lessons
delivered, one over the running totals per child and per (child, module) that
groups them every way the report breaks them down (over a bounded period: one for the
children in scope and two over the raw rows), and one for the tallies of
children deleted under the data rules.

Children are counted through their class memberships. A child in two classes
is counted once: the learner rows are grouped by child before they are added
to a school, an age band or a gender.

Reach counts children, not attendances. Teachers record how many children
were present at a lesson, not who: in each class, the most children present
at any one lesson (never more than the class has) were reached, and of those,
the children who also opened a lesson themselves are already counted. So a
class adds to the reach only the children present beyond its children with
their own records: a class of 30 where 12 read online and 25 sat in the
lessons taught reached 25, however many lessons were taught.
"""

import gc
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from psycopg.types.string import TextLoader
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import Attempt, QuizPage

from .models import (
    AGE_BANDS,
    AnonymousTally,
    ChildTotals,
    Gender,
    LessonDelivery,
    LessonProgress,
    Membership,
    ModuleTotals,
)

UNKNOWN_AGE = "unknown"
AGE_BAND_KEYS = [f"{low}-{high}" for low, high in AGE_BANDS] + [UNKNOWN_AGE]
AGE_LABELS = {key: key for key in AGE_BAND_KEYS} | {UNKNOWN_AGE: _("unknown")}

NOT_GIVEN = "not given"
GENDER_KEYS = [Gender.GIRL.value, Gender.BOY.value, Gender.OTHER.value, NOT_GIVEN]
GENDER_LABELS = {
    Gender.GIRL.value: _("girl"),
    Gender.BOY.value: _("boy"),
    Gender.OTHER.value: _("other"),
    NOT_GIVEN: _("not given"),
}

REMOVED_MODULE = _("A module no longer on the site")


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    """The reach figures of one group of children (a school, a module, an age band …)."""

    children_online: int = 0  # distinct children who opened at least one lesson
    # Per class, the most children present at one delivered lesson (at most the
    # class's size), and of them the girls and boys the teacher recorded.
    children_present: int = 0
    girls_present: int = 0
    boys_present: int = 0
    # Children reached only in class: present beyond the class's children who
    # opened a lesson themselves.
    children_offline: int = 0
    lessons_delivered: int = 0
    modules_completed: int = 0  # (child, module) pairs: every live lesson done, quiz passed
    attempts: int = 0
    attempts_passed: int = 0
    children_attempted: int = 0
    children_passed: int = 0

    @property
    def children_reached(self):
        # A lesson delivered to a class without devices reaches the children in
        # the room, whom the platform cannot tell apart: the programme counts
        # those it has not already counted online (see the module docstring).
        return self.children_online + self.children_offline

    @property
    def attempt_pass_rate(self):
        return _percent(self.attempts_passed, self.attempts)

    @property
    def child_pass_rate(self):
        return _percent(self.children_passed, self.children_attempted)

    def add(self, other):
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Row:
    """One line of a breakdown: what it is about and its figures."""

    key: object
    label: str
    figures: Figures = field(default_factory=Figures)


@dataclass
class ModuleInfo:
    """A module as the report needs it: its title in the reader's language and its steps."""

    key: object
    title: str
    order: tuple
    lesson_keys: list = field(default_factory=list)
    has_quiz: bool = False


@dataclass
class ProgrammeReport:
    schools: list
    total: Figures
    by_school: list
    by_module: list
    by_age: list
    by_gender: list
    # Children reached, by the week or month each was first reached in the
    # period: Rows keyed by the first day of the week or month; they add up to
    # total.children_online less the children deleted under the data rules.
    over_time: list = field(default_factory=list)
    over_time_unit: str = "month"
    # Deleted children's tallies carry no dates and no class: they count only
    # in a report over all dates and whole schools.
    includes_deleted: bool = True


@dataclass(frozen=True)
class Period:
    """The days a report covers, both ends included; an end left open is unbounded."""

    start: date | None = None
    end: date | None = None

    def __bool__(self):
        return bool(self.start or self.end)

    def _moment(self, day):
        return timezone.make_aware(datetime.combine(day, time.min))

    @property
    def since(self):
        return self._moment(self.start) if self.start else None

    @property
    def until(self):
        """The first moment after the period."""
        return self._moment(self.end + timedelta(days=1)) if self.end else None

    def within(self, name):
        """A Q: the datetime field ``name`` falls in the period."""
        q = Q()
        if self.start:
            q &= Q(**{f"{name}__gte": self.since})
        if self.end:
            q &= Q(**{f"{name}__lt": self.until})
        return q


ALL_TIME = Period()
# Weeks are read more easily than months over a short period, such as a term's first weeks.
WEEKS_UP_TO_DAYS = 92


# The curriculum ------------------------------------------------------------------


def _language_variant(code):
    try:
        return get_supported_content_language_variant(code)
    except LookupError:
        return None


def modules(language):
    """{module translation key: ModuleInfo}, in curriculum order. Two queries.

    Titles come from the reader's language where the module is translated. A
    module's lessons are counted in its live default-language copy, the one
    editors write first, so that a translation still being finished neither
    adds nor removes a lesson a child must complete.
    """
    default = _language_variant(settings.LANGUAGE_CODE)
    current = _language_variant(language) or default
    copies = defaultdict(list)
    # Unpublished copies too: a module withdrawn after children took it still needs a title.
    for row in ModulePage.objects.values(
        "translation_key", "title", "path", "live", "locale__language_code"
    ).order_by("path"):
        copies[row["translation_key"]].append(row)

    found, structure = {}, {}
    for key, rows in copies.items():
        # A translation still in draft may carry the source title untranslated:
        # a published copy comes first, then the reader's language.
        by_title = min(
            rows,
            key=lambda r: (
                not r["live"],
                r["locale__language_code"] != current,
                r["locale__language_code"] != default,
            ),
        )
        live = [r for r in rows if r["live"]]
        source = min(live, key=lambda r: r["locale__language_code"] != default) if live else None
        order = (0, source["path"]) if source else (1, by_title["title"].casefold())
        found[key] = ModuleInfo(key, by_title["title"], order)
        if source:
            structure[source["path"]] = found[key]
    if structure:
        children = Q()
        for path in structure:
            children |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
        steps = (
            Page.objects.live()
            .filter(children)
            .values_list(
                "path", "translation_key", "content_type__app_label", "content_type__model"
            )
            .order_by("path")
        )
        lesson_type = (LessonPage._meta.app_label, LessonPage._meta.model_name)
        quiz_type = (QuizPage._meta.app_label, QuizPage._meta.model_name)
        for path, key, app_label, model in steps:
            info = structure[path[: -Page.steplen]]
            if (app_label, model) == lesson_type:
                info.lesson_keys.append(key)
            elif (app_label, model) == quiz_type:
                info.has_quiz = True
    return dict(sorted(found.items(), key=lambda item: item[1].order))


def gender_key(value):
    return value if value in GENDER_LABELS and value != NOT_GIVEN else NOT_GIVEN


def _age_band_of(birth_year, year):
    """The age band of a birth year in the year ``year``.

    Ages outside the programme's bands fall in "unknown" with missing birth
    years: the programme serves 6 to 18, so another age is most likely a typo.
    """
    if birth_year is not None:
        for low, high in AGE_BANDS:
            if year - high <= birth_year <= year - low:
                return f"{low}-{high}"
    return UNKNOWN_AGE


def age_band_now(birth_year, today=None):
    return _age_band_of(birth_year, (today or timezone.localdate()).year)


def child_contribution(user_id):
    """What one child adds to the report: (their whole-child Figures, {module key: Figures}).

    The same rules as programme_report, for one child: used to fold a child
    into anonymous tallies before their records are deleted.
    """
    found = modules(settings.LANGUAGE_CODE)
    live_lessons = [key for info in found.values() for key in info.lesson_keys]
    whole, per_module = Figures(), defaultdict(Figures)
    for module_key, n, passed in (
        Attempt.objects.filter(learner_id=user_id)
        .order_by()
        .values_list("module_key")
        .annotate(n=Count("id"), passed=Count("id", filter=Q(passed=True)))
    ):
        whole.attempts += n
        whole.attempts_passed += passed
        if module_key is not None:
            figures = per_module[module_key]
            figures.attempts, figures.attempts_passed = n, passed
            figures.children_attempted, figures.children_passed = 1, int(passed > 0)
            figures.children_online = 1  # a quiz taken reaches the child as a lesson opened does
    whole.children_attempted = int(whole.attempts > 0)
    whole.children_online = whole.children_attempted
    whole.children_passed = int(whole.attempts_passed > 0)
    for module_key, done in (
        LessonProgress.objects.filter(learner_id=user_id)
        .order_by()
        .values_list("module_key")
        .annotate(
            done=Count("id", filter=Q(completed_at__isnull=False, lesson_key__in=live_lessons))
        )
    ):
        whole.children_online = 1
        figures = per_module[module_key]
        figures.children_online = 1
        info = found.get(module_key)
        if (
            info
            and info.lesson_keys
            and done >= len(info.lesson_keys)
            and (not info.has_quiz or figures.children_passed)
        ):
            figures.modules_completed = 1
            whole.modules_completed += 1
    return whole, dict(per_module)


# The report -------------------------------------------------------------------------


@dataclass
class Reached:
    """Who a class's delivered lessons reached: the most present at one lesson, capped
    at the class's size, and those beyond the children counted online (``extra``),
    split into girls, boys and children whose gender was not recorded."""

    present: int
    girls: int
    boys: int
    extra: int
    extra_girls: int
    extra_boys: int

    @classmethod
    def of(cls, size, present, girls, boys, online, online_girls, online_boys):
        present = min(size, present or 0)
        girls = min(present, girls or 0)
        boys = min(present - girls, boys or 0)
        extra = max(0, present - online)
        extra_girls = min(extra, max(0, girls - online_girls))
        extra_boys = min(extra - extra_girls, max(0, boys - online_boys))
        return cls(present, girls, boys, extra, extra_girls, extra_boys)

    def add_to(self, figures, lessons):
        figures.lessons_delivered += lessons
        figures.children_present += self.present
        figures.girls_present += self.girls
        figures.boys_present += self.boys
        figures.children_offline += self.extra


def _add_tally(figures, tally):
    for name in AnonymousTally.COUNTS:
        setattr(figures, name, getattr(figures, name) + getattr(tally, name))


def _rows(queryset):
    """The queryset's rows as the database driver returns them, UUIDs and moments as text.

    The report reads over 140,000 grouped rows; Django's per-value converters
    cost more than the query itself, and so does making a UUID object of each
    module key, or casting it to text in SQL. PostgreSQL's driver is told to
    hand UUIDs over as text; SQLite stores them as text already.

    Kept because measured: on the seeded programme (``manage.py seed_programme``:
    15,000 children, 150,000 attempts, 167,577 progress rows; PostgreSQL), the
    report took a median of 1.0 s with this and 1.7 s reading the same rows
    through ``values_list``; 7 queries either way. tests/classrooms/
    test_report_fences.py checks that it returns what the ORM returns.
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.cursor.adapters.register_loader("uuid", TextLoader)
            # The report only needs the day of a moment (see _local_day): text, as SQLite keeps it.
            cursor.cursor.adapters.register_loader("timestamptz", TextLoader)
        cursor.execute(sql, params)
        return cursor.fetchall()


# What a child in scope adds to each group they belong to, by position.
ONLINE, ATTEMPTS, PASSED, COMPLETED = range(4)


def _add_child(figures, child):
    figures.children_online += child[ONLINE]
    figures.attempts += child[ATTEMPTS]
    figures.attempts_passed += child[PASSED]
    figures.children_attempted += child[ATTEMPTS] > 0
    figures.children_passed += child[PASSED] > 0
    figures.modules_completed += child[COMPLETED]


def _without_cycle_collection(function):
    """Runs ``function`` with Python's cycle collector paused.

    The report builds some 300,000 row tuples that all live until it returns;
    the collector would walk them, and every object the process holds, again
    and again while they pile up, for nothing (60 ms of 420 on a programme of
    15,000 children). Memory is still freed by reference counting.

    Kept because measured again on the seeded programme (see ``_rows``): a
    median of 1.0 s with the collector paused, 2.5 s without it, and 6.9 s
    with neither this nor ``_rows``. The collector is restored as it was, even
    when the report fails (tests/classrooms/test_report_fences.py).
    """

    @wraps(function)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


def _bucket_of(day, unit):
    """The first day of the week (Monday) or month holding ``day``."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_bucket(day, unit):
    if unit == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _over_time(per_day, period, today):
    """Rows of children first reached per week or month, every bucket of the period shown.

    ``per_day`` holds, per date, the children whose first thing done in the
    period was on it. Weeks over a short period, months otherwise.
    """
    days = sorted(per_day)
    start = period.start or (days[0] if days else None)
    end = period.end or max(today, days[-1] if days else today)
    if start is None or start > end:
        return [], "month"
    unit = "week" if (end - start).days < WEEKS_UP_TO_DAYS else "month"
    counts = defaultdict(int)
    for day in days:
        counts[_bucket_of(day, unit)] += per_day[day]
    rows, bucket = [], _bucket_of(start, unit)
    while bucket <= end:
        label = bucket.isoformat() if unit == "week" else bucket.strftime("%Y-%m")
        rows.append(Row(bucket, label, Figures(children_online=counts.get(bucket, 0))))
        bucket = _next_bucket(bucket, unit)
    return rows, unit


def _local_day(value, zone=None):
    """The local date of a moment as ``_rows`` returns it: text, in UTC.

    ``zone``, the current time zone, is looked up once by a caller converting
    thousands of moments: looking it up costs more than the conversion
    (2.8 s of a 6.7 s profile of the report over 15,000 children).
    """
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:  # SQLite keeps moments in UTC without saying so
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone or timezone.get_current_timezone()).date()


@dataclass
class Learners:
    """What the children in a report's scope did, grouped as the report adds it up.

    Figures are the children's own records (lessons opened, quizzes taken);
    the lessons delivered in class are added to them later.
    """

    per_module: dict = field(default_factory=lambda: defaultdict(Figures))  # key as text
    by_school: dict = field(default_factory=lambda: defaultdict(Figures))
    # (age band, gender): each child in exactly one, so the cells add up to the total.
    cells: dict = field(default_factory=lambda: defaultdict(Figures))
    # Per class with lessons delivered: (children on its list, of them reached
    # online, girls among those, boys among those).
    classes: dict = field(default_factory=dict)
    # (class, module taught in it): the class's children reached online in the module.
    online_in_class_module: dict = field(default_factory=lambda: defaultdict(int))
    # Local date: the children first reached on it.
    first_days: Counter = field(default_factory=Counter)


# The kinds of row of the grouped query over the running totals, and their keys:
# (key, name, day), then up to six counts.
BY_MODULE, BY_SCHOOL, BY_CELL, BY_CLASS, BY_DAY, BY_CLASS_MODULE = range(6)
REACHED = Q(lessons_opened__gt=0) | Q(attempts__gt=0)


def _sql(queryset):
    """The SQL and parameters of ``queryset``, to be placed in a larger statement."""
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _learners_totals(memberships, delivered, year):
    """Learner figures of all time, grouped in the database from the running totals. One query.

    The report needs each child once per group they belong to, never a row per
    child: per module, per school (a child in two classes there counts once),
    per birth year and gender (made age bands here, in Python, by the same rule
    as the bounded period's), per class taught in class, and per day a child
    was first reached, in the current time zone. A child's totals are one
    ChildTotals row, grouped each of those ways; the figures per module group
    the ModuleTotals rows. What reaches Python grows with schools, classes and
    days, not with children.

    Measured on the seeded programme (``manage.py seed_programme``: 15,000
    children, 81,357 (child, module) rows, 150,000 attempts; PostgreSQL on two
    shared cores): the statement took a median of 131 ms when each child's
    totals were first added up from her ModuleTotals rows, and 115 ms from
    ChildTotals. Reading a row per child into Python instead took about twice
    the page's time. tests/classrooms/test_report_grouping.py checks every
    figure against a recount child by child.
    """
    learners = Learners()
    in_scope = memberships.values("student__user_id")
    scope = memberships.order_by().values_list(
        "student__user_id",
        "classroom__school_id",
        "classroom_id",
        "student__birth_year",
        "student__gender",
    )
    per_child = (
        ChildTotals.objects.filter(REACHED, learner_id__in=in_scope)
        .order_by()
        .values_list(
            "learner_id", "attempts", "attempts_passed", "modules_completed", "first_activity_at"
        )
    )
    per_module = (
        ModuleTotals.objects.filter(REACHED, learner_id__in=in_scope, module_key__isnull=False)
        .order_by()
        .values_list("module_key")
        .annotate(
            n=Count("pk"),
            tries=Sum("attempts"),
            passes=Sum("attempts_passed"),
            attempted=Count("pk", filter=Q(attempts__gt=0)),
            passed=Count("pk", filter=Q(attempts_passed__gt=0)),
            done=Count("pk", filter=Q(completed=True)),
        )
    )
    try:
        ctes = [
            ("scope(user_id, school_id, classroom_id, birth_year, gender)", *_sql(scope)),
            ("child(user_id, tries, passes, done, first_at)", *_sql(per_child)),
            (
                "per_module(module_key, n, tries, passes, attempted, passed, done)",
                *_sql(per_module),
            ),
        ]
    except EmptyResultSet:  # no school in scope
        return learners
    children = """COUNT(*), SUM(tries), SUM(passes), SUM(CASE WHEN tries > 0 THEN 1 ELSE 0 END),
        SUM(CASE WHEN passes > 0 THEN 1 ELSE 0 END), SUM(done)"""
    day, day_params = connection.ops.datetime_cast_date_sql(
        "first_at", (), timezone.get_current_timezone_name()
    )
    selects = [
        # The first names each column's type, for PostgreSQL's UNION.
        (
            f"""SELECT {BY_MODULE}, CAST(NULL AS bigint), CAST(module_key AS text),
                CAST(NULL AS date), n, tries, passes, attempted, passed, done
            FROM per_module""",
            [],
        ),
        (
            f"""SELECT {BY_SCHOOL}, school_id, NULL, NULL, {children}
            FROM child JOIN (SELECT DISTINCT user_id, school_id FROM scope) AS pairs
                ON pairs.user_id = child.user_id
            GROUP BY school_id""",
            [],
        ),
        (
            f"""SELECT {BY_CELL}, birth_year, gender, NULL, {children}
            FROM child JOIN (SELECT DISTINCT user_id, birth_year, gender FROM scope) AS people
                ON people.user_id = child.user_id
            GROUP BY birth_year, gender""",
            [],
        ),
        (
            f"""SELECT {BY_DAY}, NULL, NULL, {day}, COUNT(*), NULL, NULL, NULL, NULL, NULL
            FROM child GROUP BY 4""",
            list(day_params),
        ),
    ]
    taught_classes = sorted({row[0] for row in delivered})
    if taught_classes:
        in_classes = ", ".join(["%s"] * len(taught_classes))
        selects.append(
            (
                f"""SELECT {BY_CLASS}, classroom_id, NULL, NULL, COUNT(*), COUNT(child.user_id),
                    SUM(CASE WHEN child.user_id IS NOT NULL AND gender = %s THEN 1 ELSE 0 END),
                    SUM(CASE WHEN child.user_id IS NOT NULL AND gender = %s THEN 1 ELSE 0 END),
                    NULL, NULL
                FROM scope LEFT JOIN child ON child.user_id = scope.user_id
                WHERE classroom_id IN ({in_classes})
                GROUP BY classroom_id""",
                [Gender.GIRL.value, Gender.BOY.value, *taught_classes],
            )
        )
        # Only the rows of the modules taught, of the children in the classes taught.
        taught = (
            ModuleTotals.objects.filter(
                REACHED,
                module_key__in={row[4] for row in delivered},
                learner_id__in=memberships.filter(classroom_id__in=taught_classes).values(
                    "student__user_id"
                ),
            )
            .order_by()
            .values_list("learner_id", "module_key")
        )
        ctes.append(("taught(user_id, module_key)", *_sql(taught)))
        selects.append(
            (
                f"""SELECT {BY_CLASS_MODULE}, classroom_id, CAST(module_key AS text), NULL,
                    COUNT(*), NULL, NULL, NULL, NULL, NULL
                FROM scope JOIN taught ON taught.user_id = scope.user_id
                WHERE classroom_id IN ({in_classes})
                GROUP BY classroom_id, module_key""",
                list(taught_classes),
            )
        )
    sql = "WITH " + ",\n".join(f"{name} AS ({body})" for name, body, _p in ctes)
    sql += "\n" + "\nUNION ALL\n".join(body for body, _p in selects)
    params = [p for _n, _b, cte_params in ctes for p in cte_params]
    params += [p for _b, select_params in selects for p in select_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()

    bands = {}
    for kind, key, name, day_value, *counts in found:
        counts = [int(n) if n is not None else 0 for n in counts]
        if kind == BY_MODULE:
            learners.per_module[name] = Figures(
                children_online=counts[0],
                attempts=counts[1],
                attempts_passed=counts[2],
                children_attempted=counts[3],
                children_passed=counts[4],
                modules_completed=counts[5],
            )
        elif kind in (BY_SCHOOL, BY_CELL):
            online, tries, passes, attempted, passed, done = counts
            group = Figures(
                children_online=online,
                attempts=tries,
                attempts_passed=passes,
                children_attempted=attempted,
                children_passed=passed,
                modules_completed=done,
            )
            if kind == BY_SCHOOL:
                learners.by_school[key].add(group)
            else:
                if key not in bands:
                    bands[key] = _age_band_of(key, year)
                learners.cells[bands[key], gender_key(name)].add(group)
        elif kind == BY_CLASS:
            learners.classes[key] = tuple(counts[:4])
        elif kind == BY_DAY:
            if day_value is not None:
                if isinstance(day_value, str):  # SQLite's dates are text
                    day_value = date.fromisoformat(day_value)
                learners.first_days[day_value] += counts[0]
        else:
            learners.online_in_class_module[key, uuid.UUID(name)] = counts[0]
    return learners


def _learner_rows_raw(period, in_scope, found, children, per_module, reach, first_moment):
    """Learner figures of a bounded period, from the LessonProgress and Attempt rows."""
    passed_pairs, first_passed_in_period = set(), set()
    in_period = period.within("submitted_at")
    attempts = Attempt.objects.filter(learner_id__in=in_scope)
    if period.end:
        # Attempts before the period still tell whether a module was completed by its end.
        attempts = attempts.filter(submitted_at__lt=period.until)
    # Named apart from the model's fields: a later annotation's filter would read
    # "passed" as the count, not the field.
    counts = {
        "tries": Count("id", filter=in_period),
        "passes": Count("id", filter=in_period & Q(passed=True)),
        "first_at": Min("submitted_at", filter=in_period),
    }
    if period.start:
        counts["earlier_passes"] = Count("id", filter=Q(passed=True, submitted_at__lt=period.since))
    for user_id, module_key, n, passed, first, *before in _rows(
        attempts.order_by().values_list("learner_id", "module_key").annotate(**counts)
    ):
        passed_before = before[0] if before else 0
        if passed or passed_before:
            passed_pairs.add((user_id, module_key))
        if not n:
            continue
        if passed and not passed_before:
            first_passed_in_period.add((user_id, module_key))
        child = children[user_id]
        child[ATTEMPTS] += n
        child[PASSED] += passed
        if module_key is None:  # a quiz no longer in a module reaches the child, not a module
            child[ONLINE] = 1
            first_moment[user_id] = min(first_moment.get(user_id, "9999"), str(first))
            continue
        reach(user_id, module_key, str(first))
        module = per_module[module_key]
        module.attempts += n
        module.attempts_passed += passed
        module.children_attempted += 1
        if passed:
            module.children_passed += 1

    # Completed: every live lesson of the module done and, where the module has
    # a quiz, the quiz passed. A module with no live lesson has nothing to complete.
    live_lessons = [key for info in found.values() for key in info.lesson_keys]
    active = (
        period.within("first_opened_at")
        | period.within("last_opened_at")
        | period.within("completed_at")
    )
    done_by_end = Q(completed_at__isnull=False, lesson_key__in=live_lessons)
    if period.end:
        done_by_end &= Q(completed_at__lt=period.until)
    progress = LessonProgress.objects.filter(learner_id__in=in_scope)
    if period.end:
        progress = progress.filter(first_opened_at__lt=period.until)
    needed = {}  # module key as text: (live lessons to complete, whether it has a quiz)
    for user_id, module_key, done, done_in_period, active_rows, first in _rows(
        progress.order_by()
        .values_list("learner_id", "module_key")
        .annotate(
            done=Count("id", filter=done_by_end),
            done_in_period=Count(
                "id", filter=period.within("completed_at") & Q(lesson_key__in=live_lessons)
            ),
            active_rows=Count("id", filter=active),
            first=Min("first_opened_at", filter=active),
        )
    ):
        if active_rows:
            reach(user_id, module_key, str(first))
        if module_key not in needed:
            info = found.get(uuid.UUID(module_key))
            needed[module_key] = (len(info.lesson_keys), info.has_quiz) if info else (0, False)
        lessons, quiz = needed[module_key]
        pair = (user_id, module_key)
        if (
            lessons
            and done >= lessons
            and (not quiz or pair in passed_pairs)
            and (not period or done_in_period or (quiz and pair in first_passed_in_period))
        ):
            per_module[module_key].modules_completed += 1
            children[user_id][COMPLETED] += 1


def _learners_raw(period, memberships, found, delivered, year):
    """Learner figures of a bounded period, from the LessonProgress and Attempt rows.

    Three queries: the children in scope, then their attempts and lesson
    progress grouped per (child, module); each child is added to their
    schools, age band and gender here.
    """
    learners = Learners()
    schools_of, classes_of, cell_of, bands = defaultdict(set), defaultdict(list), {}, {}
    members = defaultdict(list)
    for user_id, school_id, classroom_id, birth_year, child_gender in memberships.values_list(
        "student__user_id",
        "classroom__school_id",
        "classroom_id",
        "student__birth_year",
        "student__gender",
    ):
        schools_of[user_id].add(school_id)
        classes_of[user_id].append(classroom_id)
        members[classroom_id].append(user_id)
        if birth_year not in bands:
            bands[birth_year] = _age_band_of(birth_year, year)
        cell_of[user_id] = (bands[birth_year], gender_key(child_gender))

    delivered_modules = {row[4] for row in delivered}
    online_in_class_module = learners.online_in_class_module
    # Children in scope, as a subquery: filtering by it never multiplies rows.
    in_scope = memberships.values("student__user_id")

    # Module keys are read as text, which Python hashes far faster than UUIDs,
    # and turned into UUIDs once per module at the end.
    per_module = learners.per_module
    children = defaultdict(lambda: [0, 0, 0, 0])  # ONLINE, ATTEMPTS, PASSED, COMPLETED
    # Child: the first moment they were reached in the period, as text in UTC,
    # which sorts as the moments do; made a local date once per child at the end.
    first_moment = {}
    reached_pairs = set()
    key_of = {}  # module key as text: as a UUID

    def reach(user_id, module_key, moment):
        """The child reached through the module at ``moment``: counted once in each."""
        if moment < first_moment.get(user_id, "9999"):
            first_moment[user_id] = moment
        if (user_id, module_key) in reached_pairs:
            return
        reached_pairs.add((user_id, module_key))
        per_module[module_key].children_online += 1
        children[user_id][ONLINE] = 1
        if module_key not in key_of:
            key_of[module_key] = uuid.UUID(module_key)
        if key_of[module_key] in delivered_modules:
            for classroom_id in classes_of[user_id]:
                online_in_class_module[classroom_id, key_of[module_key]] += 1

    _learner_rows_raw(period, in_scope, found, children, per_module, reach, first_moment)

    # Each child has one band and one gender, so the cells add up exactly to
    # each breakdown and to the programme total. A child in classes at two
    # schools counts in both schools, once in each.
    for user_id, child in children.items():
        for school_id in schools_of[user_id]:
            _add_child(learners.by_school[school_id], child)
        _add_child(learners.cells[cell_of[user_id]], child)

    for classroom_id in {row[0] for row in delivered}:
        online = [cell_of[u][1] for u in members[classroom_id] if children.get(u, (0,))[ONLINE]]
        learners.classes[classroom_id] = (
            len(members[classroom_id]),
            len(online),
            online.count(Gender.GIRL),
            online.count(Gender.BOY),
        )

    # A lesson opened before the period and again in it was first reached in it on its first day.
    zone = timezone.get_current_timezone()
    for moment in first_moment.values():
        day = _local_day(moment, zone)
        learners.first_days[max(day, period.start) if period.start else day] += 1
    return learners


@_without_cycle_collection
def programme_report(schools, language, today=None, period=ALL_TIME, classroom=None):
    """The reach of the programme in ``schools``, whole and broken down.

    ``schools`` is an iterable of School, already narrowed to what the reader
    may see; ``classroom``, one class of them to narrow to; ``period``, the
    days to count (a Period).

    Over all dates, five queries: the running totals (ChildTotals and
    ModuleTotals, kept with each event) are grouped by module, school, age and
    gender, class and first day in the database, in one query whose cost
    follows the children and modules, not how many lessons and attempts they
    piled up, and whose answer grows only with schools, classes and days
    (see ``_learners_totals``).

    A bounded period, six queries, reads the LessonProgress and Attempt rows
    themselves, grouped per (child, module) in two queries: the totals keep no
    dates but the first activity of a pair, which cannot say how many attempts
    fell inside a period or when a module's last step was done, and a report
    over a term is read far less often than the programme's running figures.
    Each row is added to its module, then to its child, and each child to
    their schools, age band and gender, in Python: counting distinct children
    through the membership join in the database took a query per breakdown
    and over three seconds on a programme of 15,000 children.

    A child is reached in the period when they opened or finished a lesson, or
    submitted a quiz, in it: counted once however many lessons and quizzes.
    Attempts count when submitted in the period. A module counts as completed
    in the period when its last step was done in it: every live lesson done and
    the quiz passed by the period's end, and a lesson finished or the quiz
    first passed within it. Lessons delivered count when given in the period.
    """
    schools = list(schools)
    school_ids = [school.pk for school in schools]
    today = today or timezone.localdate()
    # Ages in the last year the report covers.
    year = period.end.year if period.end else today.year
    found = modules(language)

    memberships = Membership.objects.filter(classroom__school_id__in=school_ids)
    deliveries = LessonDelivery.objects.filter(classroom__school_id__in=school_ids)
    if classroom is not None:
        memberships = memberships.filter(classroom_id=classroom.pk)
        deliveries = deliveries.filter(classroom_id=classroom.pk)
    if period.start:
        deliveries = deliveries.filter(delivered_on__gte=period.start)
    if period.end:
        deliveries = deliveries.filter(delivered_on__lte=period.end)

    # Lessons delivered, per class and module: how many, and the most present at one.
    delivered = list(
        deliveries.order_by()
        .values_list(
            "classroom_id",
            "classroom__school_id",
            "classroom__children_deleted",
            "classroom__children_deleted_online",
            "module_key",
        )
        .annotate(Count("id"), Max("children_present"), Max("girls_present"), Max("boys_present"))
    )
    if period:
        learners = _learners_raw(period, memberships, found, delivered, year)
    else:
        learners = _learners_totals(memberships, delivered, year)

    by_module = {key: Row(key, info.title) for key, info in found.items()}

    def module_figures(key):
        if key not in by_module:
            by_module[key] = Row(key, REMOVED_MODULE)
        return by_module[key].figures

    for module_key, figures in learners.per_module.items():
        module_figures(uuid.UUID(module_key)).add(figures)

    by_school = {school.pk: Row(school.pk, school.name) for school in schools}
    for school_id, figures in learners.by_school.items():
        by_school[school_id].figures.add(figures)
    cells = learners.cells

    total = Figures()
    by_age = {key: Row(key, AGE_LABELS[key]) for key in AGE_BAND_KEYS}
    by_gender = {key: Row(key, GENDER_LABELS[key]) for key in GENDER_KEYS}

    # Children deleted under the data rules, folded into tallies with no identity.
    # A child who was in several schools has one identical row at each of them:
    # it is added to each school, and once to the total and the breakdowns.
    counted = set()
    includes_deleted = not period and classroom is None
    tallies = AnonymousTally.objects.filter(school_id__in=school_ids if includes_deleted else [])
    for tally in tallies.order_by("pk"):
        group = (tally.schools_key, tally.module_key, tally.age_band, tally.gender)
        if tally.module_key is None:
            _add_tally(by_school[tally.school_id].figures, tally)
            if group not in counted:
                _add_tally(cells[tally.age_band, tally.gender], tally)
        elif group not in counted:
            _add_tally(module_figures(tally.module_key), tally)
        counted.add(group)

    for (band_key, gender), figures in cells.items():
        total.add(figures)
        by_age[band_key].figures.add(figures)
        by_gender[gender].figures.add(figures)

    # Lessons delivered. Every lesson is given in one class of one school, so
    # the school rows add up to the total. Teachers record how many children
    # were present and, when they can, how many girls and boys, but never ages:
    # the children reached only in class go to "unknown" age and, beyond the
    # girls and boys recorded, to "not given", so every breakdown adds up to the reach.
    by_class = defaultdict(list)
    for classroom_id, school_id, deleted, deleted_online, module_key, *counts in delivered:
        by_class[classroom_id].append((school_id, deleted, deleted_online, module_key, counts))
    for classroom_id, rows in by_class.items():
        school_id, deleted, deleted_online = rows[0][:3]
        members, online, girls_online, boys_online = learners.classes.get(
            classroom_id, (0, 0, 0, 0)
        )
        size = members + deleted
        online_count = online + deleted_online
        most = [max(row[4][n] or 0 for row in rows) for n in (1, 2, 3)]
        reached = Reached.of(size, *most, online_count, girls_online, boys_online)
        lessons = sum(row[4][0] for row in rows)
        reached.add_to(by_school[school_id].figures, lessons)
        reached.add_to(total, lessons)
        reached.add_to(by_age[UNKNOWN_AGE].figures, 0)
        for key, present, extra in (
            (Gender.GIRL.value, reached.girls, reached.extra_girls),
            (Gender.BOY.value, reached.boys, reached.extra_boys),
            (
                NOT_GIVEN,
                reached.present - reached.girls - reached.boys,
                reached.extra - reached.extra_girls - reached.extra_boys,
            ),
        ):
            by_gender[key].figures.children_present += present
            by_gender[key].figures.children_offline += extra
        for _school, _deleted, _online, module_key, (n, present, girls, boys) in rows:
            # Per module the children who opened one of its lessons are known.
            # Which modules a deleted child had opened is not kept: they are
            # taken as already counted in each, so a deletion never adds reach.
            online_here = learners.online_in_class_module.get((classroom_id, module_key), 0)
            Reached.of(size, present, girls, boys, online_here + deleted_online, 0, 0).add_to(
                module_figures(module_key), n
            )
    by_age[UNKNOWN_AGE].figures.lessons_delivered = 0
    by_age[UNKNOWN_AGE].figures.girls_present = 0
    by_age[UNKNOWN_AGE].figures.boys_present = 0

    over_time, unit = _over_time(learners.first_days, period, today)
    return ProgrammeReport(
        schools=schools,
        total=total,
        by_school=list(by_school.values()),
        by_module=list(by_module.values()),
        by_age=list(by_age.values()),
        by_gender=list(by_gender.values()),
        over_time=over_time,
        over_time_unit=unit,
        includes_deleted=includes_deleted,
    )
