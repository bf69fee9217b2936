"""Read-side builders of the programme coordinator reports: reach across schools.

A coordinator answers donors with a handful of figures (children reached,
modules completed, quiz results) broken down by school, module, age band and
gender. Every figure here is a database aggregate, so the report runs the same
number of queries whether the programme has ten children or fifteen thousand:
two to read the curriculum, then grouped counts per breakdown, merged in Python.

Children are counted through their class memberships, never by a loop over
children. A child in two classes is counted once: counts that pass through the
membership join are distinct counts, and the other breakdowns select children
with an ``IN (subquery)`` that never multiplies rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import Attempt, QuizPage

from .models import AGE_BANDS, Gender, LessonDelivery, LessonProgress, Membership

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
    children_present: int = 0  # children present at delivered lessons, summed over lessons
    girls_present: int = 0
    boys_present: int = 0
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
        # them as reached alongside the children who opened a lesson themselves.
        return self.children_online + self.children_present

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


# Grouping expressions ----------------------------------------------------------------


def age_band(birth_year_field, year):
    """The age band of a birth year, computed in the database for the year ``year``.

    Ages outside the programme's bands fall in "unknown" with missing birth
    years: the programme serves 6 to 18, so another age is most likely a typo.
    """
    cases = [
        When(
            **{f"{birth_year_field}__gte": year - high, f"{birth_year_field}__lte": year - low},
            then=Value(f"{low}-{high}"),
        )
        for low, high in AGE_BANDS
    ]
    return Case(*cases, default=Value(UNKNOWN_AGE), output_field=CharField())


def _gender_key(value):
    return value if value in GENDER_LABELS and value != NOT_GIVEN else NOT_GIVEN


def _completed_pairs(found, in_scope):
    """(child's user id, module key) for every module a child in scope has completed.

    Completed means every live lesson of the module done and, where the module
    has a quiz, the quiz passed. Modules with no live lesson have nothing to
    complete and are left out. Two grouped queries, whatever the number of
    children: a correlated count per progress row took tens of seconds on a
    programme of 15,000 children.
    """
    needed = {info.key: len(info.lesson_keys) for info in found.values() if info.lesson_keys}
    if not needed:
        return []
    live_lessons = [key for info in found.values() for key in info.lesson_keys]
    done = (
        LessonProgress.objects.filter(
            student_id__in=in_scope, completed_at__isnull=False, lesson_key__in=live_lessons
        )
        .order_by()
        .values_list("student_id", "module_key")
        .annotate(n=Count("id"))
    )
    passed = set(
        Attempt.objects.filter(student_id__in=in_scope, passed=True)
        .order_by()
        .values_list("student_id", "module_key")
        .distinct()
    )
    with_quiz = {info.key for info in found.values() if info.has_quiz}
    return [
        (student, module)
        for student, module, n in done
        if n >= needed.get(module, n + 1)
        and (module not in with_quiz or (student, module) in passed)
    ]


def _age_band_of(birth_year, year):
    """The Python twin of :func:`age_band`."""
    if birth_year is not None:
        for low, high in AGE_BANDS:
            if year - high <= birth_year <= year - low:
                return f"{low}-{high}"
    return UNKNOWN_AGE


# The report -------------------------------------------------------------------------

MEMBER_SCHOOL = "student__student__memberships__classroom__school_id"


def _attempt_counts(distinct):
    # Through the membership join a child in two classes of a school appears
    # twice; counting distinct ids counts each attempt once.
    return {
        "attempts": Count("id", distinct=distinct),
        "attempts_passed": Count("id", distinct=distinct, filter=Q(passed=True)),
        "children": Count("student_id", distinct=True),
        "children_passed": Count("student_id", distinct=True, filter=Q(passed=True)),
    }


def _set_attempts(figures, row):
    figures.attempts += row["attempts"]
    figures.attempts_passed += row["attempts_passed"]
    figures.children_attempted += row["children"]
    figures.children_passed += row["children_passed"]


def _set_deliveries(figures, row):
    figures.lessons_delivered += row["lessons"]
    figures.children_present += row["present"] or 0
    figures.girls_present += row["girls"] or 0
    figures.boys_present += row["boys"] or 0


def programme_report(schools, language, today=None):
    """The reach of the programme in ``schools``, whole and broken down. At most 13 queries.

    ``schools`` is an iterable of School, already narrowed to what the reader may see.
    """
    schools = list(schools)
    school_ids = [school.pk for school in schools]
    year = (today or timezone.localdate()).year
    found = modules(language)

    # Children in scope, as a subquery: filtering by it never multiplies rows.
    in_scope = Membership.objects.filter(classroom__school_id__in=school_ids).values(
        "student__user_id"
    )
    progress = LessonProgress.objects.order_by()
    scoped_progress = progress.filter(student_id__in=in_scope)
    completed = _completed_pairs(found, in_scope)
    # Who each child in scope is, for the completed modules counted in Python.
    schools_of, cell_of = defaultdict(set), {}
    for user_id, school_id, birth_year, child_gender in Membership.objects.filter(
        classroom__school_id__in=school_ids
    ).values_list(
        "student__user_id", "classroom__school_id", "student__birth_year", "student__gender"
    ):
        schools_of[user_id].add(school_id)
        cell_of[user_id] = (_age_band_of(birth_year, year), _gender_key(child_gender))
    attempts = Attempt.objects.order_by()
    scoped_attempts = attempts.filter(student_id__in=in_scope)
    deliveries = LessonDelivery.objects.filter(classroom__school_id__in=school_ids).order_by()
    delivery_sums = {
        "lessons": Count("id"),
        "present": Sum("children_present"),
        "girls": Sum("girls_present"),
        "boys": Sum("boys_present"),
    }
    band = age_band("student__student__birth_year", year)
    gender = F("student__student__gender")

    # By school --------------------------------------------------------------
    by_school = {school.pk: Row(school.pk, school.name) for school in schools}
    for row in (
        progress.filter(**{f"{MEMBER_SCHOOL}__in": school_ids})
        .values(school=F(MEMBER_SCHOOL))
        .annotate(children=Count("student_id", distinct=True))
    ):
        by_school[row["school"]].figures.children_online = row["children"]
    for user_id, _module in completed:
        for school_id in schools_of[user_id]:
            by_school[school_id].figures.modules_completed += 1
    for row in (
        attempts.filter(**{f"{MEMBER_SCHOOL}__in": school_ids})
        .values(school=F(MEMBER_SCHOOL))
        .annotate(**_attempt_counts(distinct=True))
    ):
        _set_attempts(by_school[row["school"]].figures, row)
    for row in deliveries.values(school=F("classroom__school_id")).annotate(**delivery_sums):
        _set_deliveries(by_school[row["school"]].figures, row)

    # By module --------------------------------------------------------------
    by_module = {key: Row(key, info.title) for key, info in found.items()}

    def module_row(key):
        if key not in by_module:
            by_module[key] = Row(key, REMOVED_MODULE)
        return by_module[key]

    for row in scoped_progress.values("module_key").annotate(
        children=Count("student_id", distinct=True)
    ):
        module_row(row["module_key"]).figures.children_online = row["children"]
    for _user_id, module_key in completed:
        module_row(module_key).figures.modules_completed += 1
    for row in scoped_attempts.values("module_key").annotate(**_attempt_counts(distinct=False)):
        _set_attempts(module_row(row["module_key"]).figures, row)
    for row in deliveries.values("module_key").annotate(**delivery_sums):
        _set_deliveries(module_row(row["module_key"]).figures, row)

    # By age band and gender -------------------------------------------------
    # Each child has one band and one gender, so counts grouped by both add up
    # exactly to each breakdown and to the programme total.
    cells = defaultdict(Figures)
    for row in scoped_progress.values(band=band, gender=gender).annotate(
        children=Count("student_id", distinct=True)
    ):
        cells[(row["band"], _gender_key(row["gender"]))].children_online += row["children"]
    for user_id, _module in completed:
        cells[cell_of[user_id]].modules_completed += 1
    for row in scoped_attempts.values(band=band, gender=gender).annotate(
        **_attempt_counts(distinct=False)
    ):
        _set_attempts(cells[(row["band"], _gender_key(row["gender"]))], row)

    total = Figures()
    by_age = {key: Row(key, AGE_LABELS[key]) for key in AGE_BAND_KEYS}
    by_gender = {key: Row(key, GENDER_LABELS[key]) for key in GENDER_KEYS}
    for (band_key, gender_key), figures in cells.items():
        total.add(figures)
        by_age[band_key].figures.add(figures)
        by_gender[gender_key].figures.add(figures)

    # Deliveries: every lesson is given in one class of one school, so the
    # school rows add up to the total. Teachers record how many children were
    # present and, when they can, how many girls and boys, but never ages: the
    # children present go to "unknown" age and, beyond the girls and boys
    # recorded, to "not given", so that every breakdown adds up to the reach.
    for row in by_school.values():
        for name in ("lessons_delivered", "children_present", "girls_present", "boys_present"):
            setattr(total, name, getattr(total, name) + getattr(row.figures, name))
    by_age[UNKNOWN_AGE].figures.children_present = total.children_present
    by_gender[Gender.GIRL.value].figures.children_present = total.girls_present
    by_gender[Gender.BOY.value].figures.children_present = total.boys_present
    by_gender[NOT_GIVEN].figures.children_present = max(
        0, total.children_present - total.girls_present - total.boys_present
    )

    return ProgrammeReport(
        schools=schools,
        total=total,
        by_school=list(by_school.values()),
        by_module=list(by_module.values()),
        by_age=list(by_age.values()),
        by_gender=list(by_gender.values()),
    )
