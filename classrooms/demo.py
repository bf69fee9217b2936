"""A demo school and class with children who have real progress, for a newcomer's machine.

Progress is made through the same services a child's actions use (opening and
finishing lessons, submitting quizzes), so every teacher view shows what it
would show in a school. Safe to run again: what exists is left alone.
"""

import uuid
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.roles import LEARNERS
from curriculum.models import ModulePage
from quizzes import scoring
from quizzes.models import QuizPage
from quizzes.papers import Paper
from quizzes.services import submit_attempt

from . import services
from .models import Classroom, Membership, School, SignInMethod, Student
from .queries import outlines

SCHOOL = "Hope Primary School (demo)"
CLASS = "Class 5A"
JOIN_CODE = "LIFE5A"
DEMO_MODULES = ["safe-migration", "labour-rights"]
# name, birth year, gender, what they have done (see _seed_child)
CHILDREN = [
    ("Mei", 2014, "girl", "finished"),
    ("Alim", 2013, "boy", "reading"),
    ("Gulnar", 2014, "girl", "failed_twice"),
    ("Li Wei", 2013, "boy", "nothing"),
    ("Aygul", 2014, "girl", "finished_and_more"),
    ("Zhang Min", 2013, "boy", "stuck_on_a_question"),
    ("Dilnur", 2014, "girl", "passed_partly"),
    ("Parhat", 2013, "boy", "opened_one"),
]
# Mei's picture password is fixed so the README can tell a newcomer how to sign in.
MEI_PICTURES = "sun-fish-star-boat"
CLIENT_ID_NAMESPACE = uuid.UUID("0d5c1b1e-7a7e-4d0a-9a3c-3f0e2b6f1c44")


@transaction.atomic
def ensure_demo_class(teacher, coordinator=None, learner=None):
    """The demo school and class, its children and their progress. Returns the class."""
    school, _created = School.objects.get_or_create(name=SCHOOL)
    if coordinator is not None:
        school.coordinators.add(coordinator)
    classroom = Classroom.objects.filter(join_code=JOIN_CODE).first()
    if classroom is None:
        classroom = Classroom.objects.create(
            school=school,
            name=CLASS,
            grade="5",
            join_code=JOIN_CODE,
            sign_in_method=SignInMethod.PICTURES,
        )
    school.teachers.add(teacher)
    classroom.teachers.add(teacher)
    modules = list(
        ModulePage.objects.filter(slug__in=DEMO_MODULES, locale__language_code="en").order_by(
            "path"
        )
    )
    for module in modules:
        services.assign_module(
            classroom, module, teacher, due_date=timezone.localdate() + timedelta(days=14)
        )
    if not classroom.memberships.exists():
        new = [services.NewStudent(name, year, gender) for name, year, gender, _s in CHILDREN]
        children = services.add_students(classroom, new)
        children[0].picture_secret = MEI_PICTURES
        children[0].save(update_fields=["picture_secret"])
        found = outlines([m.translation_key for m in modules], "en")
        for child, (_name, _year, _gender, story) in zip(children, CHILDREN, strict=True):
            _seed_child(child.user, story, [found[m.translation_key] for m in modules])
    if not classroom.deliveries.exists() and modules:
        found = outlines([modules[0].translation_key], "en")
        lesson = found[modules[0].translation_key].lessons[0]
        services.record_delivery(
            classroom,
            lesson,
            teacher,
            timezone.localdate() - timedelta(days=5),
            len(CHILDREN),
            girls_present=4,
            boys_present=4,
            notes="Taught on the projector; the role play worked well.",
        )
    if learner is not None:
        learner.groups.add(Group.objects.get(name=LEARNERS))
        student, _created = Student.objects.get_or_create(user=learner)
        Membership.objects.get_or_create(classroom=classroom, student=student)
    return classroom


def _seed_child(user, story, module_outlines):
    first, second = module_outlines
    start = timezone.now() - timedelta(days=3)
    clock = iter(start + timedelta(minutes=7 * n) for n in range(1000))

    def read(outline, count, finish=True):
        for lesson in outline.lessons[:count]:
            services.record_lesson_event(user, lesson, now=next(clock))
            if finish:
                services.record_lesson_event(user, lesson, completed=True, now=next(clock))

    def quiz(outline, wrong=(), n=0):
        take_quiz(user, outline.quiz, wrong, n)

    everything = len(first.lessons)
    if story == "finished":
        read(first, everything)
        quiz(first)
    elif story == "reading":
        read(first, 1)
        services.record_lesson_event(user, first.lessons[1], now=next(clock))
    elif story == "failed_twice":
        read(first, everything)
        quiz(first, wrong={"single", "multiple", "true_false", "scenario"}, n=0)
        quiz(first, wrong={"single", "multiple", "scenario"}, n=1)
    elif story == "finished_and_more":
        read(first, everything)
        quiz(first)
        read(second, 1)
    elif story == "stuck_on_a_question":
        read(first, everything)
        for n in range(3):
            quiz(first, wrong={"matching"}, n=n)
    elif story == "passed_partly":
        read(first, everything)
        quiz(first, wrong={"ordering"})
    elif story == "opened_one":
        read(first, 1, finish=False)


def take_quiz(user, quiz, wrong_kinds=(), n=0):
    """Submit an attempt as a child would, wrong on the question kinds named."""
    if quiz is None:
        return
    quiz = QuizPage.objects.get(pk=quiz.pk)
    client_id = uuid.uuid5(CLIENT_ID_NAMESPACE, f"{user.pk}/{quiz.pk}/{n}")
    ids = quiz.draw(client_id)
    answers = {qid: answer_for(quiz, quiz.scoring_questions[qid], wrong_kinds) for qid in ids}
    paper = Paper(client_id, ids, timezone.now() - timedelta(minutes=12))
    return submit_attempt(quiz, user, paper, answers, quiz.locale.language_code).attempt


def answer_for(quiz, question, wrong_kinds):
    wrong = question.kind in wrong_kinds
    if question.kind in scoring.CHOICE_KINDS:
        options = [o.id for o in question.options if o.correct != wrong]
        return options[0]
    if question.kind == scoring.MULTIPLE:
        right = [o.id for o in question.options if o.correct]
        if wrong:
            # One right tick and every wrong one: never the whole point.
            return [*right[:1], *[o.id for o in question.options if not o.correct]]
        return right
    if question.kind == scoring.MATCHING:
        items = question.items
        if wrong:
            return {item: items[(i + 1) % len(items)] for i, item in enumerate(items)}
        return {item: item for item in items}
    if question.kind == scoring.ORDERING:
        steps = list(question.items)
        if wrong:
            steps[0], steps[1] = steps[1], steps[0]
        return steps
    if question.kind == scoring.SHORT:
        _block, value = quiz.question_blocks[question.id]
        return "120" if wrong else value["accepted_answers"].splitlines()[0]
    return "My aunt, because she always listens to me."
