"""The translation status page, review before children see a translation, and PO round trips."""

import copy
import re
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from accounts.factories import UserFactory
from curriculum.models import ModulePage
from curriculum.translation_status import TranslationState, translation_status
from quizzes.models import QuizPage


def status():
    locales, rows = translation_status()
    return {
        (row.module.slug, cell.locale.language_code): cell for row in rows for cell in row.cells
    }


def test_starter_translations_are_complete_and_published():
    cells = status()
    assert len({module for module, _language in cells}) == 8
    for (module, language), cell in cells.items():
        assert cell.state == TranslationState.PUBLISHED, (module, language)
        assert cell.percent == 100, (module, language)


def _publish_with_new_question(quiz):
    questions = list(quiz.questions.raw_data)
    added = copy.deepcopy(next(q for q in questions if q["type"] == "true_false"))
    added["id"] = str(uuid.uuid4())
    added["value"]["prompt"] = "A new statement that only the English quiz has."
    quiz.questions = [*questions, added]
    quiz.save_revision().publish()
    return added


def test_an_english_change_marks_its_translations_out_of_date(
    locales, django_capture_on_commit_callbacks
):
    english_module = ModulePage.objects.get(locale=locales["en"], slug="safe-migration")
    english_quiz = QuizPage.objects.child_of(english_module).get()
    module_slug = english_module.slug
    _publish_with_new_question(english_quiz)
    chinese_quiz = english_quiz.get_translation(locales["zh-hans"])
    assert len(chinese_quiz.questions) == len(english_quiz.questions) - 1
    cell = status()[(module_slug, "zh-hans")]
    assert cell.state == TranslationState.OUT_OF_DATE
    assert cell.percent < 100

    # The translator translates the new text and the update is published: current again.
    source = TranslationSource.objects.get(
        object_id=english_quiz.translation_key, locale=locales["en"]
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locales["zh-hans"],
            context=segment.context,
            defaults={"data": "新的题目" if "only the English" in segment.string.data else "旧"},
        )
    # wagtail-localize publishes when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        Translation.objects.get(source=source, target_locale=locales["zh-hans"]).save_target(
            publish=True
        )
    chinese_quiz.refresh_from_db()
    assert len(chinese_quiz.questions) == len(english_quiz.questions)
    assert status()[(module_slug, "zh-hans")].state == TranslationState.PUBLISHED


def test_publishing_the_same_words_again_changes_nothing(locales, english_lesson):
    english_lesson.save_revision().publish()
    assert status()[("safe-migration", "zh-hans")].state == TranslationState.PUBLISHED
    assert status()[("safe-migration", "ug")].state == TranslationState.PUBLISHED


def test_a_draft_translation_needs_review_and_children_see_the_published_one(client, locales):
    module = ModulePage.objects.get(locale=locales["ug"], slug="safe-migration")
    lesson = module.get_children().live().first().specific
    published_title = lesson.title
    lesson.title = "Draft title not yet reviewed"
    lesson.save_revision()
    assert status()[("safe-migration", "ug")].state == TranslationState.NEEDS_REVIEW
    html = client.get(lesson.url).content.decode()
    assert published_title in html and "Draft title not yet reviewed" not in html
    lesson.get_latest_revision().publish()
    assert status()[("safe-migration", "ug")].state == TranslationState.PUBLISHED


def test_missing_strings_show_as_in_progress(locales, english_lesson):
    done = StringTranslation.objects.filter(
        locale=locales["ug"], context__object_id=english_lesson.translation_key
    )
    done.filter(pk__in=list(done.values_list("pk", flat=True)[:5])).delete()
    cell = status()[("safe-migration", "ug")]
    assert cell.state == TranslationState.IN_PROGRESS and 90 <= cell.percent < 100


def test_the_status_takes_a_fixed_number_of_queries():
    with CaptureQueriesContext(connection) as queries:
        translation_status()
    assert len(queries) <= 10


def test_who_sees_the_status_page(client, translator, editor, teacher, student):
    url = reverse("translation_status")
    for user in (translator, editor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert (
            "Needs review" in response.content.decode() or "Published" in response.content.decode()
        )
    for user in (teacher, student):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)


def test_a_translator_round_trips_a_po_file(client, translator, english_lesson, locales):
    translation = Translation.objects.get(
        source__object_id=english_lesson.translation_key, target_locale=locales["ug"]
    )
    client.force_login(translator)
    po = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert po.status_code == 200
    text = po.content.decode("utf-8")
    assert 'msgid "' in text and "msgctxt" in text
    # Change the translation of the lesson title offline and upload the file.
    title = english_lesson.title
    pattern = re.compile(r'(msgid "' + re.escape(title) + r'"\nmsgstr ")[^"]*(")')
    assert pattern.search(text), "the lesson title is in the PO file"
    changed = pattern.sub(r"\1Yéngi mawzu\2", text, count=1)
    upload = SimpleUploadedFile(
        "lesson.po", changed.encode("utf-8"), content_type="text/x-gettext-translation"
    )
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}
    )
    assert response.status_code in (200, 302)
    assert StringTranslation.objects.filter(
        locale=locales["ug"], translation_of__data=title, data="Yéngi mawzu"
    ).exists()


def test_machine_translation_is_off(client, translator, english_lesson, locales, settings):
    assert not getattr(settings, "WAGTAIL_LOCALIZE_MACHINE_TRANSLATOR", None)
    translation = Translation.objects.get(
        source__object_id=english_lesson.translation_key, target_locale=locales["ug"]
    )
    client.force_login(translator)
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    assert client.post(url, follow=True).status_code == 404


def test_a_translation_reviewer_approves_before_children_see_it(client, translator, locales):
    from wagtail.models import WorkflowState

    from accounts.roles import TRANSLATION_REVIEWERS
    from curriculum.editorial import TRANSLATION_WORKFLOW_NAME

    reviewer = UserFactory(username="reviewer-r", password="x", groups=[TRANSLATION_REVIEWERS])
    module = ModulePage.objects.get(locale=locales["ug"], slug="safe-migration")
    lesson = module.get_children().live().first().specific
    old_title = lesson.title
    workflow = lesson.get_workflow()
    assert workflow.name == TRANSLATION_WORKFLOW_NAME
    # The source language keeps its own review by moderators.
    english = lesson.get_translation(locales["en"])
    assert english.get_workflow().name != TRANSLATION_WORKFLOW_NAME

    lesson.title = "Reviewed translation title"
    lesson.save_revision(user=translator)
    state = workflow.start(lesson, translator)
    assert status()[("safe-migration", "ug")].state == TranslationState.NEEDS_REVIEW
    assert old_title in client.get(lesson.url).content.decode()
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(lesson, translator) == []  # a translator cannot approve their own
    assert "approve" in [action[0] for action in task.get_actions(lesson, reviewer)]
    task.on_action(task_state, reviewer, "approve")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert "Reviewed translation title" in client.get(lesson.url).content.decode()
    assert status()[("safe-migration", "ug")].state == TranslationState.PUBLISHED
