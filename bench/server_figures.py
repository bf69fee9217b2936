"""Server-side figures on the programme-sized data: query count and median time of
the views teachers and coordinators wait for, and of a signed-in child's pages.
Run by bench/run.py; prints JSON.

Each view is requested in-process through Django's test client, as its user,
REPEAT times after one warm-up request; the time is the whole request.
"""

import json
import statistics
import sys
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from classrooms import services  # noqa: E402
from classrooms.backends import CHILD_BACKEND  # noqa: E402
from classrooms.models import Classroom, School  # noqa: E402
from curriculum.models import ModulePage  # noqa: E402
from quizzes.models import Attempt, QuizPage  # noqa: E402

REPEAT = 15


def measure(client, url):
    client.get(url)  # warm-up: caches and renditions as in steady use
    times, queries = [], []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    return {
        "url": url,
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1], 1),
        "queries": max(queries),
        "bytes": len(response.content),
    }


def main(biggest_class, lesson_size_out=None):
    User = get_user_model()
    classroom = Classroom.objects.get(pk=biggest_class)
    teacher = classroom.teachers.order_by("pk").first()
    modules = list(ModulePage.objects.live().filter(locale__language_code="en"))
    for module in modules:
        services.assign_module(classroom, module, teacher)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(teacher)
    figures = {
        "class_children": classroom.memberships.count(),
        "class_modules": classroom.assignments.count(),
        "attempts_in_database": Attempt.objects.count(),
    }
    figures["class dashboard"] = measure(client, f"/en/teach/classes/{classroom.pk}/")
    safe_migration = next(m for m in modules if m.slug == "safe-migration")
    figures["difficult questions (module view)"] = measure(
        client, f"/en/teach/classes/{classroom.pk}/modules/{safe_migration.translation_key}/"
    )

    admin = User.objects.get(username="admin")
    client.force_login(admin)
    quiz = QuizPage.objects.child_of(safe_migration).get()
    figures["quiz statistics"] = measure(client, f"/admin/quizzes/{quiz.pk}/statistics/")
    figures["quiz_attempts"] = Attempt.objects.filter(quiz_key=quiz.translation_key).count()

    coordinator = User.objects.get(username="coordinator")
    for school in School.objects.filter(name__startswith="Programme school"):
        school.coordinators.add(coordinator)
    client.force_login(coordinator)
    figures["coordinator report"] = measure(client, "/en/reports/")

    lesson = safe_migration.steps[0]
    anonymous = Client(HTTP_HOST="127.0.0.1")
    figures["lesson page"] = measure(anonymous, lesson.url)
    figures["lesson_url"] = lesson.url
    # A child who may still take the quiz, so the quiz page is the one children open.
    for membership in classroom.memberships.select_related("student__user").order_by("pk"):
        child = membership.student.user
        left = quiz.attempts_left(child)
        if left is None or left > 0:
            break
    client.force_login(child, backend=CHILD_BACKEND)
    figures["lesson page, signed-in child"] = measure(client, lesson.url)
    figures["My modules, signed-in child"] = measure(client, "/en/my/")
    figures["quiz page, signed-in child"] = measure(client, quiz.url)
    print(json.dumps(figures))


if __name__ == "__main__":
    main(int(sys.argv[1]))
