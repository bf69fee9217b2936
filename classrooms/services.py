"""Writes of the classrooms app: classes, children, sign-in, progress, deliveries."""

from __future__ import annotations

import hmac
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from accounts.roles import LEARNERS, is_learner

from . import child_cache, kept_dashboard, limits, reports, totals
from .models import (
    MAX_FAILED_SIGN_INS,
    SIGN_IN_PAUSE_MINUTES,
    AnonymousTally,
    Assignment,
    Classroom,
    Gender,
    LessonDelivery,
    LessonProgress,
    Membership,
    School,
    SignInMethod,
    Student,
    new_join_code,
    new_picture_secret,
    new_pin,
)

if TYPE_CHECKING:
    from curriculum.models import ModulePage
    from lessons.models import LessonPage

# A gap between two of a child's actions longer than this is a break, not study.
IDLE_CAP = timedelta(minutes=10)
MAX_STUDENTS_AT_ONCE = 80
NAME_MAX = 80

GENDER_WORDS = {
    Gender.GIRL: {"girl", "f", "female", "g", "女", "女生", "女孩", "قىز"},
    Gender.BOY: {"boy", "m", "male", "b", "男", "男生", "男孩", "ئوغۇل"},
    Gender.OTHER: {"other", "o", "其他", "باشقا"},
}


# Without commas a line is read from its end ("王小明 2013 男"), where a one-letter
# word would be a child's initial ("Mei B"), not a gender: only whole words count.
SPOKEN_GENDER_WORDS = {
    gender: {word for word in words if len(word) > 1 or not word.isascii()}
    for gender, words in GENDER_WORDS.items()
}
SEPARATORS = r"[,，\t;；،]"


class ClassroomError(ValueError):
    """Input a teacher can correct; the message says how."""


class LinesError(ClassroomError):
    """Pasted lines that cannot be read: one message per line at fault."""

    def __init__(self, problems):
        super().__init__(" ".join(str(p) for p in problems))
        self.problems = list(problems)


# Classes -----------------------------------------------------------------------


def create_classroom(
    school: School,
    name: str,
    teacher: AbstractBaseUser,
    grade: str = "",
    sign_in_method: str = SignInMethod.PICTURES,
    ends_on: date | None = None,
    fallback_language: str = settings.LANGUAGE_CODE,
) -> Classroom:
    """A new class at ``school`` taught by ``teacher``, who must be one of the school's teachers."""
    if not school.teachers.filter(pk=teacher.pk).exists():
        raise ClassroomError(
            _("You can make classes only at a school you teach at. Ask an operator to add you.")
        )
    for _try in range(5):
        try:
            with transaction.atomic():
                classroom = Classroom.objects.create(
                    school=school,
                    name=name,
                    grade=grade,
                    sign_in_method=sign_in_method,
                    ends_on=ends_on,
                    fallback_language=fallback_language,
                    join_code=new_join_code(),
                )
                classroom.teachers.add(teacher)
                return classroom
        except IntegrityError:
            continue  # a join code already in use; draw another
    raise ClassroomError(_("Could not make a class code. Please try again."))


@dataclass
class NewStudent:
    name: str
    birth_year: int | None
    gender: str


def _split_line(line: str) -> tuple[str, list[str], list[str]]:
    """(name, parts after it, words in the name that look misplaced) of one pasted line.

    With a comma (or tab, semicolon) the first part is the name. Without one,
    birth year and gender words are taken off the end of the line, so
    "王小明 2013 boy" and "Mei Ling girl 2014" read as a name, a year and a gender.
    """
    if re.search(SEPARATORS, line):
        parts = [p.strip() for p in re.split(SEPARATORS, line)]
        return parts[0], [p for p in parts[1:] if p], []
    words = line.split()
    spoken = set().union(*SPOKEN_GENDER_WORDS.values())
    rest = []
    while len(words) > 1 and (_is_year(words[-1]) or words[-1].casefold() in spoken):
        rest.insert(0, words.pop())
    # A year left inside the name was written in the wrong place ("2013 Mei").
    return " ".join(words), rest, [word for word in words if _is_year(word)]


