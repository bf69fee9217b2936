"""A child's way in fits a small phone in every shipped language: the class code,
the list of names, the twelve pictures; and a staff sign-in paused for guessing
shows its page, not a cut-off one."""

import re

import pytest

from .layout import LANGUAGES, WIDTHS, assert_fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_childs_sign_in_fits_a_small_phone(server, page_at, screenshot, language):
    for width in WIDTHS:
        page = page_at(width, 740)
        page.goto(f"{server}/{language}/join/")
        assert_fits(page, width, "the class-code page")
        page.fill("input[name=code]", "LIFE5A")
        page.locator("form button[type=submit], form input[type=submit]").first.click()
        page.wait_for_url(re.compile(r"/join/LIFE5A/$"))
        assert_fits(page, width, "the list of names")
        page.get_by_role("link", name="Mei").click()
        page.wait_for_url(re.compile(r"/join/LIFE5A/\d+/$"))
        assert page.locator("button[name=pick]").count() == 12
        assert_fits(page, width, "the pictures")
        screenshot(page, f"sign-in-pictures-{language}-{width}")
        page.close()


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_a_paused_staff_sign_in_fits_a_phone(server, page_at, screenshot, language):
    page = page_at(360, 740)
    for _try in range(6):
        page.goto(f"{server}/{language}/accounts/login/")
        page.fill("input[name=username]", f"nobody-{language}")
        page.fill("input[name=password]", "not-the-password")
        page.locator("form button[type=submit]").first.click()
    assert page.locator("h1").is_visible()
    assert page.locator("input[name=password]").count() == 0  # the pause, not the form
    assert_fits(page, 360, "the paused sign-in page")
    screenshot(page, f"signing-in-paused-{language}-360")
