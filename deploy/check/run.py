"""The production kit, proved with real parts on loopback (`make deploy-check`).

nginx with deploy/nginx/lifeskills.conf in front of two gunicorn app servers
(deploy/gunicorn.conf.py, production settings) sharing one PostgreSQL database
and one Redis database. It shows, and exits non-zero unless:

1. an editor's publish is seen at once through both app servers and through
   nginx, though the page was kept in Redis;
2. children sign in and submit quizzes through nginx while one app server is
   killed (SIGKILL) mid-run; a device that gets no answer sends the same
   submission again with the same client id, and at the end every submission
   is in the database exactly once;
3. nginx itself serves static files and media, with the right headers, with
   no app server running.

Everything it starts is stopped, and its database and Redis database emptied,
whatever happens.

    run.py --database-url postgres://postgres@127.0.0.1:5432/lifeskills_deploycheck \
           --redis-url redis://127.0.0.1:6379/7 --port 18180 --children 40
"""

import argparse
import gzip
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nginx  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A device sends an unanswered submission again after these pauses (seconds).
RETRY_PAUSES = (0.2, 0.5, 1, 2, 3, 5, 5, 5)
TIMEOUT = 30
# A management command on a machine that is busy with other work.
SETUP_TIMEOUT = 1200


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


def say(message):
    print(message, flush=True)


