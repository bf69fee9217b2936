"""Every question block shows something in the admin's block previews."""

import pytest

from quizzes.kinds import BUILT_IN, registry
from quizzes.kinds.choice import OptionBlock
from quizzes.kinds.matching import PairBlock
from quizzes.kinds.ordering import StepBlock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [k.name for k in BUILT_IN])
def test_each_question_block_previews_a_whole_question(kind):
    block = registry.get(kind).block
    assert block.get_description()
    assert block.is_previewable
    value = block.get_preview_value()
    block.clean(value)  # a preview is a question an editor could save
    html = block.render(value)
    assert value["prompt"] in html


@pytest.mark.parametrize("block_class", [OptionBlock, PairBlock, StepBlock])
def test_each_part_of_a_question_has_a_preview_value(block_class):
    block = block_class()
    assert block.get_description()
    block.clean(block.get_preview_value())
