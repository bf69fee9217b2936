"""Every kind of page works under the Content-Security-Policy: the browser reports no
violation, for visitors, children and teachers, with the service worker on."""

import re

import pytest

from .test_present import sign_in_teacher
from .test_quiz import answer

pytestmark = pytest.mark.browser

# Runs before any script of the page (Playwright injects it), so it hears every
# violation, including those of scripts and styles that never ran.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    found = {}

    def visit(name, url=None):
        if url:
            response = page.goto(url)
            policy = response.headers.get("content-security-policy", "")
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy, name
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__violations") + console[:]
        console.clear()
        if violations:
            found[name] = violations

    yield page, visit, found
    context.close()


def test_the_main_pages_run_under_the_policy(server, watched):
    page, visit, found = watched
    en = f"{server}/en"

    visit("home", f"{en}/")
    visit("help", f"{en}/help/")
    visit("module", f"{en}/modules/safe-migration/")
    page.locator(".download__device").wait_for()  # the download size, worked out by script
    # The service worker and Workbox install under the policy.
    assert page.evaluate("async () => !!(await navigator.serviceWorker.ready).active"), (
        "the service worker did not start"
    )
    visit("module, service worker ready")
    with page.expect_navigation():
        page.locator(".step a").first.click()
    visit("lesson")
    # Pictures from /media/ load.
    assert page.evaluate(
        "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
    )
    visit("my downloads", f"{en}/offline/downloads/")
    visit("no connection", f"{en}/offline/")
    visit("quiz, all on one page", f"{en}/modules/labour-rights/quiz/")

    visit("join", f"{en}/join/")
    visit("class names", f"{en}/join/LIFE5A/")
    with page.expect_navigation():
        page.locator(".names__link").first.click()
    visit("picture password")

    page.goto(f"{en}/accounts/login/")
    page.fill("#id_username", "student")
    page.fill("#id_password", "lifeskills-student")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    visit("my modules", f"{en}/my/")
    visit("quiz, one question per screen", f"{en}/modules/safe-migration/quiz/")
    answer(page.locator("fieldset.question"))
    page.locator("form[data-quiz-step] button[type=submit]").click()
    page.locator(".feedback-now").wait_for()
    visit("quiz feedback")

    page.context.clear_cookies()
    sign_in_teacher(page, server)
    visit("teacher dashboard", f"{en}/teach/")
    with page.expect_navigation():
        page.locator(".class-list__link").first.click()
    visit("class overview")
    with page.expect_navigation():
        page.get_by_role("link", name="Print sign-in cards").click()
    visit("sign-in cards")
    # The Print button is wired by a script file, not an inline handler.
    page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
    page.locator("[data-print]").click()
    assert page.evaluate("window.__printed === true")

    visit("module as a teacher", f"{en}/modules/safe-migration/")
    with page.expect_navigation():
        page.locator(".step a").first.click()
    lesson_id = page.locator("article.lesson").get_attribute("data-lesson")
    module_id = re.search(r"/modules/(\d+)/guide/", page.content()).group(1)
    page.locator(".present-tools .button").first.click()
    page.locator(".present-counter").wait_for()
    page.keyboard.press("ArrowRight")
    visit("present mode")
    for name, url in (
        ("handout", f"{en}/print/lessons/{lesson_id}/handout/"),
        ("lesson plan", f"{en}/print/lessons/{lesson_id}/plan/"),
        ("teacher's guide", f"{en}/print/modules/{module_id}/guide/"),
    ):
        visit(name, url)
        page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
        page.locator("[data-print]").click()
        assert page.evaluate("window.__printed === true"), name

    assert not found, found
