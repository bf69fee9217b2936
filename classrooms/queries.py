"""Read-side builders of the teacher and learner views: plain data, fixed query counts.

Every builder runs the same number of queries whatever the size of the class:
aggregates grouped by child and module, merged in Python.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page

from curriculum import languages
from curriculum.models import ModulePage
from lessons.models import LessonPage
from lifeskills.platform.kept_parts import kept
from quizzes.models import Attempt, ExtraAttempt, QuizPage, Response
from quizzes.queries import describe_answer, describe_question

from .models import Assignment, Classroom, LessonProgress, Student

# A quiz attempt left open longer than this was abandoned and resumed; count at most this.
QUIZ_TIME_CAP = timedelta(minutes=45)
FAILED_ATTEMPTS_FOR_HELP = 2
WRONG_ANSWERS_FOR_HELP = 3


class State:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NEEDS_HELP = "needs_help"


STATE_LABELS = {
    State.NOT_STARTED: gettext_lazy("not started"),
    State.IN_PROGRESS: gettext_lazy("in progress"),
    State.COMPLETED: gettext_lazy("completed"),
    State.NEEDS_HELP: gettext_lazy("needs help"),
}


@dataclass
class Outline:
    """A module as a class meets it: its page, lessons and quiz, each in the best language.

    The module and each step are in the reader's language where it has them,
    else in the class's fallback language, else the source language, else any
    (curriculum.languages): a lesson not yet translated still has its place.
    """

    key: object
    module: ModulePage
    lessons: list
    quiz: QuizPage | None

    @property
    def steps(self):
        return len(self.lessons) + (1 if self.quiz else 0)


def _merged_order(step_lists):
    """Step keys in module order, from copies of one module best first.

    A step missing from a better copy (a lesson not yet translated) goes in
    after the step it follows in the copy that has it.
    """
    order = []
    for steps in step_lists:
        position = -1
        for key in steps:
            if key in order:
                position = order.index(key)
            else:
                position += 1
                order.insert(position, key)
    return order


def outlines(
    module_keys: Iterable[uuid.UUID],
    language: str,
    content: bool = True,
    fallbacks: Mapping[uuid.UUID, str] | None = None,
) -> dict[uuid.UUID, Outline]:
    """The modules with these translation keys, with their steps, for a reader of ``language``.

    ``fallbacks`` gives, per module key, the language the class chose for what
    is not in ``language``. With ``content=False`` the lessons and quizzes are
    plain pages: title, address and translation key, what a progress grid
    needs, without a query per page type or reading the StreamField of every step.
    """
    keys = list(module_keys)
    if not keys:
        return {}
    fallbacks = fallbacks or {}
    source = languages.source_language()
    copies = defaultdict(list)
    for module in (
        ModulePage.objects.live().filter(translation_key__in=keys).select_related("locale")
    ):
        copies[module.translation_key].append(module)
    if not copies:
        return {}
    children = Q()
    for module in (m for found in copies.values() for m in found):
        children |= Q(path__startswith=module.path, depth=module.depth + 1)
    steps = defaultdict(list)
    pages = Page.objects.live().public().filter(children).order_by("path")
    for page in pages.specific() if content else pages:
        steps[page.path[: -Page.steplen]].append(page)
    lesson_type = ContentType.objects.get_for_model(LessonPage).pk
    quiz_type = ContentType.objects.get_for_model(QuizPage).pk
    result = {}
    for key in keys:
        if key not in copies:
            continue
        rank = languages.language_rank(language, fallbacks.get(key), source)
        ranked = sorted(copies[key], key=lambda m: rank(m.locale.language_code))
        best_step = {}
        for module in reversed(ranked):
            for page in steps[module.path]:
                best_step[page.translation_key] = page
        order = _merged_order([p.translation_key for p in steps[m.path]] for m in ranked)
        pages = [best_step[step_key] for step_key in order]
        result[key] = Outline(
            key,
            ranked[0],
            [p for p in pages if p.content_type_id == lesson_type],
            next((p for p in pages if p.content_type_id == quiz_type), None),
        )
    return result


def class_students(classroom: Classroom, with_former: bool = False) -> list[Student]:
    """The children on the class list; ``with_former`` adds those taken off it."""
    on_list = {} if with_former else {"memberships__left_at__isnull": True}
    return list(
        Student.objects.filter(memberships__classroom=classroom, **on_list)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


@dataclass
class Cell:
    """One child's standing in one module."""

    state: str = State.NOT_STARTED
    lessons_done: int = 0
    lessons_opened: int = 0
    steps: int = 0
    quiz_passed: bool = False
    best_score: float | None = None
    attempts: int = 0
    failed: int = 0
    lesson_seconds: int = 0
    last_activity: object = None
    help_reasons: list = field(default_factory=list)

    @property
    def done(self):
        return self.lessons_done + (1 if self.quiz_passed else 0)

    @property
    def percent(self):
        return round(100 * self.done / self.steps) if self.steps else 0


