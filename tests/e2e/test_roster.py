"""A teacher manages a class list on a phone: adds children in the short form, is warned of
a name already on the list, renames, moves and takes a child off, and sets due dates."""

import re

import pytest

pytestmark = pytest.mark.browser


def fits(page, path=None):
    """The page has no sideways scroll at 320 and 360 px."""
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 780})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{path or page.url} scrolls sideways at {width} px ({wide})"


def create_class(page, server, name):
    page.goto(f"{server}/en/teach/")
    page.fill("#id_name", name)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/students/add/$"))
    return page.url.rsplit("/students/add/", 1)[0] + "/"


def test_a_teacher_manages_the_class_list_on_a_phone(server, page_at, screenshot):
    page = page_at(360, 780)
    page.goto(f"{server}/zh-hans/accounts/login/")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "lifeskills-teacher")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{server}/zh-hans/teach/")  # My classes, not the children's home page
    fits(page)

    other_class = create_class(page, server, "Class 5C")
    class_url = create_class(page, server, "Class 5B")
    fits(page)
    page.fill("#id_names", "王小明 2013 男\nئايگۈل 2014 قىز\nMei Ling 2014 girl")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the children").click()
    page.wait_for_url(re.compile(r"/cards/$"))
    assert page.locator(".card-signin").count() == 3

    # A name already on the list: a warning to confirm, then added.
    page.goto(class_url + "students/add/")
    page.fill("#id_names", "王小明 2012 男")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the children").click()
    assert "王小明" in page.locator(".form-error").inner_text()
    fits(page)
    page.check("#id_same_names_ok")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the children").click()
    page.wait_for_url(re.compile(r"/cards/$"))
    assert page.locator(".card-signin").count() == 4

    # The list shows before any module is assigned.
    page.goto(class_url)
    children = page.locator(".roster__child")
    assert children.count() == 4

    # Rename one of the two 王小明.
    first = children.filter(has_text="王小明").first
    first.locator("summary").click()
    first.locator("input[name=name]").fill("王小明 B")
    with page.expect_navigation():
        first.get_by_role("button", name="Rename").click()
    assert page.locator(".roster__name", has_text="王小明 B").count() == 1

    # Move Mei Ling to the other class.
    mei = page.locator(".roster__child", has_text="Mei Ling")
    mei.locator("summary").click()
    mei.locator("select[name=to]").select_option(label="Class 5C")
    with page.expect_navigation():
        mei.get_by_role("button", name="Move").click()
    assert page.locator(".roster__child", has_text="Mei Ling").count() == 0

    # Take ئايگۈل off the list, after being asked.
    gul = page.locator(".roster__child", has_text="ئايگۈل")
    gul.locator("summary").click()
    with page.expect_navigation():
        gul.get_by_role("link", name="Take off the class list").click()
    fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Take off the class list").click()
    assert page.locator(".roster__child").count() == 2

    # A module with a due date, changed on the class page.
    page.select_option("#id_module", index=1)
    page.fill("#id_due_date", "2027-01-10")
    with page.expect_navigation():
        page.get_by_role("button", name="Assign", exact=True).click()
    page.fill("input[id^=due-]", "2027-01-20")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert page.locator("input[id^=due-]").input_value() == "2027-01-20"

    page.goto(other_class)
    assert page.locator(".roster__child", has_text="Mei Ling").count() == 1

    for language in ("zh-hans", "ug"):
        page.goto(f"{server}/{language}" + class_url.split(server, 1)[1][3:])
        page.locator(".roster__child summary").first.click()
        fits(page)
        page.set_viewport_size({"width": 360, "height": 780})
        page.locator("#children").scroll_into_view_if_needed()
        screenshot(page, f"class-roster-{language}-360")
        change = page.locator(".roster__child .roster__name").first.get_attribute("href")
        page.goto(f"{server}{change}change/")
        fits(page)
