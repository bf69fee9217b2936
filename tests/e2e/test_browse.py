"""A child browses: home page, Chinese, Uyghur, a lesson; at phone and projector widths."""

import re

import pytest

from tests.e2e.pictures import assert_pictures_load

pytestmark = pytest.mark.browser


def test_home_switch_languages_and_open_a_lesson(server, page_at, screenshot):
    page = page_at(360, 780)
    page.goto(f"{server}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".card").count() == 8
    screenshot(page, "home-en-360")

    page.get_by_role("link", name="简体中文").click()
    page.wait_for_url(re.compile(r"/zh-hans/$"))
    assert page.locator("h1").inner_text() == "生活技能"
    assert page.locator(".card").count() == 8
    screenshot(page, "home-zh-hans-360")

    page.get_by_role("link", name="ئۇيغۇرچە").click()
    page.wait_for_url(re.compile(r"/ug/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".card").count() == 8
    screenshot(page, "home-ug-360")

    page.locator(".card a").first.click()
    page.wait_for_url(re.compile(r"/ug/modules/safe-migration/$"))
    page.locator(".step a").first.click()
    page.wait_for_url(re.compile(r"/ug/modules/safe-migration/[a-z-]+/$"))
    assert page.locator(".block-key").count() >= 1
    assert page.locator(".block-teacher").count() == 0  # no teacher notes for a visitor
    # Right-to-left layout: the story's accent border sits on the right-hand side.
    story = page.locator(".block-story").first
    border = story.evaluate("e => getComputedStyle(e).borderRightWidth")
    assert border == "6px"
    screenshot(page, "lesson-ug-360")


@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
def test_pages_at_phone_and_projector_width(server, page_at, screenshot, language):
    page = page_at(1280, 900)
    page.goto(f"{server}/{language}/modules/safe-migration/")
    lesson_url = page.locator(".step a").first.get_attribute("href")
    for width, height in ((1280, 900), (360, 780)):
        page.set_viewport_size({"width": width, "height": height})
        for name, path in (
            ("home", f"/{language}/"),
            ("module", f"/{language}/modules/safe-migration/"),
            ("lesson", lesson_url),
            ("help", f"/{language}/help/"),
            ("quiz", f"/{language}/modules/safe-migration/quiz/"),
        ):
            page.goto(f"{server}{path}")
            assert page.locator("h1").is_visible()
            assert_pictures_load(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (
                f"{path} scrolls sideways at {width} px"
            )
            screenshot(page, f"{name}-{language}-{width}")
