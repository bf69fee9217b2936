"""A Uyghur class meets a module not yet translated: the teacher assigns it from the Uyghur
interface, the child sees it in the class's fallback language, marked, on a phone; the
sign-in card's web address reads left to right inside the Uyghur card."""

import re

import pytest

from .conftest import SCREENSHOTS, server_manage
from .layout import assert_fits

pytestmark = pytest.mark.browser

UNTRANSLATED = "growing-up"  # no other browser test reads it in Uyghur

# The x of the first and last character of an element's text, as laid out.
CHARACTER_EDGES = """element => {
    const text = element.firstChild, range = document.createRange();
    range.setStart(text, 0); range.setEnd(text, 1);
    const first = range.getBoundingClientRect().left;
    range.setStart(text, text.length - 1); range.setEnd(text, text.length);
    return [first, range.getBoundingClientRect().left];
}"""
STYLE = "(element, name) => getComputedStyle(element)[name]"


def sign_in_staff(page, server, username, password, path):
    page.goto(f"{server}/en/accounts/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))


# The other browser tests share the server and read every module in Uyghur.
REPUBLISH = """
from curriculum.models import ModulePage
page = ModulePage.objects.get(pk={pk})
page.get_latest_revision().publish()
"""


def withdraw_uyghur_translation(browser, server):
    """An operator takes the Uyghur copy of a module down, as if it were still in review;
    returns the page's id."""
    context = browser.new_context()
    page = context.new_page()
    sign_in_staff(page, server, "admin", "lifeskills-admin", f"/ug/modules/{UNTRANSLATED}/")
    module_id = re.search(r"/modules/(\d+)/guide/", page.content()).group(1)
    page.goto(f"{server}/admin/pages/{module_id}/unpublish/")
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").last.click()
    assert page.request.get(f"{server}/ug/modules/{UNTRANSLATED}/").status == 404
    context.close()
    return module_id


@pytest.fixture
def uyghur_copy_withdrawn(server, browser):
    module_id = withdraw_uyghur_translation(browser, server)
    yield
    server_manage("shell", "-c", REPUBLISH.format(pk=int(module_id)))


def test_a_uyghur_class_reads_an_untranslated_module_in_its_fallback_language(
    server, uyghur_copy_withdrawn, page_at, screenshot
):
    page = page_at(1280, 900)
    sign_in_staff(page, server, "teacher", "lifeskills-teacher", "/ug/teach/")

    # A class whose children read Chinese when a module is not in Uyghur.
    page.select_option("#id_school", label="Hope Primary School (demo)")
    page.fill("#id_name", "Class 6 Uyghur")
    page.select_option("#id_fallback_language", "zh-hans")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").first.click()
    page.fill("#id_names", "Aynur, 2013, girl")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/ug/teach/classes/\d+/cards/$"))

    # The card: the web address is isolated left to right inside the Uyghur card.
    card = page.locator(".card-signin").first
    address = card.locator(".web-address")
    assert address.get_attribute("dir") == "ltr"
    assert address.evaluate(STYLE, "direction") == "ltr"
    assert address.evaluate(STYLE, "unicodeBidi") == "isolate"
    assert address.inner_text().startswith("http://")
    first, last = address.evaluate(CHARACTER_EDGES)
    assert first < last, "the address runs right to left"
    assert card.locator(".code").first.evaluate(STYLE, "direction") == "ltr"
    code = card.locator(".code").first.inner_text().strip()
    pictures = [img.get_attribute("alt") for img in card.locator("img").all()]
    screenshot(page, "sign-in-cards-ug-1280")
    card.screenshot(path=str(SCREENSHOTS / "sign-in-card-ug.png"))

    # The teacher assigns the untranslated module from the Uyghur interface.
    page.locator(".breadcrumbs a").nth(1).click()
    page.wait_for_url(re.compile(r"/ug/teach/classes/\d+/$"))
    options = page.locator("#id_module option")
    assert options.count() == 9  # eight modules and the empty choice
    chinese = page.request.get(f"{server}/zh-hans/modules/{UNTRANSLATED}/").text()
    title = re.search(r"<h1[^>]*>(.*?)</h1>", chinese, re.S).group(1).strip()
    option = options.filter(has_text=title)
    page.select_option("#id_module", option.get_attribute("value"))
    with page.expect_navigation():
        page.locator("form[action$='/assign/'] button[type=submit]").click()
    assert page.locator(".grid thead th a").count() == 1

    # The child, on a phone, in Uyghur.
    phone = page_at(360, 780)
    phone.goto(f"{server}/ug/join/")
    phone.fill("#id_code", code)
    with phone.expect_navigation():
        phone.locator("form.form button[type=submit]").first.click()
    phone.get_by_role("link", name="Aynur").click()
    for name in pictures:
        with phone.expect_navigation():
            phone.locator(f"button.picture:has(img[alt='{name}'])").click()
    phone.wait_for_url(re.compile(r"/ug/my/$"))
    assert phone.locator("html").get_attribute("dir") == "rtl"
    item = phone.locator(".my-module")
    assert item.count() == 1
    heading = item.locator("h2 a")
    assert heading.get_attribute("lang") == "zh-hans" and heading.inner_text().strip() == title
    assert heading.get_attribute("href") == f"/zh-hans/modules/{UNTRANSLATED}/"
    assert heading.evaluate(STYLE, "unicodeBidi") == "isolate"
    assert item.locator(".in-language").first.is_visible()
    button = item.locator(".button--next")
    assert button.get_attribute("href").startswith(f"/zh-hans/modules/{UNTRANSLATED}/")
    assert button.evaluate(STYLE, "unicodeBidi") == "isolate"
    step_title = button.locator("bdi")
    assert step_title.get_attribute("dir") == "ltr"
    assert step_title.evaluate(STYLE, "unicodeBidi") == "isolate"
    # The button's words come first on the right, the arrow points the way the page reads.
    label = button.locator(".button__label")
    label_box, title_box = label.bounding_box(), step_title.bounding_box()
    assert label_box["y"] < title_box["y"]
    assert "\u2190" in label.evaluate("e => getComputedStyle(e, '::after').content")
    assert_fits(phone, 360, "my modules in Uyghur")
    screenshot(phone, "my-modules-ug-fallback-360")
    button.click()
    phone.wait_for_url(re.compile(rf"/zh-hans/modules/{UNTRANSLATED}/[a-z-]+/$"))
