"""A child downloads a module, loses the connection, keeps learning, and the work arrives once.

Playwright's offline switch does not reach a service worker's own requests, so
``offline`` also aborts every request the service worker makes, as a phone with
no signal would (conftest turns on Playwright's service worker network events).
"""

import re

import pytest

from .conftest import chromium_path
from .test_quiz import answer, sign_in

pytestmark = pytest.mark.browser

MODULE = "safe-migration"
# offline.js's queue of work waiting to be sent, from the module the page loaded.
QUEUE = "async () => (await import('/static/js/offline.js')).queue()"
# offline.js's queue(), read where it keeps it, so that a wait can ask again and again.
ALL_SENT = (
    "() => JSON.parse(localStorage.getItem('lifeskills.queue') || '[]')"
    ".every(i => i.state !== 'waiting')"
)


def send_queue_again(page):
    """The phone sends every item of its queue once more, as after a lost answer."""
    page.evaluate(
        """async () => {
            const offline = await import('/static/js/offline.js');
            const items = offline.queue();
            items.forEach(i => { i.state = 'waiting'; });
            localStorage.setItem('lifeskills.queue', JSON.stringify(items));
            return offline.sync();
        }"""
    )


def offline(context, on=True):
    def no_signal(route):
        if route.request.service_worker:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    if on:
        context.set_offline(True)
        context.route("**/*", no_signal)
    else:
        context.unroute("**/*")
        context.set_offline(False)


def sign_in_child(page, server, language):
    sign_in(page, server, language, f"modules/{MODULE}/")
    # The service worker is ready to answer for the pages opened from now on.
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")


def download(page):
    section = page.locator("[data-download]")
    section.locator(".download__device").wait_for()  # this phone's size, before downloading
    section.get_by_role("button", name=re.compile("Download|下载|چۈشۈر")).click()
    page.wait_for_function(
        "() => document.querySelector('[data-download-delete]').hidden === false"
        " && document.querySelector('[data-download-progress]').hidden"
    )
    return page.evaluate(
        "async () => (await (await import('/static/js/downloads.js')).downloads()).map(d => d.meta)"
    )


def take_offline_quiz(page, fill, on_feedback=None):
    """Answer the quiz open on ``page`` with ``fill(question)``, and submit it."""
    form = page.locator("form[data-offline-quiz]")
    next_button = form.locator(".quiz-step-nav .button:not(.button--quiet)")
    while True:
        question = form.locator("fieldset.question:visible")
        fill(question)
        submit = form.locator(".quiz-form__submit button")
        if submit.is_visible():
            submit.click()
            return
        # This quiz explains each answer before the next question, offline too.
        next_button.click()
        feedback = question.locator(".feedback-now")
        feedback.wait_for()
        if on_feedback:
            on_feedback(feedback)
        next_button.click()


