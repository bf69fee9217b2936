"""`make bench`: a school period against the production setup, on loopback.

1. A PostgreSQL database with the starter curriculum and a programme of
   26 schools, 1,500 teachers and 15,000 children (seed_programme), unless
   --reuse finds one already.
2. Server-side figures of the teacher, coordinator and children's views
   (server_figures.py).
3. gunicorn with whitenoise on PostgreSQL, started and stopped here.
4. The school period (locustfile.py): children sign in with class code and
   pictures, open My modules, a lesson and a quiz, and submit it; teachers
   watch their dashboards. Afterwards every acknowledged submission is looked
   up in the database. With --programme, the whole programme at its real rate:
   by default 5,000 children over 20 minutes and 150 teachers (--children
   15000 --minutes 60 for all of it).
5. The limit: each page measured (a visitor's lesson; a signed-in child's
   lesson, My modules and quiz page) at full speed, against a static copy of
   that same page's HTML served by whitenoise, gzip accepted throughout.
6. Peak resident memory of every gunicorn worker, and the CPU the server and
   the load generator used.
7. When their scripts are there: a lesson's first load in Chromium
   (first_load.py), and how the coordinator report and the quiz statistics
   grow from 150,000 to 600,000 attempts (report_growth.py,
   statistics_growth.py).

Everything lands in bench/results/ (report.json, report.md, locust CSVs).
"""

import argparse
import gzip
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
SECTIONS = ("server", "period", "limit", "first-load", "growth")
TICKS = os.sysconf("SC_CLK_TCK")


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