def _is_year(word: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", word))


def parse_student_lines(text: str | None) -> list[NewStudent]:
    """Read pasted lines "Name[, birth year][, gender]" or "Name [year] [gender]" into NewStudents.

    Raises LinesError listing every line that cannot be read, so that a
    teacher fixes them all at once and nothing is half added.
    """
    students, problems = [], []
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ClassroomError(_("Write at least one name, one per line."))
    if len(lines) > MAX_STUDENTS_AT_ONCE:
        raise ClassroomError(
            _("Add at most %(n)d children at a time.") % {"n": MAX_STUDENTS_AT_ONCE}
        )
    this_year = timezone.localdate().year
    for number, line in enumerate(lines, start=1):
        name, rest, misplaced = _split_line(line)
        birth_year, gender = None, ""
        if misplaced:
            problems.append(
                _(
                    "Line %(n)d: “%(part)s” cannot be read. Write the name first, then the "
                    "birth year and girl or boy, for example: 王小明 2013 boy."
                )
                % {"n": number, "part": misplaced[0][:30]}
            )
        for part in rest:
            if _is_year(part):
                year = int(part)
                if not this_year - 20 <= year <= this_year - 4:
                    problems.append(
                        _("Line %(n)d: %(year)s is not a likely birth year.")
                        % {"n": number, "year": part}
                    )
                birth_year = year
            else:
                found = [g for g, words in GENDER_WORDS.items() if part.casefold() in words]
                if not found:
                    problems.append(
                        _("Line %(n)d: “%(part)s” is neither a birth year nor girl/boy.")
                        % {"n": number, "part": part[:30]}
                    )
                else:
                    gender = found[0]
        if not name:
            problems.append(_("Line %(n)d has no name.") % {"n": number})
        elif len(name) > NAME_MAX:
            problems.append(
                _("Line %(n)d: a name can have at most %(max)d characters.")
                % {"n": number, "max": NAME_MAX}
            )
        students.append(NewStudent(name, birth_year, gender))
    if problems:
        raise LinesError(problems)
    return students


def _same_name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def same_names(
    classroom: Classroom, names: Iterable[str], leaving_out: Student | None = None
) -> list[str]:
    """The names among ``names`` that a child on the class list already has, or that repeat.

    Two children may share a name, so this is a warning the teacher confirms,
    never a refusal. ``leaving_out`` is a child being renamed.
    """
    members = Membership.objects.current().filter(classroom=classroom)
    if leaving_out is not None:
        members = members.exclude(student=leaving_out)
    taken = {
        _same_name_key(name)
        for name in members.values_list("student__user__display_name", flat=True)
    }
    found, seen = [], set()
    for name in names:
        key = _same_name_key(name)
        if (key in taken or key in seen) and name not in found:
            found.append(name)
        seen.add(key)
    return found


@transaction.atomic
def add_students(classroom: Classroom, new_students: Iterable[NewStudent]) -> list[Student]:
    """Create each child's account and put them in the class."""
    User = get_user_model()
    learners = Group.objects.get(name=LEARNERS)
    created = []
    for new in new_students:
        user = User(username=f"s-{uuid.uuid4().hex[:12]}", display_name=new.name)
        user.set_unusable_password()
        user.save()
        user.groups.add(learners)
        student = Student.objects.create(user=user, birth_year=new.birth_year, gender=new.gender)
        Membership.objects.create(classroom=classroom, student=student)
        created.append(student)
    return created


def check_name(name: str) -> str:
    """A child's name as typed, tidied; ClassroomError if it is empty or too long."""
    name = " ".join((name or "").split())
    if not name:
        raise ClassroomError(_("Write the child's name."))
    if len(name) > NAME_MAX:
        raise ClassroomError(_("A name can have at most %(max)d characters.") % {"max": NAME_MAX})
    return name


def rename_student(student: Student, name: str) -> Student:
    """Give a child the name the class knows them by (in every class they are in)."""
    user = student.user
    user.display_name = check_name(name)
    user.save(update_fields=["display_name"])
    return student


@transaction.atomic
def remove_from_class(classroom: Classroom, student: Student) -> None:
    """Take a child off the class list. Their records stay (see Membership).

    The child no longer appears in the class, cannot sign in with its code and
    is no longer set its modules; the school still counts what they did.
    """
    Membership.objects.current().filter(classroom=classroom, student=student).update(
        left_at=timezone.now()
    )
    kept_dashboard.classes_changed([classroom.pk])
    # An UPDATE sends no signal: her list of modules is told here.
    child_cache.lists_changed([student.user_id])


@transaction.atomic
def move_to_class(student: Student, source: Classroom, target: Classroom) -> None:
    """Move a child from one class to another class of the same school.

    Raises ClassroomError for a class at another school, or the same class.
    The child keeps their sign-in; the target class's code now leads to them.
    """
    if target.pk == source.pk:
        raise ClassroomError(_("The child is already in this class."))
    if target.school_id != source.school_id:
        raise ClassroomError(_("A child can be moved only to a class of the same school."))
    remove_from_class(source, student)
    membership, created = Membership.objects.get_or_create(classroom=target, student=student)
    if not created and membership.left_at is not None:
        membership.left_at = None
        membership.save(update_fields=["left_at"])


def set_due_date(assignment: Assignment, due_date: date | None) -> Assignment:
    """Change or (with None) clear when a class should finish an assigned module."""
    if assignment.due_date != due_date:
        assignment.due_date = due_date
        assignment.save(update_fields=["due_date"])
    return assignment


def reset_sign_in(student: Student) -> Student:
    """New secrets, and the pause lifted: for a child who forgot or was locked out.

    The child also gets in at once while their class or their school's
    address has used up its wrong tries (limits.LET_IN_WINDOW).
    """
    student.picture_secret = new_picture_secret()
    student.pin = new_pin()
    student.failed_sign_ins = 0
    student.paused_until = None
    student.let_in_until = timezone.now() + limits.LET_IN_WINDOW
    student.save(
        update_fields=["picture_secret", "pin", "failed_sign_ins", "paused_until", "let_in_until"]
    )
    kept_dashboard.learner_changed(student.user_id)
    return student


class SignInPaused(Exception):
    """This child's sign-in is paused (``here`` False), or every sign-in from here is."""

    def __init__(self, until, here=False):
        super().__init__(until)
        self.until = until
        self.here = here


@dataclass
class SignIn:
    right: bool
    remember_device: bool = False


def check_sign_in(
    classroom: Classroom, student: Student, answer: str, client: limits.Client
) -> SignIn:
    """Whether ``answer`` is the child's secret for this class's sign-in method.

    ``client`` (limits.Client) says where the try comes from. A known device
    spends its own budget of wrong tries; other clients count against the
    child (a pause after MAX_FAILED_SIGN_INS), their address and the class.
    Wrong tries are counted under row locks in one transaction; a right answer
    reads the limits without locking them (``_let_in``). Raises SignInPaused
    while a limit that applies is spent, even for the right answer.
    """
    expected = (
        student.pin if classroom.sign_in_method == SignInMethod.PIN else student.picture_secret
    )
    if hmac.compare_digest(str(answer).encode(), expected.encode()):
        return _let_in(classroom, student, client)
    with transaction.atomic():
        student = Student.objects.select_for_update().get(pk=student.pk)
        now = timezone.now()
        if client.knows(classroom):
            device = limits.device_limit(client.device).budget(now)
            if not device.spent:
                device.spend()
                return SignIn(False)
            # A device that guessed too much is a stranger again.
        if student.is_paused(now):
            raise SignInPaused(student.paused_until)
        shared = [
            limits.address_limit(client.address).budget(now),
            limits.class_limit(classroom).budget(now),
        ]
        let_in = student.let_in_until is not None and student.let_in_until > now
        spent = [budget for budget in shared if budget.spent]
        if spent and not let_in:
            raise SignInPaused(max(budget.until for budget in spent), here=True)
        for budget in shared:
            budget.spend()
        student.failed_sign_ins += 1
        if student.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            student.failed_sign_ins = 0
            student.paused_until = now + timedelta(minutes=SIGN_IN_PAUSE_MINUTES)
        student.save(update_fields=["failed_sign_ins", "paused_until"])
    if student.paused_until and student.paused_until > now:
        raise SignInPaused(student.paused_until)
    return SignIn(False)


def _let_in(classroom: Classroom, student: Student, client: limits.Client) -> SignIn:
    """The right answer: in, unless a limit that applies is spent. Two statements.

    Children of a class sign in together, often from one school's address, so
    a right answer takes no lock: it reads the limits, resets the child's count
    of wrong tries if there is one (a third statement), and counts the device
    it makes known. ``student`` is the row the request has just read. Wrong
    tries sent at the same moment are counted under the locks and seen by the
    next answer, so a guesser gains at most the tries in flight at once.
    """
    now = timezone.now()
    device = limits.device_limit(client.device) if client.knows(classroom) else None
    shared = [limits.address_limit(client.address), limits.class_limit(classroom)]
    spent = limits.spent_limits(shared + ([device] if device else []), now)
    if device is not None and device not in spent:
        return SignIn(True)
    if student.is_paused(now):
        raise SignInPaused(student.paused_until)
    let_in = student.let_in_until is not None and student.let_in_until > now
    held = [until for limit, until in spent.items() if limit in shared]
    if held and not let_in:
        raise SignInPaused(max(held), here=True)
    if student.failed_sign_ins or student.paused_until:
        Student.objects.filter(pk=student.pk).update(failed_sign_ins=0, paused_until=None)
    remember = limits.spend_without_lock(limits.new_devices_limit(student), now)
    return SignIn(True, remember_device=remember)


@dataclass
class SignInOutcome:
    """What the sign-in page does after a try: sign the child in, or say why not."""

    signed_in: bool = False
    remember_device: bool = False
    message: str = ""
    status: int = 200


def sign_in_child(
    classroom: Classroom, student: Student, answer: str, client: limits.Client
) -> SignInOutcome:
    """check_sign_in, with the words the child reads when it does not let them in."""
    try:
        sign_in = check_sign_in(classroom, student, answer, client)
    except SignInPaused as paused:
        time = timezone.localtime(paused.until).strftime("%H:%M")
        if paused.here:
            message = _(
                "Too many wrong tries from this place. Ask your teacher to let you in, "
                "or try again at %(time)s."
            ) % {"time": time}
        else:
            message = _(
                "Too many wrong tries. You can try again at %(time)s, or ask your teacher."
            ) % {"time": time}
        return SignInOutcome(message=message, status=429)
    if sign_in.right:
        return SignInOutcome(signed_in=True, remember_device=sign_in.remember_device)
    return SignInOutcome(
        message=_("That is not right. Try again, or ask your teacher."), status=400
    )


# Assignments and deliveries -------------------------------------------------------


def assign_module(
    classroom: Classroom,
    module: ModulePage,
    teacher: AbstractBaseUser,
    due_date: date | None = None,
) -> Assignment:
    """Set a module for a class.

    Assigning it again with a due date changes the date; without one the date
    already set is kept (a teacher clears it with set_due_date).
    """
    source = module.get_translation_or_none(Locale.get_default()) or module
    assignment, created = Assignment.objects.get_or_create(
        classroom=classroom,
        module_key=module.translation_key,
        defaults={"module": source, "due_date": due_date, "assigned_by": teacher},
    )
    if not created and due_date is not None:
        set_due_date(assignment, due_date)
    return assignment


def check_children_present(
    classroom: Classroom,
    children_present: int,
    girls: int | None = None,
    boys: int | None = None,
) -> None:
    """Raise ClassroomError unless the numbers could be true of this class on one day.

    No more children can be present than the class has: the programme counts
    the children a lesson reached, so a number typed in must not outgrow them.
    A lesson taught is taught to someone: at least one child.
    """
    size = classroom.size()
    if children_present < 1:
        raise ClassroomError(_("Enter how many children were present: at least 1."))
    if children_present > size:
        raise ClassroomError(
            ngettext(
                "This class has %(n)d child on its list, so at most %(n)d can be present. "
                "Add the other children to the class first.",
                "This class has %(n)d children on its list, so at most %(n)d can be present. "
                "Add the other children to the class first.",
                size,
            )
            % {"n": size}
        )
    if (girls or 0) + (boys or 0) > children_present:
        raise ClassroomError(_("Girls and boys together are more than the children present."))


def record_delivery(
    classroom: Classroom,
    lesson: LessonPage,
    teacher: AbstractBaseUser,
    delivered_on: date,
    children_present: int,
    **extra: Any,
) -> LessonDelivery:
    check_children_present(
        classroom, children_present, extra.get("girls_present"), extra.get("boys_present")
    )
    return LessonDelivery.objects.create(
        classroom=classroom,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        module_key=lesson.get_parent().translation_key,
        delivered_on=delivered_on,
        children_present=children_present,
        recorded_by=teacher,
        **extra,
    )


def record_taught(
    classroom: Classroom, lesson: LessonPage, teacher: AbstractBaseUser, children_present: int
) -> LessonDelivery:
    """The lesson just presented, recorded as taught to ``classroom`` today.

    Raises ClassroomError unless from 1 to as many children as the class has were present.
    """
    return record_delivery(classroom, lesson, teacher, timezone.localdate(), children_present)


# A child's data ----------------------------------------------------------------------


@transaction.atomic
def delete_child(student: Student, today: date | None = None) -> list[str]:
    """Delete a child: their account, name, sign-in, answers, reflections and progress.

    First what they added to the programme's figures is folded into
    AnonymousTally rows (school, age band, gender and counts only), and each of
    their classes keeps a count of children deleted from it, so the
    coordinator report and the class's bound on children present stay as they
    were. Returns the names of the classes the child was in.
    """
    student = Student.objects.select_for_update().select_related("user").get(pk=student.pk)
    user = student.user
    whole, per_module = reports.child_contribution(user.pk)
    classrooms = list(Classroom.objects.filter(memberships__student=student).order_by("pk"))
    school_ids = sorted({c.school_id for c in classrooms})
    common = {
        "schools_key": ",".join(str(pk) for pk in school_ids),
        "age_band": reports.age_band_now(student.birth_year, today),
        "gender": reports.gender_key(student.gender),
    }
    for school_id in school_ids:
        for module_key, figures in [(None, whole), *per_module.items()]:
            tally, _created = AnonymousTally.objects.select_for_update().get_or_create(
                school_id=school_id, module_key=module_key, **common
            )
            AnonymousTally.objects.filter(pk=tally.pk).update(
                **{name: F(name) + getattr(figures, name) for name in AnonymousTally.COUNTS}
            )
    Classroom.objects.filter(pk__in=[c.pk for c in classrooms]).update(
        children_deleted=F("children_deleted") + 1,
        children_deleted_online=F("children_deleted_online") + whole.children_online,
    )
    kept_dashboard.classes_changed(c.pk for c in classrooms)
    # The account carries everything else with it: the child's row, class
    # memberships, lesson progress, quiz attempts and every answer in them.
    user.delete()
    return [c.name for c in classrooms]


def children_past_retention(days: int, today: date | None = None) -> QuerySet[Student]:
    """Children whose every class ended more than ``days`` days ago.

    A child also in a class with no end date, or one not yet ended long enough, is kept.
    """
    cutoff = (today or timezone.localdate()) - timedelta(days=days)
    recent = Membership.objects.filter(student=OuterRef("pk")).filter(
        Q(classroom__ends_on__isnull=True) | Q(classroom__ends_on__gte=cutoff)
    )
    return (
        Student.objects.filter(memberships__isnull=False)
        .exclude(Exists(recent))
        .distinct()
        .order_by("pk")
    )


# Progress --------------------------------------------------------------------------


def _credit_time(student, now):
    """Credit the gap since the child's last action to the lesson they were reading."""
    if student.last_activity_at is None or student.last_lesson_key is None:
        return
    gap = now - student.last_activity_at
    # Less than a second (a page opened twice at once) credits nothing: no statement.
    if timedelta(seconds=1) <= gap <= IDLE_CAP:
        LessonProgress.objects.filter(
            learner_id=student.user_id, lesson_key=student.last_lesson_key
        ).update(seconds=F("seconds") + int(gap.total_seconds()))


@transaction.atomic
def record_lesson_event(
    user: AbstractBaseUser,
    lesson: LessonPage,
    completed: bool = False,
    now: datetime | None = None,
) -> LessonProgress | None:
    """A learner opened (or finished) a lesson. Returns the progress row, or None for others.

    Whose progress is kept is decided by ``accounts.roles.is_learner``, the rule
    that also decides whose quiz attempts are kept. Reading time is credited
    only to a learner with a class's Student row, which remembers their last action.
    """
    if not is_learner(user):
        return None
    student = Student.objects.select_for_update().filter(user=user).first()
    now = now or timezone.now()
    if student is not None:
        _credit_time(student, now)
    progress, created = _progress(user, lesson, now)
    was_completed = progress.completed_at is not None
    progress.last_opened_at = now
    fields = ["last_opened_at"]
    if completed and progress.completed_at is None:
        progress.completed_at = now
        fields.append("completed_at")
    progress.save(update_fields=fields)
    totals.lesson_recorded(progress, created, was_completed)
    if student is not None:
        student.last_activity_at = now
        student.last_lesson_key = lesson.translation_key
        student.save(update_fields=["last_activity_at", "last_lesson_key"])
        child_cache.remember_opening(
            user.pk, child_cache.opening_marker(lesson.translation_key, now)
        )
    return progress


ACTIVITY = ("last_activity_at", "last_lesson_key")


def record_lesson_opened(
    student: Student,
    lesson_id: int,
    lesson_key: uuid.UUID,
    module_key: uuid.UUID,
    now: datetime | None = None,
) -> bool:
    """A child signed in with her class opened a lesson: what record_lesson_event records.

    Returns whether anything was written. Nothing is when the database already
    holds this lesson as her last one, opened in this same minute
    (``child_cache.opening_marker``), since no reader would show anything
    else: the teacher sees when she last opened a lesson to the minute
    (her data export, to the second, gives the minute's first opening),
    reports go by the day, her totals and her list of modules count lessons,
    not openings, and her reading time goes to her last lesson, which stays
    the same. Her first opening of a lesson, another lesson than her last, a
    new minute, and every opening while the cache cannot be read are written.

    Reading time is credited from the gaps between her recorded actions, a
    gap longer than ``IDLE_CAP`` being a break. A skipped reload merges into
    the gap after it, so the sum stays the same, but in one case: a pause
    that ends more than ``IDLE_CAP`` after the recorded opening, yet less
    than that after a reload skipped in its minute, is taken for a break.
    """
    now = now or timezone.now()
    marker = child_cache.opening_marker(lesson_key, now)
    if child_cache.opening_recorded(student.user_id, marker):
        return False
    _record_opening(student, lesson_id, lesson_key, module_key, now)
    return True


@transaction.atomic
def _record_opening(student, lesson_id, lesson_key, module_key, now):
    """Four or five statements in one transaction (one commit), and no lock:
    her row moves to this lesson only if no other request of hers moved it
    since it was read, and only that request credits the gap, so two pages
    opened at once credit it once. The progress row is made, or touched when
    it is there, on its unique (learner, lesson_key); the first opening of a
    lesson also adds it to her running totals.

    A Student row from the cache (``child_cache``) does not carry her last
    action: it is read first, one more statement.
    """
    if student.get_deferred_fields() & set(ACTIVITY):
        last = Student.objects.filter(pk=student.pk).values_list(*ACTIVITY).first()
        if last is None:
            return  # she left every class since the request began
        student.last_activity_at, student.last_lesson_key = last
    moved = Student.objects.filter(pk=student.pk, last_activity_at=student.last_activity_at).update(
        last_activity_at=now, last_lesson_key=lesson_key
    )
    if moved:
        _credit_time(student, now)
        student.last_activity_at, student.last_lesson_key = now, lesson_key
    if _upsert_opening(student.user_id, lesson_id, lesson_key, module_key, now):
        totals.lesson_first_opened(student.user_id, module_key, now)
        # Her list of modules shows the lesson begun (the upsert sends no signal).
        child_cache.lists_changed([student.user_id])
    if moved:
        # Only the request that made this lesson her last may say so: another
        # of hers, at once, may have made another lesson her last.
        child_cache.remember_opening(student.user_id, child_cache.opening_marker(lesson_key, now))


def _upsert_opening(learner_id, lesson_id, lesson_key, module_key, now) -> bool:
    """Make the child's progress row, or touch it if she has one; whether it is new.

    The insert says itself whether it made the row (RETURNING gives a row
    only then), which the running totals need; Django's upsert
    (bulk_create with update_conflicts) cannot say. A row already there has
    its last opening moved in a second statement. One statement that tells a
    new row by its first and last opening being equal is wrong when two
    openings share an instant. SQLite (3.35+) and PostgreSQL both take this;
    values are prepared as Django stores them (a UUID is 32 characters on
    SQLite).
    """
    fields = {f.attname: f for f in LessonProgress._meta.concrete_fields}
    values = {
        "learner_id": learner_id,
        "lesson_id": lesson_id,
        "lesson_key": lesson_key,
        "module_key": module_key,
        "first_opened_at": now,
        "last_opened_at": now,
        "seconds": 0,
    }
    table = connection.ops.quote_name(LessonProgress._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in values)
    params = [fields[name].get_db_prep_value(v, connection) for name, v in values.items()]
    learner, key = (
        connection.ops.quote_name(fields[n].column) for n in ("learner_id", "lesson_key")
    )
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(params))}) "
        f"ON CONFLICT ({learner}, {key}) DO NOTHING RETURNING 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.fetchone() is not None:
            return True
    LessonProgress.objects.filter(learner_id=learner_id, lesson_key=lesson_key).update(
        last_opened_at=now
    )
    return False


