"""The starter curriculum as people see it: the young children's module and re-cast
stories on a small phone in every shipped language, and each module's peer-leader
guide on one printed page."""

import re

import pytest

from tests.e2e.pictures import assert_pictures_load
from tests.e2e.test_present import A4_WIDTH_PX, pdf_of, sign_in_teacher
from tests.e2e.test_sign_in_layout import assert_fits

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "zh-hans", "ug"]
MODULES = [
    "safe-migration",
    "labour-rights",
    "hiv-and-health",
    "drugs",
    "safe-city-living",
    "feelings-and-help",
    "growing-up",
    "keeping-safe",
]


def step_links(page, server, language, module):
    page.goto(f"{server}/{language}/modules/{module}/")
    return [a.get_attribute("href") for a in page.locator(".step a").all()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_young_childrens_module_fits_a_small_phone(server, page_at, screenshot, language):
    for width in (320, 360):
        page = page_at(width, 740)
        links = step_links(page, server, language, "keeping-safe")
        assert len(links) >= 4  # lessons and the quiz
        assert_fits(page, width, "the young children's module")
        if width == 360:
            screenshot(page, f"keeping-safe-module-{language}-{width}")
        for number, link in enumerate(links, 1):
            page.goto(f"{server}{link}")
            assert page.locator("h1").is_visible()
            assert_pictures_load(page)
            assert_fits(page, width, link)
            if width == 360:
                screenshot(page, f"keeping-safe-{number}-{language}-{width}")
        # The quiz is of pictures: every question shows one.
        quiz = links[-1]
        page.goto(f"{server}{quiz}")
        questions = page.locator(".question")
        if questions.count():
            assert page.locator(".question img").count() >= 1
        page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_recast_stories_fit_a_small_phone(server, page_at, screenshot, language):
    page = page_at(360, 780)
    for module, index in (("safe-migration", 0), ("hiv-and-health", 2)):
        link = step_links(page, server, language, module)[index]
        page.goto(f"{server}{link}")
        assert page.locator(".block-story, .story").first.is_visible()
        assert_fits(page, 360, link)
        screenshot(page, f"story-{module}-{index + 1}-{language}-360")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_peer_leader_guide_prints_on_one_page(server, browser, language):
    context = browser.new_context(
        viewport={"width": A4_WIDTH_PX - 110, "height": 1000}, service_workers="block"
    )
    page = context.new_page()
    sign_in_teacher(page, server, language)
    expected_dir = "rtl" if language == "ug" else "ltr"
    for module in MODULES:
        page.goto(f"{server}/{language}/modules/{module}/")
        guide = page.locator("a[href*='/peer-guide/']").first.get_attribute("href")
        assert re.search(r"/print/modules/\d+/peer-guide/$", guide)
        pages, text, overflow, direction = pdf_of(page, f"{server}{guide}")
        assert pages == 1, f"{module} {language}: the peer-leader guide takes {pages} pages"
        assert overflow == 0, f"{module} {language}: cut at the page edge"
        assert direction == expected_dir
        assert "110" in text
    context.close()
