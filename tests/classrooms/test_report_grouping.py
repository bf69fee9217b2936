"""The report over all dates, grouped in the database, equals a plain recount.

Random small programmes (children in one class, two classes of a school, or
classes at two schools; any birth year and gender; any running totals;
lessons delivered with head counts; children deleted from classes) are
reported on, and every figure of every breakdown is checked against a
recount written the obvious way: a loop over the children in scope and
their ModuleTotals rows. The totals rows are written directly: what is
tested is how the report adds them up, not how events keep them
(tests/classrooms/test_running_totals.py does that).
"""

import uuid
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classrooms import reports
from classrooms.factories import ClassroomFactory, SchoolFactory, StudentFactory
from classrooms.models import (
    ChildTotals,
    Classroom,
    LessonDelivery,
    Membership,
    ModuleTotals,
    Student,
)
from curriculum.models import ModulePage

pytestmark = pytest.mark.django_db

CHILDREN = 7
CLASSES = 4  # two at the first school, one at each of the others
TODAY = timezone.localdate()
YEAR = TODAY.year
# A module withdrawn from the site still counts, under its own row.
GONE = uuid.UUID("00000000-0000-4000-8000-00000000dead")


@pytest.fixture
def world(db):
    schools = [SchoolFactory(name=f"School {n}") for n in range(3)]
    classes = [
        ClassroomFactory(school=school, name=f"Class {n}")
        for n, school in enumerate([schools[0], schools[0], schools[1], schools[2]])
    ]
    children = [StudentFactory() for _n in range(CHILDREN)]
    keys = list(
        ModulePage.objects.live()
        .filter(locale__language_code="en")
        .order_by("path")
        .values_list("translation_key", flat=True)[:2]
    )
    return {"schools": schools, "classes": classes, "children": children, "modules": keys}


# The last Monday: a child first reached early on a Monday, local time, was
# reached on the Sunday before in UTC, in the week before.
MONDAY = TODAY - timedelta(days=TODAY.weekday())
# Over weeks or months, at local times on either side of midnight in UTC.
moments = st.tuples(st.integers(0, 150), st.sampled_from([0, 7, 8, 23])).map(
    lambda when: timezone.make_aware(
        datetime.combine(MONDAY - timedelta(days=when[0]), time(when[1], 30))
    )
)
totals = st.fixed_dictionaries(
    {
        "module": st.integers(0, 3),  # the two modules, one withdrawn, and no module
        "lessons_opened": st.integers(0, 2),
        "attempts": st.integers(0, 3),
        "passed": st.integers(0, 3),
        "completed": st.booleans(),
        "first": moments,
    }
)
child = st.fixed_dictionaries(
    {
        "classes": st.sets(st.integers(0, CLASSES - 1), max_size=3),
        "birth_year": st.one_of(st.none(), st.integers(YEAR - 20, YEAR - 4)),
        "gender": st.sampled_from(["girl", "boy", "other", ""]),
        "totals": st.lists(totals, max_size=4, unique_by=lambda row: row["module"]),
    }
)
delivery = st.fixed_dictionaries(
    {
        "classroom": st.integers(0, CLASSES - 1),
        "module": st.integers(0, 2),
        "present": st.integers(0, 6),
        "girls": st.one_of(st.none(), st.integers(0, 4)),
        "boys": st.one_of(st.none(), st.integers(0, 4)),
    }
)
programme = st.fixed_dictionaries(
    {
        "children": st.lists(child, min_size=CHILDREN, max_size=CHILDREN),
        "deliveries": st.lists(delivery, max_size=4),
        "deleted": st.lists(st.integers(0, 2), min_size=CLASSES, max_size=CLASSES),
    }
)


def _module_key(world, n):
    return (world["modules"] + [GONE, None])[n]


def _add_up_per_child():
    """Each child's totals as events keep them: the sums of her rows that count something
    (a row an event made always does)."""
    rows_of = defaultdict(list)
    for row in ModuleTotals.objects.filter(reports.REACHED):
        rows_of[row.learner_id].append(row)
    for learner_id, rows in rows_of.items():
        ChildTotals.objects.update_or_create(
            learner_id=learner_id,
            defaults={
                "lessons_opened": sum(row.lessons_opened for row in rows),
                "attempts": sum(row.attempts for row in rows),
                "attempts_passed": sum(row.attempts_passed for row in rows),
                "modules_completed": sum(row.completed for row in rows),
                "first_activity_at": min(row.first_activity_at for row in rows),
            },
        )