def script(env, name, *args, timeout=None):
    """Run bench/NAME and return what it printed last: its JSON, or a line."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / name), *map(str, args)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result.stdout.strip().splitlines()[-1]


def json_script(env, name, *args, timeout=3600):
    """Run bench/NAME if it is there, and read the JSON it prints (the whole
    output, or its last line). A failure is kept in the report, not raised:
    the other sections' figures still count."""
    path = ROOT / "bench" / name
    if not path.exists():
        return None
    result = subprocess.run(
        [PYTHON, str(path), *map(str, args)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    out = result.stdout.strip()
    if result.returncode != 0:
        return {"error": f"exit {result.returncode}", "stderr": result.stderr[-2000:]}
    for text in (out, out.splitlines()[-1] if out else ""):
        try:
            return json.loads(text)
        except ValueError:
            continue
    return {"error": "no JSON", "stdout": out[-2000:]}


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


def _admin(database_url):
    return database_url.rsplit("/", 1)[0] + "/postgres"


def fresh_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(_admin(database_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def copy_database(database_url, template, name, tries=10):
    """A copy of TEMPLATE named NAME (its URL), so nothing here writes to the
    template. PostgreSQL refuses the copy while anyone is connected to the
    template: try again a little later."""
    import psycopg

    with psycopg.connect(_admin(database_url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if not exists:
            return None
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for attempt in range(tries):
            try:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                break
            except psycopg.errors.ObjectInUse:
                if attempt == tries - 1:
                    raise
                time.sleep(30)
    return database_url.rsplit("/", 1)[0] + "/" + name


def drop_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(_admin(database_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


class ProcessTree:
    """CPU and peak memory of a process and all its descendants, read from
    /proc every second while it runs."""

    def __init__(self, pid, more=()):
        self.pid = pid
        self.roots = [pid, *more]
        self.cpu = {}  # pid -> CPU seconds last seen
        self.peak_mb = {}  # pid -> VmHWM, the most it ever held
        self.busiest = {}  # pid -> the largest share of a core in one interval
        self.started = time.monotonic()
        self.wall = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def pids(self):
        found, todo = [], list(self.roots)
        while todo:
            pid = todo.pop()
            found.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    todo.extend(int(c) for c in (task / "children").read_text().split())
                except OSError:
                    pass
        return found

    def _sample(self):
        last = {}
        while not self._stop.is_set():
            now = time.monotonic()
            for pid in self.pids():
                try:
                    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                seconds = (int(stat[11]) + int(stat[12])) / TICKS  # utime + stime
                if pid in last:
                    then, before = last[pid]
                    if now > then:
                        share = (seconds - before) / (now - then)
                        self.busiest[pid] = max(self.busiest.get(pid, 0), share)
                last[pid] = (now, seconds)
                self.cpu[pid] = seconds
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                hwm = int(fields.get("VmHWM", "0 kB").split()[0]) // 1024
                self.peak_mb[pid] = max(self.peak_mb.get(pid, 0), hwm)
            self._stop.wait(1)

    def stop(self):
        self._stop.set()
        self._thread.join()
        self.wall = time.monotonic() - self.started

    def figures(self, skip=()):
        cpu = sum(s for pid, s in self.cpu.items() if pid not in skip)
        return {
            "processes": len([p for p in self.cpu if p not in skip]),
            "cpu_seconds": round(cpu, 1),
            "wall_seconds": round(self.wall, 1),
            "cores_used": round(cpu / self.wall, 2) if self.wall else None,
            "busiest_process_peak_core": round(
                max((v for p, v in self.busiest.items() if p not in skip), default=0), 2
            ),
        }


class Server:
    """gunicorn as production runs it, and the CPU and peak memory of its workers."""

    def __init__(self, env, workers, port, log_name="gunicorn.log"):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(RESULTS / log_name, "w")
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
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.url}/en/help/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not start: see {RESULTS / log_name}")
        self.tree = ProcessTree(self.process.pid)

    @property
    def peak(self):
        return {p: mb for p, mb in self.tree.peak_mb.items() if p != self.process.pid}

    def cpu_mark(self):
        return sum(self.tree.cpu.values())

    def stop(self):
        self.tree.stop()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def locust(
    locustfile, host, users, rate, seconds, csv, extra_env, processes=1, server=None
):  # fmt: skip
    """Run locust headless; its figures, and the CPU it and the server used.

    With PROCESSES above one, a master and that many workers, each its own
    process (locust's own --processes, which forks them, left its master
    without heartbeats on this machine)."""
    command = [
        str(BIN / "locust"),
        "-f", str(ROOT / "bench" / locustfile),
        "--headless",
        "--host", host,
        "-u", str(users),
        "-r", str(rate),
        "--run-time", f"{seconds}s",
        "--stop-timeout", "60",
        "--csv", str(RESULTS / csv),
        "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, **extra_env}
    workers = []
    if processes > 1:
        port = free_port()
        command += ["--master", "--expect-workers", str(processes)]
        command += ["--master-bind-host", "127.0.0.1", "--master-bind-port", str(port)]
    server_before = server.cpu_mark() if server else None
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(processes if processes > 1 else 0):
        workers.append(
            subprocess.Popen(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / locustfile),
                    "--worker",
                    "--master-host",
                    "127.0.0.1",
                    "--master-port",
                    str(port),
                    "--loglevel",
                    "WARNING",
                ],  # fmt: skip
                cwd=ROOT,
                env=env,
            )
        )
    tree = ProcessTree(process.pid, [w.pid for w in workers])
    process.wait()
    for worker in workers:
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.terminate()
            worker.wait()
    tree.stop()
    stats = read_stats(RESULTS / f"{csv}_stats.csv")
    wall = time.monotonic() - started
    stats["_cpu"] = {"locust": tree.figures()}
    if server:
        # Sampled once a second: the last second of the run may be missed.
        used = server.cpu_mark() - server_before
        stats["_cpu"]["server"] = {
            "cpu_seconds": round(used, 1),
            "cores_used": round(used / wall, 2),
        }
    return stats


def read_stats(path):
    import csv

    stats = {}
    with open(path) as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(_number(row["Requests/s"]), 1),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "avg_bytes": round(_number(row["Average Content Size"])),
            }
    return stats


def _number(text):
    """A figure from locust's CSV, which writes N/A where nothing was measured."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def check_submissions(database_url, people, state, before):
    """Every acknowledged submission in the database exactly once, and what
    else the children sent."""
    acknowledged = []
    for path in sorted(state.glob("acknowledged-*.txt")):
        acknowledged += [line for line in path.read_text().split() if line]
    sent = [p["paper"]["client_id"] for p in people["students"]]
    found, after = attempts_with(database_url, sent)
    acked = set(acknowledged)
    return {
        "children": len(sent),
        "acknowledged": len(acknowledged),
        "acknowledged_twice_by_the_client": len(acknowledged) - len(acked),
        "acknowledged_in_database_once": sum(1 for c in acked if found.get(c) == 1),
        "lost": sum(1 for c in acked if c not in found),
        "duplicated": sum(1 for n in found.values() if n > 1),
        "stored_but_never_acknowledged": sum(1 for c in found if c not in acked),
        "new_attempts_in_database": after - before,
    }


def period(args, server, env, people_path, label):
    people = json.loads(people_path.read_text())
    state = RESULTS / f"{label}-state"
    shutil.rmtree(state, ignore_errors=True)
    state.mkdir()
    children = len(people["students"])
    teachers = min(args.teachers, len(people["teachers"]))
    rate = args.arrival_rate or children / (args.minutes * 60)
    arrival_seconds = children / rate
    # Teachers come first (locust starts fixed-count users first), at the same rate.
    spawn_seconds = (children + teachers) / rate
    _ids, before = attempts_with(args.database, [])
    stats = locust(
        "locustfile.py",
        server.url,
        children + teachers,
        round(rate, 3),
        int(spawn_seconds) + args.tail_seconds,
        label,
        {
            "LIFESKILLS_BENCH_PEOPLE": str(people_path),
            "LIFESKILLS_BENCH_STATE": str(state),
            "LIFESKILLS_BENCH_TEACHERS": str(teachers),
        },
        processes=args.locust_processes,
        server=server,
    )
    submissions = check_submissions(args.database, people, state, before)
    # Children still working when the run ended sent nothing: not a loss.
    submissions["children_who_sent_a_submission"] = stats.get("quiz submission", {}).get(
        "requests", 0
    )
    return {
        "children": children,
        "teachers": teachers,
        "arrival_per_second": round(rate, 3),
        "arrival_seconds": round(arrival_seconds),
        "locust_processes": args.locust_processes,
        "stats": stats,
        "submissions": submissions,
    }


# What the limit section reads at full speed: the page, and whose it is.
LIMIT_PAGES = (
    ("lesson, visitor", "lesson", False),
    ("lesson, signed-in child", "lesson", True),
    ("My modules, signed-in child", "my_modules", True),
    ("quiz page, signed-in child", "quiz", True),
)


def fetch(url, cookie=None, encoding="identity"):
    headers = {"Accept-Encoding": encoding}
    if cookie:
        headers["Cookie"] = cookie
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return r.status, dict(r.headers), r.read()


def static_copies(server, people):
    """Each page's HTML as served, copied into staticfiles with its .gz beside
    it, so the static file is the same size and compresses as the page does.
    whitenoise finds files when it starts: the server must start after this."""
    reader = people["reader"]
    copies = {}
    folder = ROOT / "staticfiles" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    for n, (name, key, signed_in) in enumerate(LIMIT_PAGES):
        url = reader[key]
        cookie = people["reader_cookie"] if signed_in else None
        status, headers, body = fetch(server.url + url, cookie)
        if status != 200:
            raise SystemExit(f"{name} ({url}) answered {status}")
        path = folder / f"page-{n}.html"
        path.write_bytes(body)
        # As whitenoise compresses collected files: the best compression, no timestamp.
        gz = gzip.compress(body, compresslevel=9, mtime=0)
        (folder / f"page-{n}.html.gz").write_bytes(gz)
        _status, served, wire = fetch(server.url + url, cookie, encoding="gzip")
        copies[name] = {
            "url": url,
            "cookie": cookie,
            "static": f"/static/bench/{path.name}",
            "html_bytes": len(body),
            "static_gz_bytes": len(gz),
            "page_encoding": served.get("Content-Encoding", "identity"),
            "page_wire_bytes": len(wire),
        }
    return copies


def limit(args, server, copies):
    figures = {}
    checked = {}
    for name, copy in copies.items():
        # whitenoise should answer with the .gz written beside the copy.
        _status, headers, wire = fetch(server.url + copy["static"], encoding="gzip")
        checked[name] = {
            "static_encoding": headers.get("Content-Encoding", "identity"),
            "static_wire_bytes": len(wire),
        }
        runs = {}
        for which, path, cookie in (
            ("static", copy["static"], None),
            ("page", copy["url"], copy["cookie"]),
        ):
            slug = f"limit-{list(copies).index(name)}-{which}"
            wire_file = RESULTS / f"{slug}-wire.json"
            wire_file.unlink(missing_ok=True)
            stats = locust(
                "locust_limit.py",
                server.url,
                32,
                32,
                args.limit_seconds,
                slug,
                {
                    "LIFESKILLS_BENCH_PATH": path,
                    "LIFESKILLS_BENCH_COOKIE": cookie or "",
                    "LIFESKILLS_BENCH_WIRE": str(wire_file),
                },
                server=server,
            )
            wire_tally = json.loads(wire_file.read_text()) if wire_file.exists() else {}
            aggregated = stats.get("Aggregated", {})
            runs[which] = {
                "rps": aggregated.get("rps", 0),
                "p50_ms": aggregated.get("p50_ms"),
                "p95_ms": aggregated.get("p95_ms"),
                "failures": aggregated.get("failures"),
                "requests": aggregated.get("requests"),
                "wire_bytes": round(wire_tally["bytes"] / wire_tally["responses"])
                if wire_tally.get("responses")
                else None,
                "encodings": wire_tally.get("encodings"),
                "statuses": wire_tally.get("statuses"),
                "cpu": stats["_cpu"],
            }
        static_rps = runs["static"]["rps"]
        figures[name] = {
            **copy,
            **checked[name],
            **runs,
            "ratio": round(runs["page"]["rps"] / static_rps, 3) if static_rps else None,
        }
        figures[name].pop("cookie")
    return figures


def growth(args, env):
    """The growth scripts, on the 150,000- and 600,000-attempt databases."""
    scripts = [
        n for n in ("report_growth.py", "statistics_growth.py") if (ROOT / "bench" / n).exists()
    ]
    if not scripts:
        return None
    made = []
    try:
        if args.growth_databases:
            urls = args.growth_databases
        else:
            urls = []
            for template in args.growth_templates:
                url = copy_database(args.database, template, f"{template}_bench_copy")
                if url is None:
                    return {"error": f"no database {template} to copy"}
                made.append(url)
                urls.append(url)
        found = {"databases": [u.rsplit("/", 1)[1] for u in urls]}
        for name in scripts:
            found[name.removesuffix(".py")] = json_script(env_for(urls[0]), name, *urls)
        return found
    finally:
        for url in made:
            drop_database(url)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/lifeskills_bench")
    parser.add_argument("--reuse", action="store_true", help="keep a seeded database")
    parser.add_argument(
        "--programme",
        action="store_true",
        help="the whole programme at its real rate: defaults to 5,000 children over "
        "20 minutes and 150 teachers",
    )
    parser.add_argument("--children", type=int, help="1,500 (5,000 with --programme)")
    parser.add_argument("--teachers", type=int, help="50 (150 with --programme)")
    parser.add_argument("--minutes", type=float, help="children arrive over this: 10 (20)")
    parser.add_argument(
        "--arrival-rate", type=float, help="children a second, instead of children / minutes"
    )
    parser.add_argument(
        "--locust-processes",
        type=int,
        default=1,
        help="locust workers under a master; one process gave 580 req/s on under a third "
        "of a core, far above the programme's rate",
    )
    parser.add_argument(
        "--tail-seconds",
        type=int,
        default=150,
        help="after the last arrival: the last children finish, retries included",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--limit-seconds", type=int, default=30)
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"which to run, of {','.join(SECTIONS)}",
    )
    parser.add_argument(
        "--growth-databases",
        nargs=2,
        metavar=("URL_150K", "URL_600K"),
        help="databases for the growth scripts, used as they are",
    )
    parser.add_argument(
        "--growth-templates",
        nargs=2,
        default=["lifeskills_seed150", "lifeskills_seed600"],
        help="otherwise copies of these are made for them, and dropped after",
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/15", help="emptied first; 'none' for no Redis"
    )
    args = parser.parse_args()
    defaults = (5000, 150, 20) if args.programme else (1500, 50, 10)
    for field, default in zip(("children", "teachers", "minutes"), defaults, strict=True):
        if getattr(args, field) is None:
            setattr(args, field, default)
    sections = set(args.sections.split(","))
    if sections - set(SECTIONS):
        parser.error(f"unknown sections: {sections - set(SECTIONS)}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    cache_url = None if args.redis == "none" else redis_url(args.redis)
    env = env_for(args.database, cache_url)
    report = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
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

    people_path = RESULTS / "participants.json"
    report["participants"] = script(env, "prepare.py", people_path, args.children, args.teachers)
    people = json.loads(people_path.read_text())
    if "server" in sections:
        report["server"] = json.loads(script(env, "server_figures.py", people["biggest_class"]))

    label = "programme" if args.programme else "school-period"
    peaks = []
    if sections & {"period", "limit"}:
        server = Server(env, args.workers, free_port())
        try:
            if "period" in sections:
                report[label] = period(args, server, env, people_path, label)
            if "limit" in sections:
                copies = static_copies(server, people)
        finally:
            server.stop()
            peaks += sorted(server.peak.values())
    if sections & {"limit", "first-load"}:
        # A second server: whitenoise lists the static copies when it starts.
        server = Server(env, args.workers, free_port(), "gunicorn-limit.log")
        try:
            if "limit" in sections:
                report["limit"] = limit(args, server, copies)
            if "first-load" in sections:
                report["first_load"] = json_script(
                    env, "first_load.py", server.url + people["reader"]["lesson"], timeout=600
                )
        finally:
            server.stop()
            peaks += sorted(server.peak.values())
    report["worker_peak_mb"] = peaks
    if "growth" in sections:
        report["growth"] = growth(args, env)
    report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    (RESULTS / "report.json").write_text(json.dumps(report, indent=2))
    (RESULTS / "report.md").write_text(summary(report))
    print(summary(report))


def _duration(seconds):
    return f"{seconds / 60:.0f} minutes" if seconds >= 120 else f"{seconds:.0f} seconds"


def _ms(value):
    return "" if value is None else f"{value:.0f}"


def summary(report):
    """report.md: a table per section, in BENCHMARKS.md's form."""
    lines = [f"Commit {report['commit']}, {report['started']} to {report['finished']}; "
             f"Redis: {report['redis'] or 'none'}. {report['participants']}.", ""]  # fmt: skip
    for label in ("school-period", "programme"):
        if label not in report:
            continue
        section = report[label]
        lines += [
            f"### {'The whole programme' if label == 'programme' else 'The school period'}: "
            f"{section['children']:,} children arriving at {section['arrival_per_second']} "
            f"a second over {_duration(section['arrival_seconds'])}, "
            f"{section['teachers']} teachers",
            "",
            "| step | requests | failures | req/s | p50 ms | p95 ms | p99 ms |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, s in section["stats"].items():
            if name.startswith("_"):
                continue
            lines.append(
                f"| {name} | {s['requests']} | {s['failures']} | {s['rps']} | {_ms(s['p50_ms'])} "
                f"| {_ms(s['p95_ms'])} | {_ms(s['p99_ms'])} |"
            )
        sub = section["submissions"]
        lines += [
            "",
            "| submissions | |",
            "|---|---|",
            *[f"| {k.replace('_', ' ')} | {v} |" for k, v in sub.items()],
            "",
        ]
        cpu = section["stats"]["_cpu"]
        lines += [
            "| CPU during the run | processes | CPU s | cores used (average) "
            "| busiest process, peak |",
            "|---|---|---|---|---|",
            f"| locust ({section['locust_processes']} worker process(es)) | "
            f"{cpu['locust']['processes']} | {cpu['locust']['cpu_seconds']} | "
            f"{cpu['locust']['cores_used']} | {cpu['locust']['busiest_process_peak_core']} |",
        ]
        if "server" in cpu:
            lines.append(
                f"| gunicorn | | {cpu['server']['cpu_seconds']} | {cpu['server']['cores_used']} | |"
            )
        lines.append("")
    if report.get("limit"):
        lines += [
            "### The limit: each page against a static copy of its own HTML, gzip accepted",
            "",
            "| page | HTML bytes | on the wire | req/s | p50 ms | p95 ms "
            "| static copy: on the wire | req/s | p50 ms | p95 ms | ratio |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, f in report["limit"].items():
            page, static = f["page"], f["static"]
            lines.append(
                f"| {name} | {f['html_bytes']:,} | {page['wire_bytes']} ({f['page_encoding']}) "
                f"| {page['rps']} | {_ms(page['p50_ms'])} | {_ms(page['p95_ms'])} "
                f"| {static['wire_bytes']} ({f['static_encoding']}) | {static['rps']} "
                f"| {_ms(static['p50_ms'])} | {_ms(static['p95_ms'])} "
                f"| **{f['ratio'] * 100 if f['ratio'] is not None else 0:.1f} %** |"
            )
        lines.append("")
    if report.get("server"):
        lines += [
            "### Server-side figures (in-process, median of 15 after a warm-up)",
            "",
            "| view | median | p90 | queries | page |",
            "|---|---|---|---|---|",
        ]
        for name, figure in report["server"].items():
            if isinstance(figure, dict) and "median_ms" in figure:
                lines.append(
                    f"| {name} | {figure['median_ms']} ms | {figure['p90_ms']} ms "
                    f"| {figure['queries']} | {figure['bytes'] / 1000:.0f} KB |"
                )
        lines.append("")
    lines += [f"Worker peak memory (MB): {report['worker_peak_mb']}", ""]
    first = report.get("first_load")
    if first and "first" in first:
        lines += [
            f"### First load of a lesson in Chromium ({first.get('url')})",
            "",
            "| load | requests | on the network | bytes | bytes without images |",
            "|---|---|---|---|---|",
        ]
        for which in ("first", "second"):
            f = first.get(which) or {}
            lines.append(
                f"| {which} | {f.get('count')} | {f.get('network_requests')} "
                f"| {f.get('total_bytes')} | {f.get('non_image_bytes')} |"
            )
        lines.append("")
    elif first:
        lines += ["### First load", "", "```", json.dumps(first, indent=2)[:3000], "```", ""]
    if report.get("growth"):
        lines += ["### Growth: 150,000 against 600,000 attempts", ""]
        for name, found in report["growth"].items():
            if name == "databases":
                lines.append(f"Databases: {', '.join(found)}")
                continue
            lines += [f"#### {name}", "", *_table(found), ""]
    return "\n".join(lines) + "\n"


def _table(found):
    """A dict of dicts as a table; anything else as JSON."""
    if isinstance(found, dict) and found and all(isinstance(v, dict) for v in found.values()):
        columns = []
        for row in found.values():
            columns += [k for k in row if k not in columns]
        return [
            "| | " + " | ".join(columns) + " |",
            "|---|" + "---|" * len(columns),
            *[
                f"| {name} | " + " | ".join(str(row.get(c, "")) for c in columns) + " |"
                for name, row in found.items()
            ],
        ]
    return ["```", json.dumps(found, indent=2)[:3000], "```"]


if __name__ == "__main__":
    main()
