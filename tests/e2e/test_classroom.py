"""A teacher sets up a class, a child signs in with pictures and works, the teacher sees it."""

import re

import pytest

from .test_quiz import finish_quiz

pytestmark = pytest.mark.browser


def test_teacher_class_child_round_trip(server, browser, screenshot):
    teacher = browser.new_context(viewport={"width": 1280, "height": 900})
    page = teacher.new_page()
    page.goto(f"{server}/en/accounts/login/")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "lifeskills-teacher")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{server}/en/teach/")  # a teacher starts from My classes

    # A new class (at the teacher's school, already chosen), three children, a module.
    assert page.locator("#id_school option:checked").inner_text() == "Hope Primary School (demo)"
    page.fill("#id_name", "Class 6 Browser")
    page.get_by_role("button", name="Create the class").click()
    page.wait_for_url(re.compile(r"/students/add/$"))
    page.fill("#id_names", "Nurgul, 2013, girl\nWang Fang, 2014\nErkin")
    page.get_by_role("button", name="Add the children").click()
    page.wait_for_url(re.compile(r"/cards/$"))
    cards = page.locator(".card-signin")
    assert cards.count() == 3
    screenshot(page, "sign-in-cards-en-1280")
    nurgul = cards.filter(has_text="Nurgul")
    code = nurgul.locator(".code").first.inner_text().strip()
    pictures = [img.get_attribute("alt") for img in nurgul.locator("img").all()]
    assert len(pictures) == 4
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()  # cards print without the site around them
    page.emulate_media(media="screen")
    page.locator(".breadcrumbs a").nth(1).click()
    page.select_option("#id_module", label="Safe migration and human trafficking · Ages 10–13")
    with page.expect_navigation():
        page.get_by_role("button", name="Assign").click()
    assert page.locator(".grid tbody tr").count() == 3
    class_url = page.url

    # The child signs in on a phone with the pictures from the card.
    child = browser.new_context(viewport={"width": 360, "height": 780})
    phone = child.new_page()
    phone.goto(f"{server}/en/")
    phone.get_by_role("link", name="Sign in").click()
    phone.fill("#id_code", code.lower())
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("link", name="Nurgul").click()
    screenshot(phone, "sign-in-pictures-en-360")
    for name in pictures:
        with phone.expect_navigation():
            phone.locator(f"button.picture:has(img[alt='{name}'])").click()
    phone.wait_for_url(re.compile(r"/en/my/$"))
    assert phone.locator(".my-module").count() == 1
    screenshot(phone, "my-modules-en-360")
    phone.locator(".my-module .button").click()  # Start: the first lesson
    # The next lesson must have loaded before going on: a goto() racing the
    # form's redirect can be overtaken by it.
    with phone.expect_navigation():
        phone.get_by_role("button", name="I have finished this lesson").click()
    # Straight to the quiz.
    phone.goto(f"{server}/en/modules/safe-migration/quiz/")
    finish_quiz(phone)
    phone.wait_for_url(re.compile(r"/attempts/"))
    score = phone.locator(".score__percent").inner_text()

    # The teacher sees the child's progress, score and the difficult question.
    page.goto(class_url)
    row = page.locator(".grid tbody tr", has_text="Nurgul")
    assert score.rstrip("%") in row.inner_text()
    assert "1/5" in row.inner_text() or "2/5" in row.inner_text()  # four lessons and the quiz
    screenshot(page, "class-overview-en-1280")
    with page.expect_navigation():
        page.locator(".grid thead a").first.click()
    difficult = page.locator(".difficult__item").first
    assert "Nurgul" in difficult.inner_text()
    assert "Most chosen wrong answer" in difficult.inner_text()
    screenshot(page, "module-detail-en-1280")
    teacher.close()
    child.close()
