"""Running totals per (child, module): kept with each event, checked against the raw rows.

Every write here runs inside the transaction of the event it counts, so a
total never counts an event that was rolled back. Counts move by F()
increments in one UPDATE, which takes the row's lock: two requests for the
same child and module add one after the other and neither increment is lost,
on SQLite (one writer at a time) as on PostgreSQL. Whether the module is
completed is worked out after that UPDATE, under the row's lock, from the
committed lesson rows, so the last of two racing events sees both.

``verify`` recomputes every total from LessonProgress and Attempt rows and,
asked to, rewrites the ones that differ: ``manage.py verify_totals``.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields import DateTimeField
from django.db.models.functions import Coalesce, Least

from lifeskills.platform.kept_parts import kept
from quizzes.models import Attempt

from . import kept_dashboard, reports
from .models import ChildTotals, LessonProgress, ModuleTotals

# The columns a recount rewrites, in the order ``_recount`` returns them.
COLUMNS = (
    "lessons_opened",
    "lessons_completed",
    "attempts",
    "attempts_passed",
    "completed",
    "first_activity_at",
)
# The columns that events add to.
COUNTS = ("lessons_opened", "lessons_completed", "attempts", "attempts_passed")
# The columns of a child's totals, in the order ``_recount_children`` returns them.
CHILD_COLUMNS = (
    "lessons_opened",
    "attempts",
    "attempts_passed",
    "modules_completed",
    "first_activity_at",
)
CHILD_COUNTS = ("lessons_opened", "attempts", "attempts_passed")
BATCH = 2000  # children per batch when checking or rewriting


def _structure():
    """{module key: ModuleInfo}: the live lessons each module asks for and whether it has a quiz."""
    return reports.modules(settings.LANGUAGE_CODE)


def is_completed(info, lessons_done_live, attempts_passed):
    """The report's rule: every live lesson done and, if the module has a quiz, the quiz passed."""
    return bool(
        info
        and info.lesson_keys
        and lessons_done_live >= len(info.lesson_keys)
        and (not info.has_quiz or attempts_passed > 0)
    )


def _moment(value):
    return Value(value, output_field=DateTimeField())


def _add(learner_id, module_key, first, **increments):
    """Add ``increments`` to the pair's totals and to the child's, and move their first activity
    back to ``first``.

    Every event that moves a total is one the class dashboard shows (a lesson
    opened for the first time or finished, an attempt): its kept copies retire.
    The pair's row is written before the child's, on every path, so that two
    events of one child take the two locks in the same order.
    """
    kept_dashboard.learner_changed(learner_id)
    if module_key is not None:
        counts = {name: increments.get(name, 0) for name in COUNTS}
        _upsert(
            ModuleTotals,
            ("learner_id", "module_key"),
            {
                "learner_id": learner_id,
                "module_key": module_key,
                **counts,
                "completed": False,
                "first_activity_at": first,
            },
            counts,
        )
    else:
        # No unique index holds an empty key; attempts at a quiz in no module
        # come one at a time per child under submit_attempt's lock on the child.
        if not ModuleTotals.objects.filter(learner_id=learner_id, module_key=None).exists():
            ModuleTotals.objects.create(learner_id=learner_id, module_key=None)
        changes = {name: F(name) + n for name, n in increments.items() if n}
        changes["first_activity_at"] = Least(
            Coalesce(F("first_activity_at"), _moment(first)), _moment(first)
        )
        ModuleTotals.objects.filter(learner_id=learner_id, module_key=module_key).update(**changes)
    counts = {name: increments.get(name, 0) for name in CHILD_COUNTS}
    _upsert(
        ChildTotals,
        ("learner_id",),
        {"learner_id": learner_id, **counts, "modules_completed": 0, "first_activity_at": first},
        counts,
    )


