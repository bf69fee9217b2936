"""A child's page for their teacher, on a phone: each attempt names the language it was taken in."""

import re

import pytest

from tests.e2e.layout import assert_fits
from tests.e2e.test_present import sign_in_teacher

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_a_childs_page_shows_each_attempts_language_and_fits_a_phone(
    server, page_at, screenshot, language
):
    for width in (320, 360):
        page = page_at(width, 800)
        sign_in_teacher(page, server, language)
        page.goto(f"{server}/{language}/teach/")
        # Followed by address rather than clicked: the links are what is tested elsewhere.
        page.goto(server + page.locator("a[href*='/teach/classes/']").first.get_attribute("href"))
        # Gulnar failed the first module's quiz twice (the demo class's story).
        child = page.locator("a", has_text="Gulnar").first.get_attribute("href")
        assert re.search(r"/students/\d+/$", child)
        page.goto(server + child)
        labels = page.locator(".attempt-language bdi[lang=en]")
        assert labels.count() == 2
        assert labels.first.inner_text() == "English"
        # A wide table scrolls inside its own region; the rest of the page fits.
        assert_fits(page, width, f"a child's page in {language}")
        assert page.locator(".attempt-language").first.bounding_box()["x"] >= 0
        page.locator(".attempts").first.scroll_into_view_if_needed()
        screenshot(page, f"teacher-child-page-{language}-{width}")
