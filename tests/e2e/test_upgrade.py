"""A phone with a downloaded module lives through an upgrade of the server.

The site is served by an app server of this test's own, beside the session's
and on its database, at one address throughout: a browser keeps its service
worker, downloads and saved work per address. While the phone is offline the
server is stopped, a lesson it downloaded is published again, and it starts
as the next release (another ``LIFESKILLS_BUILD``, so another service worker
script). Back online, the phone must send its saved answers once, bring the
downloaded module up to date, and keep everything the child did before.
"""

import contextlib
import sqlite3
import subprocess
import sys
import time
import uuid

import dj_database_url
import pytest

from .conftest import ROOT, SERVER_ENV, _free_port, gunicorn
from .layout import assert_fits
from .test_offline import ALL_SENT, QUEUE, download, offline, send_queue_again, take_offline_quiz
from .test_quiz import answer

pytestmark = pytest.mark.browser

MODULE = "safe-migration"
LESSON = "too-good-to-be-true"
OLD_TEXT = (
    "If an offer sounds too good to be true, it may be a trap. "
    "Stop, do not go, and talk to an adult you trust first."
)
NEW_TEXT = "An offer of easy money far away is a warning sign: stop, and ask an adult you trust."

PUBLISH = """
from lessons.models import LessonPage
page = LessonPage.objects.get(slug={lesson!r}, locale__language_code="en")
for block in page.body:
    if block.block_type == "key_message":
        block.value["text"] = {text!r}
page.save_revision().publish()
"""

NEW_CHILD = """
from accounts.factories import LearnerFactory
from classrooms.demo import JOIN_CODE
from classrooms.factories import MembershipFactory, StudentFactory
from classrooms.models import Classroom
student = StudentFactory(user=LearnerFactory(username={name!r}))
MembershipFactory(classroom=Classroom.objects.get(join_code=JOIN_CODE), student=student)
"""

ATTEMPTS = "SELECT count(*) FROM quizzes_attempt WHERE client_id = %s"
FINISHED = """
SELECT page.slug FROM classrooms_lessonprogress progress
JOIN accounts_user learner ON learner.id = progress.learner_id
JOIN wagtailcore_page page ON page.id = progress.lesson_id
WHERE learner.username = %s AND progress.completed_at IS NOT NULL ORDER BY page.slug
"""


def django_on_server(code):
    """Starts ``code`` in the server's Django, on its database (wait() for it)."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=SERVER_ENV,
    )


def done(process):
    assert process.wait(timeout=120) == 0


def rows(sql, *params):
    """What the server's database answers, read directly (a Django start costs seconds)."""
    config = dj_database_url.parse(SERVER_ENV["DATABASE_URL"])
    if config["ENGINE"].endswith("sqlite3"):
        # Django keeps a UUID on SQLite as 32 hex digits.
        params = [p.hex if isinstance(p, uuid.UUID) else p for p in params]
        with contextlib.closing(sqlite3.connect(config["NAME"])) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(SERVER_ENV["DATABASE_URL"]) as connection:
        return connection.execute(sql, params).fetchall()


def attempts(client_id):
    return rows(ATTEMPTS, uuid.UUID(client_id))[0][0]


def finished(name):
    return [slug for (slug,) in rows(FINISHED, name)]


def sign_in(page, url, name):
    page.goto(f"{url}/en/accounts/login/?next=/en/modules/{MODULE}/")
    page.fill("#id_username", name)
    page.fill("#id_password", f"pw-{name}")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{url}/en/modules/{MODULE}/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")


def kept_versions(page):
    return page.evaluate(
        "async () => (await (await import('/static/js/downloads.js')).downloads())"
        ".map(d => d.meta.version)"
    )


def releases(workers):
    """The release each service worker the browser has started came from."""
    found = []
    for worker in workers:
        try:
            version = worker.evaluate("self.LIFESKILLS_VERSION")
        except Exception:  # a worker replaced meanwhile
            continue
        if isinstance(version, str):  # None while a new worker is still starting
            found.append(version)
    return found


ACTIVE_WORKER = """async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration.update();
    const coming = registration.installing || registration.waiting;
    if (coming) {
        await new Promise(done => {
            const check = () => { if (["activated", "redundant"].includes(coming.state)) done(); };
            coming.addEventListener("statechange", check);
            check();
        });
    }
    return navigator.serviceWorker.controller !== null;
}"""