def _upsert(model, unique, values, counts):
    """The row made with ``values``, or ``counts`` added to it and its first activity moved
    back: one statement.

    INSERT … ON CONFLICT … DO UPDATE adds under the row's lock, so two events
    for the same row at once both count; Django's own upsert can only
    overwrite a value, not add to it. SQLite and PostgreSQL both take it;
    only the name of the smaller-of-two function differs.
    """
    fields = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    params = [fields[name].get_db_prep_value(v, connection) for name, v in values.items()]
    table = quote(model._meta.db_table)
    smaller = "LEAST" if connection.vendor == "postgresql" else "MIN"
    first_column = quote(fields["first_activity_at"].column)
    sets = [f"{quote(name)} = {table}.{quote(name)} + excluded.{quote(name)}" for name in counts]
    sets.append(
        f"{first_column} = {smaller}(COALESCE({table}.{first_column}, excluded.{first_column}),"
        f" excluded.{first_column})"
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(fields[n].column) for n in values)}) "
        f"VALUES ({', '.join(['%s'] * len(params))}) "
        f"ON CONFLICT ({', '.join(quote(fields[n].column) for n in unique)})"
        f" DO UPDATE SET {', '.join(sets)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _count_completed(children):
    """Set ``modules_completed`` of these ChildTotals rows from their ModuleTotals rows."""
    done = Coalesce(
        Subquery(
            ModuleTotals.objects.filter(learner_id=OuterRef("learner_id"), completed=True)
            .order_by()
            .values("learner_id")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )
    children.exclude(modules_completed=done).update(modules_completed=done)


def _kept_structure():
    """``_structure()`` kept for the content generation: read on every pass or finished lesson.

    Kept like the pages children read, so a publish retires it. The refreshes
    that follow a publish (``refresh_modules``) read the tree itself, since
    they may run before the publish has retired the kept copy.
    """
    return kept(["totals:structure"], lambda _missing: {"totals:structure": _structure()})[
        "totals:structure"
    ]


def refresh_completed(learner_id, module_key):
    """Work out again whether the child completed the module (after a lesson finished or a pass)."""
    info = _kept_structure().get(module_key)
    row = ModuleTotals.objects.filter(learner_id=learner_id, module_key=module_key)
    if not (info and info.lesson_keys):
        if row.filter(completed=True).update(completed=False):
            _count_completed(ChildTotals.objects.filter(learner_id=learner_id))
        return
    done = LessonProgress.objects.filter(
        learner_id=learner_id,
        module_key=module_key,
        completed_at__isnull=False,
        lesson_key__in=info.lesson_keys,
    ).count()
    lessons_done = done >= len(info.lesson_keys)
    # The pass is read in the UPDATE itself, under the row's lock. It writes
    # only when the module's state changes, and only then is her count of
    # modules completed worked out again.
    completed = Case(
        When(attempts_passed__gt=0, then=Value(lessons_done)),
        default=Value(lessons_done and not info.has_quiz),
        output_field=BooleanField(),
    )
    if row.exclude(completed=completed).update(completed=completed):
        _count_completed(ChildTotals.objects.filter(learner_id=learner_id))


def lesson_recorded(progress, created, was_completed, earlier=False):
    """A lesson opened, finished or replayed from a device: ``progress`` as saved.

    ``earlier``: a device's replay moved the lesson's first opening back.
    Opening a lesson already opened changes no total, and writes nothing here.
    """
    newly_completed = progress.completed_at is not None and not was_completed
    if not (created or newly_completed or earlier):
        return
    _add(
        progress.learner_id,
        progress.module_key,
        progress.first_opened_at,
        lessons_opened=int(created),
        lessons_completed=int(newly_completed),
    )
    if newly_completed:
        refresh_completed(progress.learner_id, progress.module_key)


def lesson_first_opened(learner_id, module_key, when):
    """A child opened a lesson for the first time (the upsert of a signed-in child's opening)."""
    _add(learner_id, module_key, when, lessons_opened=1)


def attempt_stored(sender, instance, created, raw=False, **kwargs):
    """A quiz attempt stored: connected to Attempt's post_save, so every way of storing counts."""
    if not created or raw:
        return
    attempt = instance
    _add(
        attempt.learner_id,
        attempt.module_key,
        attempt.submitted_at,
        attempts=1,
        attempts_passed=int(attempt.passed),
    )
    if attempt.passed and attempt.module_key is not None:
        refresh_completed(attempt.learner_id, attempt.module_key)


def refresh_modules(module_keys=None):
    """Work out ``completed`` again for every child in these modules (None: every module).

    For when the curriculum changes: a lesson published or withdrawn changes
    what a module asks for. One UPDATE per module.
    """
    found = _structure()
    if module_keys is None:
        module_keys = set(ModuleTotals.objects.values_list("module_key", flat=True).distinct())
    for key in {k for k in module_keys if k is not None}:
        info = found.get(key)
        rows = ModuleTotals.objects.filter(module_key=key)
        if not (info and info.lesson_keys):
            rows.filter(completed=True).update(completed=False)
            continue
        done_all = (
            LessonProgress.objects.filter(
                module_key=key, completed_at__isnull=False, lesson_key__in=info.lesson_keys
            )
            .order_by()
            .values("learner_id")
            .annotate(n=Count("id"))
            .filter(n__gte=len(info.lesson_keys))
            .values("learner_id")
        )
        finished = Q(learner_id__in=done_all)
        if info.has_quiz:
            finished &= Q(attempts_passed__gt=0)
        rows.filter(completed=True).exclude(finished).update(completed=False)
        rows.filter(finished, completed=False).update(completed=True)
    _count_completed(
        ChildTotals.objects.filter(
            learner_id__in=ModuleTotals.objects.filter(module_key__in=module_keys).values(
                "learner_id"
            )
        )
    )


def _steps_module_keys(instance):
    """The translation keys of the modules a changed page belongs to, or None if unknown."""
    from curriculum.models import ModulePage
    from lessons.models import LessonPage
    from quizzes.models import QuizPage

    if isinstance(instance, ModulePage):
        return [instance.translation_key]
    if isinstance(instance, LessonPage | QuizPage):
        parent = instance.get_parent() if instance.path else None
        return [parent.translation_key] if parent is not None else None
    return []


def content_changed(sender, instance, **kwargs):
    """A lesson, quiz or module published or withdrawn: refresh its module's ``completed``."""
    keys = _steps_module_keys(instance)
    if keys == []:
        return
    if keys is not None and not ModuleTotals.objects.filter(module_key__in=keys).exists():
        return
    refresh_modules(keys)


def content_added(sender, instance, created, raw=False, **kwargs):
    """A page made live at once (no publish step) can add a lesson a module asks for."""
    if created and not raw and getattr(instance, "live", False):
        content_changed(sender, instance)


def content_removed(sender, instance, **kwargs):
    """A page deleted or moved: its old module may be gone too, so every module is refreshed."""
    if _steps_module_keys(instance) != [] and ModuleTotals.objects.exists():
        refresh_modules(None)


# Recounting from the raw rows ------------------------------------------------------


def _recount(start, end, found):
    """{(learner id, module key): tuple of COLUMNS} from LessonProgress and Attempt rows."""
    live = [key for info in found.values() for key in info.lesson_keys]
    pairs = defaultdict(lambda: [0, 0, 0, 0, 0, None])  # done_live in place of completed
    progress = (
        LessonProgress.objects.filter(learner_id__gte=start, learner_id__lt=end)
        .order_by()
        .values_list("learner_id", "module_key")
        .annotate(
            opened=Count("id"),
            done=Count("id", filter=Q(completed_at__isnull=False)),
            done_live=Count("id", filter=Q(completed_at__isnull=False, lesson_key__in=live)),
            first=Min("first_opened_at"),
        )
    )
    for learner_id, module_key, opened, done, done_live, first in progress:
        row = pairs[learner_id, module_key]
        row[0], row[1], row[4], row[5] = opened, done, done_live, first
    attempts = (
        Attempt.objects.filter(learner_id__gte=start, learner_id__lt=end)
        .order_by()
        .values_list("learner_id", "module_key")
        .annotate(
            tries=Count("id"),
            passes=Count("id", filter=Q(passed=True)),
            first=Min("submitted_at"),
        )
    )
    for learner_id, module_key, n, passed, first in attempts:
        row = pairs[learner_id, module_key]
        row[2], row[3] = n, passed
        row[5] = first if row[5] is None else min(row[5], first)
    return {
        pair: (*row[:4], is_completed(found.get(pair[1]), row[4], row[3]), *row[5:])
        for pair, row in pairs.items()
    }


@dataclass
class Check:
    """What a check of one kind of totals found: rows that differ, and a few of them to show."""

    name: str
    checked: int = 0
    wrong: int = 0
    repaired: int = 0
    examples: list = field(default_factory=list)


def _recount_children(start, end, found):
    """{(learner id,): tuple of CHILD_COLUMNS}: the recount per (child, module), added up."""
    children = {}
    for (learner_id, _module), row in _recount(start, end, found).items():
        opened, _done, tries, passes, completed, first = row
        total = children.get((learner_id,), (0, 0, 0, 0, None))
        earliest = min((t for t in (total[4], first) if t is not None), default=None)
        children[learner_id,] = (
            total[0] + opened,
            total[1] + tries,
            total[2] + passes,
            total[3] + int(completed),
            earliest,
        )
    return children


@dataclass(frozen=True)
class Kind:
    """One kind of running total kept here: its model, the fields naming a row, its columns."""

    name: str
    model: type
    key: tuple
    columns: tuple
    recount: object  # (first id, end id, structure) -> {key: tuple of columns}


MODULE_TOTALS = Kind("module totals", ModuleTotals, ("learner_id", "module_key"), COLUMNS, _recount)
CHILD_TOTALS = Kind("child totals", ChildTotals, ("learner_id",), CHILD_COLUMNS, _recount_children)


def _difference(kind, key, stored, counted):
    """One wrong row, said briefly: which child (and module), and the columns that differ."""
    where = f"account {key[0]}"
    if len(key) > 1:
        where += f", module {key[1] or '(none)'}"
    if stored is None:
        return f"{where}: missing; recounted {dict(zip(kind.columns, counted, strict=True))}"
    if counted is None:
        return f"{where}: stored but nothing to count (id {stored[0]})"
    changes = [
        f"{name} {mine!s} (recounted {theirs!s})"
        for name, mine, theirs in zip(kind.columns, stored[1], counted, strict=True)
        if mine != theirs
    ]
    return f"{where}: " + ", ".join(changes)


def _verify(kind, repair, batch, log, examples):
    """Compare every row of one kind of totals with a recount from the raw rows; a Check.

    Children are taken ``batch`` at a time, by account id, so memory stays
    bounded on a programme of any size. With ``repair``, each batch's wrong,
    missing and extra rows are rewritten in one transaction, under the lock
    of the rows it rewrites; a child's first event landing in that batch
    meanwhile makes the batch fail, and a second run mends it.
    """
    check = Check(kind.name)
    found = _structure()
    ids = get_user_model().objects.order_by("pk").values_list("pk", flat=True)
    last_id = ids.last()
    start = 0
    while last_id is not None and start <= last_id:
        end = start + batch
        with transaction.atomic():
            rows = kind.model.objects.filter(learner_id__gte=start, learner_id__lt=end)
            if repair:
                rows = rows.select_for_update()
            width = len(kind.key)
            stored = {
                tuple(values[1 : 1 + width]): (values[0], tuple(values[1 + width :]))
                for values in rows.values_list("pk", *kind.key, *kind.columns)
            }
            counted = kind.recount(start, end, found)
            check.checked += len(counted.keys() | stored.keys())
            wrong = [
                key
                for key in counted.keys() | stored.keys()
                if counted.get(key) != stored.get(key, (None, None))[1]
            ]
            check.wrong += len(wrong)
            for key in sorted(wrong, key=str)[: max(0, examples - len(check.examples))]:
                check.examples.append(_difference(kind, key, stored.get(key), counted.get(key)))
            if repair and wrong:
                kind.model.objects.filter(
                    pk__in=[stored[key][0] for key in wrong if key in stored]
                ).delete()
                kind.model.objects.bulk_create(
                    (
                        kind.model(
                            **dict(zip(kind.key, key, strict=True)),
                            **dict(zip(kind.columns, counted[key], strict=True)),
                        )
                        for key in wrong
                        if key in counted
                    ),
                    batch_size=1000,
                )
                check.repaired += len(wrong)
        if log:
            log(f"  {check.name}: children up to id {end - 1}, {check.wrong} wrong so far")
        start = end
    return check


def verify(repair=False, batch=BATCH, log=None, examples=5):
    """Every (child, module) total against a recount from the raw rows; a Check.

    A database migrated to ModuleTotals starts empty: ``verify_totals
    --repair`` fills it.
    """
    return _verify(MODULE_TOTALS, repair, batch, log, examples)


def verify_children(repair=False, batch=BATCH, log=None, examples=5):
    """Every child's totals against a recount from the raw rows; a Check."""
    return _verify(CHILD_TOTALS, repair, batch, log, examples)


def rebuild(log=None):
    """Rewrite every total from the raw rows (after a bulk load that bypassed the events)."""
    check = verify(repair=True, log=log)
    verify_children(repair=True, log=log)
    return check