def _cells(user_ids, found_outlines, activity=True):
    """{(user id, module key): Cell} for every child and module, from four aggregates.

    ``activity=False`` leaves out the time spent and the last activity: a
    moment read per child and module is most of what reading a class costs.
    """
    keys = list(found_outlines)
    cells = {(uid, key): Cell(steps=found_outlines[key].steps) for uid in user_ids for key in keys}
    if not user_ids or not keys:
        return cells
    # Lessons no longer in their module are left out of the counts.
    live_lessons = [p.translation_key for o in found_outlines.values() for p in o.lessons]
    progress = (
        LessonProgress.objects.filter(
            learner_id__in=user_ids, module_key__in=keys, lesson_key__in=live_lessons
        )
        .values("learner_id", "module_key")
        .annotate(
            opened=Count("id"),
            done=Count("id", filter=Q(completed_at__isnull=False)),
            **({"seconds": Sum("seconds"), "last": Max("last_opened_at")} if activity else {}),
        )
        .order_by()
    )
    for row in progress:
        cell = cells[(row["learner_id"], row["module_key"])]
        cell.lessons_opened, cell.lessons_done = row["opened"], row["done"]
        if activity:
            cell.lesson_seconds, cell.last_activity = row["seconds"] or 0, row["last"]
    attempts = (
        Attempt.objects.filter(learner_id__in=user_ids, module_key__in=keys)
        .values("learner_id", "module_key")
        .annotate(
            n=Count("id"),
            best=Max("score"),
            passes=Count("id", filter=Q(passed=True)),
            fails=Count("id", filter=Q(passed=False)),
            **({"last": Max("submitted_at")} if activity else {}),
        )
    )
    for row in attempts:
        cell = cells[(row["learner_id"], row["module_key"])]
        cell.attempts, cell.best_score = row["n"], row["best"]
        cell.quiz_passed, cell.failed = row["passes"] > 0, row["fails"]
        if activity:
            cell.last_activity = max(filter(None, [cell.last_activity, row["last"]]))
        if row["fails"] >= FAILED_ATTEMPTS_FOR_HELP and not row["passes"]:
            cell.help_reasons.append(("failed", row["fails"]))
    stuck = (
        Response.objects.filter(
            attempt__learner_id__in=user_ids, attempt__module_key__in=keys, scored=True
        )
        .values("attempt__learner_id", "attempt__module_key", "question_id")
        .annotate(
            wrong=Count("id", filter=Q(correct=False)), right=Count("id", filter=Q(correct=True))
        )
        .filter(wrong__gte=WRONG_ANSWERS_FOR_HELP, right=0)
        .order_by()
    )
    for row in stuck:
        cell = cells[(row["attempt__learner_id"], row["attempt__module_key"])]
        cell.help_reasons.append(("question", row["question_id"]))
    for cell in cells.values():
        _set_state(cell)
    return cells


def _set_state(cell):
    if cell.help_reasons:
        cell.state = State.NEEDS_HELP
    elif cell.steps and cell.done >= cell.steps:
        cell.state = State.COMPLETED
    elif cell.lessons_opened or cell.attempts:
        cell.state = State.IN_PROGRESS


