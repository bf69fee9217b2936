"""A child takes starter quizzes in a real browser and reads why each answer is right or wrong."""

import re

import pytest

pytestmark = pytest.mark.browser

SIGN_IN = {"en": "Sign in", "ug": "كىرىش"}


def answer(fieldset):
    """Fill in one question, whatever its kind: first choices, or steps in the shown order."""
    choices = fieldset.locator("input[type=radio], input[type=checkbox]")
    if choices.count():
        choices.first.check()
        return
    selects = fieldset.locator("select")
    if selects.count():
        ordering = fieldset.locator("[data-ordering]").count() > 0
        for n in range(selects.count()):
            select = selects.nth(n)
            if ordering:
                select.select_option(str(n + 1))
            else:
                select.select_option(index=1)
        return
    fieldset.locator("input[type=text], textarea").first.fill("110")


def finish_quiz(page):
    """Answer the rest of a one-question-per-screen quiz, checking each answer."""
    while page.locator("form[data-quiz-step] fieldset.question").count():
        answer(page.locator("fieldset.question"))
        page.locator("form[data-quiz-step] button[type=submit]").click()
        page.locator(".feedback-now").wait_for()
        page.locator("form[data-quiz-step] button[type=submit]").click()
        page.wait_for_load_state()
        page.wait_for_function(
            "() => document.querySelector('.feedback-now') === null"
            " || document.querySelector('.score') !== null"
        )


def sign_in(page, server, language, path="modules/safe-migration/quiz/"):
    """Sign the demo child in and land on ``path`` in ``language``."""
    page.goto(f"{server}/{language}/accounts/login/?next=/{language}/{path}")
    page.fill("#id_username", "student")
    page.fill("#id_password", "lifeskills-student")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/{path}$"))


@pytest.mark.parametrize(("language", "width"), [("en", 360), ("ug", 1280)])
def test_a_student_takes_the_quiz_one_question_at_a_time(
    server, page_at, screenshot, language, width
):
    page = page_at(width, 900)
    sign_in(page, server, language)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".notice").count() == 0  # a student's answers are kept
    assert page.locator("progress").count() == 1
    screenshot(page, f"quiz-start-{language}-{width}")
    questions = 0
    while page.locator("form[data-quiz-step] fieldset.question").count():
        questions += 1
        answer(page.locator("fieldset.question"))
        page.locator("form[data-quiz-step] button[type=submit]").click()
        # Checked in place: the feedback arrives without a page load and takes focus.
        feedback = page.locator(".feedback-now")
        feedback.wait_for()
        assert feedback.evaluate("e => document.activeElement === e")
        assert page.locator(".feedback-now .verdict").inner_text().strip()
        if questions < 10:  # the last question is the open reflection: nothing to explain
            assert page.locator(".feedback-now .explanation").count() == 1
        if questions == 1:
            assert page.locator(".feedback-now .answer__feedback").count() >= 1
            screenshot(page, f"quiz-feedback-{language}-{width}")
        page.locator("form[data-quiz-step] button[type=submit]").click()
        page.wait_for_load_state()
        page.wait_for_function(
            "() => document.querySelector('.feedback-now') === null"
            " || document.querySelector('.score') !== null"
        )
    assert questions == 10
    page.wait_for_url(re.compile(r"/attempts/[0-9a-f-]+/$"))
    assert page.locator(".score h1").inner_text().strip()
    assert page.locator(".result-question").count() == 10
    assert page.locator(".result-question .explanation").count() == 9
    if language == "ug":
        assert page.locator("html").get_attribute("dir") == "rtl"
        border = page.locator(".result-question").first.evaluate(
            "e => getComputedStyle(e).borderRightWidth"
        )
        assert border == "6px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"quiz-result-{language}-{width}")

    page.goto(f"{server}/{language}/modules/safe-migration/quiz/")
    assert page.locator(".previous li").count() >= 1


def test_a_visitor_takes_a_quiz_without_javascript(server, browser, screenshot):
    context = browser.new_context(viewport={"width": 360, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/zh-hans/modules/labour-rights/quiz/")
    fieldsets = page.locator("fieldset.question")
    count = fieldsets.count()
    assert count == 9 and fieldsets.nth(1).is_visible()  # all questions on one page
    # With one question unanswered the browser itself asks for it (the server
    # would too, keeping the other answers; see tests/quizzes).
    for n in range(1, count):
        answer(fieldsets.nth(n))
    page.locator(".quiz-form__submit button").click()
    assert page.locator(".score").count() == 0
    assert page.locator("fieldset.question").first.locator("input:invalid").count() >= 1
    answer(page.locator("fieldset.question").first)
    page.locator(".quiz-form__submit button").click()
    page.wait_for_load_state()
    assert page.locator(".score").count() == 1
    assert page.locator(".result-question").count() == 9
    assert page.locator(".score .notice").count() == 1  # practice: nothing stored
    screenshot(page, "quiz-result-zh-hans-360-nojs")
    context.close()


def test_with_javascript_a_long_quiz_shows_one_question_at_a_time(server, page_at, screenshot):
    page = page_at(1280, 900)
    page.goto(f"{server}/en/modules/labour-rights/quiz/")
    visible = page.locator("fieldset.question:visible")
    assert visible.count() == 1
    submit = page.locator(".quiz-form__submit")
    assert not submit.is_visible()
    page.get_by_role("button", name="Next question").click()
    assert page.get_by_role("alert").inner_text() == "Answer this question before you go on."
    for n in range(9):
        answer(page.locator("fieldset.question:visible"))
        if n < 8:
            page.get_by_role("button", name="Next question").click()
            assert page.locator(".progress-label").inner_text() == f"Question {n + 2} of 9"
    screenshot(page, "quiz-steps-en-1280")
    page.get_by_role("button", name="Previous question").click()
    assert page.locator(".progress-label").inner_text() == "Question 8 of 9"
    page.get_by_role("button", name="Next question").click()
    submit.locator("button").click()
    page.wait_for_load_state()
    assert page.locator(".result-question").count() == 9
    screenshot(page, "quiz-result-en-1280")