def wait_until(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Still not true after {seconds} s: {condition.__doc__}")
        time.sleep(0.25)


def test_a_phone_with_a_downloaded_module_survives_an_upgrade(
    server, browser, screenshot, tmp_path
):
    name = f"upgrade-{uuid.uuid4().hex[:8]}"
    port = _free_port()
    context = browser.new_context(viewport={"width": 360, "height": 780})
    workers = []
    context.on("serviceworker", lambda worker: workers.append(worker))
    page = context.new_page()
    new_child = django_on_server(NEW_CHILD.format(name=name))
    restored = None
    try:
        with gunicorn(
            {**SERVER_ENV, "LIFESKILLS_BUILD": "before"}, tmp_path / "1.log", port
        ) as url:
            done(new_child)
            sign_in(page, url, name)
            kept = download(page)
            assert [m["title"] for m in kept] == ["Safe migration and human trafficking"]
            before = kept_versions(page)
            lessons = [a.get_attribute("href") for a in page.locator(".step__link").all()]
            lesson_url = next(href for href in lessons if LESSON in href)
            other_url = next(h for h in lessons if "/quiz/" not in h and LESSON not in h)
            other = other_url.strip("/").split("/")[-1]
            # One lesson finished online before the upgrade, one offline.
            page.goto(url + other_url)
            page.get_by_role("button", name="I have finished this lesson").click()
            page.locator(".well-done h1").wait_for()
            assert finished(name) == [other]

            offline(context)
            page.goto(url + lesson_url)
            assert page.locator("html").get_attribute("data-offline-copy") is not None
            assert OLD_TEXT in page.locator("article.lesson").inner_text()
            page.get_by_role("button", name="I have finished this lesson").click()
            page.locator("form.lesson-done [data-saved]").wait_for()
            page.goto(f"{url}/en/modules/{MODULE}/quiz/")
            take_offline_quiz(page, answer)
            page.locator("[data-offline-result]").wait_for()
            queued = page.evaluate(QUEUE)
            assert {item["type"] for item in queued} == {"lesson", "attempt"}
            client_id = next(i for i in queued if i["type"] == "attempt")["body"]["client_id"]

        # The upgrade, while the phone has no signal: a new content version of
        # the lesson the phone keeps, and the next release of the code.
        assert attempts(client_id) == 0
        published = django_on_server(PUBLISH.format(lesson=LESSON, text=NEW_TEXT))
        with gunicorn({**SERVER_ENV, "LIFESKILLS_BUILD": "after"}, tmp_path / "2.log", port) as url:
            done(published)
            offline(context, on=False)
            page.evaluate("() => window.dispatchEvent(new Event('online'))")

            def sent():
                """The phone's saved work is all sent."""
                return page.evaluate(ALL_SENT)

            def refreshed():
                """The downloaded module is at its new content version."""
                versions = kept_versions(page)
                return len(versions) == 1 and versions != before

            wait_until(sent)
            wait_until(refreshed)
            # (a) The answers saved offline arrived once; sent again, still once.
            assert attempts(client_id) == 1
            send_queue_again(page)
            assert attempts(client_id) == 1
            # (c) The lesson finished before the upgrade, and the one finished offline.
            assert finished(name) == sorted([LESSON, other])
            page.goto(f"{url}/en/my/")
            assert page.locator(".my-module", has_text="Safe migration").count() == 1
            assert_fits(page, 360, "My modules after an upgrade")

            # The next release's service worker takes over; the download stays.
            assert page.evaluate(ACTIVE_WORKER)
            wait_until(lambda: any(r.endswith("+after") for r in releases(workers)))
            assert len(kept_versions(page)) == 1

            # (b) Offline again, the downloaded lesson shows the new content.
            offline(context)
            page.goto(url + lesson_url)
            # The phone asks the server nothing more: the lesson goes back as it was.
            restored = django_on_server(PUBLISH.format(lesson=LESSON, text=OLD_TEXT))
            assert page.locator("html").get_attribute("data-offline-copy") is not None
            text = page.locator("article.lesson").inner_text()
            assert NEW_TEXT in text and OLD_TEXT not in text
            pictures = page.locator("article.lesson img")
            for n in range(pictures.count()):
                pictures.nth(n).scroll_into_view_if_needed()
                assert pictures.nth(n).evaluate("img => img.complete && img.naturalWidth > 0")
            assert_fits(page, 360, "the downloaded lesson after an upgrade")
            screenshot(page, "upgrade-offline-lesson-en-360")
    finally:
        context.close()
        done(restored or django_on_server(PUBLISH.format(lesson=LESSON, text=OLD_TEXT)))