def _build(world, plan):
    for student, made in zip(world["children"], plan["children"], strict=True):
        Student.objects.filter(pk=student.pk).update(
            birth_year=made["birth_year"], gender=made["gender"]
        )
        for n in made["classes"]:
            Membership.objects.create(classroom=world["classes"][n], student=student)
        for row in made["totals"]:
            ModuleTotals.objects.create(
                learner_id=student.user_id,
                module_key=_module_key(world, row["module"]),
                lessons_opened=row["lessons_opened"],
                attempts=row["attempts"],
                attempts_passed=min(row["passed"], row["attempts"]),
                completed=row["completed"],
                first_activity_at=row["first"],
            )
    _add_up_per_child()

    for classroom, deleted in zip(world["classes"], plan["deleted"], strict=True):
        Classroom.objects.filter(pk=classroom.pk).update(
            children_deleted=deleted, children_deleted_online=min(deleted, 1)
        )
    for made in plan["deliveries"]:
        LessonDelivery.objects.create(
            classroom=world["classes"][made["classroom"]],
            lesson=None,
            lesson_key=uuid.uuid4(),
            module_key=_module_key(world, made["module"]),
            delivered_on=TODAY,
            children_present=made["present"],
            girls_present=made["girls"],
            boys_present=made["boys"],
        )


def _child_figures(rows_of, children):
    figures = reports.Figures()
    for user_id in children:
        attempts = sum(row.attempts for row in rows_of[user_id])
        passed = sum(row.attempts_passed for row in rows_of[user_id])
        figures.children_online += 1
        figures.attempts += attempts
        figures.attempts_passed += passed
        figures.children_attempted += attempts > 0
        figures.children_passed += passed > 0
        figures.modules_completed += sum(row.completed for row in rows_of[user_id])
    return figures


def _recount(schools, classroom=None):
    """The report's figures, counted child by child."""
    school_ids = {school.pk for school in schools}
    memberships = [
        m
        for m in Membership.objects.select_related("classroom", "student")
        if m.classroom.school_id in school_ids and (classroom is None or m.classroom == classroom)
    ]
    students = {m.student.user_id: m.student for m in memberships}
    rows_of = {}
    for row in ModuleTotals.objects.all():
        if row.learner_id in students and (row.lessons_opened or row.attempts):
            rows_of.setdefault(row.learner_id, []).append(row)
    reached = set(rows_of)

    def band(user_id):
        return reports._age_band_of(students[user_id].birth_year, YEAR)

    def gender(user_id):
        return reports.gender_key(students[user_id].gender)

    by_school = {
        school_id: _child_figures(
            rows_of,
            {m.student.user_id for m in memberships if m.classroom.school_id == school_id}
            & reached,
        )
        for school_id in school_ids
    }
    by_age = {
        key: _child_figures(rows_of, {u for u in reached if band(u) == key})
        for key in reports.AGE_BAND_KEYS
    }
    by_gender = {
        key: _child_figures(rows_of, {u for u in reached if gender(u) == key})
        for key in reports.GENDER_KEYS
    }
    total = _child_figures(rows_of, reached)
    by_module = defaultdict(reports.Figures)
    for rows in rows_of.values():
        for row in rows:
            if row.module_key is None:
                continue
            figures = by_module[row.module_key]
            figures.children_online += 1
            figures.attempts += row.attempts
            figures.attempts_passed += row.attempts_passed
            figures.children_attempted += row.attempts > 0
            figures.children_passed += row.attempts_passed > 0
            figures.modules_completed += row.completed

    deliveries = LessonDelivery.objects.filter(classroom__school_id__in=school_ids)
    if classroom is not None:
        deliveries = deliveries.filter(classroom=classroom)
    for taught in {d.classroom for d in deliveries}:
        given = [d for d in deliveries if d.classroom_id == taught.pk]
        members = [m.student.user_id for m in memberships if m.classroom_id == taught.pk]
        online = [u for u in members if u in reached]
        size = len(members) + taught.children_deleted
        most = [
            max(getattr(d, name) or 0 for d in given)
            for name in ("children_present", "girls_present", "boys_present")
        ]
        whole = reports.Reached.of(
            size,
            *most,
            len(online) + taught.children_deleted_online,
            sum(gender(u) == "girl" for u in online),
            sum(gender(u) == "boy" for u in online),
        )
        for figures in (by_school[taught.school_id], total):
            whole.add_to(figures, len(given))
        by_age["unknown"].children_present += whole.present
        by_age["unknown"].children_offline += whole.extra
        by_gender["girl"].children_present += whole.girls
        by_gender["girl"].children_offline += whole.extra_girls
        by_gender["boy"].children_present += whole.boys
        by_gender["boy"].children_offline += whole.extra_boys
        by_gender["not given"].children_present += whole.present - whole.girls - whole.boys
        by_gender["not given"].children_offline += (
            whole.extra - whole.extra_girls - whole.extra_boys
        )
        for module_key in {d.module_key for d in given}:
            in_module = [d for d in given if d.module_key == module_key]
            online_here = sum(
                any(row.module_key == module_key for row in rows_of.get(u, ())) for u in members
            )
            reports.Reached.of(
                size,
                max(d.children_present for d in in_module),
                max(d.girls_present or 0 for d in in_module),
                max(d.boys_present or 0 for d in in_module),
                online_here + taught.children_deleted_online,
                0,
                0,
            ).add_to(by_module[module_key], len(in_module))

    zone = timezone.get_current_timezone()
    first_days = Counter(
        min(row.first_activity_at for row in rows).astimezone(zone).date()
        for rows in rows_of.values()
    )
    return total, by_school, by_module, by_age, by_gender, first_days


