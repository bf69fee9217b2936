"""Editors write, moderators review and publish, through the curriculum review workflow."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from wagtail.models import GroupPagePermission, Locale, Page, Workflow, WorkflowState

from accounts.factories import UserFactory
from accounts.roles import EDITORS, MODERATORS, TEACHERS, TRANSLATION_REVIEWERS, TRANSLATORS
from curriculum.editorial import TRANSLATION_WORKFLOW_NAME, WORKFLOW_NAME, ensure_editorial_setup


def test_groups_exist_with_admin_access_except_teachers(db):
    for name in (EDITORS, MODERATORS, TRANSLATORS):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.get(name=TEACHERS).permissions.filter(codename="access_admin").exists()


def test_setup_is_idempotent(db):
    counts = (Group.objects.count(), Workflow.objects.count())
    ensure_editorial_setup()
    assert (Group.objects.count(), Workflow.objects.count()) == counts


def test_every_language_goes_through_a_review(db, english_lesson, locales):
    # The source language by moderators; translations by translation reviewers.
    assert english_lesson.get_workflow() == Workflow.objects.get(name=WORKFLOW_NAME)
    translation_review = Workflow.objects.get(name=TRANSLATION_WORKFLOW_NAME)
    for code in ("zh-hans", "ug"):
        lesson = english_lesson.get_translation(locales[code])
        assert lesson.get_workflow() == translation_review


def test_editor_cannot_publish_moderator_can(english_lesson, editor, moderator, translator):
    assert english_lesson.permissions_for_user(editor).can_edit()
    assert not english_lesson.permissions_for_user(editor).can_publish()
    assert not english_lesson.permissions_for_user(translator).can_publish()
    assert english_lesson.permissions_for_user(moderator).can_publish()


def test_edit_goes_live_only_after_moderator_approves(client, english_lesson, editor, moderator):
    lesson = english_lesson.specific
    old_title = lesson.title
    lesson.title = "A job that sounds too good (reviewed)"
    revision = lesson.save_revision(user=editor)
    workflow_state = lesson.get_workflow().start(lesson, editor)
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Page.objects.get(pk=lesson.pk).title == old_title
    assert old_title in client.get(lesson.url).content.decode()

    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert not task.user_can_access_editor(lesson, editor) or task.get_actions(lesson, editor) == []
    assert [a[0] for a in task.get_actions(lesson, moderator)][:2] == ["reject", "approve"]
    task.on_action(task_state, moderator, "approve")

    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    live = Page.objects.get(pk=lesson.pk)
    assert live.title == "A job that sounds too good (reviewed)"
    assert live.live_revision_id == revision.pk
    assert "(reviewed)" in client.get(lesson.url).content.decode()


def test_admin_is_for_curriculum_staff_only(client, editor, teacher, student):
    assert client.get("/admin/").status_code == 302  # anonymous: to the sign-in page
    for user in (teacher, student):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code in (302, 403), user.username
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_editor_can_open_a_lesson_in_the_editor(client, editor, english_lesson):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{english_lesson.pk}/edit/")
    assert response.status_code == 200
    assert "Teacher note" in response.content.decode()


# Translators work on the translated trees only -----------------------------------


def test_translators_edit_translations_never_the_source_language(
    english_lesson, locales, translator
):
    reviewer = UserFactory(username="reviewer-r", groups=[TRANSLATION_REVIEWERS])
    for user in (translator, reviewer):
        assert not english_lesson.permissions_for_user(user).can_edit(), user.username
        assert not english_lesson.get_parent().permissions_for_user(user).can_add_subpage()
        for code in ("zh-hans", "ug"):
            translated = english_lesson.get_translation(locales[code])
            assert translated.permissions_for_user(user).can_edit(), (user.username, code)
    uyghur = english_lesson.get_translation(locales["ug"])
    assert uyghur.permissions_for_user(reviewer).can_publish()
    assert not uyghur.permissions_for_user(translator).can_publish()


def test_a_translator_cannot_save_or_submit_an_english_draft(client, english_lesson, translator):
    lesson = english_lesson.specific
    revisions = lesson.revisions.count()
    client.force_login(translator)
    url = f"/admin/pages/{lesson.pk}/edit/"
    assert client.get(url).status_code == 302
    for action in ({}, {"action-submit": "1"}):
        response = client.post(url, {"title": "Changed by a translator", **action})
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert lesson.revisions.count() == revisions
    assert WorkflowState.objects.filter(object_id=str(lesson.pk)).count() == 0


def test_a_language_added_later_is_open_to_its_translators(english_home, translator):
    languages = [*settings.LANGUAGES, ("kk", "Қазақ тілі")]
    with override_settings(LANGUAGES=languages, WAGTAIL_CONTENT_LANGUAGES=languages):
        kazakh = Locale.objects.create(language_code="kk")
        # As wagtail-localize does when a page is first translated into a new language.
        home = english_home.copy_for_translation(kazakh)
        assert home.permissions_for_user(translator).can_edit()
        assert home.permissions_for_user(translator).can_add_subpage()
        assert not english_home.permissions_for_user(translator).can_edit()


def test_setup_takes_back_a_translators_grant_on_the_whole_tree(english_lesson, translator):
    # Databases set up before translators were limited to their languages.
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=TRANSLATORS),
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="change_page"),
    )
    assert english_lesson.permissions_for_user(translator).can_edit()
    ensure_editorial_setup()
    translator = type(translator).objects.get(pk=translator.pk)
    assert not english_lesson.permissions_for_user(translator).can_edit()
