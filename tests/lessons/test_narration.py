"""Recorded narration: a "listen" control on each lesson part, one recording per language,
and the editors' view of what is left to record."""

from django.urls import reverse

from curriculum.narration_status import narration_status

from .test_blocks import _document, _wav


def narrate_first_story(page, document):
    raw = list(page.body.raw_data)
    for block in raw:
        if block["type"] == "story":
            block["value"]["narration"] = document.pk
            break
    page.body = raw
    page.save_revision().publish()


def coverage(page, language):
    _locales, rows = narration_status()
    row = next(r for r in rows if r.page.translation_key == page.translation_key)
    return next(c for c in row.cells if c.locale.language_code == language)


def test_a_narrated_part_has_a_listen_control(client, english_lesson):
    recording = _document("story-en.wav", _wav())
    narrate_first_story(english_lesson, recording)
    html = client.get(english_lesson.url).content.decode()
    assert html.count("<audio controls") == 1
    assert recording.url in html and 'class="listen"' in html


def test_each_language_has_its_own_recording(client, english_lesson, locales):
    english, uyghur = _document("story-en.wav", _wav()), _document("story-ug.wav", _wav())
    narrate_first_story(english_lesson, english)
    translated = english_lesson.get_translation(locales["ug"]).specific
    narrate_first_story(translated, uyghur)
    assert uyghur.url in client.get(translated.url).content.decode()
    assert english.url not in client.get(translated.url).content.decode()
    assert uyghur.url not in client.get(english_lesson.url).content.decode()


def test_editors_see_what_each_language_still_needs(english_lesson, locales):
    before = coverage(english_lesson, "ug")
    assert before.parts >= 3 and before.recorded == 0
    assert "Story or scenario" in before.missing
    narrate_first_story(
        english_lesson.get_translation(locales["ug"]).specific, _document("ug.wav", _wav())
    )
    after = coverage(english_lesson, "ug")
    assert after.recorded == 1 and after.parts == before.parts
    assert coverage(english_lesson, "en").recorded == 0
    assert coverage(english_lesson, "zh-hans").page is not None


def test_quiz_questions_count_as_parts_to_record(english_module):
    quiz = english_module.get_children().get(slug="quiz")
    _locales, rows = narration_status()
    row = next(r for r in rows if r.page.pk == quiz.pk)
    questions = len(quiz.specific.questions)
    assert row.cells[0].parts == questions == 10  # every question, the reflection too


def test_who_sees_the_narration_page(client, editor, translator, teacher, student):
    url = reverse("narration_status")
    for user in (editor, translator):
        client.force_login(user)
        assert client.get(url).status_code == 200
    for user in (teacher, student):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
