"""Every kind of page fits a child's phone, 320 and 360 px wide, in every shipped
language: what a visitor reads, every kind of question in both ways a quiz is
taken, the result, a child's own pages, the teacher's and coordinator's pages, and
the error pages. One assertion per language lists every page that does not fit."""

import re

import pytest

from .conftest import SCREENSHOTS
from .layout import LANGUAGES, Survey
from .test_quiz import answer as answer_plainly

pytestmark = [pytest.mark.browser, pytest.mark.screen_geometry]

KINDS = {
    "single",
    "multiple",
    "true_false",
    "scenario",
    "matching",
    "ordering",
    "short",
    "reflection",
}
KIND = """e => [...e.classList].filter(c => c.startsWith('question--') && c !== 'question--error')
    .map(c => c.slice('question--'.length))[0]"""
# What a child might paste as an answer: one long word, which the feedback and the
# result show again.
PASTED = "https://example.org/" + "helplinesforchildren" * 4


def answer(fieldset):
    """Answer a question of any kind, typing the pasted address where there is typing."""
    answer_plainly(fieldset)
    typed = fieldset.locator("input[type=text], textarea")
    if typed.count():
        typed.first.fill(PASTED)


LONGEST = """all => all.forEach(select => {
  const longer = (a, b) => (b.text.length > a.text.length ? b : a);
  select.value = [...select.options].reduce(longer).value;
})"""

# Starter quizzes: the first two ask one question per screen, the others every
# question on one page. Between them they hold every kind in both ways.
# One at a time: module slug, the index of the question to start at and how many
# to take (None: all, and the result); the drugs quiz is there for its ordering.
ONE_AT_A_TIME = [("safe-migration", 0, None), ("drugs", 7, 1)]
ALL_ON_ONE_PAGE = ["labour-rights", "hiv-and-health"]
JUMP = """index => {
  const form = document.querySelector('form[data-quiz-step]');
  form.elements.index.value = index;
  const move = document.createElement('input');
  Object.assign(move, {type: 'hidden', name: 'move', value: 'show'});
  form.append(move);
  form.noValidate = true;  // the question on screen is skipped, not answered
  form.requestSubmit();
}"""


