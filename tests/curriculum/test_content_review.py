"""A local child-protection reviewer's check of each module, per language, and what it changes."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.roles import CHILD_PROTECTION_REVIEWERS
from curriculum.content_review import ReviewState, review_of, review_table
from curriculum.models import ModuleCheck

STARTER_NOTICE = "Starter content, to be reviewed by local child-protection experts before use."


@pytest.fixture
def safeguarding(db):
    return UserFactory(
        username="safe-guard",
        display_name="Ayşe K.",
        password=None,
        groups=[CHILD_PROTECTION_REVIEWERS],
    )


def guide(client, module):
    return client.get(reverse("lessons:guide", args=[module.pk])).content.decode()


def test_starter_modules_print_that_they_are_to_be_reviewed(client, teacher, english_module):
    client.force_login(teacher)
    assert STARTER_NOTICE in guide(client, english_module)
    assert STARTER_NOTICE in client.get(english_module.url).content.decode()
    lesson = english_module.get_children().live().first()
    plan = client.get(reverse("lessons:plan", args=[lesson.pk])).content.decode()
    assert STARTER_NOTICE in plan


def test_children_and_visitors_never_see_the_review_notice(client, student, english_module):
    assert STARTER_NOTICE not in client.get(english_module.url).content.decode()
    client.force_login(student)
    assert STARTER_NOTICE not in client.get(english_module.url).content.decode()


def test_a_reviewer_marks_a_module_checked_in_one_language(
    client, safeguarding, teacher, english_module, locales
):
    client.force_login(safeguarding)
    page = client.get(reverse("content_review")).content.decode()
    assert english_module.title in page and "Not checked yet" in page
    response = client.post(
        reverse("content_review"),
        {"module": english_module.pk, "action": "check", "note": "Read with the county team"},
    )
    assert response.status_code == 302
    check = ModuleCheck.objects.get()
    assert check.checked_by == safeguarding and check.note == "Read with the county team"
    assert review_of(english_module).state == ReviewState.CHECKED

    client.force_login(teacher)
    printed = guide(client, english_module)
    assert (
        STARTER_NOTICE not in printed and "Checked by a local child-protection reviewer" in printed
    )
    # The Chinese module is a separate check.
    chinese = english_module.get_translation(locales["zh-hans"])
    assert review_of(chinese).state == ReviewState.UNCHECKED
    assert STARTER_NOTICE in guide(client, chinese)


def test_publishing_the_module_again_asks_for_a_new_check(
    client, safeguarding, teacher, english_module, english_lesson
):
    client.force_login(safeguarding)
    client.post(reverse("content_review"), {"module": english_module.pk, "action": "check"})
    english_lesson.save_revision().publish()
    assert review_of(english_module).state == ReviewState.CHANGED
    client.force_login(teacher)
    printed = guide(client, english_module)
    assert STARTER_NOTICE in printed and "It has changed since it was last checked." in printed


def test_a_check_can_be_withdrawn(client, safeguarding, english_module):
    client.force_login(safeguarding)
    client.post(reverse("content_review"), {"module": english_module.pk, "action": "check"})
    client.post(reverse("content_review"), {"module": english_module.pk, "action": "withdraw"})
    assert not ModuleCheck.objects.exists()
    assert review_of(english_module).state == ReviewState.UNCHECKED


@pytest.mark.parametrize(
    "data",
    [
        {"module": "abc", "action": "check"},
        {"module": "99999999", "action": "check"},
        {"module": "1\x00", "action": "check"},
        {"action": "check"},
        {"module": "MODULE", "action": "publish"},
        {"module": "MODULE", "action": "check", "note": "x" * 501},
    ],
)
def test_bad_input_is_refused_and_saves_nothing(client, safeguarding, english_module, data):
    client.force_login(safeguarding)
    data = {k: str(english_module.pk) if v == "MODULE" else v for k, v in data.items()}
    response = client.post(reverse("content_review"), data)
    assert response.status_code == 400
    assert not ModuleCheck.objects.exists()


def test_who_may_mark_modules_checked(client, editor, moderator, translator, teacher, student):
    url = reverse("content_review")
    for user in (editor, moderator, translator):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
        client.post(url, {"module": "1", "action": "check"})
    for user in (teacher, student):
        client.force_login(user)
        assert client.get(url)["Location"].startswith("/admin/login/")
    assert not ModuleCheck.objects.exists()


def test_the_review_table_lists_every_module_in_every_language(locales):
    shown, rows = review_table()
    assert [locale.language_code for locale in shown][0] == "en"
    assert {locale.language_code for locale in shown} == set(locales)
    for _module, cells in rows:
        assert len(cells) == len(shown)
