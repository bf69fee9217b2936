"""A child's whole journey with JavaScript switched off, on a phone, in English and Uyghur.

Every step is a plain link or a form the server answers: the class code, the
child's name, the pictures one tap at a time, a lesson and its "finished"
button, a quiz one question at a time (each answer checked by the server) and
a quiz with all its questions on one page, and the result with its score.
The teacher who sets up the class also works without JavaScript.
"""

import re

import pytest

from .test_quiz import answer

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
# One child per language, so that each walks the journey from the start.
CHILDREN = {"en": "Nurgul", "ug": "Erkin"}
# The starter modules whose quizzes show one question at a time, and all on one page.
ONE_AT_A_TIME = "Safe migration and human trafficking"
ALL_ON_ONE_PAGE = "Labour rights and the law (China)"


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture(scope="module")
def new_class(server, browser):
    """A class with one child per language and both quizzes' modules, set up without JavaScript.

    Returns the class code and each child's pictures (their file names).
    """
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{server}/en/accounts/login/")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "lifeskills-teacher")
    page.locator("form.form button[type=submit]").click()
    page.goto(f"{server}/en/teach/")
    page.select_option("#id_school", label="Hope Primary School (demo)")
    page.fill("#id_name", "Class 6 No Script")
    page.get_by_role("button", name="Create the class").click()
    page.wait_for_url(re.compile(r"/students/add/$"))
    page.fill("#id_names", "\n".join(CHILDREN.values()))
    page.get_by_role("button", name="Add the children").click()
    page.wait_for_url(re.compile(r"/cards/$"))
    pictures = {}
    for name in CHILDREN.values():
        card = page.locator(".card-signin").filter(has_text=name)
        code = card.locator(".code").first.inner_text().strip()
        sources = [img.get_attribute("src") for img in card.locator("img").all()]
        pictures[name] = [re.search(r"/(\w+)\.svg$", src).group(1) for src in sources]
    page.locator(".breadcrumbs a").nth(1).click()
    for module in (ONE_AT_A_TIME, ALL_ON_ONE_PAGE):
        option = page.locator("#id_module option", has_text=module).first
        page.select_option("#id_module", value=option.get_attribute("value"))
        with page.expect_navigation():
            page.get_by_role("button", name="Assign").click()
    context.close()
    return code, pictures


def sign_in(page, server, language, code, name, pictures, screenshot):
    page.goto(f"{server}/{language}/")
    page.locator(".site-nav a[href$='/join/']").click()
    page.fill("#id_code", code.lower())
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    page.locator(".names__link", has_text=name).click()
    page.wait_for_url(re.compile(rf"/{language}/join/{code}/\d+/$"))
    no_sideways_scroll(page)
    screenshot(page, f"no-js-1-pictures-{language}-360")
    for number, picture in enumerate(pictures, start=1):
        with page.expect_navigation():
            page.locator(f"button.picture[value={picture}]").click()
        if number < len(pictures):
            # The server keeps the pictures tapped so far and shows one more dot.
            assert page.locator(".dot--on").count() == number
            if number == 2:
                screenshot(page, f"no-js-2-two-pictures-{language}-360")
    page.wait_for_url(re.compile(rf"/{language}/my/$"))


def my_module(page, slug):
    return page.locator(".my-module").filter(has=page.locator(f"h2 a[href*='/{slug}/']"))


def module_figures(page, slug):
    """The steps done of a module on My modules, e.g. "1/5 · 20%"."""
    return my_module(page, slug).locator(".cell__figures").inner_text().strip()


def read_lessons_to_the_quiz(page, language):
    """Finish each lesson of a module in turn, from its first, until the quiz is reached."""
    lessons = 0
    while page.locator("form.lesson-done button").count():
        lessons += 1
        assert page.locator("article.lesson h1").inner_text().strip()
        no_sideways_scroll(page)
        with page.expect_navigation():
            page.locator("form.lesson-done button").click()
        # Well done, then on to the next step: the next lesson, then the quiz.
        with page.expect_navigation():
            page.locator(".well-done a.button").click()
    assert re.search(rf"/{language}/modules/[\w-]+/quiz/$", page.url)
    return lessons


def result_percent(page, language):
    page.wait_for_url(re.compile(rf"/{language}/quizzes/\d+/attempts/"))
    assert page.locator(".score h1").inner_text().strip()
    percent = page.locator(".score__percent").inner_text().strip()
    assert re.fullmatch(r"\d+%", percent)
    no_sideways_scroll(page)
    return percent