@pytest.fixture
def new_page(browser):
    contexts = []

    def open_page(survey, **options):
        # Service workers are blocked: they change no layout, and one installing
        # fetches every page it keeps from the same server the test is timing.
        context = browser.new_context(
            viewport={"width": survey.widths[0], "height": survey.height},
            service_workers="block",
            **options,
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in_staff(page, server, language, username):
    page.goto(f"{server}/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"lifeskills-{username}")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


def shoot(page, survey, screenshot, what):
    """A screenshot at the narrowest width, to look at."""
    width = min(survey.widths)
    page.set_viewport_size({"width": width, "height": survey.height})
    screenshot(page, f"layout-{what}-{survey.language}-{width}")


def visit(page, survey, url, what):
    page.goto(url)
    survey.check(page, what)


def take_one_at_a_time(page, survey, url, module, screenshot, start=0, count=None):
    """Every question of a one-per-screen quiz and its feedback, then the result;
    or ``count`` questions from the one at index ``start``, reached with the move
    to show a question that the quiz makes after a question's feedback.
    """
    page.goto(url)
    if start:
        page.evaluate(JUMP, start)
        page.locator(f"progress.progress[value='{start + 1}']").wait_for()
    seen = set()
    number = start
    while page.locator("form[data-quiz-step] fieldset.question").count():
        number += 1
        fieldset = page.locator("fieldset.question")
        kind = fieldset.evaluate(KIND)
        seen.add(kind)
        what = f"{module} quiz, question {number} ({kind}) alone"
        survey.check(page, what)
        answer(fieldset)
        if kind == "matching":  # answered: its selects show the long matches chosen
            shoot(page, survey, screenshot, "matching")
        page.locator("form[data-quiz-step] button[type=submit]").click()
        page.locator(".feedback-now").wait_for()
        survey.check(page, f"{what}: its feedback")
        if count is not None and number - start == count:
            return seen
        page.locator("form[data-quiz-step] button[type=submit]").click()
        page.wait_for_load_state()
        page.wait_for_function(
            "() => document.querySelector('.feedback-now') === null"
            " || document.querySelector('.score') !== null"
        )
    page.locator(".score").wait_for()
    survey.check(page, f"{module} quiz result (one at a time)")
    return seen


def take_all_on_one_page(page, survey, url, module, screenshot):
    """Every question of an all-on-one-page quiz on one page, as a phone without
    scripts shows them (with scripts they are stepped through one by one), then
    the result of submitting them all."""
    # Some quizzes draw a few questions of a larger pool: look for a draw with an
    # ordering question if the quiz has one.
    for _draw in range(12):
        page.goto(url)
        questions = page.locator("form[data-quiz-all] [data-question]")
        kinds = set(questions.evaluate_all(f"all => all.map({KIND})"))
        if "ordering" in kinds or module != "hiv-and-health":
            break
    survey.check(page, f"{module} quiz, all questions on one page")
    for n in range(questions.count()):
        answer(questions.nth(n))
    matching = page.locator("form[data-quiz-all] .question--matching").first
    if module == ALL_ON_ONE_PAGE[-1] and matching.count():
        # This quiz's matches are the longest: each select must narrow to the
        # screen, with the longest chosen too.
        matching.locator("select").evaluate_all(LONGEST)
        survey.check(page, f"{module} quiz, the longest matches chosen")
        width = min(survey.widths)
        page.set_viewport_size({"width": width, "height": survey.height})
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        matching.screenshot(path=SCREENSHOTS / f"layout-long-matches-{survey.language}-{width}.png")
    with page.expect_navigation():
        page.locator(".quiz-form__submit button").click()
    survey.check(page, f"{module} quiz result (all on one page)")
    if module == ALL_ON_ONE_PAGE[-1]:
        shoot(page, survey, screenshot, "result")
    return kinds


def visitor_pages(page, server, survey):
    """What anyone may read: home, modules, every module page and a lesson of each,
    help, offline pages, errors."""
    lang = f"{server}/{survey.language}"
    visit(page, survey, f"{lang}/", "home")
    visit(page, survey, f"{lang}/modules/", "module index")
    modules = page.locator("a.card__link").evaluate_all("all => all.map(a => a.href)")
    assert len(modules) >= 8
    lessons = []
    for url in modules:
        visit(page, survey, url, f"module {url.rstrip('/').rsplit('/', 1)[-1]}")
        # A module's first lesson: every module's lessons are written alike, and a
        # visit to each of them would double the time this test takes.
        steps = page.locator("a.step__link").evaluate_all("all => all.map(a => a.href)")
        lessons += [step for step in steps if not step.rstrip("/").endswith("/quiz")][:1]
    assert lessons
    for url in lessons:
        visit(page, survey, url, "lesson " + "/".join(url.rstrip("/").rsplit("/", 2)[-2:]))
    visit(page, survey, f"{lang}/help/", "help")
    visit(page, survey, f"{lang}/offline/", "offline")
    visit(page, survey, f"{lang}/offline/downloads/", "downloads")
    visit(page, survey, f"{lang}/accounts/login/", "staff sign-in")
    response = page.goto(f"{lang}/no-such-page/")
    assert response.status == 404
    survey.check(page, "404 page")


def quizzes(page, no_scripts, server, survey, screenshot):
    """Every kind of question in both ways a quiz is taken, with feedback and results."""
    lang = f"{server}/{survey.language}"
    one, all_ = set(), set()
    for module, start, count in ONE_AT_A_TIME:
        url = f"{lang}/modules/{module}/quiz/"
        one |= take_one_at_a_time(page, survey, url, module, screenshot, start, count)
    for module in ALL_ON_ONE_PAGE:
        url = f"{lang}/modules/{module}/quiz/"
        visit(page, survey, url, f"{module} quiz, stepped through with scripts")
        all_ |= take_all_on_one_page(no_scripts, survey, url, module, screenshot)
    assert one == KINDS, f"one at a time, not seen: {KINDS - one}"
    assert all_ == KINDS, f"all on one page, not seen: {KINDS - all_}"


def child_pages(page, server, survey):
    """The child's way in (class code, names, pictures) and what a signed-in child sees."""
    lang = f"{server}/{survey.language}"
    visit(page, survey, f"{lang}/join/", "sign-in: class code")
    page.fill("input[name=code]", "LIFE5A")
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").first.click()
    survey.check(page, "sign-in: names")
    with page.expect_navigation():
        page.get_by_role("link", name="Mei").click()
    survey.check(page, "sign-in: pictures")
    for picture in ("sun", "fish", "star", "boat"):
        with page.expect_navigation():
            page.locator(f"button[name=pick][value={picture}]").click()
    page.wait_for_url(re.compile(rf"/{survey.language}/my/$"))
    survey.check(page, "my modules")
    visit(page, survey, f"{lang}/modules/safe-migration/quiz/", "a quiz with my attempts")
    with page.expect_navigation():
        page.locator(".previous a").first.click()
    survey.check(page, "my stored quiz result")
    visit(page, survey, f"{lang}/modules/safe-migration/", "a module page, for a child")
    with page.expect_navigation():
        page.locator("a.step__link").first.click()
    survey.check(page, "a lesson, for a child")
    response = page.goto(f"{lang}/teach/")
    assert response.status == 403
    survey.check(page, "403 page (a child opens the teacher area)")


def teacher_pages(page, server, survey):
    lang = f"{server}/{survey.language}"
    sign_in_staff(page, server, survey.language, "teacher")
    visit(page, survey, f"{lang}/teach/", "my classes")
    with page.expect_navigation():
        page.locator("a.class-list__link", has_text="Class 5A").click()
    survey.check(page, "class overview")
    overview = page.url
    links = {
        "a child's page": page.get_by_role("link", name="Mei", exact=True).first,
        "module detail": page.locator("a[href*='/teach/classes/'][href*='/modules/']").first,
    }
    urls = {what: link.get_attribute("href") for what, link in links.items()}
    for what, url in urls.items():
        visit(page, survey, f"{server}{url}", what)
        if what == "a child's page":
            attempt = page.locator("a[href*='/attempts/']").first
            delete = page.locator("a[href$='/delete/']").first.get_attribute("href")
            visit(page, survey, f"{server}{attempt.get_attribute('href')}", "a child's attempt")
            visit(page, survey, f"{server}{delete}", "deleting a child: are you sure?")
    for path, what in (
        ("students/add/", "add children"),
        ("cards/", "sign-in cards"),
        ("deliveries/", "lessons taught in class"),
    ):
        visit(page, survey, f"{overview}{path}", what)
    # A teacher's module and lesson pages carry the review notice and present mode.
    visit(page, survey, f"{lang}/modules/safe-migration/", "a module page, for a teacher")
    with page.expect_navigation():
        page.locator("a.step__link").first.click()
    survey.check(page, "a lesson, for a teacher")


def coordinator_pages(page, server, survey):
    lang = f"{server}/{survey.language}"
    sign_in_staff(page, server, survey.language, "coordinator")
    visit(page, survey, f"{lang}/reports/", "coordinator report")
    school = page.locator("a[href*='/reports/schools/']").first
    visit(page, survey, f"{server}{school.get_attribute('href')}", "a school's children")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_fits_a_small_phone(server, new_page, screenshot, language):
    survey = Survey(language)
    visitor = new_page(survey)
    visitor_pages(visitor, server, survey)
    quizzes(visitor, new_page(survey, java_script_enabled=False), server, survey, screenshot)
    child_pages(visitor, server, survey)  # the visitor signs in as a child
    teacher_pages(new_page(survey), server, survey)
    coordinator_pages(new_page(survey), server, survey)
    survey.assert_all_fit()
