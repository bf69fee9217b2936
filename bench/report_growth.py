"""How the coordinator's views grow with the programme's history: median time and
queries of each view, per database, so two seeded sizes can be compared.

    .venv/bin/python bench/report_growth.py postgres://postgres@127.0.0.1:5432/a150 \\
        postgres://postgres@127.0.0.1:5432/a600

Each database is measured in its own process (Django binds one database per
process), with the environment of bench/run.py, as bench/server_figures.py
measures: in-process through Django's test client, REPEAT requests after a
warm-up. The machine may be busy with other work, so beside the wall time each
view's SQL is run again under EXPLAIN ANALYZE and its execution time summed:
what the database itself spent, and the CPU time of the measuring process
beside its wall time. Prints JSON.

A view to measure is a line in VIEWS: a name, the URL, and who asks for it.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPEAT = 15


def coordinator(User, School):
    """The bench's coordinator, coordinating every seeded school."""
    user = User.objects.get(username="coordinator")
    for school in School.objects.filter(name__startswith="Programme school"):
        school.coordinators.add(user)
    return user


# (name, URL, function giving the user who asks for it)
VIEWS = [
    ("coordinator report", "/en/reports/", coordinator),
]


def _database_ms(connection, queries):
    """Execution time PostgreSQL reports for ``queries`` run again under EXPLAIN ANALYZE."""
    if connection.vendor != "postgresql":
        return None
    total = 0.0
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            # Without per-node timing, which costs more than some of these queries.
            cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {sql}")
            total += cursor.fetchone()[0][0]["Execution Time"]
    return round(total, 1)


def measure_here():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from classrooms.models import LessonProgress, ModuleTotals, School
    from quizzes.models import Attempt

    User = get_user_model()
    figures = {
        "attempts": Attempt.objects.count(),
        "lesson_progress": LessonProgress.objects.count(),
        "module_totals": ModuleTotals.objects.count(),
    }
    for name, url, who in VIEWS:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(who(User, School))
        client.get(url)  # warm-up: caches as in steady use
        times, cpu, counts = [], [], []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts.append(len(captured))
        figures[name] = {
            "url": url,
            "median_ms": round(statistics.median(times), 1),
            # This process's own CPU time: what Python spent, waiting for no one.
            "python_cpu_ms": round(statistics.median(cpu), 1),
            "queries": max(counts),
            "database_ms": _database_ms(connection, captured.captured_queries),
        }
    print(json.dumps(figures))


def main(urls):
    from bench.run import env_for

    results = {}
    for url in urls:
        done = subprocess.run(
            [sys.executable, __file__, "--here"],
            cwd=ROOT,
            env=env_for(url),
            check=True,
            capture_output=True,
            text=True,
        )
        results[url.rsplit("/", 1)[-1]] = json.loads(done.stdout.strip().splitlines()[-1])
    names = list(results)
    for name, _url, _who in VIEWS:
        if len(names) >= 2:
            first, last = results[names[0]][name], results[names[-1]][name]
            results.setdefault("growth", {})[name] = {
                "median_ms": f"{100 * (last['median_ms'] / first['median_ms'] - 1):+.0f}%",
                "database_ms": (
                    f"{100 * (last['database_ms'] / first['database_ms'] - 1):+.0f}%"
                    if first["database_ms"]
                    else None
                ),
            }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    if sys.argv[1:] == ["--here"]:
        os.chdir(ROOT)
        measure_here()
    else:
        main(sys.argv[1:])
