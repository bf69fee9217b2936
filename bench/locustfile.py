"""A school period: children sign in with their class code and pictures, open an
assigned lesson and submit a quiz; teachers watch their class dashboards.

Each child works through the period once. bench/run.py starts this with the
participants bench/prepare.py chose (LIFESKILLS_BENCH_PEOPLE) and reads the
acknowledged submissions it writes (LIFESKILLS_BENCH_ACKS).
"""

import itertools
import json
import os
import re
import threading

import gevent
from locust import HttpUser, between, events, task

PEOPLE = json.load(open(os.environ["LIFESKILLS_BENCH_PEOPLE"]))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_children = iter(PEOPLE["students"])
_teachers = itertools.cycle(PEOPLE["teachers"])
_lock = threading.Lock()
ACKNOWLEDGED = []


def _csrf(response):
    match = CSRF.search(response.text)
    return match.group(1) if match else ""


class Child(HttpUser):
    """One child's period: sign in, read the assigned lesson, submit the quiz."""

    wait_time = between(2, 6)  # reading, thinking

    def on_start(self):
        with _lock:
            self.person = next(_children, None)

    @task
    def period(self):
        p = self.person
        if p is None:
            # The period is over for this child. Stopping the user would make
            # locust start another in its place; staying idle keeps the count.
            gevent.sleep(3600)
            return
        self.person = None
        self.client.get(f"/en/join/?code={p['code']}", name="sign in: class code")
        page = self.client.get(f"/en/join/{p['code']}/{p['student']}/", name="sign in: name")
        for n, picture in enumerate(p["pictures"]):
            last = n == len(p["pictures"]) - 1
            with self.client.post(
                f"/en/join/{p['code']}/{p['student']}/",
                {
                    "csrfmiddlewaretoken": _csrf(page),
                    "chosen": "-".join(p["pictures"][:n]),
                    "pick": picture,
                },
                name="sign in: last picture, then my modules" if last else "sign in: picture",
                catch_response=True,
            ) as page:
                if last and not page.url.endswith("/en/my/"):
                    page.failure(f"not signed in: {page.status_code} {page.url}")
                    return
        self.wait()
        self.client.get(p["lesson"], name="lesson")
        self.wait()
        quiz = self.client.get(p["quiz_url"], name="quiz page")
        token = self.client.cookies.get("csrftoken") or _csrf(quiz)
        with self.client.post(
            f"/en/quizzes/{p['quiz']}/submit/",
            data=json.dumps(p["paper"]),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
            name="quiz submission",
            catch_response=True,
        ) as response:
            if response.status_code in (200, 201) and response.json().get("stored"):
                ACKNOWLEDGED.append(p["paper"]["client_id"])
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class Teacher(HttpUser):
    """A teacher with the class dashboard open, reloading it now and then."""

    fixed_count = int(os.environ.get("LIFESKILLS_BENCH_TEACHERS", "50"))
    wait_time = between(10, 20)

    def on_start(self):
        with _lock:
            self.me = next(_teachers)
        page = self.client.get("/en/accounts/login/", name="teacher sign in")
        self.client.post(
            "/en/accounts/login/",
            {
                "csrfmiddlewaretoken": _csrf(page),
                "username": self.me["username"],
                "password": PEOPLE["password"],
            },
            name="teacher sign in",
        )

    @task
    def dashboard(self):
        self.client.get(f"/en/teach/classes/{self.me['classroom']}/", name="class dashboard")


@events.test_stop.add_listener
def _write_acknowledged(**_kwargs):
    path = os.environ.get("LIFESKILLS_BENCH_ACKS")
    if path:
        with open(path, "w") as handle:
            json.dump(ACKNOWLEDGED, handle)
