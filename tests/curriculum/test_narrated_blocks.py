"""NarratedBlock: the declared seam through which the narration report finds recordings."""

import pytest

from curriculum.blocks import NarratedBlock
from lessons.blocks import LessonStreamBlock
from quizzes.blocks import QuestionStreamBlock

# No test here reads the database, but every test of the suite may (tests/conftest.py).
pytestmark = pytest.mark.django_db


def test_every_narrated_block_names_one_of_its_own_fields():
    narrated = []
    for stream in (LessonStreamBlock(), QuestionStreamBlock()):
        for name, block in stream.child_blocks.items():
            if isinstance(block, NarratedBlock):
                assert block.narration_field in block.child_blocks, name
                narrated.append(name)
    assert {"story", "key_message", "discussion", "activity"} <= set(narrated)
    assert {"single_choice", "true_false", "reflection"} <= set(narrated)


def test_a_lesson_recording_block_is_not_a_narrated_part():
    # The audio block is a recording in its own right, not a part that lacks one.
    assert not isinstance(LessonStreamBlock().child_blocks["audio"], NarratedBlock)


def test_a_narrated_value_reports_its_label_and_whether_it_is_recorded():
    story = LessonStreamBlock().child_blocks["story"]
    empty = story.to_python({"title": "Mei", "body": "<p>A story.</p>"})
    assert story.narration(empty) == (story.label, False)
