"""Question blocks a quiz is built from.

Curriculum editors write them; translators translate their words. Every option,
pair and step is a list item with a stable id that translations keep, so a
child's answer is stored as ids and statistics combine every language.

Each kind of question defines its block in its own module of ``quizzes.kinds``;
the quiz's question list holds every kind the registry knows.
"""

from wagtail import blocks

from .kinds import registry


class QuestionStreamBlock(blocks.StreamBlock):
    """The questions of a quiz: the pool a quiz draws from, in the order editors set.

    Its block types are the registered question kinds', read from the registry
    each time, so a kind registered later is a block type of every quiz.
    """

    @property
    def child_blocks(self):
        return registry.child_blocks()

    @child_blocks.setter
    def child_blocks(self, value):
        # StreamBlock.__init__ stores its declared children here; this block declares none.
        pass

    class Meta:
        min_num = 1
