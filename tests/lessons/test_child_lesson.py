"""A child's lesson: no presenting or printing, no teacher's notes or activity logistics.

Teachers, curriculum staff and visitors keep the lesson as it was: its tools,
and the class activity with its materials, minutes and steps.
"""

import pytest
from django.urls import reverse

ACTIVITY_MATERIAL = "Twelve cards, each with one sentence"
ACTIVITY_STEP = "Put the class into groups of four or five."
CHILD_ACTIVITY = "In class, your teacher will do this activity with you."


@pytest.fixture
def lesson(english_lesson):
    kinds = {block.block_type for block in english_lesson.body}
    assert {"activity", "teacher_note"} <= kinds
    return english_lesson


def shown(client, lesson):
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    return {
        "present": "data-present" in html and '"present.present"' in html,
        "handout": "Handout to print" in html
        and reverse("lessons:handout", args=[lesson.pk]) in html,
        "logistics": ACTIVITY_MATERIAL in html and ACTIVITY_STEP in html and "You need" in html,
        "child_activity": CHILD_ACTIVITY in html,
        "teacher_note": "block-teacher" in html,
        # A visitor's page has the form too, hidden, for a kept copy (offline.js).
        "finish": 'class="lesson-done"' in html and "data-offline-only" not in html,
        "end_slide": "data-end" in html,
    }


def test_a_child_gets_a_childs_lesson(client, student, lesson):
    client.force_login(student)
    seen = shown(client, lesson)
    assert not seen["present"] and not seen["handout"] and not seen["end_slide"]
    assert not seen["logistics"] and not seen["teacher_note"]
    assert seen["child_activity"] and seen["finish"]
    html = client.get(lesson.url).content.decode()
    # The activity keeps its title: the child knows what the class will do.
    assert "Warning sign or safer?" in html
    assert "15 minutes" not in html and "Lesson plan to print" not in html


def test_a_teacher_keeps_the_tools_and_the_activity(client, teacher, lesson):
    client.force_login(teacher)
    seen = shown(client, lesson)
    assert seen["present"] and seen["handout"] and seen["logistics"] and seen["teacher_note"]
    assert not seen["child_activity"] and not seen["finish"]


@pytest.mark.parametrize("role", ["editor", "moderator", "translator"])
def test_curriculum_staff_keep_the_tools(client, request, role, lesson):
    client.force_login(request.getfixturevalue(role))
    seen = shown(client, lesson)
    assert seen["present"] and seen["handout"] and seen["logistics"]
    assert not seen["child_activity"]


def test_a_visitor_keeps_the_tools_but_never_the_teacher_notes(client, lesson):
    seen = shown(client, lesson)
    assert seen["present"] and seen["handout"] and seen["logistics"]
    assert not seen["teacher_note"] and not seen["child_activity"]


def test_a_peer_led_activity_tells_the_child_who_leads_it(client, student, lesson):
    body = lesson.body.raw_data
    for block in body:
        if block["type"] == "activity":
            block["value"]["peer_led"] = True
            block["value"]["peer_notes"] = "Read each card slowly to the group."
    lesson.body = body
    lesson.save_revision().publish()
    client.force_login(student)
    html = client.get(lesson.url).content.decode()
    assert "your teacher or an older child will do this activity with you" in html
    assert "Read each card slowly" not in html


# The page cache ------------------------------------------------------------------


def test_a_child_is_never_given_the_visitors_kept_copy(client, kept_pages, student, lesson):
    assert shown(client, lesson)["handout"]  # now kept for visitors
    client.force_login(student)
    seen = shown(client, lesson)
    assert not seen["handout"] and not seen["present"] and seen["child_activity"]


def test_a_childs_lesson_is_never_kept_for_visitors(client, kept_pages, student, lesson):
    client.force_login(student)
    assert shown(client, lesson)["child_activity"]
    client.logout()
    seen = shown(client, lesson)
    assert seen["handout"] and seen["present"] and seen["logistics"]
    assert not seen["child_activity"] and not seen["finish"]


def test_a_teacher_and_a_child_in_turn_each_get_their_own(
    client, kept_pages, student, teacher, lesson
):
    for _turn in range(2):
        client.force_login(teacher)
        assert shown(client, lesson)["teacher_note"]
        client.force_login(student)
        seen = shown(client, lesson)
        assert not seen["teacher_note"] and not seen["handout"]