OFFLINE_HORIZON = timedelta(days=30)


def clamp_device_time(moment: datetime | None, now: datetime | None = None) -> datetime:
    """A time a device reports, kept between a month ago and now: device clocks can be wrong."""
    now = now or timezone.now()
    if moment is None:
        return now
    return min(max(moment, now - OFFLINE_HORIZON), now)


def _progress(user, lesson, opened_at, **extra):
    """The child's progress row for a lesson in any language, made if it is the first visit."""
    return LessonProgress.objects.get_or_create(
        learner=user,
        lesson_key=lesson.translation_key,
        defaults={
            "lesson": lesson,
            "module_key": lesson.get_parent().translation_key,
            "first_opened_at": opened_at,
            "last_opened_at": opened_at,
            **extra,
        },
    )


@transaction.atomic
def record_offline_lesson(
    user: AbstractBaseUser,
    lesson: LessonPage,
    opened_at: datetime,
    completed_at: datetime | None = None,
) -> LessonProgress | None:
    """A lesson a child read on a downloaded copy, sent when the device came back online.

    Sending the same report twice changes nothing: the earliest opening, the
    latest and the first completion are kept. Time spent offline is not
    credited, because the device cannot say how long the child really read.
    Returns the progress row, or None if ``user`` is not a learner (``is_learner``).
    """
    if not is_learner(user):
        return None
    # The child's row is locked, as record_lesson_event locks it, so that two
    # reports of one child are applied one after the other.
    Student.objects.select_for_update().filter(user=user).exists()
    progress, created = _progress(user, lesson, opened_at, completed_at=completed_at)
    if created:
        totals.lesson_recorded(progress, created=True, was_completed=False)
        return progress
    was_completed = progress.completed_at is not None
    fields = []
    if opened_at < progress.first_opened_at:
        progress.first_opened_at = opened_at
        fields.append("first_opened_at")
    if opened_at > progress.last_opened_at:
        progress.last_opened_at = opened_at
        fields.append("last_opened_at")
    if completed_at is not None and progress.completed_at is None:
        progress.completed_at = completed_at
        fields.append("completed_at")
    if fields:
        progress.save(update_fields=fields)
        totals.lesson_recorded(
            progress,
            created=False,
            was_completed=was_completed,
            earlier="first_opened_at" in fields,
        )
    return progress
