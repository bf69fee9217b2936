"""Printed lesson plans, handouts and module guides; recording a lesson taught from present mode."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Locale

from classrooms import services
from classrooms.factories import SchoolFactory
from classrooms.models import LessonDelivery


def test_a_lesson_plan_is_for_teachers_only(client, english_lesson, teacher, student, editor):
    url = reverse("lessons:plan", args=[english_lesson.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(student)
    assert client.get(url).status_code == 403
    for user in (teacher, editor):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Teacher note" in html and "Materials" in html and "Timing" in html
        assert english_lesson.title in html


def _first_words(html_text, length=40):
    """The opening words of a rich-text value, as they print."""
    return " ".join(unescape(strip_tags(html_text)).split())[:length]


@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
def test_a_lesson_plan_prints_the_teaching_text_in_reading_order(
    client, english_lesson, teacher, language
):
    lesson = english_lesson.get_translation(Locale.objects.get(language_code=language))
    client.force_login(teacher)
    html = client.get(reverse("lessons:plan", args=[lesson.pk])).content.decode()
    body = " ".join(unescape(strip_tags(html[html.index('class="lesson-text"') :])).split())
    expected = []  # (kind, text that must print), in the lesson's order
    for block in lesson.body:
        value = block.value
        match block.block_type:
            case "text":
                expected.append(("text", _first_words(value.source)))
            case "story":
                expected.append(("story", value["title"]))
                expected.append(("story", _first_words(value["body"].source)))
            case "key_message":
                expected.append(("key message", value["text"][:40]))
            case "discussion":
                expected += [("discussion", value["question"])]
                expected += [("discussion prompt", prompt) for prompt in value["prompts"]]
            case "activity":
                expected += [("activity", value["title"])]
                expected += [("activity step", step[:40]) for step in value["steps"]]
            case "teacher_note":
                expected.append(("teacher note", _first_words(value["text"].source)))
    kinds = {kind.split()[0] for kind, _text in expected}
    assert {"text", "story", "key", "discussion", "activity", "teacher"} <= kinds, kinds
    position = 0
    for kind, text in expected:
        found = body.find(" ".join(text.split()), position)
        assert found >= 0, f"{language}: the {kind} {text!r} is missing or out of order"
        position = found


def test_the_module_guide_holds_every_plan_and_the_quiz_with_answers(
    client, english_module, teacher, student
):
    url = reverse("lessons:guide", args=[english_module.pk])
    assert client.get(url).status_code == 302
    client.force_login(student)
    assert client.get(url).status_code == 403
    client.force_login(teacher)
    html = client.get(url).content.decode()
    lessons = (
        english_module.get_children()
        .live()
        .exact_type(english_module.get_children().first().specific_class)
    )
    for lesson in lessons:
        assert lesson.title in html
    assert "Quiz with answers" in html and "Right answer" in html
    assert html.count('class="plan page-break"') == lessons.count() + 1


def test_a_handout_is_for_everyone_and_has_the_help_numbers(client, english_lesson):
    html = client.get(reverse("lessons:handout", args=[english_lesson.pk])).content.decode()
    assert "110" in html and "Remember" in html
    assert "For the teacher" not in html


def test_printing_an_unpublished_lesson_is_not_found(client, english_lesson, teacher):
    english_lesson.unpublish()
    client.force_login(teacher)
    for name in ("plan", "handout"):
        assert client.get(reverse(f"lessons:{name}", args=[english_lesson.pk])).status_code == 404


def test_the_lesson_page_links_its_prints_by_role(client, english_lesson, teacher):
    html = client.get(english_lesson.url).content.decode()
    assert reverse("lessons:handout", args=[english_lesson.pk]) in html
    assert reverse("lessons:plan", args=[english_lesson.pk]) not in html
    client.force_login(teacher)
    html = client.get(english_lesson.url).content.decode()
    assert reverse("lessons:plan", args=[english_lesson.pk]) in html


@pytest.fixture
def teacher_with_class(teacher):
    school = SchoolFactory(name="Print School", teachers=[teacher])
    classroom = services.create_classroom(school, "Class 2", teacher)
    names = "\n".join(f"Child {n}" for n in range(28))
    services.add_students(classroom, services.parse_student_lines(names))
    return classroom


def test_a_teacher_records_the_lesson_presented_as_taught(
    client, english_lesson, teacher, teacher_with_class
):
    client.force_login(teacher)
    html = client.get(english_lesson.url).content.decode()
    assert "Record this lesson as taught" in html
    url = reverse("classrooms:record_taught")
    data = {"lesson": english_lesson.pk, "classroom": teacher_with_class.pk, "children_present": 28}
    response = client.post(url, data)
    assert response["Location"] == english_lesson.url
    delivery = LessonDelivery.objects.get()
    assert (delivery.classroom, delivery.children_present) == (teacher_with_class, 28)
    for bad in ({"children_present": "many"}, {"children_present": 9999}):
        client.post(url, {**data, **bad})
    assert LessonDelivery.objects.count() == 1


def test_only_the_class_teacher_records_lessons_taught(
    client, english_lesson, teacher_with_class, editor, student
):
    url = reverse("classrooms:record_taught")
    data = {"lesson": english_lesson.pk, "classroom": teacher_with_class.pk, "children_present": 5}
    assert client.post(url, data).status_code == 302  # to sign in
    client.force_login(student)
    assert client.post(url, data).status_code == 403
    client.force_login(editor)  # sees teacher notes, teaches no class
    assert client.post(url, data).status_code in (403, 404)
    assert not LessonDelivery.objects.exists()
    assert "Record this lesson as taught" not in client.get(english_lesson.url).content.decode()


def test_the_module_page_links_the_guide_for_teachers_only(client, english_module, teacher):
    url = reverse("lessons:guide", args=[english_module.pk])
    assert url not in client.get(english_module.url).content.decode()
    client.force_login(teacher)
    assert url in client.get(english_module.url).content.decode()


def _lead_first_activity(lesson, notes="Practise once with your teacher."):
    body = list(lesson.body.raw_data)
    activity = next(block for block in body if block["type"] == "activity")
    activity["value"]["peer_led"] = True
    activity["value"]["peer_notes"] = notes
    lesson.body = body
    lesson.save_revision().publish()
    return activity["value"]


def test_the_peer_leader_guide_prints_the_activities_older_children_lead(
    client, english_module, english_lesson
):
    activity = _lead_first_activity(english_lesson, "Sit in a circle and let everyone pass.")
    url = reverse("lessons:peer_guide", args=[english_module.pk])
    html = client.get(url).content.decode()
    assert activity["title"] in html and "Sit in a circle and let everyone pass." in html
    assert "do not promise to keep it secret" in html
    assert "110" in html  # the help lines
    # Nothing for the teacher only: no teacher notes, no quiz answers.
    assert "Teacher notes" not in html and "Right answer" not in html


def test_the_peer_leader_guide_is_for_a_published_module_only(client, english_module):
    english_module.unpublish()
    assert client.get(reverse("lessons:peer_guide", args=[english_module.pk])).status_code == 404
    assert client.get("/en/print/modules/abc/peer-guide/").status_code == 404


def test_a_peer_led_activity_needs_notes_for_the_leader(english_lesson):
    from django.core.exceptions import ValidationError

    from lessons.blocks import ActivityBlock

    block = ActivityBlock()
    value = block.to_python(
        {"title": "Game", "minutes": 10, "steps": ["Play"], "peer_led": True, "peer_notes": ""}
    )
    with pytest.raises(ValidationError):
        block.clean(value)
