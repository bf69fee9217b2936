"""Help lines go through the same review as pages: a changed number is a draft,
unseen by children on the help page and on kept lesson pages, until it is approved."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from wagtail.models import Locale, WorkflowState

from accounts.factories import UserFactory
from accounts.roles import TRANSLATION_REVIEWERS
from curriculum.editorial import TRANSLATION_WORKFLOW_NAME, WORKFLOW_NAME
from curriculum.factories import HelpLineFactory
from curriculum.models import HelpLine
from lessons.models import LessonPage
from lifeskills.platform.page_cache import GENERATION_KEY


@pytest.fixture(autouse=True)
def _kept_pages(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def translation_reviewer(db):
    return UserFactory(username="reviewer-r", groups=[TRANSLATION_REVIEWERS])


@pytest.fixture
def police():
    return HelpLine.objects.get(locale__language_code="en", number="110")


@pytest.fixture
def uyghur_police(police):
    return police.get_translation(Locale.objects.get(language_code="ug"))


def lesson_with_help_box(language):
    lessons = LessonPage.objects.live().filter(locale__language_code=language).order_by("path")
    return next(p for p in lessons if any(b.block_type == "get_help" for b in p.body))


def edit_url(line):
    return f"/admin/snippets/curriculum/helpline/edit/{line.pk}/"


def form_data(line, **changes):
    data = {
        "name": line.name,
        "number": line.number,
        "description": line.description,
        "sort_order": line.sort_order,
    }
    data.update(changes)
    return data


def shows(client, url, number):
    return f'href="tel:{number}"' in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["editor", "translator", "translation_reviewer"])
@pytest.mark.parametrize("action", [{}, {"action-publish": "publish"}])
def test_one_request_by_a_staff_member_changes_nothing_children_see(
    client, request, role, action, police
):
    user = request.getfixturevalue(role)
    lesson = lesson_with_help_box("en")
    visitor = client.__class__()
    assert shows(visitor, lesson.url, "110")  # now kept for visitors
    assert shows(visitor, "/en/help/", "110")

    client.force_login(user)
    response = client.post(edit_url(police), {**form_data(police, number="999"), **action})
    assert response.status_code in (200, 302)

    police.refresh_from_db()
    assert police.number == "110" and police.live
    for url in (lesson.url, "/en/help/"):
        assert shows(visitor, url, "110"), url
        assert not shows(visitor, url, "999"), url
    assert HelpLine.for_active_locale()[0].number == "110"


def test_a_draft_does_not_retire_kept_pages_publishing_does(editor, moderator, police):
    lesson = lesson_with_help_box("en")
    visitor = Client()
    visitor.get(lesson.url)
    generation = cache.get(GENERATION_KEY)
    police.number = "999"
    revision = police.save_revision(user=editor)
    assert cache.get(GENERATION_KEY) == generation
    revision.publish(user=moderator)
    assert cache.get(GENERATION_KEY) != generation
    assert shows(visitor, lesson.url, "999")


def test_an_english_change_goes_live_after_a_moderator_approves(
    client, editor, moderator, translation_reviewer, police
):
    lesson = lesson_with_help_box("en")
    visitor = client.__class__()
    assert shows(visitor, lesson.url, "110")
    client.force_login(editor)
    client.post(edit_url(police), {**form_data(police, number="999"), "action-submit": "submit"})
    police.refresh_from_db()
    state = police.current_workflow_state
    assert state is not None and state.workflow.name == WORKFLOW_NAME
    assert police.number == "110" and not shows(visitor, "/en/help/", "999")

    task_state = state.current_task_state
    task = task_state.task.specific
    # A translation reviewer does not review English lines.
    assert task.get_actions(police, translation_reviewer) == []
    task.on_action(task_state, moderator, "approve")

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    police.refresh_from_db()
    assert police.number == "999" and police.live
    assert shows(visitor, "/en/help/", "999")
    assert shows(visitor, lesson.url, "999")  # the kept copy was retired


def test_a_translators_draft_is_unseen_until_a_translation_reviewer_approves(
    client, translator, translation_reviewer, uyghur_police
):
    visitor = client.__class__()
    lesson = lesson_with_help_box("ug")
    original_name = uyghur_police.name
    assert original_name in visitor.get("/ug/help/").content.decode()
    client.force_login(translator)
    client.post(edit_url(uyghur_police), form_data(uyghur_police, name="Draft name"))
    uyghur_police.refresh_from_db()
    assert uyghur_police.has_unpublished_changes
    assert uyghur_police.get_latest_revision_as_object().name == "Draft name"
    for url in ("/ug/help/", lesson.url):
        html = visitor.get(url).content.decode()
        assert "Draft name" not in html and original_name in html, url

    client.post(
        edit_url(uyghur_police),
        {**form_data(uyghur_police, name="Draft name"), "action-submit": "s"},
    )
    state = uyghur_police.current_workflow_state
    assert state.workflow.name == TRANSLATION_WORKFLOW_NAME
    assert "Draft name" not in visitor.get("/ug/help/").content.decode()
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, translation_reviewer, "approve")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert "Draft name" in visitor.get("/ug/help/").content.decode()
    assert "Draft name" in visitor.get(lesson.url).content.decode()


def test_who_may_edit_and_publish_help_lines(
    editor, moderator, translator, translation_reviewer, teacher, police, uyghur_police
):
    for user in (editor, moderator, translator, translation_reviewer):
        assert user.has_perm("curriculum.change_helpline"), user.username
    assert not teacher.has_perm("curriculum.change_helpline")
    assert moderator.has_perm("curriculum.publish_helpline")
    for user in (editor, translator, translation_reviewer, teacher):
        assert not user.has_perm("curriculum.publish_helpline"), user.username
    assert police.may_be_published_by(moderator)
    assert uyghur_police.may_be_published_by(moderator)
    assert uyghur_police.may_be_published_by(translation_reviewer)
    assert not police.may_be_published_by(translation_reviewer)
    for user in (editor, translator):
        assert not uyghur_police.may_be_published_by(user)


def test_publishing_refused_below_a_reviewer(editor, translation_reviewer, police):
    police.number = "999"
    revision = police.save_revision(user=editor)
    for user in (editor, translation_reviewer):
        with pytest.raises(PermissionDenied):
            revision.publish(user=user)
    police.refresh_from_db()
    assert police.number == "110"


def test_a_moderator_publishes_from_the_editor(client, moderator, police):
    client.force_login(moderator)
    response = client.post(
        edit_url(police), {**form_data(police, number="999"), "action-publish": "publish"}
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.number == "999"
    assert shows(client.__class__(), "/en/help/", "999")


def test_every_help_line_is_published_with_a_first_revision(db):
    lines = HelpLine.objects.all()
    assert lines.count() == 21  # seven lines in three languages
    for line in lines:
        assert line.live and not line.has_unpublished_changes
        assert line.live_revision_id is not None
        assert line.live_revision.as_object().number == line.number


def test_a_draft_help_line_is_never_listed(editor, police):
    draft = HelpLineFactory(
        locale=police.locale, name="Unchecked", number="555", sort_order=0, live=False
    )
    draft.save_revision(user=editor)
    assert "555" not in [line.number for line in HelpLine.for_active_locale()]
    assert all(line.live for line in HelpLine.for_active_locale())


def test_the_help_line_admin_per_role(
    client, editor, moderator, translator, translation_reviewer, teacher, police
):
    listing = "/admin/snippets/curriculum/helpline/"
    assert client.get(listing).status_code == 302  # anonymous: to the sign-in page
    client.force_login(teacher)
    assert client.get(edit_url(police)).status_code in (302, 403)
    for user in (editor, translator, translation_reviewer, moderator):
        client.force_login(user)
        assert client.get(listing).status_code == 200, user.username
        html = client.get(edit_url(police)).content.decode()
        assert 'name="action-submit"' in html, user.username
        assert ('name="action-publish"' in html) == (user == moderator), user.username
