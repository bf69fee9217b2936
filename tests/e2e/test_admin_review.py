"""An editor changes a lesson in the Wagtail admin; it goes live only once a moderator approves."""

import pytest

pytestmark = pytest.mark.browser

LESSON = "/en/modules/drugs/drugs-and-the-growing-brain/"
NEW_TITLE = "What drugs do to a growing brain (reviewed)"


def sign_in(page_at, server, username):
    page = page_at(1280, 900)
    page.goto(f"{server}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"lifeskills-{username}")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/admin/")
    return page


def edit_url(page, server):
    page.goto(f"{server}{LESSON}")
    href = page.locator("a[href*='/admin/pages/'][href$='/edit/']").first.get_attribute("href")
    return f"{server}/admin/{href.split('/admin/', 1)[1]}"


def test_edit_submit_approve_publish(server, page_at, screenshot):
    editor = sign_in(page_at, server, "editor")
    url = edit_url(editor, server)
    editor.goto(url)
    old_title = editor.input_value("#id_title")
    editor.fill("#id_title", NEW_TITLE)
    editor.get_by_role("button", name="More actions").click()
    # An editor has no publish button: only the review workflow.
    assert editor.get_by_role("button", name="Publish").count() == 0
    editor.get_by_role("button", name="Submit to Curriculum review").click()
    assert "submitted for moderation" in editor.locator(".messages").inner_text()

    visitor = page_at(360, 780)
    visitor.goto(f"{server}{LESSON}")
    assert visitor.locator("h1").inner_text() == old_title

    moderator = sign_in(page_at, server, "moderator")
    moderator.goto(url)
    moderator.get_by_role("button", name="More actions").click()
    screenshot(moderator, "admin-moderator-review-1280")
    moderator.get_by_role("button", name="Approve and Publish").click()
    moderator.wait_for_load_state()
    assert "has been updated" in moderator.locator(".messages").inner_text()

    visitor.goto(f"{server}{LESSON}")
    assert visitor.locator("h1").inner_text() == NEW_TITLE