def teacher_attempts(browser, server):
    """The demo child's quiz attempts as the teacher's dashboard lists them."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/en/accounts/login/")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "lifeskills-teacher")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{server}/en/teach/")
    page.locator("a", has_text="Class 5A").first.click()
    page.locator(".grid tbody tr", has_text="student").locator("a").first.click()
    page.wait_for_load_state()
    links = [
        a.get_attribute("href")
        for a in page.locator("a[href*='/attempts/']").all()
        if "/students/" in (a.get_attribute("href") or "")
    ]
    context.close()
    return links


def test_offline_round_trip(server, browser, screenshot):
    before = teacher_attempts(browser, server)
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    sign_in_child(page, server, "en")

    sizes = page.locator(".download__size").inner_text()
    assert "Download size" in sizes and "text" in sizes and "pictures" in sizes
    kept = download(page)
    assert [m["title"] for m in kept] == ["Safe migration and human trafficking"]
    assert kept[0]["bytes"] > 10_000
    assert "works without a connection" in page.locator("[data-download-status]").inner_text()
    screenshot(page, "offline-downloaded-en-360")
    lesson_url = page.locator(".step__link").first.get_attribute("href")

    offline(context)
    # A page that was not downloaded: the translated offline page, not the browser's error.
    page.goto(f"{server}/en/help/")
    assert page.locator("h1").inner_text() == "No connection"

    # A downloaded lesson opens and can be finished with no connection.
    page.goto(server + lesson_url)
    assert page.locator("html").get_attribute("data-offline-copy") is not None
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("article.lesson h1").is_visible()
    # The kept copy is a visitor's page; the child signed in here gets no teacher's tools.
    page.wait_for_function("document.documentElement.classList.contains('learner-copy')")
    assert page.locator(".present-tools, .lesson-tools").filter(visible=True).count() == 0
    pictures = page.locator("article.lesson img")
    for n in range(pictures.count()):
        pictures.nth(n).scroll_into_view_if_needed()
        assert pictures.nth(n).evaluate("img => img.complete && img.naturalWidth > 0")
    page.get_by_role("button", name="I have finished this lesson").click()
    page.locator("form.lesson-done [data-saved]").wait_for()
    screenshot(page, "offline-lesson-en-360")

    # The quiz, offline: scored on the phone, every answer explained.
    page.goto(f"{server}/en/modules/{MODULE}/quiz/")
    assert page.locator("[data-offline-only]").is_visible()
    explained = 0

    def explained_each(feedback):
        nonlocal explained
        assert feedback.locator(".verdict").inner_text().strip()
        assert feedback.evaluate("e => document.activeElement === e")
        if explained == 0:
            screenshot(page, "offline-quiz-feedback-en-360")
        explained += 1

    take_offline_quiz(page, answer, explained_each)
    assert explained == 9
    result = page.locator("[data-offline-result]")
    result.wait_for()
    assert re.search(r"\d+%", result.locator(".score__percent").inner_text())
    assert result.locator(".result-question").count() == 10
    assert result.locator(".explanation").count() >= 9
    status = result.locator("[data-attempt-status]")
    assert "will be sent to your teacher when you are online" in status.inner_text()
    screenshot(page, "offline-quiz-result-en-360")
    queued = page.evaluate(QUEUE)
    assert {item["type"] for item in queued} == {"lesson", "attempt"}
    assert teacher_attempts(browser, server) == before  # nothing reached the server

    # Back online: the saved work is sent and the child is told.
    offline(context, on=False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_function(ALL_SENT)
    assert status.inner_text() == "Sent to your teacher."
    # The lesson finished offline was accepted too (it leaves the queue once recorded).
    assert [i["type"] for i in page.evaluate(QUEUE)] == ["attempt"]
    after = teacher_attempts(browser, server)
    assert len(after) == len(before) + 1

    # The phone sends it again (a lost answer, say): the server keeps one attempt.
    send_queue_again(page)
    assert teacher_attempts(browser, server) == after

    page.goto(f"{server}/en/my/")
    row = page.locator(".my-module", has_text="Safe migration")
    assert row.count() == 1
    context.close()


def test_deleting_a_download_frees_its_storage(server, browser, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_child(page, server, "zh-hans")
    download(page)
    page.goto(f"{server}/zh-hans/offline/downloads/")
    items = page.locator("[data-downloaded]")
    items.first.wait_for()
    assert items.count() == 1
    kept = int(page.locator("[data-downloads-total]").get_attribute("data-total-bytes"))
    assert kept > 10_000
    screenshot(page, "offline-downloads-zh-hans-1280")
    stored = page.evaluate(
        "async () => (await (await caches.open((await caches.keys())"
        ".find(n => n.startsWith('lifeskills-module-')))).keys()).length"
    )
    assert stored >= 6  # the module, its lessons, its quiz, its pictures, the record of it

    items.first.get_by_role("button").click()
    page.wait_for_function("() => !document.querySelector('[data-downloaded]')")
    assert page.locator("[data-downloads-total]").get_attribute("data-total-bytes") == "0"
    names = page.evaluate("async () => await caches.keys()")
    assert not [name for name in names if name.startswith("lifeskills-module-")]
    context.close()


def test_the_site_installs_as_an_app(server, browser, tmp_path):
    """Chromium finds a manifest, icons and a service worker it accepts. (A private
    window can never install, so this one has a profile of its own.)"""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_path(),
        headless=True,
        args=["--no-sandbox"],
    )
    page = context.new_page()
    page.goto(f"{server}/ug/")
    page.reload()  # a browser's second page installs the worker (offline.js)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert '"dir": "rtl"' in manifest["data"] and '"start_url": "/ug/"' in manifest["data"]
    context.close()


def test_changing_language_keeps_the_one_service_worker(server, browser):
    # A worker per language was installed again at each change of language,
    # and Chromium could hold a page load while the new one waited.
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{server}/ug/")
        page.reload()  # a browser's second page installs the worker (offline.js)
        page.evaluate("async () => { await navigator.serviceWorker.ready; }")
        for language in ("en", "zh-hans", "ug", "en"):
            page.goto(f"{server}/{language}/modules/", timeout=15_000)
            registrations = page.evaluate(
                """async () => (await navigator.serviceWorker.getRegistrations()).map(r => ({
                    active: r.active && r.active.scriptURL.replace(location.origin, ""),
                    waiting: !!r.waiting, installing: !!r.installing}))"""
            )
            assert registrations == [{"active": "/sw.js", "waiting": False, "installing": False}]
        # Offline, the page not kept falls back to the offline page in its own language.
        offline(context)
        page.goto(f"{server}/zh-hans/help/?not-kept=1")
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        offline(context, on=False)
    finally:
        context.close()
