"""A phone with a downloaded module lives through an upgrade of the server.

The site is served by an app server of this test's own, beside the session's
and on its database, at one address throughout: a browser keeps its service
worker, downloads and saved work per address. While the phone is offline the
server is stopped, a lesson it downloaded is published again, and it starts
as the next release (another ``LIFESKILLS_BUILD``, so another service worker
script). Back online, the phone must send its saved answers once, bring the
downloaded module up to date, and keep everything the child did before.
"""

import subprocess
import sys
import time
import uuid

import pytest

from .conftest import ROOT, SERVER_ENV, _free_port, gunicorn
from .layout import assert_fits
from .test_offline import QUEUE, download, offline, take_offline_quiz
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

ATTEMPTS = """
from quizzes.models import Attempt
print(Attempt.objects.filter(client_id={client_id!r}).count())
"""

FINISHED = """
from classrooms.models import LessonProgress
print(",".join(sorted(
    LessonProgress.objects.filter(learner__username={name!r}, completed_at__isnull=False)
    .values_list("lesson__slug", flat=True)
)))
"""


def on_server(code):
    """Run ``code`` in the server's Django, on its database; what it prints."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=SERVER_ENV,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout.strip()


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
            found.append(worker.evaluate("self.LIFESKILLS_VERSION"))
        except Exception:  # a worker replaced meanwhile
            continue
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
    on_server(NEW_CHILD.format(name=name))
    port = _free_port()
    old_release = {**SERVER_ENV, "LIFESKILLS_BUILD": "before"}
    new_release = {**SERVER_ENV, "LIFESKILLS_BUILD": "after"}
    context = browser.new_context(viewport={"width": 360, "height": 780})
    workers = []
    context.on("serviceworker", workers.append)
    page = context.new_page()
    try:
        with gunicorn(old_release, tmp_path / "before.log", port=port) as url:
            sign_in(page, url, name)
            kept = download(page)
            assert [m["title"] for m in kept] == ["Safe migration and human trafficking"]
            lessons = [a.get_attribute("href") for a in page.locator(".step__link").all()]
            lesson_url = next(href for href in lessons if LESSON in href)
            other_url = next(
                href for href in lessons if "/quiz/" not in href and LESSON not in href
            )
            # One lesson finished online, before anything else happens.
            page.goto(url + other_url)
            page.get_by_role("button", name="I have finished this lesson").click()
            page.wait_for_load_state()
            assert on_server(FINISHED.format(name=name)) == other_url.strip("/").split("/")[-1]

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
            before_versions = kept_versions(page)

        # The upgrade, while the phone has no signal: a new content version of
        # the lesson the phone keeps, and the next release of the code.
        on_server(PUBLISH.format(lesson=LESSON, text=NEW_TEXT))
        assert on_server(ATTEMPTS.format(client_id=client_id)) == "0"

        with gunicorn(new_release, tmp_path / "after.log", port=port) as url:
            offline(context, on=False)
            page.evaluate("() => window.dispatchEvent(new Event('online'))")

            def sent():
                """The phone's saved work is all sent."""
                return page.evaluate(
                    "() => JSON.parse(localStorage.getItem('lifeskills.queue') || '[]')"
                    ".every(i => i.state !== 'waiting')"
                )

            def refreshed():
                """The downloaded module is at its new content version."""
                versions = kept_versions(page)
                return len(versions) == 1 and versions != before_versions

            wait_until(sent)
            wait_until(refreshed)
            # (a) The answers saved offline arrived once; sent again, still once.
            assert on_server(ATTEMPTS.format(client_id=client_id)) == "1"
            page.evaluate(
                """async () => {
                    const offline = await import('/static/js/offline.js');
                    const items = offline.queue();
                    items.forEach(i => { i.state = 'waiting'; });
                    localStorage.setItem('lifeskills.queue', JSON.stringify(items));
                    return offline.sync();
                }"""
            )
            assert on_server(ATTEMPTS.format(client_id=client_id)) == "1"
            # (c) Both lessons finished, the one online and the one offline.
            finished = on_server(FINISHED.format(name=name)).split(",")
            assert sorted(finished) == sorted([LESSON, other_url.strip("/").split("/")[-1]])
            page.goto(f"{url}/en/my/")
            row = page.locator(".my-module", has_text="Safe migration")
            assert row.count() == 1
            assert_fits(page, 360, "My modules after an upgrade")

            # The next release's service worker takes over; the download stays.
            assert page.evaluate(ACTIVE_WORKER)
            wait_until(lambda: any(r.endswith("+after") for r in releases(workers)))
            assert kept_versions(page) != before_versions

            # (b) Offline again, the downloaded lesson shows the new content.
            offline(context)
            page.goto(url + lesson_url)
            assert page.locator("html").get_attribute("data-offline-copy") is not None
            text = page.locator("article.lesson").inner_text()
            assert NEW_TEXT in text and OLD_TEXT not in text
            pictures = page.locator("article.lesson img")
            for n in range(pictures.count()):
                pictures.nth(n).scroll_into_view_if_needed()
                assert pictures.nth(n).evaluate("img => img.complete && img.naturalWidth > 0")
            assert_fits(page, 360, "the downloaded lesson after an upgrade")
            screenshot(page, "upgrade-offline-lesson-en-360")
            offline(context, on=False)
    finally:
        context.close()
        on_server(PUBLISH.format(lesson=LESSON, text=OLD_TEXT))
