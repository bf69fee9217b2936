"""How the editors' quiz statistics grow with history: the statistics view of the
safe-migration quiz, on each programme database named, as bench/server_figures.py
measures a view (in-process, as the admin user, median of REPEAT after one
warm-up request); and, since a shared machine makes wall-clock times noisy, the
database's own time for each query of ``item_statistics`` (EXPLAIN ANALYZE).

    python bench/statistics_growth.py DB [DB ...]      # prints JSON

Each DB must be a programme database (seed_programme) migrated with the
quizzes' running totals; nothing is written to it but the admin's session.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 15


def measure_here():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from curriculum.models import ModulePage
    from quizzes.models import Attempt, QuizPage
    from quizzes.queries import item_statistics

    module = ModulePage.objects.live().get(locale__language_code="en", slug="safe-migration")
    quiz = QuizPage.objects.child_of(module).get()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="admin"))
    url = f"/admin/quizzes/{quiz.pk}/statistics/"
    client.get(url)  # warm-up: caches as in steady use
    times, queries = [], []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(captured))

    quiz = QuizPage.objects.get(pk=quiz.pk)
    quiz.question_blocks  # noqa: B018 (the page's content, parsed before counting)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        stats = item_statistics(quiz)
        function_ms = (time.perf_counter() - started) * 1000
    explained = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            runs = []
            for _ in range(5):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                runs.append(plan[0]["Execution Time"])
            median = round(statistics.median(runs), 3)
            explained.append({"query": query["sql"][:90], "median_execution_ms": median})
    return {
        "attempts_in_database": Attempt.objects.count(),
        "quiz_attempts": stats.attempts,
        "group_size": stats.group_size,
        "view_median_ms": round(statistics.median(times), 1),
        "view_p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1], 1),
        "view_queries": max(queries),
        "item_statistics_ms": round(function_ms, 1),
        "item_statistics_queries": len(captured),
        "explain_analyze": explained,
        "explain_total_ms": round(sum(e["median_execution_ms"] for e in explained), 3),
    }


def main(databases):
    sys.path.insert(0, str(ROOT / "bench"))
    from run import env_for

    figures = {}
    for database in databases:
        # A database URL (as bench/run.py passes) or a database's name.
        url = database if "://" in database else f"postgres://postgres@127.0.0.1:5432/{database}"
        name = url.rsplit("/", 1)[-1]
        env = env_for(url)
        result = subprocess.run(
            [sys.executable, __file__, "--here"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        figures[name] = json.loads(result.stdout.strip().splitlines()[-1])
    names = list(figures)
    if len(names) >= 2:
        first, last = figures[names[0]], figures[names[-1]]
        figures["growth"] = {
            f"{names[0]} -> {names[-1]}": {
                "view_median": round(last["view_median_ms"] / first["view_median_ms"] - 1, 3),
                "explain_total": round(last["explain_total_ms"] / first["explain_total_ms"] - 1, 3),
            }
        }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    if sys.argv[1:] == ["--here"]:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure_here()))
    else:
        main(sys.argv[1:] or os.environ.get("BENCH_DATABASES", "").split())
