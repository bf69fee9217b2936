"""A child's page for their teacher, on a phone: each attempt names the language it was taken in."""

import re

import pytest

from tests.e2e.test_present import sign_in_teacher
from tests.e2e.test_sign_in_layout import OUTSIDE

# A wide table scrolls inside its own region (.table-wrap); the rest of the page must fit.
OUTSIDE_TABLES = OUTSIDE.replace(
    "if (!e.childElementCount",
    "if (e.closest('.table-wrap')) return false;\n    if (!e.childElementCount",
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_a_childs_page_shows_each_attempts_language_and_fits_a_phone(
    server, page_at, screenshot, language
):
    for width in (320, 360):
        page = page_at(width, 800)
        # A teacher's page in Uyghur loads its fonts before "load": slow on a busy test machine.
        page.set_default_navigation_timeout(90_000)
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
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(OUTSIDE_TABLES, width) == [], f"{language} at {width} px"
        assert page.locator(".attempt-language").first.bounding_box()["x"] >= 0
        page.locator(".attempts").first.scroll_into_view_if_needed()
        screenshot(page, f"teacher-child-page-{language}-{width}")
