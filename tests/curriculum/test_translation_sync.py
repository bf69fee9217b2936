"""Updating translations from their source publishes only for someone who may publish them.

The admin answers a refused action by sending the person back to its home page.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from accounts.factories import UserFactory
from accounts.roles import TRANSLATION_REVIEWERS
from curriculum.models import HelpLine


@pytest.fixture
def translation_reviewer(db):
    return UserFactory(username="reviewer-r", groups=[TRANSLATION_REVIEWERS])


def _update_url(instance):
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def _zh(instance):
    return instance.get_translation(instance.locale.__class__.objects.get(language_code="zh-hans"))


@pytest.mark.parametrize("who", ["editor", "translator"])
def test_staff_without_publish_rights_cannot_publish_translations_by_updating(
    client, request, english_lesson, who, django_capture_on_commit_callbacks
):
    zh_lesson = _zh(english_lesson)
    live_revision = zh_lesson.live_revision_id
    client.force_login(request.getfixturevalue(who))
    url = _update_url(english_lesson)
    form = client.get(url)
    assert form.status_code == 200
    assert b'name="publish_translations"' not in form.content
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"publish_translations": "on"})
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    assert Page.objects.get(pk=zh_lesson.pk).live_revision_id == live_revision
    # Updating drafts, which then go through review, is still theirs to do.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {})
    assert Page.objects.get(pk=zh_lesson.pk).live_revision_id == live_revision


def test_a_translated_help_line_is_not_published_by_a_translator_updating_it(
    client, translator, django_capture_on_commit_callbacks
):
    english = HelpLine.objects.filter(locale__language_code="en", live=True).first()
    zh_line = _zh(english)
    live_revision = zh_line.live_revision_id
    source, _created = TranslationSource.get_or_create_from_instance(english)
    Translation.objects.create(source=source, target_locale=zh_line.locale)
    client.force_login(translator)
    url = _update_url(english)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"publish_translations": "on"})
    assert refused.url == reverse("wagtailadmin_home")
    assert HelpLine.objects.get(pk=zh_line.pk).live_revision_id == live_revision


@pytest.mark.parametrize("who", ["moderator", "translation_reviewer"])
def test_those_who_may_publish_the_translations_still_can(
    client, request, english_lesson, who, django_capture_on_commit_callbacks
):
    zh_lesson = _zh(english_lesson)
    live_revision = zh_lesson.live_revision_id
    client.force_login(request.getfixturevalue(who))
    url = _update_url(english_lesson)
    assert b'name="publish_translations"' in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"publish_translations": "on"}).status_code == 302
    assert Page.objects.get(pk=zh_lesson.pk).live_revision_id != live_revision