def _figures(rows):
    return {row.key: row.figures for row in rows}


def _bucket(day, unit):
    return day - timedelta(days=day.weekday()) if unit == "week" else day.replace(day=1)


def assert_report_equals(report, expected):
    total, by_school, by_module, by_age, by_gender, first_days = expected
    assert report.total == total
    assert _figures(report.by_school) == by_school
    assert _figures(report.by_age) == by_age
    assert _figures(report.by_gender) == by_gender
    modules = _figures(report.by_module)
    for key, figures in by_module.items():
        assert modules[key] == figures, key
    assert all(
        figures == reports.Figures() for key, figures in modules.items() if key not in by_module
    )
    buckets = Counter()
    for day, children in first_days.items():
        buckets[_bucket(day, report.over_time_unit)] += children
    assert {
        row.key: row.figures.children_online
        for row in report.over_time
        if row.figures.children_online
    } == buckets
    if first_days:
        first = min(first_days)
        assert report.over_time[0].key == _bucket(first, report.over_time_unit)
        assert report.over_time_unit == ("week" if (TODAY - first).days < 92 else "month")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=programme)
def test_grouped_figures_equal_a_recount_child_by_child(world, plan):
    with transaction.atomic():
        _build(world, plan)
        schools, classes = world["schools"], world["classes"]
        for scope in (schools, schools[:1], schools[1:]):
            assert_report_equals(reports.programme_report(scope, "en"), _recount(scope))
        for classroom in (classes[0], classes[2]):
            school = [classroom.school]
            assert_report_equals(
                reports.programme_report(school, "en", classroom=classroom),
                _recount(school, classroom),
            )
        transaction.set_rollback(True)


def test_the_recount_sees_what_the_example_made(world):
    """The recount is not empty by construction: a child in two schools counts at each."""
    ana = world["children"][0]
    for classroom in world["classes"][1:3]:
        Membership.objects.create(classroom=classroom, student=ana)
    ModuleTotals.objects.create(
        learner_id=ana.user_id,
        module_key=world["modules"][0],
        lessons_opened=1,
        attempts=2,
        attempts_passed=1,
        first_activity_at=timezone.make_aware(datetime(YEAR, 1, 5, 23, 30)),
    )
    _add_up_per_child()
    expected = _recount(world["schools"])
    total, by_school = expected[0], expected[1]
    assert (total.children_online, total.attempts, total.children_passed) == (1, 2, 1)
    assert [by_school[s.pk].children_online for s in world["schools"]] == [1, 1, 0]
    assert_report_equals(reports.programme_report(world["schools"], "en"), expected)


def test_no_school_is_an_empty_report(world):
    report = reports.programme_report([], "en")
    assert report.total == reports.Figures()
    assert report.by_school == [] and report.over_time == []