@pytest.mark.parametrize("language", ["en", "ug"])
def test_a_child_signs_in_reads_and_takes_both_kinds_of_quiz_without_javascript(
    server, browser, new_class, screenshot, language
):
    code, pictures = new_class
    name = CHILDREN[language]
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()

    # Signed in: the child's own modules, both not started.
    sign_in(page, server, language, code, name, pictures[name], screenshot)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("form[action$='/accounts/logout/']").count() == 1
    assert page.locator(".my-module").count() == 2
    assert module_figures(page, "safe-migration") == "0/5"
    screenshot(page, f"no-js-3-my-modules-{language}-360")

    # A lesson, read and finished: My modules counts it.
    my_module(page, "safe-migration").locator("a.button").click()
    assert re.search(rf"/{language}/modules/safe-migration/[\w-]+/$", page.url)
    screenshot(page, f"no-js-4-lesson-{language}-360")
    with page.expect_navigation():
        page.locator("form.lesson-done button").click()
    assert re.search(rf"/{language}/my/lessons/\d+/finished/$", page.url)
    well_done = page.url
    page.goto(f"{server}/{language}/my/")
    assert module_figures(page, "safe-migration").startswith("1/5")
    page.goto(well_done)
    with page.expect_navigation():
        page.locator(".well-done a.button").click()
    assert read_lessons_to_the_quiz(page, language) == 3

    # One question at a time: each answer is checked by the server, then the next one.
    assert page.locator("form[data-quiz-step]").count() == 1
    screenshot(page, f"no-js-5-quiz-question-{language}-360")
    questions = 0
    while page.locator("form[data-quiz-step] fieldset.question").count():
        questions += 1
        answer(page.locator("fieldset.question"))
        with page.expect_navigation():
            page.locator("form[data-quiz-step] button[type=submit]").click()
        assert page.locator(".feedback-now .verdict").inner_text().strip()
        if questions == 1:
            screenshot(page, f"no-js-6-quiz-feedback-{language}-360")
        with page.expect_navigation():
            page.locator("form[data-quiz-step] button[type=submit]").click()
    assert questions == 10
    percent = result_percent(page, language)
    screenshot(page, f"no-js-7-quiz-result-{language}-360")
    page.goto(f"{server}/{language}/my/")
    # The lessons are done; the quiz counts as a step once passed, and its score shows.
    figures = module_figures(page, "safe-migration")
    assert figures.startswith("4/5") or figures.startswith("5/5")
    assert percent in figures

    # All questions on one page, sent at once.
    my_module(page, "labour-rights").locator("a.button").click()
    assert read_lessons_to_the_quiz(page, language) == 3
    form = page.locator("form[data-quiz-all]")
    assert form.count() == 1
    for question in form.locator("fieldset.question").all():
        answer(question)
    screenshot(page, f"no-js-8-quiz-all-{language}-360")
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    percent = result_percent(page, language)
    screenshot(page, f"no-js-9-quiz-all-result-{language}-360")
    page.goto(f"{server}/{language}/my/")
    figures = module_figures(page, "labour-rights")
    assert figures.startswith("3/4") or figures.startswith("4/4")
    assert percent in figures
    context.close()


def answer_with(status, html):
    """A route handler answering with this page, as the server would."""
    return lambda route: route.fulfill(
        status=status, body=html, content_type="text/html; charset=utf-8"
    )


def assert_fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in (
        page.locator("main h1").bounding_box(),
        page.locator("main .actions").bounding_box(),
    ):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", [320, 360])
def test_the_error_pages_fit_a_phone_and_lead_back(server, browser, new_class, screenshot, width):
    from django.test import RequestFactory

    from lifeskills.errors import server_error

    code, pictures = new_class
    name = CHILDREN["ug"]
    context = browser.new_context(
        viewport={"width": width, "height": 780}, java_script_enabled=False
    )
    page = context.new_page()
    for language in ("en", "zh-hans", "ug"):
        # A sign-in page kept open while its cookies were lost: the form is refused.
        page.goto(f"{server}/{language}/join/{code}/")
        page.locator(".names__link", has_text=name).click()
        pictures_page = page.url
        context.clear_cookies()
        with page.expect_response(lambda response: response.request.method == "POST") as sent:
            page.locator(f"button.picture[value={pictures[name][0]}]").click()
        assert sent.value.status == 403
        assert page.locator("html").get_attribute("lang") == language
        assert_fits(page, width)
        screenshot(page, f"error-csrf-{language}-{width}")
        # Back to the pictures, which now work.
        with page.expect_navigation():
            page.locator("main .actions a.button").first.click()
        assert page.url == pictures_page
    for picture in pictures[name]:
        with page.expect_navigation():
            page.locator(f"button.picture[value={picture}]").click()
    page.wait_for_url(re.compile(r"/ug/my/$"))

    for language in ("en", "zh-hans", "ug"):
        # A teacher's page, refused to a child, who is offered her own modules.
        response = page.goto(f"{server}/{language}/teach/")
        assert response.status == 403
        assert page.locator("main .actions a.button").first.get_attribute("href") == (
            f"/{language}/my/"
        )
        assert_fits(page, width)
        screenshot(page, f"error-403-{language}-{width}")
        response = page.goto(f"{server}/{language}/no-such-page/")
        assert response.status == 404
        assert_fits(page, width)
        screenshot(page, f"error-404-{language}-{width}")
        # The 500 page as the server would send it, with the site's own stylesheet.
        broken = f"{server}/{language}/broken/"
        html = server_error(RequestFactory().get(f"/{language}/broken/")).content
        page.route(broken, answer_with(500, html))
        response = page.goto(broken)
        assert response.status == 500
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ug" else "ltr")
        assert_fits(page, width)
        screenshot(page, f"error-500-{language}-{width}")
    context.close()
