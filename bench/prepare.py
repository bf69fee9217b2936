"""Who takes part in the school period: children, their class codes, pictures,
an assigned lesson and a quiz paper with answers, and teachers with a class.

Run by bench/run.py with the benchmark's settings; writes JSON for the locustfile.
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

from classrooms.demo import answer_for  # noqa: E402
from classrooms.models import Assignment, Classroom, Membership  # noqa: E402
from classrooms.seeding import PASSWORD, PREFIX  # noqa: E402
from lessons.models import LessonPage  # noqa: E402
from quizzes.models import Attempt, QuizPage  # noqa: E402


def main(out, children=1500, teachers=50, seed=7):
    rng = random.Random(seed)
    memberships = list(
        Membership.objects.filter(student__user__username__startswith=PREFIX)
        .select_related("classroom", "student__user")
        .order_by("pk")
    )
    # Whole classes come to the computer room together.
    by_class = {}
    for m in memberships:
        by_class.setdefault(m.classroom_id, []).append(m)
    classes = list(by_class)
    rng.shuffle(classes)
    chosen = []
    for classroom_id in classes:
        chosen.extend(by_class[classroom_id])
        if len(chosen) >= children:
            break
    chosen = chosen[:children]

    modules = {}
    for a in Assignment.objects.filter(classroom_id__in={m.classroom_id for m in chosen}):
        modules.setdefault(a.classroom_id, []).append(a.module_id)
    steps = {}
    quizzes = {}
    for module_id in {mid for mids in modules.values() for mid in mids}:
        lesson = (
            LessonPage.objects.live()
            .filter(path__startswith=_path(module_id))
            .order_by("path")
            .first()
        )
        quiz = QuizPage.objects.live().filter(path__startswith=_path(module_id)).first()
        steps[module_id] = lesson.url if lesson else None
        quizzes[module_id] = quiz.specific if quiz else None

    # A child whose attempts at a quiz are used up is rightly refused: give each
    # child a quiz they may still take.
    used = {
        (row["learner_id"], row["quiz_key"]): row["n"]
        for row in Attempt.objects.filter(learner_id__in=[m.student.user_id for m in chosen])
        .values("learner_id", "quiz_key")
        .annotate(n=Count("id"))
    }

    def may_take(m, module_id):
        quiz = quizzes[module_id]
        left = quiz.attempts_left(
            m.student.user, used.get((m.student.user_id, quiz.translation_key), 0)
        )
        return left is None or left > 0

    people = []
    for m in chosen:
        open_modules = [mid for mid in modules[m.classroom_id] if may_take(m, mid)]
        if not open_modules:
            continue
        module_id = rng.choice(open_modules)
        quiz = quizzes[module_id]
        client_id = uuid.uuid4()
        ids = quiz.draw(client_id)
        wrong = {
            k for k in ("single", "multiple", "matching", "ordering", "short") if rng.random() < 0.3
        }
        people.append(
            {
                "code": m.classroom.join_code,
                "student": m.student_id,
                "pictures": m.student.picture_secret.split("-"),
                "lesson": steps[module_id],
                "quiz": quiz.pk,
                "quiz_url": quiz.url,
                "paper": {
                    "client_id": str(client_id),
                    "questions": ids,
                    "started": None,
                    "answers": {q: answer_for(quiz, quiz.scoring_questions[q], wrong) for q in ids},
                },
            }
        )

    watchers = []
    class_ids = [c for c in classes if c in {m.classroom_id for m in chosen}]
    for classroom in (
        Classroom.objects.filter(pk__in=class_ids).prefetch_related("teachers").order_by("pk")
    ):
        for teacher in classroom.teachers.all()[:2]:
            watchers.append({"username": teacher.username, "classroom": classroom.pk})
    watchers = watchers[:teachers]

    biggest = (
        Classroom.objects.filter(school__name__startswith="Programme school")
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    # A child of the biggest class, signed in once, reads a lesson at full speed
    # in the limit test: the page as children get it, progress recorded each time.
    reader = (
        Membership.objects.filter(classroom=biggest)
        .exclude(student_id__in=[p["student"] for p in people])
        .select_related("student__user")
        .order_by("pk")
        .first()
    ) or Membership.objects.filter(classroom=biggest).select_related("student__user").first()
    client = Client()
    client.force_login(reader.student.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    data = {
        "password": PASSWORD,
        "reader_cookie": f"{settings.SESSION_COOKIE_NAME}={session}",
        "students": people,
        "teachers": watchers,
        "biggest_class": biggest.pk,
    }
    with open(out, "w") as handle:
        json.dump(data, handle)
    codes = {p["code"] for p in people}
    print(f"{len(people)} children in {len(codes)} classes, {len(watchers)} teachers")


def _path(module_id):
    from wagtail.models import Page

    return Page.objects.get(pk=module_id).path


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
