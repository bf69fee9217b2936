"""Where a signed-in child's request spends its time: the lesson page, My modules
and the quiz page, in-process, on programme-sized data, with pyinstrument.

For each page: the queries of one request, the median of REPEAT requests after
a warm-up, then pyinstrument's view of PROFILED more: the top of the call tree
and the functions with the most time of their own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<copy> \\
        .venv/bin/python bench/profile_child.py [--repeat 30] [--tree-lines 60] [--flat 15]

Run it on a copy of a seeded database (opening a lesson writes the child's
progress). The environment is bench/run.py's: the benchmark settings and, as in
production, sessions and the cache in Redis (db 14 unless REDIS_URL says).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import env_for  # noqa: E402

if "DJANGO_SETTINGS_MODULE" not in os.environ:
    os.environ.update(
        env_for(
            os.environ["DATABASE_URL"], os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
        )
    )

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from classrooms.backends import CHILD_BACKEND  # noqa: E402
from classrooms.models import Assignment, Classroom, Membership  # noqa: E402
from classrooms.seeding import PREFIX  # noqa: E402
from lessons.models import LessonPage  # noqa: E402
from quizzes.models import Attempt, QuizPage  # noqa: E402


def child_and_pages():
    """A child of the biggest programme class, an assigned module's first lesson,
    and that module's quiz, one the child still has an attempt at."""
    biggest = (
        Classroom.objects.filter(school__name__startswith="Programme school")
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    modules = list(
        Assignment.objects.filter(classroom=biggest).order_by("pk").values_list("module", flat=True)
    )
    for membership in (
        Membership.objects.filter(classroom=biggest, student__user__username__startswith=PREFIX)
        .select_related("student__user")
        .order_by("pk")
    ):
        user = membership.student.user
        for module_id in modules:
            from wagtail.models import Page

            module = Page.objects.get(pk=module_id)
            quiz = QuizPage.objects.live().descendant_of(module).first()
            lesson = LessonPage.objects.live().descendant_of(module).order_by("path").first()
            if quiz is None or lesson is None:
                continue
            used = Attempt.objects.filter(learner=user, quiz_key=quiz.translation_key).count()
            left = quiz.attempts_left(user, used)
            if left is None or left > 0:
                return biggest, user, lesson, quiz
    raise SystemExit("No child of the biggest class has a quiz attempt left.")


def timed(client, url, repeat):
    """Wall and CPU milliseconds of each request: on a shared machine the wall
    time includes waiting for a core, the CPU time of this process does not
    (nor the database's)."""
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times, cpu, response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profiled", type=int, default=30, help="requests under the profiler")
    parser.add_argument("--tree-lines", type=int, default=60)
    parser.add_argument("--flat", type=int, default=15)
    args = parser.parse_args()

    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        # Production settings read the manifest of collected static files.
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    classroom, user, lesson, quiz = child_and_pages()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend=CHILD_BACKEND)
    pages = {
        "lesson page, signed-in child": lesson.url,
        "My modules": "/en/my/",
        "quiz page": quiz.url,
    }
    print(
        f"database {connection.settings_dict['NAME']}, sessions "
        f"{'Redis ' + os.environ['REDIS_URL'] if os.environ.get('REDIS_URL') else 'database'}; "
        f"child {user.username} of class {classroom.pk} "
        f"({classroom.memberships.count()} children, {classroom.assignments.count()} modules), "
        f"{Attempt.objects.count()} attempts in the database"
    )
    for name, url in pages.items():
        for _ in range(3):  # warm-up: caches, renditions, connections
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        # Read now: the log is emptied when the next request starts.
        captured = list(captured.captured_queries)
        times, cpu, response = timed(client, url, args.repeat)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.profiled):
            client.get(url)
        profiler.stop()
        print()
        print("=" * 100)
        print(
            f"{name}  {url}\n{len(captured)} queries, median {statistics.median(times):.1f} ms, "
            f"min {min(times):.1f} ms, max {max(times):.1f} ms of {args.repeat} requests "
            f"(CPU of this process: median {statistics.median(cpu):.1f} ms), "
            f"{len(response.content)} bytes; profile of {args.profiled} more requests"
        )
        print("-" * 100)
        tree = profiler.output_text(unicode=True, color=False, show_all=False)
        print("\n".join(tree.splitlines()[: args.tree_lines]))
        print("-" * 100)
        print(f"top {args.flat} functions by own time")
        flat = profiler.output_text(unicode=True, color=False, flat=True, show_all=True)
        rows = [line for line in flat.splitlines() if line.strip()]
        start = next((i for i, line in enumerate(rows) if line.lstrip()[:1].isdigit()), 0)
        print("\n".join(rows[start : start + args.flat]))
        queries = {}
        for query in captured:
            key = query["sql"][:110]
            queries[key] = queries.get(key, 0) + 1
        print("-" * 100)
        print("queries of one request")
        for sql, n in queries.items():
            print(f"  {n} x {sql}")


if __name__ == "__main__":
    main()
