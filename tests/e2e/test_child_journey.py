"""A child's journey on a small phone: a child's lesson (nothing for presenting or
printing), finishing it, the well-done page with ticks and how far, the quiz with
its score and next step first, and signing out to the class-code page."""

import re

import pytest

from .test_quiz import answer
from .test_sign_in_layout import assert_fits

pytestmark = pytest.mark.browser

MODULE = "labour-rights"
LESSONS = ["old-enough-to-work", "contract-id-card-no-deposit", "hours-pay-and-help"]
WIDTH, HEIGHT = 360, 780


def sign_in_mei(page, server, language):
    page.goto(f"{server}/{language}/join/")
    page.fill("input[name=code]", "LIFE5A")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/join/LIFE5A/$"))
    page.get_by_role("link", name="Mei").click()
    page.wait_for_url(re.compile(r"/join/LIFE5A/\d+/$"))
    for picture in ("sun", "fish", "star", "boat"):
        with page.expect_navigation():
            page.locator(f"button[name=pick][value={picture}]").click()
    page.wait_for_url(re.compile(rf"/{language}/my/$"))


def top(locator):
    return locator.first.bounding_box()["y"]


# One lesson per language, in order: each run finishes one more.
@pytest.mark.parametrize(("language", "lesson"), [("en", 0), ("zh-hans", 1), ("ug", 2)])
def test_a_child_finishes_a_lesson_and_takes_the_quiz(
    server, page_at, screenshot, language, lesson
):
    page = page_at(WIDTH, HEIGHT)
    sign_in_mei(page, server, language)

    page.goto(f"{server}/{language}/modules/{MODULE}/{LESSONS[lesson]}/")
    assert page.locator("html").get_attribute("lang") == language
    page.locator("form.lesson-done button").wait_for()
    page.wait_for_load_state("load")
    # A child's lesson: nothing to present or print, no teacher's activity logistics.
    assert page.locator(".present-tools, .lesson-tools, .block-teacher").count() == 0
    assert page.locator('script[src*="present.js"]').count() == 0
    assert page.locator(".block-activity--child").count() >= 1
    assert page.locator(".block-activity ol, .block-activity ul").count() == 0
    assert_fits(page, WIDTH, f"a child's lesson ({language})")

    with page.expect_navigation():
        page.locator("form.lesson-done button").click()
    page.wait_for_url(re.compile(rf"/{language}/my/lessons/\d+/finished/$"))
    assert page.locator(".well-done h1").is_visible()
    done = page.locator(".child-steps .is-done")
    progress = page.locator(".child-progress").inner_text()
    assert re.search(rf"\b{done.count()}\D+3\b", progress), progress
    assert done.count() >= 1
    # Each tick says "finished" in words too, for a screen reader.
    assert done.first.locator(".visually-hidden").inner_text().strip()
    assert page.locator(".child-steps .is-done .tick").first.get_attribute("aria-hidden") == "true"
    next_step = page.locator(".well-done .button")
    assert next_step.is_visible() and top(next_step) < HEIGHT
    assert_fits(page, WIDTH, f"the well-done page ({language})")
    screenshot(page, f"child-well-done-{language}-{WIDTH}")

    # The quiz: every question on one page, then the result.
    page.goto(f"{server}/{language}/modules/{MODULE}/quiz/")
    form = page.locator("form.quiz-form")
    if form.count() == 0:
        pytest.fail("the quiz has no form: attempts used up by an earlier run of this server?")
    # One question at a time where JavaScript runs (quiz.js), a plain form otherwise.
    while True:
        answer(form.locator("fieldset.question:visible"))
        submit = form.locator(".quiz-form__submit button")
        if submit.is_visible():
            break
        form.locator(".quiz-step-nav .button:not(.button--quiet)").click()
    with page.expect_navigation():
        submit.click()
    page.wait_for_url(re.compile(r"/attempts/"))
    page.wait_for_load_state("load")
    score, following = page.locator(".score"), page.locator(".result-next .button")
    answers = page.locator(".result-question")
    assert answers.count() > 1
    # The score, passed or not yet, and the next step come first, on the first screen.
    assert top(score) < top(following) < top(answers)
    assert top(following) < HEIGHT, "the next step is not on the first screen"
    assert page.locator(".score__percent").inner_text().strip().endswith("%")
    assert_fits(page, WIDTH, f"the quiz result ({language})")
    screenshot(page, f"child-quiz-result-{language}-{WIDTH}")

    # Signing out on a shared phone: back to the class-code page, in her language.
    with page.expect_navigation():
        page.locator("form[data-sign-out] button").click()
    page.wait_for_url(re.compile(rf"/{language}/join/\?signed_out=1$"))
    assert page.locator(".narrow > .notice").is_visible()
    assert page.locator("input[name=code]").is_visible()
    assert page.locator("html").get_attribute("lang") == language
