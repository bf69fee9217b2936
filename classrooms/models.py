"""Schools, classes, children and what they do: the learner records of Lifeskills.

Learner records refer to pages by their translation keys, which every
language's copy shares, so a child's progress is the same whichever language
they read in, and it survives a page being edited or deleted.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The twelve pictures of a picture password, in grid order. Their names are the
# files in static/img/pictures/ and never change: secrets refer to them.
PICTURES = [
    "sun", "moon", "star", "tree", "fish", "cat", "house", "apple", "flower", "bird", "boat", "car",
]  # fmt: skip
PICTURE_NAMES = {
    "sun": _("sun"),
    "moon": _("moon"),
    "star": _("star"),
    "tree": _("tree"),
    "fish": _("fish"),
    "cat": _("cat"),
    "house": _("house"),
    "apple": _("apple"),
    "flower": _("flower"),
    "bird": _("bird"),
    "boat": _("boat"),
    "car": _("car"),
}
# Four different pictures in order: 12 * 11 * 10 * 9 = 11,880 secrets. Cards
# printed before there were twelve pictures hold three; those keep working
# until the teacher gives the child a new card (see Student.pictures).
PICTURES_IN_SECRET = 4
PIN_DIGITS = 4
# Children mistype: with one tap in ten wrong, a four-picture answer is wrong
# a third of the time, and five wrong answers in a row would pause about one
# child in four classes of 60. Ten make it about one in 750 classes; guessing
# is held back by the class and address limits (limits.py), not by this.
MAX_FAILED_SIGN_INS = 10
SIGN_IN_PAUSE_MINUTES = 15
# Unambiguous letters and digits for class codes read off a board.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class SignInMethod(models.TextChoices):
    PICTURES = "pictures", _("Picture password (four pictures in order)")
    PIN = "pin", _("4-digit PIN")


class Gender(models.TextChoices):
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")
    OTHER = "other", _("Other")


class School(models.Model):
    """A partner school. Programme coordinators see the schools they coordinate; its
    teachers, named by an operator, may make classes in it."""

    name = models.CharField(_("name"), max_length=150)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_schools",
        verbose_name=_("programme coordinators"),
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="schools_taught",
        verbose_name=_("teachers"),
        help_text=_("Only these teachers can make classes in this school."),
    )

    class Meta:
        verbose_name = _("school")
        ordering = ["name"]

    def __str__(self):
        return self.name


def new_join_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(6))


class Classroom(models.Model):
    """A class of children and its teachers. Children join it with its code."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="classrooms", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: Class 5A."))
    grade = models.CharField(_("grade"), max_length=30, blank=True)
    join_code = models.CharField(_("class code"), max_length=8, unique=True, default=new_join_code)
    sign_in_method = models.CharField(
        _("how children sign in"),
        max_length=10,
        choices=SignInMethod.choices,
        default=SignInMethod.PICTURES,
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="taught_classrooms", verbose_name=_("teachers")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ends_on = models.DateField(
        _("class ends on"),
        null=True,
        blank=True,
        help_text=_(
            "The last day of the class. Some time after it, the children's records are deleted."
        ),
    )
    # No choices here: the site's languages are set per installation
    # (LIFESKILLS_EXTRA_LANGUAGES), and the form offers those it has.
    fallback_language = models.CharField(
        _("language for modules not yet in the children's language"),
        max_length=15,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "A module, lesson or quiz not yet translated into a child's language is shown "
            "in this language, if it has it."
        ),
    )
    # Counts, with no identity, of children deleted from the class: reports
    # keep counting them (see AnonymousTally).
    children_deleted = models.PositiveIntegerField(default=0)
    children_deleted_online = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.school})"

    def size(self):
        """How many children the class has: those on its list and those deleted from it.

        Children deleted under the data rules still sat in the lessons already
        recorded, so they still count towards how many could have been present.
        """
        return self.memberships.count() + self.children_deleted


def new_picture_secret():
    return "-".join(secrets.SystemRandom().sample(PICTURES, PICTURES_IN_SECRET))


def new_pin():
    return "".join(secrets.choice("0123456789") for _i in range(PIN_DIGITS))


