"""Lessons made by the lesson factory render like an editor's."""

from lessons.factories import LessonPageFactory


def test_a_lesson_is_published_in_the_module_given(client, english_module):
    lesson = LessonPageFactory(parent=english_module, title="One more lesson")
    assert lesson.get_parent().pk == english_module.pk and lesson.live_revision is not None
    html = client.get(lesson.url).content.decode()
    assert "Check every job offer with an adult." in html


def test_a_lesson_gets_a_module_of_its_own_unless_told(db):
    first, second = LessonPageFactory(), LessonPageFactory()
    assert first.get_parent().pk != second.get_parent().pk
    assert [block.block_type for block in first.body] == ["heading", "text", "key_message"]
