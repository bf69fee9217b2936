"""Teacher notes reach teachers and editors, never children or visitors."""

import pytest

NOTE_LABEL = "For the teacher"


@pytest.fixture
def lesson_url(english_lesson):
    assert any(block.block_type == "teacher_note" for block in english_lesson.body)
    return english_lesson.url


def _note_shown(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return NOTE_LABEL in response.content.decode() and "block-teacher" in response.content.decode()


def test_anonymous_visitor_does_not_see_teacher_notes(client, lesson_url):
    assert not _note_shown(client, lesson_url)


def test_student_does_not_see_teacher_notes(client, student, lesson_url):
    client.force_login(student)
    assert not _note_shown(client, lesson_url)


def test_teacher_sees_teacher_notes(client, teacher, lesson_url):
    client.force_login(teacher)
    assert _note_shown(client, lesson_url)


@pytest.mark.parametrize("role", ["editor", "moderator", "translator"])
def test_curriculum_staff_see_teacher_notes(client, request, role, lesson_url):
    client.force_login(request.getfixturevalue(role))
    assert _note_shown(client, lesson_url)


def test_note_text_itself_reaches_the_teacher_only(client, student, teacher, english_lesson):
    note = next(b for b in english_lesson.body if b.block_type == "teacher_note")
    # A distinctive stretch of the note's own words, as the page prints it.
    words = note.render().split("<p>")[1][:40]
    client.force_login(teacher)
    assert words in client.get(english_lesson.url).content.decode()
    client.force_login(student)
    assert words not in client.get(english_lesson.url).content.decode()
