"""Automated accessibility checks (axe-core in Chromium) and a quiz done with the keyboard alone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_quiz import finish_quiz

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
# The field has focus, or (radio buttons) a button of its group does.
FOCUSED = (
    "e => e === document.activeElement"
    " || (e.type === 'radio' && document.activeElement.name === e.name)"
)
# WCAG 2.0, 2.1 and 2.2 A and AA, as axe-core tags them.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}


def serious_violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def sign_in(page, server, language, username, password):
    page.goto(f"{server}/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "ug"])
def test_main_pages_have_no_serious_accessibility_violations(server, browser, language):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}

    def check(name, url=None):
        if url:
            page.goto(f"{server}{url}")
        found[name] = serious_violations(page)

    check("home", f"/{language}/")
    check("module", f"/{language}/modules/safe-migration/")
    page.locator(".step a").first.click()
    page.wait_for_load_state()
    check("lesson")
    check("sign-in", f"/{language}/join/")
    check("class names", f"/{language}/join/LIFE5A/")
    page.locator(".names__link").first.click()
    page.wait_for_load_state()
    check("picture password")
    check("teacher sign-in", f"/{language}/accounts/login/")

    sign_in(page, server, language, "student", "lifeskills-student")
    check("my modules", f"/{language}/my/")
    check("quiz", f"/{language}/modules/safe-migration/quiz/")
    page.locator("fieldset.question input").first.check()
    page.locator("form[data-quiz-step] button[type=submit]").click()
    page.locator(".feedback-now").wait_for()
    check("quiz feedback")
    page.locator("form[data-quiz-step] button[type=submit]").click()  # on to question 2
    page.locator("form[data-quiz-step] fieldset.question").wait_for()
    finish_quiz(page)
    page.wait_for_url(re.compile(r"/attempts/"))
    check("quiz result")
    check("quiz, all on one page", "/en/modules/labour-rights/quiz/")
    check("my downloads", f"/{language}/offline/downloads/")
    check("no connection", f"/{language}/offline/")
    page.goto(f"{server}/{language}/modules/safe-migration/")
    page.locator(".download__device").wait_for()
    check("module, with this phone's download size")
    kept_quiz = page.evaluate(
        "async () => (await (await fetch(document.querySelector('[data-download]')"
        ".dataset.planUrl)).json()).pages.pop().fetch"
    )
    check("quiz as downloaded", kept_quiz)
    page.locator("fieldset.question input").first.check()
    page.locator(".quiz-step-nav .button:not(.button--quiet)").click()
    page.locator(".feedback-now").wait_for()
    check("quiz as downloaded, feedback")

    page.context.clear_cookies()
    sign_in(page, server, language, "teacher", "lifeskills-teacher")
    check("teacher home", f"/{language}/teach/")
    page.locator(".class-list__link").first.click()
    page.wait_for_load_state()
    check("class overview")
    page.locator(".grid thead a").first.click()
    page.wait_for_load_state()
    check("module progress")
    context.close()
    problems = {name: v for name, v in found.items() if v}
    assert not problems, problems


def test_a_quiz_can_be_done_with_the_keyboard_alone(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/en/modules/drugs/quiz/")
    keyboard = page.keyboard
    for _question in range(20):
        if page.locator(".score").count():
            break
        fieldset = page.locator("fieldset.question")
        if not fieldset.count():
            break
        # Reach the first field of the question with Tab, then answer with keys only.
        first = fieldset.locator("input, select, textarea").first
        for _tab in range(40):
            if first.evaluate(FOCUSED):
                break
            keyboard.press("Tab")
        kind = fieldset.get_attribute("class")
        if "question--ordering" in kind:
            count = fieldset.locator("select").count()
            for n in range(count):
                for _ in range(n + 1):
                    keyboard.press("ArrowDown")
                keyboard.press("Tab")
        elif "question--matching" in kind:
            for _ in range(fieldset.locator("select").count()):
                keyboard.press("ArrowDown")
                keyboard.press("Tab")
        elif "question--multiple" in kind:
            keyboard.press("Space")
        elif "question--short" in kind or "question--reflection" in kind:
            keyboard.type("Say no and tell an adult")
        else:
            keyboard.press("Space")  # choose the focused radio button
        # On to the question's own button, and press it.
        for _tab in range(40):
            if page.evaluate("document.activeElement.type") == "submit":
                break
            keyboard.press("Tab")
        keyboard.press("Enter")
        feedback = page.locator(".feedback-now")
        feedback.wait_for()
        # The feedback is announced: it takes focus and is a status region.
        assert feedback.get_attribute("role") == "status"
        assert feedback.evaluate("e => e === document.activeElement")
        for _tab in range(40):
            if page.evaluate("document.activeElement.type") == "submit":
                break
            keyboard.press("Tab")
        keyboard.press("Enter")
        page.wait_for_function(
            "() => !document.querySelector('.feedback-now') || document.querySelector('.score')"
        )
    page.wait_for_url(re.compile(r"/quizzes/\d+/submit/$|/attempts/"))
    assert page.locator(".score h1").is_visible()
    assert page.locator(".result-question").count() >= 6
    context.close()
