"""Present mode on a projector, the presenter view, and printed plans, handouts and guides."""

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


def sign_in_teacher(page, server, language="en"):
    page.goto(f"{server}/{language}/accounts/login/")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "lifeskills-teacher")
    # Wait for the signed-in page itself: a goto() racing the sign-in POST
    # can be cancelled by it.
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


def counter(page):
    return page.locator(".present-counter").inner_text()


@pytest.mark.parametrize(
    ("language", "forward", "back"),
    [("en", "ArrowRight", "ArrowLeft"), ("ug", "ArrowLeft", "ArrowRight")],
)
def test_present_mode_with_the_keyboard_and_a_presenter_view(
    server, browser, screenshot, language, forward, back
):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    sign_in_teacher(page, server, language)
    page.goto(f"{server}/{language}/modules/safe-migration/")
    page.locator(".step a").first.click()
    page.wait_for_load_state()
    lesson_url = page.url
    # The teacher sees the notes on the normal page...
    assert page.locator('[data-kind="teacher_note"]').first.is_visible()
    page.locator(".present-tools .button").first.click()
    total = int(counter(page).split("/")[1])
    assert counter(page).startswith("1 /") and total >= 6
    # ...but never on the projected screen, whatever part is shown.
    for _ in range(total):
        assert page.locator('[data-kind="teacher_note"]:visible').count() == 0
        assert page.locator(".site-header").is_hidden()
        page.keyboard.press(forward)
    assert counter(page) == f"{total} / {total}"
    assert page.locator("[data-end]").is_visible()  # the last part ends the lesson
    screenshot(page, f"present-end-{language}-1280")
    page.keyboard.press("Home")
    page.keyboard.press("PageDown")  # a presentation clicker
    page.keyboard.press(" ")
    assert counter(page).startswith("3 /")
    page.keyboard.press("PageUp")
    page.keyboard.press(back)
    assert counter(page).startswith("1 /")
    page.locator(".present-next").click()  # the on-screen button
    assert counter(page).startswith("2 /")
    screenshot(page, f"present-{language}-1280")

    # The presenter view, in a second window, shows the notes and keeps in step.
    presenter = context.new_page()
    presenter.goto(lesson_url + "?presenter=1")
    assert presenter.locator(".presenter-notes").is_visible()
    presenter.locator(".present-next").click()
    page.wait_for_function(
        "() => document.querySelector('.present-counter').textContent.startsWith('2 /')"
    )
    presenter.locator(".present-next").click()
    page.wait_for_function(
        "() => document.querySelector('.present-counter').textContent.startsWith('3 /')"
    )
    page.keyboard.press("Home")
    presenter.wait_for_function(
        "() => document.querySelector('.present-counter').textContent.startsWith('1 /')"
    )
    assert presenter.locator(".presenter-notes .block-teacher").count() >= 1
    screenshot(presenter, f"presenter-view-{language}-1280")
    context.close()


def test_an_activity_part_has_a_timer(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.clock.install()
    page.goto(f"{server}/en/modules/safe-migration/")
    page.locator(".step a").first.click()
    page.locator(".present-tools .button").first.click()
    while not page.locator(".present-timer").is_visible():
        page.keyboard.press("ArrowRight")
    assert page.locator('.lesson-block.is-current[data-kind="activity"]').count() == 1
    start = page.locator(".present-timer__time").inner_text()
    page.locator(".present-timer button").first.click()
    page.clock.run_for(65_000)
    assert page.locator(".present-timer__time").inner_text() != start
    page.keyboard.press("ArrowRight")
    assert not page.locator(".present-timer").is_visible()
    context.close()


def pdf_of(page, url):
    page.goto(url)
    page.emulate_media(media="print")
    # Nothing may stick out past the printable width (A4 less the page margins).
    overflow = page.evaluate(
        """() => Array.from(document.querySelectorAll('main *')).filter(e => {
             const r = e.getBoundingClientRect();
             return r.width && (r.right > document.documentElement.clientWidth + 1 || r.left < -1);
           }).length"""
    )
    direction = page.locator("html").get_attribute("dir")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    # NFKC undoes the ligatures ("ﬃ") that PDF text extraction keeps.
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))
    return len(reader.pages), text, overflow, direction


@pytest.mark.parametrize(
    ("language", "sample"),
    [("en", "trafficking"), ("zh-hans", "拐卖"), ("ug", "ئادەم")],
)
def test_printed_plan_handout_and_guide(server, browser, language, sample):
    # Printing has nothing to do with the service worker, which the module page
    # installs and which then takes over navigations: twice in CI a click on a
    # lesson link here waited 30 s for a navigation that never started while
    # it did (Playwright's experimental service-worker routing is on for the
    # offline tests). The offline tests cover the service worker.
    context = browser.new_context(
        viewport={"width": A4_WIDTH_PX - 110, "height": 1000}, service_workers="block"
    )
    page = context.new_page()
    sign_in_teacher(page, server, language)
    page.goto(f"{server}/{language}/modules/safe-migration/")
    with page.expect_navigation():
        page.locator(".step a").first.click()
    lesson_id = page.locator("article.lesson").get_attribute("data-lesson")
    module_id = re.search(r"/modules/(\d+)/guide/", page.content()).group(1)
    base = f"{server}/{language}/print"
    expected_dir = "rtl" if language == "ug" else "ltr"
    for name, url, low, high in (
        ("handout", f"{base}/lessons/{lesson_id}/handout/", 1, 1),
        ("plan", f"{base}/lessons/{lesson_id}/plan/", 1, 5),
        ("guide", f"{base}/modules/{module_id}/guide/", 4, 20),
    ):
        pages, text, overflow, direction = pdf_of(page, url)
        assert low <= pages <= high, f"{name} {language}: {pages} pages"
        assert overflow == 0, f"{name} {language}: {overflow} elements cut at the page edge"
        assert direction == expected_dir
        assert sample in text, f"{name} {language}: text missing from the PDF"
        if name == "guide":
            assert "110" in text
    context.close()
