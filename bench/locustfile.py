"""Children arriving at the computer room and teachers watching their classes.

Each child works through the period once: class code, name, three pictures (one
request each, as on a phone), My modules, an assigned lesson, the module's quiz
page and a submission as JSON with its client id. A submission that gets no
answer (no connection, a timeout, a server error) is sent again with the same
client id, as the offline app does, until it is acknowledged or RETRIES run
out. Teachers sign in once and reload their class dashboard every 10 to 20 s.

Both are HttpUser: FastHttpUser's cookie jar did not send the CSRF cookie back
to 127.0.0.1, so every sign-in was refused. A request that gets no answer
within TIMEOUT seconds counts as unanswered.

bench/run.py starts this with the participants bench/prepare.py chose
(LIFESKILLS_BENCH_PEOPLE) and a fresh directory (LIFESKILLS_BENCH_STATE). The
directory is shared by every locust process of a distributed run: each
participant is taken from a counter under a file lock, so no child is
sent twice, and each process appends the client id of every acknowledged
submission to its own file there the moment it is acknowledged.
"""

import fcntl
import functools
import json
import os
import re

import gevent
from locust import HttpUser, argument_parser, between, task

# A locust worker builds the whole argument parser again for every setting in
# every spawn message from its master (locust 2.47): at a spawn message a
# second that keeps it from its heartbeats, and the master drops it. The
# defaults never change while it runs.
argument_parser.default_args_dict = functools.cache(argument_parser.default_args_dict)

PEOPLE = json.load(open(os.environ["LIFESKILLS_BENCH_PEOPLE"]))
STATE = os.environ["LIFESKILLS_BENCH_STATE"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Pauses before each new try of a submission that got no answer, in seconds.
RETRIES = (2, 5, 10, 20, 40)
TIMEOUT = 30
_acks = None


def _take(counter):
    """The next number from a counter shared by every locust process."""
    fd = os.open(os.path.join(STATE, counter), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        n = int(os.read(fd, 32) or b"0")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, str(n + 1).encode())
        return n
    finally:
        os.close(fd)


def _acknowledged(client_id):
    global _acks
    if _acks is None:
        _acks = open(os.path.join(STATE, f"acknowledged-{os.getpid()}.txt"), "a", buffering=1)
    _acks.write(client_id + "\n")


def _csrf(response):
    match = CSRF.search(response.text or "")
    return match.group(1) if match else ""


class Child(HttpUser):
    """One child's period: sign in, My modules, the lesson, the quiz, a submission."""

    wait_time = between(2, 6)  # reading, thinking

    def on_start(self):
        n = _take("next-child")
        self.person = PEOPLE["students"][n] if n < len(PEOPLE["students"]) else None

    @task
    def period(self):
        p = self.person
        if p is None:
            # The period is over for this child. Stopping the user would make
            # locust start another in its place; staying idle keeps the count.
            gevent.sleep(3600)
            return
        self.person = None
        if not self.sign_in(p):
            return
        self.page("/en/my/", "my modules")
        self.wait()
        self.page(p["lesson"], "lesson")
        self.wait()
        self.page(p["quiz_url"], "quiz page")
        self.submit(p)

    def page(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    def sign_in(self, p):
        self.page(f"/en/join/?code={p['code']}", "sign in: class code")
        page = self.page(f"/en/join/{p['code']}/{p['student']}/", "sign in: name")
        for n, picture in enumerate(p["pictures"]):
            last = n == len(p["pictures"]) - 1
            with self.client.post(
                f"/en/join/{p['code']}/{p['student']}/",
                data={
                    "csrfmiddlewaretoken": _csrf(page),
                    "chosen": "-".join(p["pictures"][:n]),
                    "pick": picture,
                },
                name="sign in: last picture" if last else "sign in: picture",
                catch_response=True,
                allow_redirects=not last,
            ) as page:
                if not last and page.status_code != 200:
                    page.failure(f"{page.status_code}")
                    return False
                if last and not (
                    page.status_code == 302 and page.headers.get("Location", "").endswith("/en/my/")
                ):
                    page.failure(f"not signed in: {page.status_code}")
                    return False
        return True

    def submit(self, p):
        body = json.dumps(p["paper"])
        for attempt, pause in enumerate((0, *RETRIES)):
            if pause:
                gevent.sleep(pause)
            token = self.client.cookies.get("csrftoken", "")
            with self.client.post(
                f"/en/quizzes/{p['quiz']}/submit/",
                data=body,
                headers={"Content-Type": "application/json", "X-CSRFToken": token},
                name="quiz submission" if attempt == 0 else "quiz submission (sent again)",
                catch_response=True,
                timeout=TIMEOUT,
            ) as response:
                status = response.status_code
                if status in (200, 201):
                    try:
                        stored = response.json().get("stored")
                    except ValueError:
                        stored = False
                    if stored:
                        _acknowledged(p["paper"]["client_id"])
                        response.success()
                        return
                    response.failure(f"{status}, not stored: {(response.text or '')[:200]}")
                    return
                response.failure(f"{status}: {(response.text or '')[:200]}")
                # A refusal is an answer: sending it again would be refused again.
                if 0 < status < 500:
                    return
        self.environment.events.request.fire(
            request_type="POST",
            name="quiz submission: never acknowledged",
            response_time=0,
            response_length=0,
            exception=RuntimeError(f"no answer after {len(RETRIES) + 1} tries"),
            context={},
        )


class Teacher(HttpUser):
    """A teacher with the class dashboard open, reloading it now and then."""

    fixed_count = int(os.environ.get("LIFESKILLS_BENCH_TEACHERS", "50"))
    wait_time = between(10, 20)

    def on_start(self):
        teachers = PEOPLE["teachers"]
        self.me = teachers[_take("next-teacher") % len(teachers)]
        page = self.client.get("/en/accounts/login/", name="teacher sign in")
        with self.client.post(
            "/en/accounts/login/",
            data={
                "csrfmiddlewaretoken": _csrf(page),
                "username": self.me["username"],
                "password": PEOPLE["password"],
            },
            name="teacher sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not signed in: {response.status_code}")

    @task
    def dashboard(self):
        with self.client.get(
            f"/en/teach/classes/{self.me['classroom']}/",
            name="class dashboard",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
