"""The register of question kinds: the one place that knows which kinds exist.

The built-in kinds are listed, in the order editors see them, in
``quizzes/kinds/__init__.py``. A kind is found by its name (``"single"``, stored
on every answer row and read by ``static/js/scoring.js``) or by the name of its
block in the quiz's StreamField (``"single_choice"``).
"""

from collections import OrderedDict


class UnknownKind(KeyError):
    """No kind of question is registered under this name."""


class Registry:
    """Question kinds by name, in registration order."""

    def __init__(self):
        self._kinds = OrderedDict()
        self._blocks = OrderedDict()

    def register(self, kind):
        """Add ``kind`` (a QuestionKind instance); its block joins every quiz's question list."""
        if kind.name in self._kinds or kind.block_name in self._blocks:
            raise ValueError(f"a question kind {kind.name!r} is already registered")
        kind.block.set_name(kind.block_name)
        self._kinds[kind.name] = kind
        self._blocks[kind.block_name] = kind
        return kind

    def unregister(self, name):
        kind = self._kinds.pop(name)
        del self._blocks[kind.block_name]

    def get(self, name):
        try:
            return self._kinds[name]
        except KeyError:
            raise UnknownKind(name) from None

    def for_block(self, block_name):
        try:
            return self._blocks[block_name]
        except KeyError:
            raise UnknownKind(block_name) from None

    def __iter__(self):
        return iter(list(self._kinds.values()))

    def __contains__(self, name):
        return name in self._kinds

    def child_blocks(self):
        """The question blocks by block name, as a StreamBlock holds its children."""
        return OrderedDict((name, kind.block) for name, kind in self._blocks.items())


registry = Registry()