class Student(models.Model):
    """A child who signs in with a class code, their name and a picture password or PIN.

    Only what reports need is kept: the name the class knows them by, and
    optionally a birth year and gender. No email, no phone, no address. The
    secrets are kept readable because a teacher prints them on the child's
    sign-in card and reads them out when a child forgets; they guard against
    classmates; the limits on wrong tries (limits.py) stop guessing.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student"
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    picture_secret = models.CharField(max_length=40, default=new_picture_secret)
    pin = models.CharField(max_length=PIN_DIGITS, default=new_pin)
    failed_sign_ins = models.PositiveSmallIntegerField(default=0)
    paused_until = models.DateTimeField(null=True, blank=True)
    # Set when a teacher gives a new sign-in: until then the child's right
    # secret lets them in even while their class or their school's address
    # has used up its wrong tries.
    let_in_until = models.DateTimeField(null=True, blank=True)
    # The last thing the child did, to estimate time spent from the gaps
    # between events rather than from a timer running in the page.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    last_lesson_key = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("student")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.user.get_display_name()

    @property
    def pictures(self):
        return self.picture_secret.split("-")

    @property
    def has_old_card(self):
        """A picture secret from before there were four pictures in a secret."""
        return len(self.pictures) < PICTURES_IN_SECRET

    def is_paused(self, now=None):
        return self.paused_until is not None and self.paused_until > (now or timezone.now())

    def age_band(self, today=None):
        if self.birth_year is None:
            return ""
        age = (today or timezone.localdate()).year - self.birth_year
        for low, high in AGE_BANDS:
            if low <= age <= high:
                return f"{low}-{high}"
        return ""


AGE_BANDS = [(6, 9), (10, 13), (14, 18)]


class SignInBudget(models.Model):
    """Wrong sign-in tries counted for one client address, class or known device.

    One row per key, counted in a fixed window that starts at the first wrong
    try. Kept in the database, and changed under a row lock, so that every
    app server sees the same count and the limits hold when the cache is down.
    """

    key = models.CharField(max_length=120, unique=True)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sign-in budget")

    def __str__(self):
        return f"{self.key}: {self.count} since {self.window_start:%Y-%m-%d %H:%M}"


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Children on the class list now, not those the teacher took off it."""
        return self.filter(left_at__isnull=True)


class Membership(models.Model):
    """A child in a class.

    A teacher who takes a child off the class list (or moves them to another
    class) ends the membership instead of deleting it: the child sat in the
    class's lessons, so the school's reach, the class's bound on children
    present and the class's end date (which decides when the child's records
    are deleted) still count them. Deleting the child is a separate step.
    """

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(
        _("taken off the class list"), null=True, blank=True, editable=False
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("class member")
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"], name="classrooms_membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.student} in {self.classroom}"


class Assignment(models.Model):
    """A module a teacher has set for a class, in every language the children read."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.PROTECT, related_name="+")
    module_key = models.UUIDField()
    due_date = models.DateField(_("due date"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "module_key"], name="classrooms_assignment_unique"
            )
        ]

    def __str__(self):
        return f"{self.module} for {self.classroom}"


class LessonProgress(models.Model):
    """How far a child has got with one lesson, in whichever language they read it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "lessons.LessonPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lesson_key = models.UUIDField()
    module_key = models.UUIDField(db_index=True)
    first_opened_at = models.DateTimeField()
    last_opened_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.PositiveIntegerField(
        default=0, help_text=_("Estimated from the gaps between the child's actions.")
    )

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson_key"], name="classrooms_progress_unique"
            )
        ]
        indexes = [
            models.Index(fields=["learner", "module_key"], name="classrooms__student_ef6632_idx"),
            # Children active today (manage.py vital_signs) read a range of each.
            models.Index(fields=["last_opened_at"], name="classrooms_progress_opened"),
            models.Index(fields=["completed_at"], name="classrooms_progress_completed"),
        ]

    def __str__(self):
        return f"{self.learner} · {self.lesson_key}"


