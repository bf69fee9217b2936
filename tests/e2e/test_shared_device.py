"""One phone, many people: a teacher's download keeps nothing of hers, and a child
who signs out leaves nothing of hers behind once it has been sent."""

import re

import pytest

from .test_offline import (
    ALL_SENT,
    MODULE,
    QUEUE,
    download,
    offline,
    sign_in_child,
    take_offline_quiz,
    teacher_attempts,
)
from .test_quiz import answer

pytestmark = pytest.mark.browser

CLASS = "Class 5A"

# Everything the device keeps, as text: every cache of the service worker and of
# the downloads, and localStorage.
KEPT_TEXT = """async () => {
    const texts = [JSON.stringify(Object.assign({}, localStorage))];
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            const response = await cache.match(request);
            const type = response.headers.get('Content-Type') || '';
            if (type.startsWith('text/html')) texts.push(await response.text());
        }
    }
    return texts.join('\\n');
}"""


def sign_in_teacher(page, server, next_path):
    page.goto(f"{server}/en/accounts/login/?next={next_path}")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "lifeskills-teacher")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_a_teachers_download_keeps_nothing_of_hers(server, browser, screenshot):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    module_path = f"/en/modules/{MODULE}/"
    sign_in_teacher(page, server, module_path)
    lesson_url = page.locator(".step__link").first.get_attribute("href")

    # Reading as usual: her notes and her classes are on the page, and none of it
    # is kept by the device.
    page.goto(server + lesson_url)
    note = page.locator(".block-teacher").first.inner_text().strip().splitlines()[-1][:40]
    assert note and page.locator("select#taught-class option", has_text=CLASS).count() == 1
    page.goto(server + module_path)
    kept = page.evaluate(KEPT_TEXT)
    assert note not in kept and CLASS not in kept
    assert not [n for n in page.evaluate("async () => await caches.keys()") if "module" in n]

    download(page)
    sign_out(page)
    assert page.locator("a", has_text="Sign in").count() >= 1

    # The next person, with no connection, opens the lesson the teacher downloaded.
    offline(context)
    page.goto(server + lesson_url)
    assert page.locator("html").get_attribute("data-offline-copy") is not None
    assert page.locator("article.lesson h1").is_visible()
    content = page.content()
    assert note not in content and CLASS not in content
    assert page.locator(".block-teacher, form.taught-form, [name=csrfmiddlewaretoken]").count() == 0
    # A visitor may read the lesson, but has no one to save "finished" for.
    assert page.locator("form.lesson-done").is_hidden()
    screenshot(page, "shared-device-teacher-download-en-360")
    kept = page.evaluate(KEPT_TEXT)
    assert note not in kept and CLASS not in kept and "csrfmiddlewaretoken" not in kept
    assert "teacher" not in re.findall(r'data-learner="([^"]*)"', kept)
    context.close()


def take_quiz_offline(page, server, reflection):
    page.goto(f"{server}/en/modules/{MODULE}/quiz/")

    def fill(question):
        if question.locator("textarea").count():
            question.locator("textarea").fill(reflection)
        else:
            answer(question)

    take_offline_quiz(page, fill)
    page.locator("[data-offline-result]").wait_for()
    assert reflection in page.content()


def nothing_of(page, text):
    assert text not in page.content()
    assert text not in page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")


def test_signing_out_leaves_nothing_of_the_child_once_sent(server, browser, screenshot):
    before = teacher_attempts(browser, server)
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    sign_in_child(page, server, "en")
    learner = page.locator("body").get_attribute("data-learner")
    download(page)

    # Offline, she answers the quiz and writes what she thinks.
    offline(context)
    first = "What I would do: ask my aunt first (1)"
    take_quiz_offline(page, server, first)
    assert first in page.evaluate("() => localStorage.getItem('lifeskills.queue')")

    # Back online she opens her modules and signs out: her work is sent, on the
    # way out at the latest.
    offline(context, on=False)
    page.goto(f"{server}/en/my/")
    sign_out(page)
    assert page.url == f"{server}/en/join/?signed_out=1"
    nothing_of(page, first)
    assert page.evaluate(QUEUE) == []
    assert len(teacher_attempts(browser, server)) == len(before) + 1
    # Nor does going back show it.
    page.go_back()
    page.wait_for_load_state()
    nothing_of(page, first)
    screenshot(page, "shared-device-after-sign-out-en-360")

    # Again, but this time her work cannot be sent before she signs out.
    page.goto(f"{server}/en/join/")
    sign_in_child(page, server, "en")
    offline(context)
    second = "What I would do: call 110 (2)"
    take_quiz_offline(page, server, second)
    context.route(re.compile(r"/quizzes/\d+/submit/"), lambda route: route.abort())
    offline(context, on=False)
    page.goto(f"{server}/en/my/")
    sign_out(page)
    assert page.url == f"{server}/en/join/?signed_out=1"
    # Kept for her, under her name, and shown to no one else.
    waiting = page.evaluate("() => JSON.parse(localStorage.getItem('lifeskills.queue'))")
    assert [(i["learner"], i["state"]) for i in waiting] == [(learner, "waiting")]
    assert second not in page.content()
    assert page.locator("[data-sync-status]").count() == 0
    page.goto(f"{server}/en/offline/downloads/")
    assert second not in page.content() and page.locator("[data-sync-status]").count() == 0

    # She signs in again: it is sent.
    context.unroute(re.compile(r"/quizzes/\d+/submit/"))
    sign_in_child(page, server, "en")
    page.wait_for_function(ALL_SENT)
    assert len(teacher_attempts(browser, server)) == len(before) + 2
    context.close()