@dataclass
class Overview:
    students: list
    assignments: list
    outlines: dict
    rows: list  # (student, [Cell per assignment])

    @property
    def needs_help(self):
        return [s for s, cells in self.rows if any(c.state == State.NEEDS_HELP for c in cells)]


def _class_fallback(classroom: Classroom, keys: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    return dict.fromkeys(keys, classroom.fallback_language)


def class_overview(classroom: Classroom, language: str) -> Overview:
    """The class dashboard's grid. The modules are kept outlines (links, kept until an
    editor publishes), and the cells leave out what the grid does not show: when
    and how long each child last worked."""
    students = class_students(classroom)
    assignments = list(classroom.assignments.order_by("created_at", "pk"))
    keys = [a.module_key for a in assignments]
    found = kept_outlines(_class_fallback(classroom, keys), language)
    assignments = [a for a in assignments if a.module_key in found]
    cells = _cells([s.user_id for s in students], found, activity=False)
    rows = [(s, [cells[(s.user_id, a.module_key)] for a in assignments]) for s in students]
    return Overview(students, assignments, found, rows)


@dataclass
class Learner:
    student: Student
    cell: Cell
    quiz_seconds: int = 0

    @property
    def seconds(self):
        return self.cell.lesson_seconds + self.quiz_seconds


@dataclass
class DifficultQuestion:
    id: str
    number: int
    prompt: str
    label: str
    answered: int = 0
    not_yet_right: list = field(default_factory=list)  # students
    wrong_answer: str = ""
    wrong_count: int = 0
    situation: str = ""
    parts: list = field(default_factory=list)
    parts_label: str = ""


def _quiz_seconds(user_ids, module_key):
    seconds = defaultdict(int)
    for uid, started, submitted in Attempt.objects.filter(
        learner_id__in=user_ids, module_key=module_key
    ).values_list("learner_id", "started_at", "submitted_at"):
        spent = min(max(submitted - started, timedelta(0)), QUIZ_TIME_CAP)
        seconds[uid] += int(spent.total_seconds())
    return seconds


def module_detail(
    classroom: Classroom, module_key: uuid.UUID, language: str
) -> tuple[Outline, list[Learner], list[DifficultQuestion]] | None:
    """The learners table and the difficult questions of one module for one class."""
    found = outlines([module_key], language, fallbacks=_class_fallback(classroom, [module_key]))
    if module_key not in found:
        return None
    outline = found[module_key]
    students = class_students(classroom)
    user_ids = [s.user_id for s in students]
    cells = _cells(user_ids, found)
    quiz_seconds = _quiz_seconds(user_ids, module_key)
    learners = [
        Learner(s, cells[(s.user_id, module_key)], quiz_seconds.get(s.user_id, 0)) for s in students
    ]
    return outline, learners, difficult_questions(outline, students)


def difficult_questions(outline: Outline, students: list[Student]) -> list[DifficultQuestion]:
    """Per quiz question: who answered it but never right, and the commonest wrong answer."""
    quiz = outline.quiz
    if quiz is None or not students:
        return []
    by_user = {s.user_id: s for s in students}
    responses = Response.objects.filter(
        attempt__learner_id__in=list(by_user),
        attempt__module_key=outline.key,
        scored=True,
    )
    per_learner = (
        responses.values("question_id", "attempt__learner_id")
        .annotate(right=Count("id", filter=Q(correct=True)))
        .order_by()
    )
    wrong = (
        responses.filter(correct=False)
        .values("question_id", "answer_key")
        .annotate(times=Count("id"))
        .order_by("question_id", "-times", "answer_key")
    )
    questions = {}
    for number, (qid, (block, value)) in enumerate(quiz.question_blocks.items(), start=1):
        if quiz.scoring_questions[qid].scored:
            summary = describe_question(quiz, qid)
            questions[qid] = DifficultQuestion(
                qid,
                number,
                value["prompt"],
                block.label,
                situation=summary.situation,
                parts=summary.parts,
                parts_label=summary.parts_label,
            )
    for row in per_learner:
        question = questions.get(row["question_id"])
        if question is None:
            continue
        question.answered += 1
        if not row["right"]:
            question.not_yet_right.append(by_user[row["attempt__learner_id"]])
    for row in wrong:
        question = questions.get(row["question_id"])
        if question is not None and not question.wrong_count:
            scoring_question = quiz.scoring_questions[row["question_id"]]
            question.wrong_answer = describe_answer(quiz, scoring_question, row["answer_key"])
            question.wrong_count = row["times"]
    for question in questions.values():
        question.not_yet_right.sort(key=lambda s: s.name.casefold())
    return sorted(
        questions.values(), key=lambda q: (-len(q.not_yet_right), -q.wrong_count, q.number)
    )


def assigned_quiz(classroom: Classroom, quiz_key: uuid.UUID, language: str) -> QuizPage | None:
    """The live quiz with this translation key, in ``language`` where translated, if it
    closes a module assigned to the class; None otherwise."""
    quizzes = sorted(
        QuizPage.objects.live().filter(translation_key=quiz_key).select_related("locale"),
        key=lambda quiz: quiz.locale.language_code != language,
    )
    if not quizzes:
        return None
    quiz = quizzes[0]
    module_key = quiz.get_parent().translation_key
    if not classroom.assignments.filter(module_key=module_key).exists():
        return None
    return quiz


@dataclass
class StudentModule:
    outline: Outline
    cell: Cell
    lessons: list  # (lesson page, progress or None)
    attempts: list
    reflections: list  # (prompt, text, submitted)
    extra_attempts: int = 0  # given by a teacher beyond what the quiz allows
    attempts_left: int | None = None  # at the module's quiz; None: no limit or no quiz

    @property
    def attempts_used_up(self):
        return self.attempts_left == 0


def student_detail(
    student: Student,
    module_keys: Iterable[uuid.UUID],
    language: str,
    classroom: Classroom | None = None,
) -> list[StudentModule]:
    keys = list(module_keys)
    fallbacks = _class_fallback(classroom, keys) if classroom else None
    found = outlines(keys, language, fallbacks=fallbacks)
    cells = _cells([student.user_id], found)
    progress = {
        p.lesson_key: p
        for p in LessonProgress.objects.filter(
            learner_id=student.user_id, module_key__in=list(found)
        )
    }
    attempts = defaultdict(list)
    for attempt in Attempt.objects.filter(
        learner_id=student.user_id, module_key__in=list(found)
    ).order_by("-submitted_at"):
        attempts[attempt.module_key].append(attempt)
    reflections = defaultdict(list)
    for response in (
        Response.objects.filter(
            attempt__learner_id=student.user_id,
            attempt__module_key__in=list(found),
            kind="reflection",
        )
        .select_related("attempt")
        .order_by("-attempt__submitted_at")
    ):
        outline = found[response.attempt.module_key]
        question = outline.quiz and outline.quiz.question_blocks.get(response.question_id)
        prompt = question[1]["prompt"] if question else ""
        reflections[outline.key].append((prompt, response.text, response.attempt.submitted_at))
    quiz_keys = [o.quiz.translation_key for o in found.values() if o.quiz]
    extra = dict(
        ExtraAttempt.objects.filter(learner_id=student.user_id, quiz_key__in=quiz_keys)
        .values("quiz_key")
        .annotate(n=Count("id"))
        .values_list("quiz_key", "n")
        .order_by()
    )
    modules = []
    for key, outline in found.items():
        lessons = [(lesson, progress.get(lesson.translation_key)) for lesson in outline.lessons]
        module = StudentModule(
            outline, cells[(student.user_id, key)], lessons, attempts[key], reflections[key]
        )
        quiz = outline.quiz
        if quiz is not None:
            module.extra_attempts = extra.get(quiz.translation_key, 0)
            used = sum(1 for a in attempts[key] if a.quiz_key == quiz.translation_key)
            module.attempts_left = quiz.attempts_left(
                student.user, used=used, extra=module.extra_attempts
            )
        modules.append(module)
    return modules


@dataclass(frozen=True)
class KeptLocale:
    language_code: str


@dataclass(frozen=True)
class PageLink:
    """A module, lesson or quiz as a child's list of modules shows it: kept, not a page.

    Plain data, the same for every reader of one language, so it is kept in the
    cache until an editor publishes (see ``kept_outlines``).
    """

    pk: int
    translation_key: uuid.UUID
    title: str
    url: str
    language: str

    @property
    def locale(self):
        return KeptLocale(self.language)


@dataclass(frozen=True)
class KeptOutline:
    """An ``Outline`` as links: the module, its lessons and its quiz, each in the best language."""

    key: uuid.UUID
    module: PageLink
    lessons: tuple[PageLink, ...]
    quiz: PageLink | None

    @property
    def steps(self):
        return len(self.lessons) + (1 if self.quiz else 0)


def _link(page, codes):
    return PageLink(page.pk, page.translation_key, page.title, page.url, codes[page.locale_id])


def kept_outlines(
    fallbacks: Mapping[uuid.UUID, str | None], language: str
) -> dict[uuid.UUID, KeptOutline]:
    """``outlines()`` as links, kept in the cache per language, fallback and content generation.

    The same for every child of a language whose class chose the same
    fallback, and changed only by an editor: publishing, withdrawing or moving a
    page starts a new content generation, so the next request builds them again.
    """
    names = {
        f"outline:{language}:{fallback or ''}:{key}": key for key, fallback in fallbacks.items()
    }

    def build(missing):
        wanted = {names[name]: fallbacks[names[name]] for name in missing}
        found = outlines(list(wanted), language, content=False, fallbacks=wanted)
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        built = {}
        for name in missing:
            outline = found.get(names[name])
            built[name] = outline and KeptOutline(
                outline.key,
                _link(outline.module, codes),
                tuple(_link(page, codes) for page in outline.lessons),
                outline.quiz and _link(outline.quiz, codes),
            )
        return built

    # A module that is not live is kept as None: it is left out, without asking again.
    return {names[name]: found for name, found in kept(names, build).items() if found is not None}


def child_assignments(user: AbstractBaseUser) -> list[Assignment]:
    """The assignments of the classes a child is on the list of, soonest due first;
    a module set by two classes once, as the first sets it. One query."""
    assignments = (
        Assignment.objects.filter(
            classroom__memberships__student__user=user,
            classroom__memberships__left_at__isnull=True,
        )
        .select_related("classroom")
        .only("module_key", "due_date", "created_at", "classroom__fallback_language")
        .order_by("due_date", "created_at")
        .distinct()
    )
    seen, unique = set(), []
    for assignment in assignments:
        if assignment.module_key not in seen:
            seen.add(assignment.module_key)
            unique.append(assignment)
    return unique


def child_progress(
    user_id: int, found: Mapping[uuid.UUID, KeptOutline | Outline]
) -> dict[uuid.UUID, tuple[Cell, set]]:
    """One child's standing in each module: a Cell and the lessons finished. Two queries
    (three once a quiz was tried three times).

    Read from the records themselves, never kept: a lesson finished or a quiz
    passed shows on the very next page. The one place a child's own pages
    read their progress, so it can move to running totals in one place.

    The same Cell as the teacher's dashboard (``_cells``) draws for this child.
    """
    cells = {key: Cell(steps=outline.steps) for key, outline in found.items()}
    finished = {key: set() for key in found}
    if not found:
        return {}
    live_lessons = {key: {p.translation_key for p in o.lessons} for key, o in found.items()}
    # A child has a row per lesson opened: fewer than a grouped query would save.
    for module_key, lesson_key, completed, seconds, last in LessonProgress.objects.filter(
        learner_id=user_id, module_key__in=list(found)
    ).values_list("module_key", "lesson_key", "completed_at", "seconds", "last_opened_at"):
        if lesson_key not in live_lessons[module_key]:
            continue  # no longer in its module
        cell = cells[module_key]
        cell.lessons_opened += 1
        cell.lesson_seconds += seconds or 0
        cell.last_activity = max(filter(None, [cell.last_activity, last]), default=None)
        if completed is not None:
            cell.lessons_done += 1
            finished[module_key].add(lesson_key)
    # A few attempts per module: rows cost less to ask for than a grouped query.
    for module_key, score, passed, submitted in Attempt.objects.filter(
        learner_id=user_id, module_key__in=list(found)
    ).values_list("module_key", "score", "passed", "submitted_at"):
        cell = cells[module_key]
        cell.attempts += 1
        cell.best_score = score if cell.best_score is None else max(cell.best_score, score)
        cell.quiz_passed = cell.quiz_passed or passed
        cell.failed += 0 if passed else 1
        cell.last_activity = max(filter(None, [cell.last_activity, submitted]))
    for cell in cells.values():
        if cell.failed >= FAILED_ATTEMPTS_FOR_HELP and not cell.quiz_passed:
            cell.help_reasons.append(("failed", cell.failed))
    # A question is answered once an attempt, so only a module tried that often can
    # have one the child keeps getting wrong: usually none, and no query.
    tried = [key for key, cell in cells.items() if cell.attempts >= WRONG_ANSWERS_FOR_HELP]
    if tried:
        stuck = (
            Response.objects.filter(
                attempt__learner_id=user_id, attempt__module_key__in=tried, scored=True
            )
            .values("attempt__module_key", "question_id")
            .annotate(
                wrong=Count("id", filter=Q(correct=False)),
                right=Count("id", filter=Q(correct=True)),
            )
            .filter(wrong__gte=WRONG_ANSWERS_FOR_HELP, right=0)
            .order_by()
        )
        for row in stuck:
            cells[row["attempt__module_key"]].help_reasons.append(("question", row["question_id"]))
    for cell in cells.values():
        _set_state(cell)
    return {key: (cells[key], finished[key]) for key in found}


@dataclass
class MyModule:
    assignment: object
    outline: KeptOutline
    cell: Cell
    next_step: PageLink | None

    @property
    def next_in_another_language(self):
        """Whether the next step is in another language than its module (and says so)."""
        return (
            self.next_step is not None and self.next_step.language != self.outline.module.language
        )


def my_modules(user: AbstractBaseUser, language: str) -> list[MyModule]:
    """What a child's classes have assigned them, how far they are, and what to do next.

    Three queries: the assignments, the lessons opened, the quiz attempts; the
    modules' titles, addresses and steps are kept (``kept_outlines``).
    """
    assignments = child_assignments(user)
    # A module set by two classes follows the fallback of the first listed.
    fallbacks = {a.module_key: a.classroom.fallback_language for a in assignments}
    found = kept_outlines(fallbacks, language)
    progress = child_progress(user.pk, found)
    result = []
    for assignment in assignments:
        outline = found.get(assignment.module_key)
        if outline is None:
            continue
        cell, finished = progress[assignment.module_key]
        next_step = next((p for p in outline.lessons if p.translation_key not in finished), None)
        if next_step is None and not cell.quiz_passed:
            next_step = outline.quiz
        result.append(MyModule(assignment, outline, cell, next_step))
    return result


@dataclass
class ChildModule:
    """How far one child is in one module, for the child's own pages: ticks, a count, what next."""

    outline: Outline
    lessons: list  # (lesson page, finished)
    quiz_passed: bool

    @property
    def module(self):
        return self.outline.module

    @property
    def quiz(self):
        return self.outline.quiz

    @property
    def lessons_done(self):
        return sum(1 for _lesson, finished in self.lessons if finished)

    @property
    def lesson_count(self):
        return len(self.lessons)

    @property
    def finished_keys(self):
        """Translation keys of the steps done: finished lessons, and the quiz once passed."""
        keys = {lesson.translation_key for lesson, finished in self.lessons if finished}
        if self.quiz is not None and self.quiz_passed:
            keys.add(self.quiz.translation_key)
        return keys

    @property
    def lessons_finished(self):
        return self.lessons_done == self.lesson_count

    @property
    def finished(self):
        return self.lessons_finished and (self.quiz is None or self.quiz_passed)

    def next_step(self, after=None):
        """The step to do next: the first unfinished lesson after ``after`` (a lesson's
        translation key), else any unfinished lesson, else the quiz until it is passed."""
        keys = [lesson.translation_key for lesson, _finished in self.lessons]
        start = keys.index(after) + 1 if after in keys else 0
        for lesson, finished in self.lessons[start:] + self.lessons[:start]:
            if not finished:
                return lesson
        if self.quiz is not None and not self.quiz_passed:
            return self.quiz
        return None


def child_module(user: AbstractBaseUser, module_key: uuid.UUID, language: str):
    """One child's standing in one module in ``language`` (None if the module is not live).

    Three queries whatever the module's size: the outline, the lessons finished,
    whether a quiz attempt passed.
    """
    outline = outlines([module_key], language, content=False).get(module_key)
    if outline is None:
        return None
    finished = set(
        LessonProgress.objects.filter(
            learner=user, module_key=module_key, completed_at__isnull=False
        ).values_list("lesson_key", flat=True)
    )
    passed = Attempt.objects.filter(learner=user, module_key=module_key, passed=True).exists()
    lessons = [(lesson, lesson.translation_key in finished) for lesson in outline.lessons]
    return ChildModule(outline, lessons, passed)


def _time(moment):
    return moment.isoformat() if moment else None


def child_record(student: Student) -> dict[str, Any]:
    """Everything kept about one child, as plain data for a JSON download.

    Left out: the picture password and PIN (a way in, not something about the
    child) and the internal account name. Titles of lessons and quizzes are
    given as they are now, with the keys the records use.
    """
    progress = list(
        LessonProgress.objects.filter(learner=student.user).select_related("lesson").order_by("pk")
    )
    attempts = list(
        Attempt.objects.filter(learner=student.user)
        .select_related("quiz")
        .prefetch_related("responses")
        .order_by("submitted_at", "pk")
    )
    memberships = student.memberships.select_related("classroom__school").order_by("pk")
    return {
        "name": student.name,
        "birth_year": student.birth_year,
        "gender": student.gender,
        "classes": [
            {
                "class": m.classroom.name,
                "school": m.classroom.school.name,
                "joined_at": _time(m.joined_at),
                "taken_off_class_list_at": _time(m.left_at),
                "class_ends_on": m.classroom.ends_on.isoformat() if m.classroom.ends_on else None,
                "sign_in_method": m.classroom.sign_in_method,
            }
            for m in memberships
        ],
        "sign_in": {
            "wrong_tries_since_last_sign_in": student.failed_sign_ins,
            "paused_until": _time(student.paused_until),
            "account_created_at": _time(student.user.date_joined),
            "last_signed_in_at": _time(student.user.last_login),
        },
        "last_activity_at": _time(student.last_activity_at),
        "lesson_progress": [
            {
                "lesson": p.lesson.title if p.lesson else None,
                "lesson_key": str(p.lesson_key),
                "module_key": str(p.module_key),
                "first_opened_at": _time(p.first_opened_at),
                "last_opened_at": _time(p.last_opened_at),
                "completed_at": _time(p.completed_at),
                "seconds": p.seconds,
            }
            for p in progress
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.title if a.quiz else None,
                "quiz_key": str(a.quiz_key),
                "module_key": str(a.module_key) if a.module_key else None,
                "language": a.language,
                "started_at": _time(a.started_at),
                "submitted_at": _time(a.submitted_at),
                "score": a.score,
                "points": a.points,
                "max_points": a.max_points,
                "questions_correct": a.correct_count,
                "passed": a.passed,
                "pass_mark": a.pass_mark,
                "responses": [
                    {
                        "question": r.question_id,
                        "kind": r.kind,
                        "position": r.position,
                        "answer": r.answer_key,
                        "text": r.text,
                        "points": r.points,
                        "correct": r.correct,
                        "scored": r.scored,
                    }
                    for r in sorted(a.responses.all(), key=lambda r: r.position)
                ],
            }
            for a in attempts
        ],
        "extra_quiz_attempts": [
            {"quiz_key": str(quiz_key), "given_at": _time(given_at)}
            for quiz_key, given_at in ExtraAttempt.objects.filter(learner=student.user)
            .order_by("given_at", "pk")
            .values_list("quiz_key", "given_at")
        ],
    }