class LessonDelivery(models.Model):
    """A lesson a teacher gave in class, so that children without a device count too."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="deliveries")
    lesson = models.ForeignKey(
        "lessons.LessonPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lesson"),
    )
    lesson_key = models.UUIDField()
    module_key = models.UUIDField()
    delivered_on = models.DateField(_("date"))
    children_present = models.PositiveSmallIntegerField(
        _("children present"), validators=[MaxValueValidator(500)]
    )
    girls_present = models.PositiveSmallIntegerField(_("girls"), null=True, blank=True)
    boys_present = models.PositiveSmallIntegerField(_("boys"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson delivered")
        verbose_name_plural = _("lessons delivered")
        ordering = ["-delivered_on", "-pk"]

    def __str__(self):
        return f"{self.lesson_key} · {self.delivered_on}"


class AnonymousTally(models.Model):
    """What children deleted under the data rules added to the programme's figures.

    When a child is deleted, their name, account, answers and progress go; what
    they added to the coordinator report is folded into these counts first, so
    "children reached" and pass rates stay as they were. A row holds only counts
    for a school, an age band at the time of deletion and a gender, either for
    the child as a whole (``module_key`` empty) or for one module. A child who
    was in classes at several schools is folded into an identical row at each;
    ``schools_key`` (those schools' ids) lets the report count them once in a
    total that covers several of those schools.
    """

    # The counts: what a deleted child adds to them, and what the report adds up.
    COUNTS = (
        "children_online",
        "attempts",
        "attempts_passed",
        "children_attempted",
        "children_passed",
        "modules_completed",
    )

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    schools_key = models.CharField(max_length=255)
    module_key = models.UUIDField(null=True, blank=True)
    age_band = models.CharField(max_length=10)
    gender = models.CharField(max_length=10)
    children_online = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    attempts_passed = models.PositiveIntegerField(default=0)
    children_attempted = models.PositiveIntegerField(default=0)
    children_passed = models.PositiveIntegerField(default=0)
    modules_completed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tally of deleted children")
        indexes = [models.Index(fields=["school", "schools_key", "module_key"])]

    def __str__(self):
        return f"{self.school_id} · {self.module_key or '-'} · {self.age_band} · {self.gender}"


class ModuleTotals(models.Model):
    """Running totals of one child's work in one module: derived data, never edited by hand.

    The coordinator report (and a child's own module list) read these instead
    of every LessonProgress and quiz Attempt row, so a report costs the same
    after a year of work as after a week. Each row is changed in the same
    transaction as the event it counts (``classrooms.totals``); ``manage.py
    verify_totals`` recomputes them from the raw rows, and ``--repair``
    rewrites them.

    ``module_key`` is the module's translation key, as on LessonProgress and
    Attempt; it is empty only for attempts at a quiz that was in no module.
    ``completed`` follows the report's rule against the curriculum as
    published now (every live lesson of the module's default-language copy
    done and, where it has a quiz, the quiz passed), and is refreshed when a
    lesson or quiz is published, withdrawn, moved or deleted.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    module_key = models.UUIDField(null=True, blank=True, db_index=True)
    lessons_opened = models.PositiveIntegerField(default=0)  # progress rows
    lessons_completed = models.PositiveIntegerField(default=0)  # of them, finished
    attempts = models.PositiveIntegerField(default=0)
    attempts_passed = models.PositiveIntegerField(default=0)
    completed = models.BooleanField(default=False)
    # The first lesson opening or quiz submission. (No "last": opening a lesson
    # again would then write here on every page a child reads.)
    first_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("module totals")
        verbose_name_plural = _("module totals")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "module_key"], name="classrooms_moduletotals_unique"
            )
        ]

    def __str__(self):
        return f"{self.learner_id} · {self.module_key or '-'}"

    @property
    def passed(self):
        return self.attempts_passed > 0


class ChildTotals(models.Model):
    """Running totals of one child's work in every module together: derived data, never edited.

    The sums of her ModuleTotals rows, kept beside them in the same
    transaction (``classrooms.totals``), so that the coordinator report reads
    one row per child where it would otherwise add up a row per child and
    module. ``manage.py verify_totals`` recounts them from the raw rows, and
    ``--repair`` rewrites them.
    """

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    lessons_opened = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    attempts_passed = models.PositiveIntegerField(default=0)
    modules_completed = models.PositiveIntegerField(default=0)
    first_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("child totals")
        verbose_name_plural = _("child totals")

    def __str__(self):
        return str(self.learner_id)
