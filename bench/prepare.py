"""Who takes part: children, their class codes, pictures, an assigned lesson and a
quiz paper with answers; teachers with a class; and one child, signed in once,
whose pages the limit section reads at full speed.

    prepare.py OUT CHILDREN TEACHERS

Children come in whole classes, as they come to the computer room, and only
those with an attempt left at one of their class's quizzes take part (one who
has used them all is rightly refused). Classes are added until CHILDREN such
children are found; if the programme has fewer, all of them take part and the
shortfall is printed. Teachers are those of the chosen classes (then of the
others, if the chosen classes have too few), each watching a class they teach.

Run by bench/run.py with the benchmark's settings; writes JSON for the locustfiles.
"""

import json
import random
import sys
import uuid

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402

from classrooms.backends import CHILD_BACKEND  # noqa: E402
from classrooms.demo import answer_for  # noqa: E402
from classrooms.models import Assignment, Classroom, Membership  # noqa: E402
from classrooms.seeding import PASSWORD, PREFIX  # noqa: E402
from lessons.models import LessonPage  # noqa: E402
from quizzes.models import Attempt, ExtraAttempt, QuizPage  # noqa: E402

# The limit section's child reads this module when their class has it.
READER_MODULE = "safe-migration"


def main(out, children=1500, teachers=50, seed=7):
    rng = random.Random(seed)
    memberships = list(
        Membership.objects.filter(student__user__username__startswith=PREFIX)
        .select_related("classroom", "student__user")
        .order_by("pk")
    )
    by_class = {}
    for m in memberships:
        by_class.setdefault(m.classroom_id, []).append(m)

    modules = {}
    for classroom_id, module_id in Assignment.objects.values_list("classroom_id", "module_id"):
        modules.setdefault(classroom_id, []).append(module_id)
    lessons, quizzes, slugs = {}, {}, {}
    for module in Page.objects.filter(pk__in={m for ms in modules.values() for m in ms}):
        lesson = LessonPage.objects.live().descendant_of(module).order_by("path").first()
        quiz = QuizPage.objects.live().descendant_of(module).first()
        if lesson and quiz:
            lessons[module.pk], quizzes[module.pk], slugs[module.pk] = lesson.url, quiz, module.slug

    # Attempts used and extra attempts given, for every programme child at once.
    used = _counts(Attempt.objects.filter(learner__username__startswith=PREFIX))
    extra = _counts(ExtraAttempt.objects.filter(learner__username__startswith=PREFIX))

    def open_modules(m):
        user = m.student.user
        found = []
        for module_id in modules.get(m.classroom_id, []):
            quiz = quizzes.get(module_id)
            if quiz is None:
                continue
            key = (user.pk, quiz.translation_key)
            left = quiz.attempts_left(user, used.get(key, 0), extra.get(key, 0))
            if left is None or left > 0:
                found.append(module_id)
        return found

    biggest = (
        Classroom.objects.filter(school__name__startswith="Programme school")
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    reader, reader_module = _reader(by_class.get(biggest.pk, []), open_modules, slugs)

    classes = list(by_class)
    rng.shuffle(classes)
    people, chosen_classes, eligible_seen, seen = [], [], 0, 0
    for classroom_id in classes:
        if len(people) >= children:
            break
        chosen_classes.append(classroom_id)
        for m in by_class[classroom_id]:
            if m is reader or len(people) >= children:
                continue
            seen += 1
            choices = open_modules(m)
            if not choices:
                continue
            eligible_seen += 1
            module_id = rng.choice(choices)
            people.append(_person(m, module_id, lessons[module_id], quizzes[module_id], rng))

    watchers = _teachers(chosen_classes, classes, teachers)

    client = Client()
    client.force_login(reader.student.user, backend=CHILD_BACKEND)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    reader_quiz = quizzes[reader_module]
    data = {
        "password": PASSWORD,
        "reader_cookie": f"{settings.SESSION_COOKIE_NAME}={session}",
        "reader": {
            "username": reader.student.user.username,
            "lesson": lessons[reader_module],
            "quiz": reader_quiz.url,
            "my_modules": "/en/my/",
        },
        "students": people,
        "teachers": watchers,
        "biggest_class": biggest.pk,
        "programme_children": len(memberships),
    }
    with open(out, "w") as handle:
        json.dump(data, handle)
    codes = {p["code"] for p in people}
    short = (
        f"; asked for {children}: only {len(people)} have a quiz left"
        if len(people) < children
        else ""
    )
    print(
        f"{len(people)} children in {len(codes)} classes ({seen} looked at, {eligible_seen} with "
        f"a quiz attempt left), {len(watchers)} teachers{short}"
    )


def _counts(queryset):
    return {
        (row["learner_id"], row["quiz_key"]): row["n"]
        for row in queryset.values("learner_id", "quiz_key").annotate(n=Count("id"))
    }


def _reader(members, open_modules, slugs):
    """A child of the biggest class with a quiz left, on READER_MODULE if possible."""
    fallback = None
    for m in members:
        choices = open_modules(m)
        preferred = [mid for mid in choices if slugs.get(mid) == READER_MODULE]
        if preferred:
            return m, preferred[0]
        if choices and fallback is None:
            fallback = (m, choices[0])
    if fallback is None:
        raise SystemExit("No child of the biggest class has a quiz attempt left.")
    return fallback


def _person(m, module_id, lesson_url, quiz, rng):
    client_id = uuid.uuid4()
    ids = quiz.draw(client_id)
    wrong = {
        k for k in ("single", "multiple", "matching", "ordering", "short") if rng.random() < 0.3
    }
    return {
        "code": m.classroom.join_code,
        "student": m.student_id,
        "pictures": m.student.picture_secret.split("-"),
        "lesson": lesson_url,
        "quiz": quiz.pk,
        "quiz_url": quiz.url,
        "paper": {
            "client_id": str(client_id),
            "questions": ids,
            "started": None,
            "answers": {q: answer_for(quiz, quiz.scoring_questions[q], wrong) for q in ids},
        },
    }


def _teachers(chosen_classes, all_classes, wanted):
    """Teachers of the chosen classes first, one a class, then a second one a
    class, and so on; then teachers of other classes, each at their own class."""
    teaching = {}
    for classroom in Classroom.objects.filter(pk__in=all_classes).prefetch_related("teachers"):
        teaching[classroom.pk] = sorted(classroom.teachers.all(), key=lambda t: t.pk)
    watchers, taken = [], set()
    others = [c for c in all_classes if c not in set(chosen_classes)]
    for group in (chosen_classes, others):
        depth = 0
        while len(watchers) < wanted and any(len(teaching.get(c, [])) > depth for c in group):
            for classroom_id in group:
                staff = teaching.get(classroom_id, [])
                if depth < len(staff) and staff[depth].pk not in taken and len(watchers) < wanted:
                    taken.add(staff[depth].pk)
                    watchers.append({"username": staff[depth].username, "classroom": classroom_id})
            depth += 1
    return watchers


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
