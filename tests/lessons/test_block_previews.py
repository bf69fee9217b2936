"""Every content block shows a realistic preview in the page editor's block picker."""

import inspect

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.blocks import Block

from curriculum import blocks as curriculum_blocks
from curriculum.blocks import AUDIO_EXTENSIONS, MediaFileBlock
from lessons import blocks as lesson_blocks
from lessons.models import LessonPage
from quizzes import blocks as quiz_blocks

# Blocks whose constructor needs an argument.
ARGUMENTS = {MediaFileBlock: (AUDIO_EXTENSIONS,)}


def block_classes(module):
    return [
        cls
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Block) and cls.__module__ == module.__name__
    ]


def content_blocks():
    return block_classes(curriculum_blocks) + block_classes(lesson_blocks)


def previewed_question_blocks():
    # The question blocks are not required to have previews; those that do must render.
    return [cls for cls in block_classes(quiz_blocks) if hasattr(cls._meta_class, "preview_value")]


def test_the_modules_have_blocks_to_check():
    assert len(content_blocks()) >= 15


@pytest.mark.parametrize(
    "block_class",
    content_blocks() + previewed_question_blocks(),
    ids=lambda cls: f"{cls.__module__}.{cls.__name__}",
)
def test_a_block_has_a_preview_value_and_description_that_render(db, block_class):
    block = block_class(*ARGUMENTS.get(block_class, ()))
    assert hasattr(block.meta, "preview_value"), "give the block a preview_value in its Meta"
    assert str(block.get_description()), "give the block a description in its Meta"
    with translation.override("en"):
        block.render(block.get_preview_value())


def test_the_editor_previews_every_lesson_block_in_the_site_style(client, editor):
    client.force_login(editor)
    stream = LessonPage._meta.get_field("body").stream_block
    for name, child in stream.child_blocks.items():
        assert child.is_previewable, name
        response = client.get(
            reverse("wagtailadmin_block_preview"), {"id": child.definition_prefix}
        )
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "css/site.css" in html, name
        assert child.render(child.get_preview_value()).strip() in html, name
