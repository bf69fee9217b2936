"""`make bench`: a school period against the production setup, on loopback.

1. A PostgreSQL database with the starter curriculum and a programme of
   26 schools, 1,500 teachers and 15,000 children (seed_programme), unless
   --reuse finds one already.
2. Server-side figures of the teacher and coordinator views (server_figures.py).
3. gunicorn with whitenoise on PostgreSQL, started and stopped here.
4. The school period (locustfile.py): children sign in with class code and
   pictures, open a lesson, submit a quiz; teachers watch their dashboards.
   Afterwards the acknowledged submissions are checked against the database.
5. The limit: a static file the size of a lesson page, then the lesson page,
   each at full speed for the same time.
6. Peak resident memory of every gunicorn worker.

Everything lands in bench/results/ (report.json, report.md, locust CSVs).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def redis_url(url):
    """The Redis database the benchmark may empty, or None when there is no Redis.

    Production runs with Redis when it can (sessions, and pages kept for
    visitors); without it the benchmark still runs, as production would.
    """
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
    except redis.RedisError:
        return None
    return url


def env_for(database_url, cache_url=None):
    extra = {"REDIS_URL": cache_url} if cache_url else {}
    return {
        **os.environ,
        **extra,
        "DJANGO_SETTINGS_MODULE": "lifeskills.settings.bench",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args, capture=False):
    command = [PYTHON, "manage.py", *args]
    if capture:
        return subprocess.run(
            command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
    return subprocess.run(command, cwd=ROOT, env=env, check=True)


def script(env, name, *args):
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / name), *map(str, args)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def has_programme(database_url):
    import psycopg

    try:
        with psycopg.connect(database_url) as conn:
            row = conn.execute(
                "SELECT count(*) FROM accounts_user WHERE username LIKE 'prog-child-%%'"
            ).fetchone()
            return row[0] > 0
    except psycopg.Error:
        return False


def fresh_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def attempts_with(database_url, client_ids):
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT client_id::text, count(*) FROM quizzes_attempt"
            " WHERE client_id::text = ANY(%s) GROUP BY client_id",
            [client_ids],
        ).fetchall()
        total = conn.execute("SELECT count(*) FROM quizzes_attempt").fetchone()[0]
    return dict(rows), total


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn as production runs it, and the peak memory of its workers."""

    def __init__(self, env, workers, port):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(RESULTS / "gunicorn.log", "w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "lifeskills.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--max-requests",
                "0",
                "--timeout",
                "60",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.peak = {}
        self._stop = threading.Event()
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.url}/en/help/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not start: see {RESULTS / 'gunicorn.log'}")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def _sample(self):
        while not self._stop.is_set():
            for pid in self.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                # VmHWM: the most this worker ever held in memory.
                hwm = int(fields.get("VmHWM", "0 kB").split()[0]) // 1024
                self.peak[pid] = max(self.peak.get(pid, 0), hwm)
            self._stop.wait(1)

    def stop(self):
        self._stop.set()
        self._sampler.join()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def locust(locustfile, host, users, rate, seconds, csv, extra_env):
    command = [
        str(BIN / "locust"),
        "-f", str(ROOT / "bench" / locustfile),
        "--headless",
        "--host", host,
        "-u", str(users),
        "-r", str(rate),
        "--run-time", f"{seconds}s",
        "--stop-timeout", "30",
        "--csv", str(RESULTS / csv),
        "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env={**os.environ, **extra_env}, check=False)
    return read_stats(RESULTS / f"{csv}_stats.csv")


def read_stats(path):
    import csv

    stats = {}
    with open(path) as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "avg_bytes": round(float(row["Average Content Size"] or 0)),
            }
    return stats


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/lifeskills_bench")
    parser.add_argument("--reuse", action="store_true", help="keep a seeded database")
    parser.add_argument("--children", type=int, default=1500)
    parser.add_argument("--teachers", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10, help="children arrive over this")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--limit-seconds", type=int, default=30)
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/15", help="emptied first; 'none' for no Redis"
    )
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    cache_url = None if args.redis == "none" else redis_url(args.redis)
    env = env_for(args.database, cache_url)
    report = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "settings": vars(args),
        "redis": cache_url,
    }

    if not (args.reuse and has_programme(args.database)):
        fresh_database(args.database)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_starter_curriculum", "-v0")
        manage(env, "load_demo_accounts", "--allow-without-debug", "-v0")
        started = time.perf_counter()
        manage(env, "seed_programme")
        report["seed_seconds"] = round(time.perf_counter() - started)
    # Pages are kept for visitors only on a configured site's host name, as an
    # operator sets it in production; the benchmark's is 127.0.0.1.
    manage(
        env,
        "shell",
        "-c",
        "from wagtail.models import Site; "
        "Site.objects.filter(is_default_site=True).update(hostname='127.0.0.1')",
    )
    shutil.rmtree(ROOT / "staticfiles", ignore_errors=True)
    manage(env, "collectstatic", "--noinput", "-v0")

    people = RESULTS / "participants.json"
    script(env, "prepare.py", people, args.children, args.teachers)
    biggest = json.loads(people.read_text())["biggest_class"]
    report["server"] = json.loads(script(env, "server_figures.py", biggest))

    # A static file exactly as large as the lesson page, served by the same server.
    lesson_bytes = report["server"]["lesson page"]["bytes"]
    static = ROOT / "staticfiles" / "bench" / "lesson-sized.html"
    static.parent.mkdir(parents=True, exist_ok=True)
    static.write_bytes(os.urandom(lesson_bytes // 2).hex().encode()[:lesson_bytes])

    server = Server(env, args.workers, free_port())
    try:
        acks = RESULTS / "acknowledged.json"
        period_seconds = int(args.minutes * 60)
        rate = round((args.children + args.teachers) / period_seconds, 2)
        _ids, before = attempts_with(args.database, [])
        report["school_period"] = locust(
            "locustfile.py",
            server.url,
            args.children + args.teachers,
            rate,
            period_seconds + 90,
            "school-period",
            {
                "LIFESKILLS_BENCH_PEOPLE": str(people),
                "LIFESKILLS_BENCH_ACKS": str(acks),
                "LIFESKILLS_BENCH_TEACHERS": str(args.teachers),
            },
        )
        acknowledged = json.loads(acks.read_text()) if acks.exists() else []
        found, after = attempts_with(args.database, acknowledged)
        report["submissions"] = {
            "acknowledged": len(acknowledged),
            "acknowledged_in_database": sum(1 for c in acknowledged if found.get(c) == 1),
            "duplicated": sum(1 for n in found.values() if n > 1),
            "new_attempts_in_database": after - before,
        }

        limit_env = {"LIFESKILLS_BENCH_PATH": "/static/bench/lesson-sized.html"}
        report["static_limit"] = locust(
            "locust_limit.py", server.url, 32, 32, args.limit_seconds, "limit-static", limit_env
        )
        limit_env = {"LIFESKILLS_BENCH_PATH": report["server"]["lesson_url"]}
        report["lesson_limit"] = locust(
            "locust_limit.py", server.url, 32, 32, args.limit_seconds, "limit-lesson", limit_env
        )
        limit_env["LIFESKILLS_BENCH_COOKIE"] = json.loads(people.read_text())["reader_cookie"]
        report["child_lesson_limit"] = locust(
            "locust_limit.py", server.url, 32, 32, args.limit_seconds, "limit-child", limit_env
        )
    finally:
        server.stop()
    report["worker_peak_mb"] = sorted(server.peak.values())
    static_rps = report["static_limit"]["Aggregated"]["rps"]
    lesson_rps = report["lesson_limit"]["Aggregated"]["rps"]
    child_rps = report["child_lesson_limit"]["Aggregated"]["rps"]
    report["lesson_vs_static"] = round(lesson_rps / static_rps, 3) if static_rps else None
    report["child_lesson_vs_static"] = round(child_rps / static_rps, 3) if static_rps else None
    report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    (RESULTS / "report.json").write_text(json.dumps(report, indent=2))
    (RESULTS / "report.md").write_text(summary(report))
    print(summary(report))


def summary(report):
    lines = [
        "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in report["school_period"].items():
        lines.append(
            f"| {name} | {s['requests']} | {s['failures']} | {s['rps']} | {s['p50_ms']:.0f} "
            f"| {s['p95_ms']:.0f} | {s['p99_ms']:.0f} |"
        )
    lines.append("")
    lines.append(f"Submissions: {report['submissions']}")
    lines.append(
        f"Static file {report['static_limit']['Aggregated']['rps']} req/s, lesson page "
        f"{report['lesson_limit']['Aggregated']['rps']} req/s: {report['lesson_vs_static']}; "
        f"as a signed-in child {report['child_lesson_limit']['Aggregated']['rps']} req/s: "
        f"{report['child_lesson_vs_static']}"
    )
    lines.append(f"Redis: {report['redis'] or 'none'}")
    lines.append(f"Worker peak memory (MB): {report['worker_peak_mb']}")
    for name in ("class dashboard", "difficult questions (module view)", "quiz statistics",
                 "coordinator report", "lesson page", "lesson page, signed-in child"):  # fmt: skip
        figure = report["server"][name]
        lines.append(
            f"{name}: median {figure['median_ms']} ms, {figure['queries']} queries, "
            f"{figure['bytes']} bytes"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