# -- HTTP: one device, its cookies kept whatever their Secure flag -------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Device:
    """A browser on loopback: production cookies are Secure, and there is no TLS here."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, method, path, data=None, headers=None, timeout=TIMEOUT):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            response = _OPENER.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            body = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Answer(response.status, response.headers, body)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, data=data, headers=headers)


def get(base, path, headers=None):
    return Device(base).get(path, headers=headers)


# -- the parts -------------------------------------------------------------------


class Parts:
    """Everything started, so that everything is stopped."""

    def __init__(self, args):
        self.args = args
        self.dir = Path(tempfile.mkdtemp(prefix="lifeskills-deploy-check-"))
        self.dir.chmod(0o755)
        self.media = self.dir / "media"
        self.media.mkdir()
        self.processes = {}
        url = urlsplit(args.database_url)
        self.database = url.path.lstrip("/")
        self.admin_url = urlunsplit(url._replace(path="/postgres"))
        self.port = args.port
        self.app_ports = (args.port + 1, args.port + 2)
        self.redirect_port = args.port + 3
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lifeskills.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "MEDIA_ROOT": str(self.media),
            "SECURE_SSL_REDIRECT": "false",
            "LIFESKILLS_TRUSTED_PROXIES": "1",
            "LOG_LEVEL": "WARNING",
            "LIFESKILLS_WORKERS": str(args.workers),
        }

    # database and Redis
    def create_database(self):
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.database}"')
        redis.Redis.from_url(self.args.redis_url).flushdb()

    def drop_database(self):
        try:
            with psycopg.connect(self.admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        except psycopg.Error as error:
            say(f"! could not drop {self.database}: {error}")
        try:
            redis.Redis.from_url(self.args.redis_url).flushdb()
        except redis.RedisError as error:
            say(f"! could not empty {self.args.redis_url}: {error}")

    def manage(self, *command):
        self.run_python("manage.py", *command)

    def run_python(self, *command, capture=False):
        try:
            result = subprocess.run(
                [PYTHON, *command],
                cwd=ROOT,
                env=self.env,
                timeout=SETUP_TIMEOUT,
                capture_output=True,
                text=True,
            )
        except subprocess.TimeoutExpired:
            raise Failed(f"{' '.join(command)} took longer than {SETUP_TIMEOUT} s") from None
        if result.returncode:
            raise Failed(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout if capture else None

    # processes
    def start(self, name, command, env=None, port=None, ready_path="/en/help/"):
        log = open(self.dir / f"{name}.log", "w")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole, workers too
        )
        self.processes[name] = process
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            if process.poll() is not None:
                raise Failed(f"{name} exited: {(self.dir / f'{name}.log').read_text()[-3000:]}")
            try:
                if get(base, ready_path, headers={"Host": "127.0.0.1"}).status < 500:
                    return base
            except OSError:
                pass
            time.sleep(0.1)
        raise Failed(f"{name} did not answer in 30 s: {(self.dir / f'{name}.log').read_text()}")

    def start_app(self, name, port):
        env = {**self.env, "LIFESKILLS_BIND": f"127.0.0.1:{port}"}
        command = [GUNICORN, "-c", "deploy/gunicorn.conf.py"]
        return self.start(name, command, env=env, port=port)

    def start_nginx(self, static_root):
        site = self.dir / "lifeskills.conf"
        site.write_text(
            nginx.render_site(
                self.port,
                self.redirect_port,
                self.app_ports,
                static_root,
                self.media,
                self.dir / "acme",
            )
        )
        main = self.dir / "nginx.conf"
        main.write_text(nginx.main_config(self.dir, site))
        test = subprocess.run(
            [NGINX, "-t", "-p", str(self.dir), "-c", str(main)], capture_output=True, text=True
        )
        if test.returncode:
            raise Failed(f"nginx -t refused the rendered site:\n{test.stderr}")
        return self.start(
            "nginx",
            [NGINX, "-p", str(self.dir), "-c", str(main)],
            port=self.port,
            ready_path="/static/",
        )

    def kill(self, name, sig=signal.SIGKILL):
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def worker_pids(self, name):
        master = self.processes[name].pid
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master}$", text, re.M):
                found.append(int(status.parent.name))
        return found

    def close(self):
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        self.drop_database()
        if self.args.keep:
            say(f"  logs kept in {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def memory_kb(pid, field):
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1))


# -- 1. an editor's publish ----------------------------------------------------------


def publish_is_seen_everywhere(parts, data, bases, front):
    lesson = data["lesson"]
    views = [*bases, *[front] * 4]

    def titles():
        pages = [get(base, lesson["url"]) for base in views]
        for page in pages:
            check(page.status == 200, f"{lesson['url']}: {page.status}")
        return [page.text for page in pages]

    before = titles()
    check(all(lesson["title"] in text for text in before), "the lesson does not show its title")
    keys = redis.Redis.from_url(parts.args.redis_url).keys(f"*lifeskills:page:*{lesson['url']}")
    check(keys, f"the lesson was not kept in Redis (no key for {lesson['url']})")
    marker = f"Published-{secrets.token_hex(4)}"
    parts.run_python("deploy/check/django_side.py", "publish", str(lesson["id"]), marker)
    after = titles()
    seen = [marker in text for text in after]
    names = ["app server A", "app server B"] + [f"nginx #{n}" for n in range(1, 5)]
    missing = [name for name, ok in zip(names, seen, strict=True) if not ok]
    check(
        not missing, f"the publish is not seen by: {', '.join(missing)} (a kept page outlived it)"
    )
    say(f"✓ publish: '{marker}' seen at once by both app servers and by nginx 4 times of 4,")
    say(f"  though the lesson was kept in Redis (kept copies found: {len(keys)})")


# -- 2. children, quizzes and an app server killed --------------------------------


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.acknowledged = {}  # client id -> replayed?

    def add(self, name, n=1):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + n

    def __getitem__(self, name):
        return self.counts.get(name, 0)


def sign_in(device, code, child):
    device.get(f"/en/join/?code={code}")
    names = device.get(f"/en/join/{code}/")
    check(names.status == 200, f"class code: {names.status}")
    page = device.get(f"/en/join/{code}/{child['student']}/")
    check(page.status == 200, f"pictures page: {page.status}")
    pictures = child["pictures"]
    for n, picture in enumerate(pictures):
        token = CSRF.search(page.text)
        check(token, f"no form token on the pictures page ({page.status})")
        page = device.post_form(
            f"/en/join/{code}/{child['student']}/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "chosen": "-".join(pictures[:n]),
                "pick": picture,
            },
        )
        if n < len(pictures) - 1:
            check(page.status == 200, f"picture {n + 1}: {page.status}")
    location = page.headers.get("Location", "")
    check(page.status == 302 and location.endswith("/en/my/"), f"not signed in: {page.status}")


def submit(device, entry, tally):
    """Send a quiz submission until it is acknowledged, as the offline app does."""
    body = json.dumps(entry["paper"])
    client_id = entry["paper"]["client_id"]
    for n, pause in enumerate((0, *RETRY_PAUSES)):
        time.sleep(pause)
        if n:
            tally.add("sent again")
        try:
            answer = device.request(
                "POST",
                f"/en/quizzes/{entry['quiz']}/submit/",
                data=body.encode(),
                headers={
                    "Content-Type": "application/json",
                    "X-CSRFToken": device.cookies.get("csrftoken", ""),
                },
            )
        except OSError:
            tally.add("no answer")
            continue
        if answer.status in (200, 201):
            reply = json.loads(answer.body)
            check(
                reply.get("stored") and reply.get("client_id") == client_id, f"not stored: {reply}"
            )
            with tally.lock:
                tally.acknowledged[client_id] = reply["replayed"]
            return
        tally.add(f"answered {answer.status}")
        check(answer.status >= 500, f"submission refused: {answer.status} {answer.text[:300]}")
    tally.add("given up")


def quizzes_survive_a_killed_server(parts, data, front):
    children = data["children"]
    tally = Tally()
    total = sum(len(child["papers"]) for child in children)
    devices = [Device(front) for _child in children]
    started = time.monotonic()
    with ThreadPoolExecutor(len(children)) as pool:
        for future in [
            pool.submit(sign_in, device, data["code"], child)
            for device, child in zip(devices, children, strict=True)
        ]:
            future.result()
    say(f"  {len(children)} children signed in through nginx in {time.monotonic() - started:.1f} s")

    killed = threading.Event()

    def killer():
        # Mid-run: once a quarter of the submissions are acknowledged.
        while len(tally.acknowledged) < total // 4:
            time.sleep(0.005)
        in_flight = tally["in flight"]
        parts.kill("app-a")
        tally.add("in flight when killed", in_flight)
        killed.set()

    def period(device, child):
        for path in ("/en/my/", *data["quiz_urls"]):
            page = device.get(path)
            tally.add("pages")
            if page.status != 200:
                tally.add(f"page answered {page.status}")
        for entry in child["papers"]:
            tally.add("in flight")
            try:
                submit(device, entry, tally)
            finally:
                tally.add("in flight", -1)

    started = time.monotonic()
    watcher = threading.Thread(target=killer, daemon=True)
    watcher.start()
    with ThreadPoolExecutor(len(children)) as pool:
        for future in [pool.submit(period, d, c) for d, c in zip(devices, children, strict=True)]:
            future.result()
    seconds = time.monotonic() - started
    check(killed.is_set(), "app server A was never killed: the run proved nothing")

    path = parts.dir / "children.json"
    stored = json.loads(
        parts.run_python("deploy/check/django_side.py", "attempts", str(path), capture=True)
    )
    per_id = stored["per_client_id"]
    sent = {e["paper"]["client_id"] for child in children for e in child["papers"]}
    acknowledged = set(tally.acknowledged)
    lost = sorted((acknowledged | sent) - set(per_id))
    duplicated = sorted(cid for cid, n in per_id.items() if n > 1)
    strangers = sorted(set(per_id) - sent)
    twice_for_one_quiz = sum(1 for n in stored["per_child_and_quiz"] if n > 1)
    replayed = sum(1 for r in tally.acknowledged.values() if r)
    errors = {k: v for k, v in tally.counts.items() if k.startswith(("answered", "page answered"))}
    say(
        f"  {total} submissions from {len(children)} children in {seconds:.1f} s; app server A "
        f"killed with {tally['in flight when killed']} in flight"
    )
    say(
        f"  answers other than 200/201: {errors or 'none'}; "
        f"no answer at all: {tally['no answer']}; sent again: {tally['sent again']}"
    )
    say(
        f"  acknowledged {len(acknowledged)} of {total} ({replayed} of them on a second sending "
        f"that found the first stored); rows in the database: {sum(per_id.values())}"
    )
    say(f"  pages read by the children: {tally['pages']}")
    check(
        acknowledged == sent,
        f"{len(sent - acknowledged)} submissions never acknowledged: lost "
        f"({tally['given up']} given up after {len(RETRY_PAUSES) + 1} tries)",
    )
    check(not lost, f"{len(lost)} acknowledged submissions are not in the database: {lost[:5]}")
    check(not duplicated, f"{len(duplicated)} submissions stored more than once: {duplicated[:5]}")
    check(not strangers, f"{len(strangers)} attempts stored under client ids never sent")
    resent = posts_sent_twice_by_nginx(parts)
    check(not resent, f"nginx sent {len(resent)} POSTs to a second app server: {resent[:3]}")
    check(not twice_for_one_quiz, f"{twice_for_one_quiz} children have two attempts at one quiz")
    check(not tally["page answered 502"], "a page failed while app server B was up")
    say(f"✓ quizzes: every one of {total} submissions stored exactly once, none lost, none twice")


def posts_sent_twice_by_nginx(parts):
    """POSTs that nginx passed to more than one app server (its access log)."""
    lines = (parts.dir / "access.log").read_text().splitlines()
    return [line for line in lines if line.startswith("POST ") and "," in line]


# -- 3. what nginx serves itself ---------------------------------------------------


def first_hashed(manifest, suffix):
    for name, hashed in sorted(manifest.items()):
        if name.endswith(suffix) and not name.startswith("admin/") and "/" in name:
            return name, hashed
    raise Failed(f"no {suffix} file in staticfiles.json")


def nginx_serves_files(parts, front, static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    check(get(front, "/en/help/").status == 502, "an app server still answers")
    for suffix, content_type in ((".css", "text/css"), (".js", "application/javascript")):
        name, hashed = first_hashed(manifest, suffix)
        plain = get(front, f"/static/{hashed}")
        zipped = get(front, f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
        for answer in (plain, zipped):
            check(answer.status == 200, f"/static/{hashed}: {answer.status}")
            check(
                answer.headers.get("Content-Type", "").startswith(content_type),
                f"/static/{hashed}: Content-Type {answer.headers.get('Content-Type')}",
            )
            check(
                answer.headers.get("Cache-Control") == "public, max-age=31536000, immutable",
                f"/static/{hashed}: Cache-Control {answer.headers.get('Cache-Control')}",
            )
        check(
            not plain.headers.get("Content-Encoding"),
            f"{hashed} compressed for a client that cannot read it",
        )
        check(
            zipped.headers.get("Content-Encoding") == "gzip", f"{hashed}: not gzipped when accepted"
        )
        check(gzip.decompress(zipped.body) == plain.body, f"{hashed}: gzipped copy differs")
        say(
            f"✓ static {hashed}: {content_type}, immutable for a year, {len(plain.body)} bytes, "
            f"{len(zipped.body)} gzipped"
        )
    name, _hashed = first_hashed(manifest, ".css")
    unhashed = get(front, f"/static/{name}")
    check(
        unhashed.status == 200 and "immutable" not in unhashed.headers.get("Cache-Control", ""),
        f"/static/{name} (no hash) is cached as if it never changed",
    )

    pictures = sorted(p for p in parts.media.rglob("*") if p.suffix in {".png", ".jpg", ".webp"})
    check(pictures, "no picture in MEDIA_ROOT to fetch")
    path = "/media/" + pictures[0].relative_to(parts.media).as_posix()
    picture = get(front, path)
    check(
        picture.status == 200 and picture.body == pictures[0].read_bytes(),
        f"{path}: {picture.status}",
    )
    check(
        picture.headers.get("Content-Type", "").startswith("image/"),
        f"{path}: Content-Type {picture.headers.get('Content-Type')}",
    )
    check(picture.headers.get("Cache-Control") == "public, max-age=86400", f"{path}: Cache-Control")
    check("sandbox" in picture.headers.get("Content-Security-Policy", ""), f"{path}: no sandbox")
    check(picture.headers.get("X-Content-Type-Options") == "nosniff", f"{path}: no nosniff")
    check(get(front, "/media/documents/any.pdf").status == 404, "documents are served from /media/")
    kind = picture.headers["Content-Type"]
    say(f"✓ media {path}: {kind}, a day's cache, sandboxed, /media/documents/ refused")
    say("  (both app servers stopped: nginx alone served these; a page answers 502)")


# -- headers and limits, with the app servers up -------------------------------------


def front_door(parts, data, front):
    worker = get(front, "/sw.js")
    check(worker.status == 200, f"/sw.js: {worker.status}")
    check(
        worker.headers.get("Cache-Control") == "no-cache",
        f"/sw.js: {worker.headers.get('Cache-Control')}",
    )
    check(worker.headers.get("Service-Worker-Allowed") == "/", "/sw.js: no Service-Worker-Allowed")

    page = get(front, data["lesson"]["url"], headers={"Accept-Encoding": "gzip"})
    check(page.headers.get("Content-Encoding") == "gzip", "the app's page is not gzipped")
    check(b"<html" in gzip.decompress(page.body)[:2000], "the page is compressed twice or not HTML")
    plain = get(front, data["lesson"]["url"])
    check(
        not plain.headers.get("Content-Encoding"),
        "a page compressed for a client that cannot read it",
    )

    redirect = get(f"http://127.0.0.1:{parts.redirect_port}", "/en/help/?a=1")
    check(
        redirect.status == 301 and redirect.headers["Location"] == "https://127.0.0.1/en/help/?a=1",
        f"port 80 does not send to HTTPS: {redirect.status} {redirect.headers.get('Location')}",
    )

    statuses = [
        Device(front).post_form("/en/accounts/login/", {"username": "x", "password": "y"}).status
        for _n in range(30)
    ]
    refused = statuses.count(429)
    check(statuses[:20].count(429) == 0, f"staff sign-in limited too soon: {statuses}")
    check(refused, f"30 staff sign-in tries at once were never limited: {statuses}")
    say(
        f"✓ front door: /sw.js no-cache from the app, pages gzipped once by the app, HTTP sent to "
        f"HTTPS, 30 staff sign-in tries at once: {refused} answered 429"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--port", type=int, default=18180, help="nginx; the next three ports too")
    parser.add_argument("--children", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--keep", action="store_true", help="keep the logs and generated configs")
    args = parser.parse_args()

    started = time.monotonic()
    parts = Parts(args)
    try:
        say(
            f"Deploy check: nginx on :{parts.port} before app servers on :{parts.app_ports[0]} and "
            f":{parts.app_ports[1]}, database {parts.database}, Redis {args.redis_url}"
        )
        parts.create_database()
        path = parts.dir / "children.json"
        prepare = ("deploy/check/django_side.py", "prepare", str(path), str(args.children))

        def timed(name, step):
            began = time.monotonic()
            step()
            return f"{name} {time.monotonic() - began:.0f} s"

        # collectstatic needs no database: it runs while the tables are made.
        with ThreadPoolExecutor(2) as pool:
            took = list(
                pool.map(
                    timed,
                    ("migrate", "collectstatic"),
                    (
                        lambda: parts.manage("migrate", "--noinput", "-v0"),
                        lambda: parts.manage("collectstatic", "--noinput", "-v0"),
                    ),
                )
            )
        took.append(timed("starter curriculum", lambda: parts.manage("load_starter_curriculum")))
        took.append(timed("a class", lambda: parts.run_python(*prepare)))
        say(f"  set up: {', '.join(took)}")
        data = json.loads(path.read_text())
        static_root = ROOT / "staticfiles"

        bases = [
            parts.start_app("app-a", parts.app_ports[0]),
            parts.start_app("app-b", parts.app_ports[1]),
        ]
        front = parts.start_nginx(static_root)

        front_door(parts, data, front)
        publish_is_seen_everywhere(parts, data, bases, front)
        quizzes_survive_a_killed_server(parts, data, front)

        rss = [memory_kb(pid, "VmRSS") // 1024 for pid in parts.worker_pids("app-b")]
        peak = [memory_kb(pid, "VmHWM") // 1024 for pid in parts.worker_pids("app-b")]
        say(f"  app server B's workers after the run: resident {rss} MB, peak {peak} MB")
        parts.kill("app-b", signal.SIGTERM)
        nginx_serves_files(parts, front, static_root)
    except Failed as failure:
        say(f"\n✗ DEPLOY CHECK FAILED: {failure}")
        parts.args.keep = True
        parts.close()
        return 1
    except BaseException:
        parts.args.keep = True
        parts.close()
        raise
    parts.close()
    say(f"\nDeploy check passed in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
